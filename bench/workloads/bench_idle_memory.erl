%% Memory per idle process: spawn 10^6 processes blocked in receive and report the growth of
%% erlang:memory(processes) divided by their number, in bytes; then stop them.
-module(bench_idle_memory).
-export([measure/0]).

measure() ->
    N = 1000000,
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Self = self(),
    Pids = [spawn(fun() -> receive stop -> Self ! gone end end) || _ <- lists:seq(1, N)],
    After = erlang:memory(processes),
    [P ! stop || P <- Pids],
    wait_gone(N),
    {bytes_per_process, (After - Before) div N}.

%% Every process has ended before the next measurement starts.
wait_gone(0) -> ok;
wait_gone(N) -> receive gone -> wait_gone(N - 1) end.
