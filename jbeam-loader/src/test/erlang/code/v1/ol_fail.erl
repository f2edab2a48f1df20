-module(ol_fail).
-on_load(init/0).
-export([hello/0]).

init() -> {error, not_today}.

hello() -> hello.
