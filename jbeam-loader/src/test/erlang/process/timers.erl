-module(timers).
-export([main/0, log/2]).
-compile({nowarn_deprecated_function, [{erlang, now, 0}]}).

%% Timers and time: deterministic output (no pids, no absolute times).
main() ->
    Tests = [fun send_after/0, fun start_timer/0, fun cancel_read/0, fun async_cancel/0,
             fun abs_timer/0, fun named_dest/0, fun dead_dest/0, fun after_semantics/0,
             fun time_units/0, fun unique/0, fun timer_module/0, fun many_timers/0, fun bad_args/0,
             fun time_range/0, fun bad_timeout_save/0, fun now_unique/0,
             fun multizero_timeout_in_timeout/0],
    lists:foreach(fun(T) -> io:format("~p~n", [catch T()]) end, Tests),
    halt(0).

flush() -> receive M -> [M | flush()] after 0 -> [] end.

err({'EXIT', {Reason, _Stack}}) -> Reason;
err(Other) -> Other.

send_after() ->
    _ = erlang:send_after(30, self(), second),
    _ = erlang:send_after(10, self(), first),
    A = receive M1 -> M1 end,
    B = receive M2 -> M2 end,
    {send_after, A, B}.

start_timer() ->
    Ref = erlang:start_timer(10, self(), hello),
    R = receive {timeout, Ref, Msg} -> Msg end,
    {start_timer, R, erlang:read_timer(Ref), erlang:cancel_timer(Ref)}.

cancel_read() ->
    Ref = erlang:send_after(100000, self(), never),
    Read = erlang:read_timer(Ref),
    Left = erlang:cancel_timer(Ref),
    %% milliseconds left of 100 s (> 50 s: no bound a stalled machine could break)
    {cancel_read, is_integer(Read) andalso Read > 50000 andalso Read =< 100000,
     is_integer(Left) andalso Left > 50000 andalso Left =< Read,
     erlang:cancel_timer(Ref), erlang:read_timer(Ref), flush()}.

async_cancel() ->
    Ref = erlang:send_after(100000, self(), never),
    ok = erlang:cancel_timer(Ref, [{async, true}, {info, true}]),
    R1 = receive {cancel_timer, Ref, L} -> is_integer(L) end,
    ok = erlang:cancel_timer(Ref, [{async, true}]),
    R2 = receive {cancel_timer, Ref, L2} -> L2 end,
    ok = erlang:cancel_timer(Ref, [{info, false}]),
    ok = erlang:read_timer(Ref, [{async, true}]),
    R3 = receive {read_timer, Ref, L3} -> L3 end,
    {async_cancel, R1, R2, R3, flush()}.

abs_timer() ->
    Now = erlang:monotonic_time(millisecond),
    Ref = erlang:start_timer(Now + 20, self(), abs, [{abs, true}]),
    R = receive {timeout, Ref, abs} -> fired end,
    After = erlang:monotonic_time(millisecond),
    Ref2 = erlang:send_after(Now - 10, self(), past, [{abs, true}]),
    R2 = receive past -> past_fired end,
    %% before the VM's monotonic clock began: not a valid time
    Bad = err(catch erlang:send_after(-(1 bsl 62), self(), never, [{abs, true}])),
    {abs_timer, R, After >= Now + 20, is_reference(Ref2), R2, Bad}.

named_dest() ->
    register(timer_dest, self()),
    _ = erlang:send_after(5, timer_dest, by_name),
    R = receive by_name -> ok end,
    unregister(timer_dest),
    Ref = erlang:send_after(5, no_such_registered_name, lost),
    timer:sleep(30),
    {named_dest, R, erlang:read_timer(Ref), flush()}.

dead_dest() ->
    {P, M} = spawn_monitor(fun() -> receive stop -> ok end end),
    Ref = erlang:send_after(100000, P, hi),
    Before = is_integer(erlang:read_timer(Ref)),
    P ! stop,
    receive {'DOWN', M, process, P, _} -> ok end,
    timer:sleep(10),
    {dead_dest, Before, erlang:read_timer(Ref), erlang:cancel_timer(Ref)}.

after_semantics() ->
    %% The timeout keeps running while non-matching messages arrive: noise every 5 ms until the
    %% receive is over, so a timeout restarted by each message would never end (the test hangs).
    Self = self(),
    {Noisy, Mon} = spawn_monitor(fun() -> noise(Self) end),
    receive noise -> ok end,
    T0 = erlang:monotonic_time(millisecond),
    R = receive never_sent -> matched after 30 -> timed_out end,
    T1 = erlang:monotonic_time(millisecond),
    Noisy ! stop,
    receive {'DOWN', Mon, process, _, _} -> ok end,
    Noise = lists:usort(flush()),
    %% receive after with a message already in the queue still waits in an empty receive
    self() ! queued,
    T2 = erlang:monotonic_time(millisecond),
    receive after 20 -> ok end,
    T3 = erlang:monotonic_time(millisecond),
    Z = receive X -> X after 0 -> none end,
    {after_semantics, R, T1 - T0 >= 30, Noise, T3 - T2 >= 20, Z,
     err(catch receive after -1 -> ok end), err(catch receive after foo -> ok end)}.

noise(To) ->
    To ! noise,
    receive stop -> To ! noise after 5 -> noise(To) end.

time_units() ->
    {time_units,
     erlang:convert_time_unit(1, second, native),
     erlang:convert_time_unit(1, second, perf_counter),
     erlang:convert_time_unit(-1500, millisecond, second),
     erlang:convert_time_unit(1500, 1000, 3),
     erlang:convert_time_unit(1 bsl 70, nanosecond, second),
     erlang:convert_time_unit(7, seconds, milli_seconds),
     err(catch erlang:convert_time_unit(1, foo, native)),
     erlang:monotonic_time() < 0,
     erlang:system_time() - (erlang:monotonic_time() + erlang:time_offset()) < 1000000000,
     abs(erlang:system_time(second) - os:system_time(second)) < 5,
     erlang:time_offset(second) > 1700000000,
     is_integer(erlang:monotonic_time(microsecond)),
     tuple_size(erlang:timestamp())}.

unique() ->
    L = [erlang:unique_integer([monotonic]) || _ <- lists:seq(1, 100)],
    P = [erlang:unique_integer([positive]) || _ <- lists:seq(1, 100)],
    U = [erlang:unique_integer() || _ <- lists:seq(1, 100)],
    {unique, lists:sort(L) =:= L, length(lists:usort(L)) =:= 100, lists:all(fun(X) -> X > 0 end, P),
     length(lists:usort(U ++ L)) =:= 200, err(catch erlang:unique_integer([bogus]))}.

timer_module() ->
    {T, V} = timer:tc(fun() -> timer:sleep(10), done end),
    {ok, TRef} = timer:send_after(10, self(), via_timer),
    R = receive via_timer -> got end,
    {ok, TRef2} = timer:send_after(100000, self(), never),
    C = timer:cancel(TRef2),
    {timer_module, T >= 10000, V, is_tuple(TRef) orelse is_reference(TRef), R, C,
     timer:seconds(2), timer:minutes(1), timer:hms(1, 2, 3), flush()}.

many_timers() ->
    N = 20000,
    Refs = [erlang:send_after(100000 + I, self(), {t, I}) || I <- lists:seq(1, N)],
    Left = [erlang:cancel_timer(R) || R <- Refs],
    Short = [erlang:send_after(I rem 20, self(), {s, I}) || I <- lists:seq(1, 2000)],
    Got = [receive {s, _} = M -> M end || _ <- Short],
    {many_timers, length([L || L <- Left, is_integer(L)]), length(lists:usort(Got)), flush()}.

bad_args() ->
    {bad_args,
     err(catch erlang:send_after(-1, self(), x)),
     err(catch erlang:send_after(foo, self(), x)),
     err(catch erlang:send_after(10, "notapid", x)),
     err(catch erlang:start_timer(10, self(), x, [{abs, maybe_not}])),
     err(catch erlang:cancel_timer(not_a_ref)),
     err(catch erlang:read_timer(42))}.

%% A timer must end within the monotonic clock's range (OTP 27: 8646911283000 ms), else badarg.
time_range() ->
    Rel = [is_reference(catch erlang:send_after(T, self(), x)) || T <- [1 bsl 40, 1 bsl 50, 1 bsl 64]],
    Abs = [is_reference(catch erlang:start_timer(T, self(), x, [{abs, true}])) || T <- [1 bsl 40, 1 bsl 50]],
    {time_range, Rel, Abs}.

id(X) -> X.

%% A receive whose timeout is not a time raises timeout_value and ends: the next receive scans
%% the queue from the start (receive_SUITE's gh_5235 cases: the save pointer was left behind).
bad_timeout_save() ->
    id(self()) ! init,
    E1 = try receive blipp -> ok after id(blepp) -> ok end catch C1:R1 -> {C1, R1} end,
    A = receive init -> got_init after 1000 -> lost_init end,
    Ref = make_ref(),
    id(self()) ! Ref,
    id(self()) ! init2,
    E2 = try receive blapp -> ok after id(-1) -> ok end catch C2:R2 -> {C2, R2} end,
    B = receive init2 -> got_init2 after 1000 -> lost_init2 end,
    C = receive Ref -> got_ref after 1000 -> lost_ref end,
    {bad_timeout_save, E1, A, E2, B, C}.

%% erlang:now/0 (deprecated, code_SUITE uses it): unique, strictly increasing, near the system time.
now_unique() ->
    N = [erlang:now() || _ <- lists:seq(1, 1000)],
    {now_unique, length(lists:usort(N)), lists:sort(N) =:= N,
     abs(timer:now_diff(erlang:now(), os:timestamp())) < 1000000}.

%% erts_debug's timer-service hook (timer_bif_SUITE): a timer callback after N ms starts a
%% zero-timeout callback, which starts another, which sends multizero_timeout_in_timeout_done.
%% Enabling the internal state logs BEAM's warning: captured here (log/2) instead of printed with
%% its time stamp by the default handler.
multizero_timeout_in_timeout() ->
    ok = logger:remove_handler(default),
    ok = logger:add_handler(capture, ?MODULE, #{config => self()}),
    erts_debug:set_internal_state(available_internal_state, true),
    Warning = receive {logged, Level, Format, [Text], Meta} ->
                      {Level, Format, string:find(Text, " enabled access"), Meta}
              end,
    Bad = err(catch erts_debug:set_internal_state(multizero_timeout_in_timeout, a)),
    T0 = erlang:monotonic_time(millisecond),
    ok = erts_debug:set_internal_state(multizero_timeout_in_timeout, 100),
    Late = receive multizero_timeout_in_timeout_done -> erlang:monotonic_time(millisecond) - T0 >= 100 end,
    ok = erts_debug:set_internal_state(multizero_timeout_in_timeout, -1),
    Neg = receive M -> M after 5000 -> none end,
    erts_debug:set_internal_state(available_internal_state, false),
    {multizero_timeout_in_timeout, Warning, Bad, Late, Neg}.

log(#{level := Level, msg := {Format, Args}, meta := #{error_logger := EL}}, #{config := To}) ->
    To ! {logged, Level, Format, Args, EL}.
