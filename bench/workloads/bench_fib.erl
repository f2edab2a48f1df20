%% fib(30): 1.6 million non-tail calls and small-integer arithmetic.
-module(bench_fib).
-export([run/0]).

run() -> fib(30).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
