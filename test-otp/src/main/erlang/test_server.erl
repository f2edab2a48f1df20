%% The conformance runner's test_server: the part of test_server's API that OTP's own suites
%% call (the ?config macro, timetraps, sleeps, environment probes), with test_server's
%% semantics. It shadows OTP's test_server on the code path of the VM under test.
%%
%% Peer nodes: the runner starts no distributed peers (the VM under test is not alive and
%% jbeam has no distribution yet), so ?CT_PEER and the older start_node skip the case, saying so.
-module(test_server).

-export([lookup_config/2,
         timetrap/1, timetrap_cancel/0, timetrap_cancel/1, get_timetrap_info/0,
         timetrap_scale_factor/0, seconds/1, minutes/1, hours/1,
         sleep/1, adjusted_sleep/1,
         fail/0, fail/1, comment/1, format/1, format/2, format/3,
         messages_get/0, temp_name/1, timecall/3, do_times/2, do_times/4, m_out_of_n/3,
         call_crash/3, call_crash/4, call_crash/5,
         is_cover/0, is_debug/0, is_valgrind/0, is_asan/0, memory_checker/0,
         has_lock_checking/0, has_superfluous_schedulers/0, is_commercial/0,
         capture_start/0, capture_stop/0, capture_get/0,
         start_peer/3, start_peer/5, peer_name/2, start_node/3, stop_node/1,
         is_release_available/1, run_on_shielded_node/2]).

-define(NO_PEERS, "needs a peer node (?CT_PEER / test_server:start_node): the conformance runner"
                  " starts no distributed peers (not_alive)").

%% ?config(Key, Config)
lookup_config(Key, Config) ->
    case lists:keyfind(Key, 1, Config) of
        {Key, Value} -> Value;
        _ ->
            io:format("Could not find element ~tp in Config.~n", [Key]),
            undefined
    end.

%% In a case, one timetrap at a time: a new one replaces the current one (ct:timetrap/1 and
%% test_server's default trap behave so). Returns a handle for timetrap_cancel/1.
timetrap(Time) ->
    case conformance_case:timetrap_ms(Time) of
        {ok, Ms} ->
            conformance_case:set_timetrap(Ms),
            {timetrap, self()};
        error ->
            exit({invalid_time_format, Time})
    end.

timetrap_cancel() -> conformance_case:cancel_timetrap().

timetrap_cancel({timetrap, Pid}) when Pid =:= self() -> conformance_case:cancel_timetrap();
timetrap_cancel(_) -> ok.

%% {Time, {Scaling, ScaleVal}}: the runner never scales timetraps (ct's scale_timetraps=false),
%% it only multiplies them (ct's multiply_timetraps).
get_timetrap_info() ->
    case conformance_case:timetrap_info() of
        undefined -> undefined;
        Ms -> {Ms, {false, 1}}
    end.

%% How much slower this emulator is expected to be than an optimised one, as test_server says.
timetrap_scale_factor() ->
    Factors = [{2, has_lock_checking()}, {3, has_superfluous_schedulers()}, {6, is_debug()},
               {10, is_cover()}, {10, is_valgrind()}, {2, is_asan()}],
    lists:foldl(fun({F, true}, Acc) -> F * Acc; ({_, false}, Acc) -> Acc end, 1, Factors).

hours(N) -> trunc(N * 3600000).
minutes(N) -> trunc(N * 60000).
seconds(N) -> trunc(N * 1000).

sleep(infinity) -> receive after infinity -> ok end;
sleep(Ms) -> receive after trunc(Ms) -> ok end.

%% sleep/1 multiplied by the run's multiply_timetraps, as ct:sleep/1.
adjusted_sleep(infinity) -> sleep(infinity);
adjusted_sleep(Ms) -> sleep(Ms * conformance_runner:option(multiply_timetraps, 1)).

fail() ->
    try exit(suite_failed)
    catch exit:R:Stack -> erlang:raise(exit, R, caller_stack(Stack))
    end.

fail(Reason) ->
    comment(to_list(Reason)),
    try exit({suite_failed, Reason})
    catch exit:R:Stack -> erlang:raise(exit, R, caller_stack(Stack))
    end.

caller_stack([{?MODULE, _, _, _} | Stack]) -> Stack;
caller_stack(Stack) -> Stack.

to_list(X) when is_list(X) -> X;
to_list(X) when is_atom(X) -> atom_to_list(X);
to_list(X) -> lists:flatten(io_lib:format("~tp", [X])).

comment(Text) -> conformance_case:set_comment(Text).

format(Format) -> format(Format, []).
format(Format, Args) -> conformance_report:log(io_lib:format(Format, Args)).
format(_Detail, Format, Args) -> format(Format, Args).

%% Every message now in the caller's queue.
messages_get() ->
    receive Msg -> [Msg | messages_get()]
    after 0 -> []
    end.

%% A file name Stem<N> not yet present in Stem's directory.
temp_name(Stem) ->
    Name = Stem ++ integer_to_list(erlang:unique_integer([positive])),
    {ok, Existing} = file:list_dir(filename:dirname(Stem)),
    case lists:member(filename:basename(Name), Existing) of
        true -> temp_name(Stem);
        false -> Name
    end.

%% {Seconds, Value} of evaluating M:F(A...).
timecall(M, F, A) ->
    T0 = erlang:monotonic_time(),
    Value = apply(M, F, A),
    T1 = erlang:monotonic_time(),
    {erlang:convert_time_unit(T1 - T0, native, microsecond) / 1000000, Value}.

do_times(N, M, F, A) -> do_times(N, fun() -> apply(M, F, A) end).

do_times(N, Fun) when N > 0 -> Fun(), do_times(N - 1, Fun);
do_times(0, _) -> ok.

%% Fun must succeed (not crash) M times within N tries.
m_out_of_n(0, _, _) -> ok;
m_out_of_n(M, 0, _) -> exit({m_out_of_n_failed, {M, left_to_do}});
m_out_of_n(M, N, Fun) ->
    case catch Fun() of
        {'EXIT', _} -> m_out_of_n(M, N - 1, Fun);
        _ -> m_out_of_n(M - 1, N - 1, Fun)
    end.

%% M:F(A) in a new process must crash (with Crash, unless any), within Time.
call_crash(M, F, A) -> call_crash(infinity, M, F, A).
call_crash(Time, M, F, A) -> call_crash(Time, any, M, F, A).
call_crash(Time, Crash, M, F, A) ->
    {Pid, MRef} = spawn_monitor(M, F, A),
    receive
        {'DOWN', MRef, process, Pid, normal} -> exit({wrong_crash_reason, normal});
        {'DOWN', MRef, process, Pid, Reason} when Crash =:= any; Reason =:= Crash -> Reason;
        {'DOWN', MRef, process, Pid, Reason} -> exit({wrong_crash_reason, Reason})
    after Time ->
            exit(Pid, kill),
            exit(call_crash_timeout)
    end.

is_cover() -> whereis(cover_server) =/= undefined.

is_debug() ->
    case catch erlang:system_info(debug_compiled) of
        Bool when is_boolean(Bool) -> Bool;
        _ -> string:find(erlang:system_info(system_version), "debug") =/= nomatch
    end.

has_lock_checking() ->
    case catch erlang:system_info(lock_checking) of
        Bool when is_boolean(Bool) -> Bool;
        _ -> false
    end.

has_superfluous_schedulers() ->
    case catch {erlang:system_info(schedulers), erlang:system_info(logical_processors)} of
        {S, P} when is_integer(S), is_integer(P) -> S > P;
        _ -> false
    end.

is_commercial() ->
    string:find(erlang:system_info(system_version), "source") =:= nomatch.

is_valgrind() -> memory_checker() =:= valgrind.
is_asan() -> memory_checker() =:= asan.

memory_checker() ->
    case catch erlang:system_info({memory_checker, running}) of
        Checker when is_atom(Checker) -> Checker;
        _ -> none
    end.

%% Output reaching the caller's group leader, from any process, is sent to the caller.
capture_start() -> conformance_gl:capture(self()).
capture_stop() -> conformance_gl:capture(false).
capture_get() -> conformance_gl:capture_get().

start_peer(_Opts, _Module, _Case) -> no_peers().
start_peer(_Opts, _Module, _Case, _Release, _PrivDir) -> no_peers().
start_node(_Name, _Type, _Options) -> no_peers().

no_peers() -> exit({skip, ?NO_PEERS}).

peer_name(Module, Case) ->
    list_to_atom(lists:concat([Module, "-", Case, "-", erlang:unique_integer([positive])])).

stop_node(_Node) -> true.

is_release_available(_Release) -> false.

run_on_shielded_node(_Fun, _CArgs) -> no_peers().
