%% Runs one test case, or one configuration function (init_per_suite, init_per_group, ...), in
%% a process of its own under a timetrap, as common_test's test_server does:
%%  - a case process runs init_per_testcase, the case and end_per_testcase, in that order;
%%  - the calling process supervises it: ct:timetrap/1 (and test_server:timetrap/1) from the
%%    case process reset the trap; when the trap fires the case process is killed, the case has
%%    failed with {timetrap_timeout, Ms}, and end_per_testcase runs in a fresh process;
%%  - a case passes only if it returns normally within its timetrap.
-module(conformance_case).

-export([run_case/5, run_conf/3]).
-export([timetrap_ms/1, supervisor/0, set_timetrap/1, cancel_timetrap/0, timetrap_info/0, set_comment/1, eval/1]).

-define(SUPERVISOR, '$conformance_supervisor').
-define(TIMETRAP, '$conformance_timetrap').
-define(COMMENT, '$conformance_comment').

%%--------------------------------------------------------------------------------------------
%% Case side (called from ct and test_server inside the supervised process)

%% The supervisor of the calling case/configuration process, or undefined elsewhere.
supervisor() -> get(?SUPERVISOR).

%% Resets the caller's timetrap to Ms (or infinity) from now. Outside a supervised process
%% (a helper spawned by a case) there is no trap to reset: ct does the same for the case only.
set_timetrap(Ms) ->
    case supervisor() of
        undefined -> ok;
        Sup ->
            put(?TIMETRAP, Ms),
            Sup ! {self(), timetrap, Ms},
            ok
    end.

cancel_timetrap() -> set_timetrap(infinity).

timetrap_info() -> get(?TIMETRAP).

%% A timetrap value in milliseconds: {hours | minutes | seconds, N}, Ms, infinity, or a
%% function (fun or {M, F, A}) returning one of those (evaluated at once).
timetrap_ms({hours, N}) when is_number(N) -> {ok, trunc(N * 3600000)};
timetrap_ms({minutes, N}) when is_number(N) -> {ok, trunc(N * 60000)};
timetrap_ms({seconds, N}) when is_number(N) -> {ok, trunc(N * 1000)};
timetrap_ms(Ms) when is_integer(Ms), Ms >= 0 -> {ok, Ms};
timetrap_ms(infinity) -> {ok, infinity};
timetrap_ms({M, F, A}) when is_atom(M), is_atom(F), is_list(A) -> timetrap_ms(apply(M, F, A));
timetrap_ms(Fun) when is_function(Fun, 0) -> timetrap_ms(Fun());
timetrap_ms(_) -> error.

%% The comment a passing case reports (ct:comment/1; a returned {comment, C} wins).
set_comment(Comment) ->
    put(?COMMENT, Comment),
    ok.

%% Applies Fun the way test_server's ts_tc/3 does: {skip, R}/{skipped, R} thrown or exited
%% mean a skip; any other exception is kept with its class and stack trace.
eval(Fun) ->
    try Fun() of
        Value -> {value, Value}
    catch
        throw:{Skip, Reason} when Skip =:= skip; Skip =:= skipped -> {value, {skip, Reason}};
        exit:{Skip, Reason} when Skip =:= skip; Skip =:= skipped -> {value, {skip, Reason}};
        Class:Reason:Stack -> {exception, Class, Reason, Stack}
    end.

%%--------------------------------------------------------------------------------------------
%% Supervisor side

%% Runs a configuration function. Returns {value, V} | {exception, C, R, Stack} |
%% {timetrap_timeout, Ms, Stack} | {died, Reason}.
run_conf(Fun, Timetrap, Multiplier) ->
    Pid = start(fun(Sup) ->
                        enter(Sup, Timetrap),
                        Sup ! {self(), done, eval(Fun)}
                end),
    case await(Pid, deadline(Timetrap, Multiplier), Timetrap, Multiplier) of
        {done, Outcome} -> Outcome;
        Other -> Other
    end.

%% Runs test case Case of Suite with Config. Returns {passed, Comment} | {skipped, Reason} |
%% {failed, Why}.
run_case(Suite, Case, Config, Timetrap, Multiplier) ->
    Pid = start(fun(Sup) ->
                        enter(Sup, Timetrap),
                        Sup ! {self(), done, case_body(Sup, Suite, Case, Config)}
                end),
    Deadline = deadline(Timetrap, Multiplier),
    case await(Pid, Deadline, Timetrap, Multiplier) of
        {done, {ran, Status, EndResult}} ->
            after_end(Status, EndResult);
        {done, {not_run, Status}} ->
            Status;
        {after_case, Status, {died, Reason}} ->
            after_end(Status, {died, Reason});
        {after_case, Status, Timeout = {timetrap_timeout, _, _}} ->
            after_end(Status, Timeout);
        {before_case, CaseConfig, Abort} ->
            Failure = {failed, Abort},
            End = end_per_testcase(Suite, Case, CaseConfig, Failure, Timetrap, Multiplier),
            after_end(Failure, End);
        {init, Abort} ->
            %% died or timed out in init_per_testcase: end_per_testcase is not run (as in ct)
            {failed, {init_per_testcase, Abort}}
    end.

%% The supervised process is linked to its supervisor, which traps exits, as test_server's
%% case processes are (suites look at their links, monitors and monitored_by lists).
start(Body) ->
    Sup = self(),
    process_flag(trap_exit, true),
    flush_exits(),
    spawn_link(fun() -> Body(Sup) end).

%% Exit signals of earlier supervised processes that had unlinked themselves before they ended.
flush_exits() ->
    receive {'EXIT', _, _} -> flush_exits()
    after 0 -> ok
    end.

enter(Sup, Timetrap) ->
    put(?SUPERVISOR, Sup),
    put(?TIMETRAP, Timetrap).

case_body(Sup, Suite, Case, Config) ->
    case init_per_testcase(Suite, Case, Config) of
        {ok, CaseConfig} ->
            Sup ! {self(), running, CaseConfig},
            Status = case_status(eval(fun() -> Suite:Case(CaseConfig) end)),
            Sup ! {self(), ended, Status},
            {ran, Status, end_per_testcase_here(Suite, Case, CaseConfig, Status)};
        {skip, Reason} ->
            {not_run, {skipped, Reason}};
        {failed, Why} ->
            {not_run, {failed, {init_per_testcase, Why}}}
    end.

init_per_testcase(Suite, Case, Config) ->
    case erlang:function_exported(Suite, init_per_testcase, 2) of
        false -> {ok, Config};
        true ->
            case eval(fun() -> Suite:init_per_testcase(Case, Config) end) of
                {value, {Skip, Reason}} when Skip =:= skip; Skip =:= skipped -> {skip, Reason};
                {value, {fail, Reason}} -> {failed, {fail, Reason}};
                {value, NewConfig} when is_list(NewConfig) -> {ok, NewConfig};
                {value, Other} -> {failed, {bad_return, Other}};
                Exception -> {failed, Exception}
            end
    end.

%% The value a case returned (or its exception), as ct judges it.
case_status({value, {Skip, Reason}}) when Skip =:= skip; Skip =:= skipped -> {skipped, Reason};
case_status({value, {skip_and_save, Reason, _}}) -> {skipped, Reason};
case_status({value, {fail, Reason}}) -> {failed, {fail, Reason}};
case_status({value, {comment, Comment}}) -> {passed, Comment};
case_status({value, _}) ->
    case get(?COMMENT) of
        undefined -> {passed, ""};
        Comment -> {passed, Comment}
    end;
case_status(Exception) -> {failed, Exception}.

tc_status({passed, _}) -> ok;
tc_status({skipped, Reason}) -> {skipped, Reason};
tc_status({failed, Why}) -> {failed, Why}.

end_per_testcase_here(Suite, Case, Config, Status) ->
    case erlang:function_exported(Suite, end_per_testcase, 2) of
        false -> {value, ok};
        true ->
            EndConfig = [{tc_status, tc_status(Status)} | Config],
            eval(fun() -> Suite:end_per_testcase(Case, EndConfig) end)
    end.

%% end_per_testcase after the case process was killed or died: in a fresh process.
end_per_testcase(Suite, Case, Config, Status, Timetrap, Multiplier) ->
    case erlang:function_exported(Suite, end_per_testcase, 2) of
        false -> {value, ok};
        true ->
            EndConfig = [{tc_status, tc_status(Status)} | Config],
            run_conf(fun() -> Suite:end_per_testcase(Case, EndConfig) end, Timetrap, Multiplier)
    end.

%% A case that passed fails when end_per_testcase fails it or crashes (test_server reports
%% {failed, {Suite, end_per_testcase, Why}}); otherwise the case's own status stands.
after_end(_Status, {value, {fail, Reason}}) ->
    {failed, {end_per_testcase, {fail, Reason}}};
after_end(Status, {value, _}) ->
    Status;
after_end({passed, _}, EndFailure) ->
    {failed, {end_per_testcase, EndFailure}};
after_end(Status, _EndFailure) ->
    Status.

%% Waits for the supervised process. Tracks its phase so that a timetrap or death is
%% attributed correctly: {init, Why} before the case started, {before_case, Config, Why} while
%% it ran, {after_case, Status, Why} in end_per_testcase, {done, Result} when it finished.
await(Pid, Deadline, Timetrap, Multiplier) ->
    await(Pid, Deadline, Timetrap, Multiplier, init).

await(Pid, Deadline, Timetrap, Multiplier, Phase) ->
    receive
        {Pid, timetrap, Ms} ->
            await(Pid, deadline(Ms, Multiplier), Timetrap, Multiplier, Phase);
        {Pid, running, CaseConfig} ->
            await(Pid, Deadline, Timetrap, Multiplier, {running, CaseConfig});
        {Pid, ended, Status} ->
            %% end_per_testcase gets a timetrap of its own, as long as the case's first one
            await(Pid, deadline(Timetrap, Multiplier), Timetrap, Multiplier, {ended, Status});
        {Pid, done, Result} ->
            receive {'EXIT', Pid, _} -> ok after 0 -> ok end,
            {done, Result};
        {'EXIT', Pid, Reason} ->
            aborted(Phase, {died, Reason})
    after timeout(Deadline) ->
            Stack = case erlang:process_info(Pid, current_stacktrace) of
                        {current_stacktrace, S} -> S;
                        undefined -> []
                    end,
            exit(Pid, kill),
            receive {'EXIT', Pid, _} -> ok end,
            flush(Pid),
            Ms = case Phase of {ended, _} -> scaled(Timetrap, Multiplier); _ -> trap_ms(Deadline) end,
            aborted(Phase, {timetrap_timeout, Ms, Stack})
    end.

aborted(init, Why) -> {init, Why};
aborted({running, CaseConfig}, Why) -> {before_case, CaseConfig, Why};
aborted({ended, Status}, Why) -> {after_case, Status, Why}.

flush(Pid) ->
    receive {Pid, _, _} -> flush(Pid)
    after 0 -> ok
    end.

%% Deadlines are {Start, Ms} in monotonic milliseconds, or infinity.
deadline(infinity, _) -> infinity;
deadline(Ms, Multiplier) -> {erlang:monotonic_time(millisecond), scaled(Ms, Multiplier)}.

scaled(infinity, _) -> infinity;
scaled(Ms, Multiplier) -> trunc(Ms * Multiplier).

trap_ms({_, Ms}) -> Ms.

timeout(infinity) -> infinity;
timeout({Start, Ms}) -> max(0, Start + Ms - erlang:monotonic_time(millisecond)).
