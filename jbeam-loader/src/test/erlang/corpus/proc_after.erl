%% receive ... after: after 0 polls, a timeout fires, infinity waits for a message, timers order events.
-module(proc_after).
-export([main/0]).

main() ->
    io:format("after 0 with empty mailbox: ~p~n", [receive _ -> got after 0 -> timeout end]),
    self() ! ready,
    io:format("after 0 with a message: ~p~n", [receive M -> M after 0 -> timeout end]),
    io:format("after 50: ~p~n", [receive _ -> got after 50 -> timeout end]),
    Self = self(),
    spawn(fun() -> receive after 30 -> Self ! late end end),
    io:format("infinity waits: ~p~n", [receive late -> late after infinity -> never end]),
    spawn(fun() -> receive after 200 -> Self ! slow end end),
    io:format("timeout before slow message: ~p~n", [receive slow -> slow after 20 -> timeout end]),
    io:format("slow message arrives later: ~p~n", [receive slow -> slow end]),
    [spawn(fun() -> receive after T -> Self ! {tick, T} end end) || T <- [120, 40, 80]],
    Order = [receive {tick, T} -> T end || _ <- [1, 2, 3]],
    io:format("ticks in time order: ~p~n", [Order]),
    erlang:send_after(30, self(), timer_msg),
    io:format("send_after: ~p~n", [receive timer_msg -> timer_msg after 1000 -> missing end]),
    TRef = erlang:send_after(10000, self(), never),
    io:format("cancel_timer returned an integer: ~p~n", [is_integer(erlang:cancel_timer(TRef))]),
    io:format("cancelled timer delivers nothing: ~p~n", [receive never -> never after 50 -> nothing end]),
    Timeout = 10,
    io:format("variable timeout: ~p~n", [receive _ -> got after Timeout -> timeout end]),
    io:format("sleep returns: ~p~n", [timer:sleep(10)]),
    ok.
