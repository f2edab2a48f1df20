-module(ol_auto).
-on_load(init/0).
-export([hello/0]).

%% Loaded on first call from the code path: its on_load function runs first.
init() ->
    catch code_loading ! {on_load_ran, ?MODULE, auto},
    ok.

hello() -> {hello, auto}.
