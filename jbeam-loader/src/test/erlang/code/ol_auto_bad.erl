-module(ol_auto_bad).
-on_load(init/0).
-export([hello/0]).

%% Its on_load function fails: the module is not loaded and the call is undef.
init() -> {error, refused}.

hello() -> hello.
