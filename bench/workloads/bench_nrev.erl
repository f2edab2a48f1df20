%% Naive reverse of a 500-element list, 60 times: list construction and append (++), O(n^2).
-module(bench_nrev).
-export([run/0]).

run() ->
    L = lists:seq(1, 500),
    loop(60, L, []).

loop(0, _, Acc) -> hd(Acc);
loop(N, L, _) -> loop(N - 1, L, nrev(L)).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
