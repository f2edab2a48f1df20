%% Deep body recursion: lists:map/2 and a hand-written non-tail recursion over 10^6 elements,
%% in the main process and in a spawned one.
-module(proc_deep_recursion).
-export([main/0]).

main() ->
    L = lists:seq(1, 1000000),
    M = lists:map(fun(X) -> X * 2 end, L),
    io:format("lists:map over 10^6: length ~p, last ~p~n", [length(M), lists:last(M)]),
    io:format("body-recursive sum: ~p~n", [sum(L)]),
    io:format("body-recursive build: ~p~n", [length(build(1000000))]),
    io:format("lists:foldr: ~p~n", [lists:foldr(fun(X, A) -> X + A end, 0, L)]),
    io:format("append: ~p~n", [length(L ++ L)]),
    Self = self(),
    spawn(fun() -> Self ! {child, sum(lists:map(fun(X) -> X + 1 end, L))} end),
    receive {child, S} -> io:format("in a spawned process: ~p~n", [S]) end,
    io:format("deep recursion 3*10^6: ~p~n", [depth(3000000)]),
    io:format("ackermann(2, 3000): ~p~n", [ack(2, 3000)]),
    ok.

sum([]) -> 0;
sum([H | T]) -> H + sum(T).

build(0) -> [];
build(N) -> [N | build(N - 1)].

depth(0) -> 0;
depth(N) -> 1 + depth(N - 1).

ack(0, N) -> N + 1;
ack(M, 0) -> ack(M - 1, 1);
ack(M, N) -> ack(M - 1, ack(M, N - 1)).
