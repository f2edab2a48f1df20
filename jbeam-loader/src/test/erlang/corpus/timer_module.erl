%% Time without printing times: monotonic time never goes back, unit conversion, the timer module,
%% erlang:start_timer and read_timer, unique_integer monotonic.
-module(timer_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    T0 = erlang:monotonic_time(),
    timer:sleep(20),
    T1 = erlang:monotonic_time(),
    ?P(T1 > T0),
    ?P(erlang:convert_time_unit(T1 - T0, native, millisecond) >= 20),
    ?P(erlang:convert_time_unit(1, second, millisecond)),
    ?P(erlang:convert_time_unit(1500, millisecond, second)),
    ?P(erlang:convert_time_unit(-1500, millisecond, second)),
    ?P(erlang:convert_time_unit(1, second, microsecond)),
    ?P(timer:seconds(2)),
    ?P(timer:minutes(1)),
    ?P(timer:hms(1, 2, 3)),
    {Us, Value} = timer:tc(fun() -> lists:sum(lists:seq(1, 1000)) end),
    ?P({is_integer(Us), Value}),
    Ref = erlang:start_timer(50, self(), hello),
    Left = erlang:read_timer(Ref),
    ?P(is_integer(Left) andalso Left =< 50),
    receive {timeout, Ref, Msg} -> ?P(Msg) end,
    ?P(erlang:read_timer(Ref)),
    ?P(erlang:cancel_timer(Ref)),
    {ok, TRef} = timer:send_after(10, self(), via_timer),
    receive via_timer -> ?P(via_timer) end,
    ?P(timer:cancel(TRef)),
    {ok, IRef} = timer:send_interval(10, self(), tick),
    Ticks = [receive tick -> tick end || _ <- [1, 2, 3]],
    ?P(Ticks),
    ?P(timer:cancel(IRef)),
    Us1 = [erlang:unique_integer([monotonic]) || _ <- lists:seq(1, 100)],
    ?P(Us1 =:= lists:sort(Us1)),
    ?P(length(lists:usort([erlang:unique_integer() || _ <- lists:seq(1, 1000)]))),
    ?P(is_integer(erlang:system_time(second)) andalso erlang:system_time(second) > 1700000000),
    ok.
