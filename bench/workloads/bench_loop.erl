%% A 10^7-iteration tail-recursive loop with an accumulator.
-module(bench_loop).
-export([run/0]).

run() -> loop(10000000, 0).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + (N band 7)).
