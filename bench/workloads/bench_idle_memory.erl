%% Memory per idle process: spawn 10^6 processes, wait until each has run and is blocked in
%% receive, and report the growth of erlang:memory(processes) divided by their number, in bytes;
%% then stop them.
-module(bench_idle_memory).
-export([measure/0]).

measure() ->
    N = 1000000,
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Self = self(),
    Pids = [spawn(fun() -> Self ! ready, receive stop -> Self ! gone end end) || _ <- lists:seq(1, N)],
    wait(ready, N),
    After = erlang:memory(processes),
    [P ! stop || P <- Pids],
    wait(gone, N),
    {bytes_per_process, (After - Before) div N}.

%% Every process has sent Msg.
wait(_, 0) -> ok;
wait(Msg, N) -> receive Msg -> wait(Msg, N - 1) end.
