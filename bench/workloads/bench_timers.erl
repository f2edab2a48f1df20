%% Timers: start 100,000 timers (erlang:send_after, 1-50 ms), cancel half, receive the rest.
-module(bench_timers).
-export([run/0]).

run() ->
    N = 100000,
    Refs = [erlang:send_after(1 + I rem 50, self(), {t, I}) || I <- lists:seq(1, N)],
    Cancelled = length([R || {R, I} <- lists:zip(Refs, lists:seq(1, N)), I rem 2 =:= 0,
                             erlang:cancel_timer(R) =/= false]),
    Received = recv(N - Cancelled, 0),
    {Cancelled, Received}.

recv(0, Acc) -> Acc;
recv(N, Acc) -> receive {t, _} -> recv(N - 1, Acc + 1) end.
