%% Spawn rate: spawn 100,000 processes that each send one message back and exit; wait for all.
-module(bench_spawn).
-export([run/0]).

run() ->
    Self = self(),
    N = 100000,
    [spawn(fun() -> Self ! done end) || _ <- lists:seq(1, N)],
    wait(N).

wait(0) -> ok;
wait(N) -> receive done -> wait(N - 1) end.
