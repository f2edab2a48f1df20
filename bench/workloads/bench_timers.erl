%% Timers: start 100,000 timers (erlang:send_after, 1-50 ms), cancel every second one, receive
%% the rest. A timer that fires before its cancel (cancel_timer returns false) is received
%% instead, so how many are cancelled depends on timing; the result does not: every timer is
%% either cancelled or received exactly once, and the sum of their numbers is N(N+1)/2.
-module(bench_timers).
-export([run/0]).

run() ->
    N = 100000,
    Refs = [erlang:send_after(1 + I rem 50, self(), {t, I}) || I <- lists:seq(1, N)],
    {Cancelled, CancelledSum} = cancel(Refs, 1, 0, 0),
    {Received, ReceivedSum} = recv(N - Cancelled, 0, 0),
    {Cancelled + Received, CancelledSum + ReceivedSum}.

cancel([], _, C, S) -> {C, S};
cancel([R | Rs], I, C, S) when I rem 2 =:= 0 ->
    case erlang:cancel_timer(R) of
        false -> cancel(Rs, I + 1, C, S);
        _ -> cancel(Rs, I + 1, C + 1, S + I)
    end;
cancel([_ | Rs], I, C, S) -> cancel(Rs, I + 1, C, S).

recv(0, C, S) -> {C, S};
recv(N, C, S) -> receive {t, I} -> recv(N - 1, C + 1, S + I) end.
