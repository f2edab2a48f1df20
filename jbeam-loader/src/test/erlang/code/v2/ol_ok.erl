-module(ol_ok).
-on_load(init/0).
-export([hello/0]).

init() ->
    catch code_loading ! {on_load_ran, ?MODULE, {current_is, ?MODULE:hello()}},
    ok.

hello() -> {hello, 2}.
