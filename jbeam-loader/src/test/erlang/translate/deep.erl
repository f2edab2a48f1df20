-module(deep).
-export([main/0]).
main() ->
    L = lists:seq(1, 1000000),
    M = lists:map(fun(X) -> X + 1 end, L),
    io:format("~p~n", [lists:sum(M)]),
    P = self(),
    spawn(fun() -> P ! {done, length(lists:map(fun(X) -> X * 2 end, L))} end),
    receive {done, N} -> io:format("~p~n", [N]) after 60000 -> io:format("timeout~n") end,
    receive after 10 -> ok end,
    halt(0).
