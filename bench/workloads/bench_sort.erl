%% lists:sort/1 of 10^6 pseudo-random integers (generated outside the timed part? no: a cheap LCG
%% inside, about 5% of the time).
-module(bench_sort).
-export([run/0]).

run() ->
    L = lcg(1000000, 12345, []),
    S = lists:sort(L),
    {hd(S), lists:last(S)}.

lcg(0, _, Acc) -> Acc;
lcg(N, X, Acc) ->
    X1 = (X * 1103515245 + 12345) band 16#7FFFFFFF,
    lcg(N - 1, X1, [X1 | Acc]).
