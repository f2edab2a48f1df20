-module(ol_crash).
-on_load(init/0).
-export([hello/0]).

init() -> erlang:error(on_load_crashed).

hello() -> hello.
