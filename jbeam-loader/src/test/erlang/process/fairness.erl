-module(fairness).
-export([main/0]).

%% Preemption is fair: with a busy process (a loop without receive) on every scheduler and one
%% more, a process still gets its receive ... after 1 timeouts, its messages and its replies,
%% as on BEAM. On jbeam such loops once kept a process woken by a timer from ever running again
%% (a yielding process re-queued itself ahead of it), and a timeout queued while the timers were
%% being fired could be lost (process_SUITE garb_other_running hung). Prints counts, no times.
main() ->
    Spinners = [spawn(fun() -> spin(0) end) || _ <- lists:seq(0, erlang:system_info(schedulers_online))],
    Timeouts = length([receive after 1 -> ok end || _ <- lists:seq(1, 300)]),
    Self = self(),
    Echo = spawn(fun Loop() -> receive {From, M} -> From ! M, Loop() end end),
    Echoed = length([begin Echo ! {Self, I}, receive I -> I end end || I <- lists:seq(1, 3000)]),
    Stop = make_ref(),
    {Busy, Mon} = spawn_monitor(fun() -> counter(0, Stop) end),
    Grew = lists:foldl(fun(_, {Old, Ok}) ->
                               receive after 1 -> ok end,
                               Busy ! {Self, count},
                               receive {count, New} -> {New, Ok andalso New > Old} end
                       end, {-1, true}, lists:seq(1, 300)),
    Busy ! Stop,
    Down = receive {'DOWN', Mon, process, Busy, R} -> R end,
    [exit(P, kill) || P <- [Echo | Spinners]],
    io:format("~p~n", [{fairness, Timeouts, Echoed, element(2, Grew), Down}]),
    halt(0).

spin(N) -> spin(N + 1).

%% A loop that polls its queue (process_SUITE's gor/2): busy, but answers at once.
counter(N, Stop) ->
    receive
        {From, count} -> From ! {count, N}, counter(N + 1, Stop);
        Stop -> ok
    after 0 -> counter(N + 1, Stop)
    end.
