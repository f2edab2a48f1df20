%% The conformance runner: runs common_test suites the way common_test does, without
%% common_test (which needs logs, HTML, an event manager and test_server_ctrl): suite/0, all/0,
%% groups/0 with nested groups and the parallel, sequence, shuffle and repeat* properties,
%% init/end_per_suite, init/end_per_group, init/end_per_testcase, {skip, R}, {skipped, R},
%% {fail, R}, {comment, C} and timetraps. Our own ct and test_server modules shadow OTP's on
%% the code path. One result line per case goes to the suite's results file, what the suite
%% prints to its log file (conformance_report).
%%
%%   erl -noshell -pa RUNNER_EBIN -pa SUITE_EBIN -run conformance_runner main OPTIONS_FILE
%%
%% OPTIONS_FILE holds Erlang terms (file:consult/1): options for the whole run, then one
%% {suite, Options} per suite, run one after another in this VM, as ct runs a test run's suites:
%%   {progname, Cmd}. {multiply_timetraps, N}.
%%   {suite, [{name, Module}, {data_dir, Dir}, {priv_dir, Dir}, {results, File}, {log, File},
%%            {drop, [{"Suite/Group/case" | "Suite/case" | "Suite/Group", Reason}]}]}.
%% Each suite runs with its priv_dir as the working directory. The VM halts with status 0 after
%% the last suite; a suite the runner itself fails on is left without its "done" line.
-module(conformance_runner).

-export([main/1, run/1, option/2]).

-define(DEFAULT_TIMETRAP, 30 * 60 * 1000).   % common_test's default: 30 minutes
-define(MAX_REPEAT, 1000).                    % bound for the unbounded repeat_until_* forms
-define(OPTIONS, conformance_options).

main([OptionsFile]) ->
    %% Run outside init's start process, so that init reaches {started, started} as under ct.
    %% Whatever happens, the VM halts: a runner that cannot report must not hang the build.
    spawn(fun() ->
                  Status = try run(OptionsFile) of
                               ok -> 0
                           catch Class:Reason:Stack ->
                                   complain({Class, Reason, Stack}),
                                   3
                           end,
                  erlang:halt(Status)
          end),
    ok.

complain(Failure) ->
    try io:format(standard_error, "conformance_runner failed: ~tp~n", [Failure])
    catch _:_ -> erlang:display({conformance_runner_failed, Failure})
    end.

%% An option of the current suite's run, for ct and test_server.
option(Key, Default) ->
    maps:get(Key, persistent_term:get(?OPTIONS, #{}), Default).

run(OptionsFile) ->
    {ok, Terms} = file:consult(OptionsFile),
    Common = maps:from_list([T || T <- Terms, element(1, T) =/= suite]),
    %% Our ct, test_server, ct_event and ct_property_test come first on the code path and stand in
    %% for common_test's; common_test stays on the path, because suites compile code that
    %% includes its headers (-include_lib("common_test/include/ct.hrl")).
    VmGroupLeader = group_leader(),
    lists:foreach(fun({suite, Props}) ->
                          Options = maps:merge(Common, maps:from_list(Props)),
                          group_leader(VmGroupLeader, self()),
                          try run_one(Options)
                          catch Class:Reason:Stack ->
                                  complain({maps:get(name, Options), Class, Reason, Stack}),
                                  conformance_report:abandon()
                          end;
                     (_) -> ok
                  end, Terms).

run_one(Options) ->
    persistent_term:put(?OPTIONS, Options),
    Suite = maps:get(name, Options),
    ok = file:set_cwd(maps:get(priv_dir, Options)),
    ok = conformance_report:start(maps:get(results, Options), maps:get(log, Options)),
    %% The suite's processes print through a group leader that behaves like ct's.
    group_leader(conformance_gl:start(), self()),
    Start = erlang:monotonic_time(millisecond),
    Ctx = #{suite => Suite,
            path => [],
            props_path => [],
            multiplier => maps:get(multiply_timetraps, Options, 1),
            drops => maps:get(drop, Options, []),
            timetrap => ?DEFAULT_TIMETRAP},
    run_suite(Suite, Options, Ctx),
    conformance_report:finish(Suite, erlang:monotonic_time(millisecond) - Start),
    ok.

%%--------------------------------------------------------------------------------------------
%% Suite

run_suite(Suite, Options, Ctx0) ->
    case code:ensure_loaded(Suite) of
        {module, Suite} ->
            Config = [{data_dir, dir(maps:get(data_dir, Options))},
                      {priv_dir, dir(maps:get(priv_dir, Options))}],
            Info = info(Suite, suite, []),
            Ctx = Ctx0#{timetrap := timetrap_of(Info, ?DEFAULT_TIMETRAP)},
            case tree(Suite) of
                {ok, Tree} ->
                    case missing_config(Info) of
                        none -> run_suite_tree(Suite, Tree, Config, Ctx);
                        Required -> skip_all(Tree, Ctx, {require_failed_in_suite0, Required})
                    end;
                {skip, Reason} ->
                    report(Ctx, all, {skipped, Reason}, 0);
                {error, Why} ->
                    report(Ctx, all, {failed, Why}, 0)
            end;
        {error, Why} ->
            report(Ctx0, all, {failed, {cannot_load_suite, Suite, Why}}, 0)
    end.

run_suite_tree(Suite, Tree, Config, Ctx) ->
    case conf(Suite, init_per_suite, [Config], Ctx, Config) of
        {ok, Config1} ->
            run_nodes(Tree, Config1, Ctx, []),
            end_conf(Suite, end_per_suite, [Config1], Ctx);
        {skip, Reason} ->
            skip_all(Tree, Ctx, Reason);
        {failed, Why} ->
            fail_all(Tree, Ctx, {init_per_suite, Why})
    end.

dir(Dir) ->
    case lists:last(Dir) of
        $/ -> Dir;
        _ -> Dir ++ "/"
    end.

%% all/0 and groups/0 resolved into a tree of {tc, Case, Repeat} and {group, Name, Props, Nodes}.
tree(Suite) ->
    case conformance_case:eval(fun() -> Suite:all() end) of
        {value, {skip, Reason}} -> {skip, Reason};
        {value, All} when is_list(All) ->
            Defs = case erlang:function_exported(Suite, groups, 0) of
                       true -> group_definitions(Suite:groups());
                       false -> []
                   end,
            try {ok, resolve(All, Defs, 0)}
            catch throw:{bad_entry, _} = Bad -> {error, Bad}
            end;
        {value, Other} -> {error, {bad_all, Other}};
        Exception -> {error, {all_crashed, Exception}}
    end.

%% Every group definition, including those written inline inside another group.
group_definitions(Groups) ->
    lists:flatmap(fun({Name, Props, Entries}) when is_atom(Name), is_list(Props) ->
                          [{Name, Props, Entries} | group_definitions(inline(Entries))];
                     ({Name, Entries}) when is_atom(Name), is_list(Entries) ->
                          [{Name, [], Entries} | group_definitions(inline(Entries))];
                     (_) -> []
                  end, Groups).

inline(Entries) ->
    [E || E = {Name, Props, _} <- Entries, is_atom(Name), Name =/= group, Name =/= testcase,
          is_list(Props)].

resolve(_, _, Depth) when Depth > 50 -> throw({bad_entry, groups_nested_too_deep});
resolve(Entries, Defs, Depth) ->
    [resolve_entry(E, Defs, Depth) || E <- Entries].

resolve_entry(Case, _, _) when is_atom(Case) -> {tc, Case, none};
resolve_entry({testcase, Case, [Repeat]}, _, _) when is_atom(Case) -> {tc, Case, Repeat};
resolve_entry({testcase, Case, []}, _, _) when is_atom(Case) -> {tc, Case, none};
resolve_entry({group, Name}, Defs, Depth) -> group(Name, default, Defs, Depth);
resolve_entry({group, Name, Props}, Defs, Depth) -> group(Name, Props, Defs, Depth);
%% Sub-group property overrides are not supported: the groups keep their own properties.
resolve_entry({group, Name, Props, _SubGroups}, Defs, Depth) -> group(Name, Props, Defs, Depth);
resolve_entry({Name, Props, Entries}, Defs, Depth) when is_atom(Name), is_list(Props) ->
    {group, Name, Props, resolve(Entries, Defs, Depth + 1)};
resolve_entry(Other, _, _) -> throw({bad_entry, Other}).

group(Name, Override, Defs, Depth) ->
    case lists:keyfind(Name, 1, Defs) of
        {Name, Props, Entries} ->
            UsedProps = case Override of default -> Props; _ -> Override end,
            {group, Name, UsedProps, resolve(Entries, Defs, Depth + 1)};
        false ->
            throw({bad_entry, {undefined_group, Name}})
    end.

%%--------------------------------------------------------------------------------------------
%% Groups and sequences of nodes. Each run returns the statuses of the cases it ran.

run_nodes(Nodes0, Config, Ctx, Props) ->
    Nodes = shuffle(Nodes0, Props),
    case lists:member(parallel, Props) of
        true -> run_parallel(Nodes, Config, Ctx);
        false -> run_sequential(Nodes, Config, Ctx, lists:member(sequence, Props), [])
    end.

run_sequential([], _, _, _, Acc) ->
    lists:append(lists:reverse(Acc));
run_sequential([Node | Nodes], Config, Ctx, Sequence, Acc) ->
    Statuses = run_node(Node, Config, Ctx),
    case Sequence andalso lists:member(failed, Statuses) of
        true ->
            %% ct's sequence rule: after a failure the rest of the sequence is not run
            Rest = fail_all(Nodes, Ctx, sequence_aborted_after_failure),
            lists:append(lists:reverse([Rest, Statuses | Acc]));
        false ->
            run_sequential(Nodes, Config, Ctx, Sequence, [Statuses | Acc])
    end.

run_parallel(Nodes, Config, Ctx) ->
    Workers = [spawn_monitor(fun() ->
                                     %% each branch prints through a group leader of its own
                                     group_leader(conformance_gl:start(), self()),
                                     exit({statuses, run_node(Node, Config, Ctx)})
                             end)
               || Node <- Nodes],
    lists:append([receive
                      {'DOWN', MRef, process, Pid, {statuses, Statuses}} -> Statuses;
                      {'DOWN', MRef, process, Pid, Reason} -> exit({parallel_worker_died, Reason})
                  end || {Pid, MRef} <- Workers]).

run_node({tc, Case, Repeat}, Config, Ctx) ->
    repeat(Repeat, fun() -> run_case(Case, Config, Ctx) end);
run_node({group, Name, Props, Nodes}, Config, Ctx) ->
    repeat(repeat_property(Props), fun() -> run_group(Name, Props, Nodes, Config, Ctx) end).

%% A group whose every case is dropped is not entered: its init_per_group may be what makes it
%% unfit to run here (zip_SUITE's zip64_group writes a 4 GB file).
run_group(Name, Props, Nodes, Config, Ctx) ->
    GroupCtx = Ctx#{path := maps:get(path, Ctx) ++ [Name]},
    case all_dropped(Nodes, GroupCtx) of
        true -> each_case(Nodes, GroupCtx, none);
        false -> enter_group(Name, Props, Nodes, Config, Ctx)
    end.

all_dropped(Nodes, Ctx) ->
    lists:all(fun({tc, Case, _}) -> dropped(Case, Ctx) =/= false;
                 ({group, Name, _, Children}) ->
                      all_dropped(Children, Ctx#{path := maps:get(path, Ctx) ++ [Name]})
              end, Nodes).

enter_group(Name, Props0, Nodes, Config, Ctx) ->
    #{suite := Suite, path := Path, props_path := PropsPath} = Ctx,
    Props = with_seed(Props0),
    GroupProps = [{name, Name} | Props],
    GroupConfig = set_keys([{tc_group_properties, GroupProps}, {tc_group_path, PropsPath}], Config),
    GroupCtx = Ctx#{path := Path ++ [Name],
                    props_path := [GroupProps | PropsPath],
                    timetrap := timetrap_of(group_info(Suite, Name), maps:get(timetrap, Ctx))},
    case conf(Suite, init_per_group, [Name, GroupConfig], GroupCtx, GroupConfig) of
        {ok, Config1} ->
            Statuses = run_nodes(Nodes, Config1, GroupCtx, Props),
            Result = [{ok, count(passed, Statuses)}, {skipped, count(skipped, Statuses)},
                      {failed, count(failed, Statuses)}],
            end_conf(Suite, end_per_group,
                     [Name, set_keys([{tc_group_result, Result}], Config1)], GroupCtx),
            Statuses;
        {skip, Reason} ->
            skip_all(Nodes, GroupCtx, Reason);
        {failed, Why} ->
            fail_all(Nodes, GroupCtx, {init_per_group, Name, Why})
    end.

count(Status, Statuses) -> length([S || S <- Statuses, S =:= Status]).

%% Config may hold more than pairs (hash_SUITE adds a bare atom): those are kept as they are.
set_keys(Pairs, Config) ->
    Pairs ++ [P || P <- Config, not (is_tuple(P) andalso tuple_size(P) > 0
                                     andalso lists:keymember(element(1, P), 1, Pairs))].

%% shuffle / {shuffle, Seed}: a random order; the seed used is kept in the properties.
shuffle(Nodes, Props) ->
    case lists:keyfind(shuffle, 1, Props) of
        {shuffle, Seed} ->
            State = rand:seed_s(exsss, Seed),
            {Keyed, _} = lists:mapfoldl(fun(N, S) -> {R, S1} = rand:uniform_s(S), {{R, N}, S1} end,
                                        State, Nodes),
            [N || {_, N} <- lists:keysort(1, Keyed)];
        false ->
            Nodes
    end.

with_seed(Props) ->
    case lists:member(shuffle, Props) of
        true ->
            Seed = {erlang:unique_integer([positive]), erlang:system_time(), erlang:phash2(self())},
            [{shuffle, Seed} | lists:delete(shuffle, Props)];
        false -> Props
    end.

repeat_property(Props) ->
    case [P || P <- Props, is_repeat(P)] of
        [P | _] -> P;
        [] -> none
    end.

is_repeat({R, N}) when is_integer(N) -> is_repeat(R);
is_repeat(R) ->
    lists:member(R, [repeat, repeat_until_all_ok, repeat_until_all_fail, repeat_until_any_ok,
                     repeat_until_any_fail, repeat_until_ok, repeat_until_fail]).

%% {repeat, N} runs N times in all; the repeat_until_* forms stop early when their condition
%% holds for one run (repeat_until_ok/fail are the test case forms).
repeat(none, Run) -> Run();
repeat(Kind, Run) when is_atom(Kind) -> repeat({Kind, ?MAX_REPEAT}, Run);
repeat({Kind, N}, Run) -> repeat(Kind, N, Run, []).

repeat(_, N, _, Acc) when N =< 0 -> lists:append(lists:reverse(Acc));
repeat(Kind, N, Run, Acc) ->
    Statuses = Run(),
    case stop(Kind, Statuses) of
        true -> lists:append(lists:reverse([Statuses | Acc]));
        false -> repeat(Kind, N - 1, Run, [Statuses | Acc])
    end.

stop(repeat, _) -> false;
stop(repeat_until_all_ok, S) -> not lists:member(failed, S);
stop(repeat_until_ok, S) -> not lists:member(failed, S);
stop(repeat_until_any_ok, S) -> lists:member(passed, S);
stop(repeat_until_any_fail, S) -> lists:member(failed, S);
stop(repeat_until_fail, S) -> lists:member(failed, S);
stop(repeat_until_all_fail, S) -> not lists:member(passed, S).

%%--------------------------------------------------------------------------------------------
%% Cases

run_case(Case, Config, Ctx) ->
    #{suite := Suite, multiplier := Multiplier} = Ctx,
    case dropped(Case, Ctx) of
        {true, Reason} ->
            report(Ctx, Case, {dropped, Reason}, 0),
            [dropped];
        false ->
            Info = info(Suite, Case, []),
            Start = erlang:monotonic_time(millisecond),
            Status = case missing_config(Info) of
                         none ->
                             Timetrap = timetrap_of(Info, maps:get(timetrap, Ctx)),
                             conformance_case:run_case(Suite, Case, Config, Timetrap, Multiplier);
                         Required ->
                             {skipped, {require_failed, Required}}
                     end,
            report(Ctx, Case, Status, erlang:monotonic_time(millisecond) - Start),
            [element(1, Status)]
    end.

%% Selection files drop cases by "Suite/Group/.../case", in any group by "Suite/case", and
%% whole groups by "Suite/Group/..." (every case under that group path).
dropped(Case, #{suite := Suite, path := Path, drops := Drops}) ->
    Full = id([Suite | Path] ++ [Case]),
    Short = id([Suite, Case]),
    case [R || {Id, R} <- Drops,
               Id =:= Full orelse Id =:= Short orelse lists:prefix(Id ++ "/", Full)] of
        [Reason | _] -> {true, Reason};
        [] -> false
    end.

id(Atoms) -> lists:flatten(lists:join("/", [atom_to_list(A) || A <- Atoms])).

%% A configuration function; absent ones pass Config through. {ok, Config} | {skip, Reason} |
%% {failed, Why}.
conf(Suite, Function, Args, Ctx, Default) ->
    case erlang:function_exported(Suite, Function, length(Args)) of
        false -> {ok, Default};
        true ->
            Outcome = conformance_case:run_conf(fun() -> apply(Suite, Function, Args) end,
                                                maps:get(timetrap, Ctx), maps:get(multiplier, Ctx)),
            case Outcome of
                {value, {Skip, Reason}} when Skip =:= skip; Skip =:= skipped -> {skip, Reason};
                {value, {fail, Reason}} -> {failed, {fail, Reason}};
                {value, NewConfig} when is_list(NewConfig) -> {ok, NewConfig};
                {value, Other} -> {failed, {bad_return, Other}};
                Failure -> {failed, Failure}
            end
    end.

%% end_per_suite and end_per_group: a failure is reported as a line of its own.
end_conf(Suite, Function, Args, Ctx) ->
    case erlang:function_exported(Suite, Function, length(Args)) of
        false -> ok;
        true ->
            Start = erlang:monotonic_time(millisecond),
            Outcome = conformance_case:run_conf(fun() -> apply(Suite, Function, Args) end,
                                                maps:get(timetrap, Ctx), maps:get(multiplier, Ctx)),
            Millis = erlang:monotonic_time(millisecond) - Start,
            case Outcome of
                {value, {fail, Reason}} -> report(Ctx, Function, {failed, {fail, Reason}}, Millis);
                {value, _} -> ok;
                Failure -> report(Ctx, Function, {failed, Failure}, Millis)
            end
    end.

skip_all(Nodes, Ctx, Reason) -> each_case(Nodes, Ctx, {skipped, Reason}).

fail_all(Nodes, Ctx, Why) -> each_case(Nodes, Ctx, {failed, Why}).

each_case(Nodes, Ctx, Status) ->
    lists:flatmap(
      fun({tc, Case, _}) ->
              case dropped(Case, Ctx) of
                  {true, Reason} -> report(Ctx, Case, {dropped, Reason}, 0), [dropped];
                  false -> report(Ctx, Case, Status, 0), [element(1, Status)]
              end;
         ({group, Name, _, Children}) ->
              each_case(Children, Ctx#{path := maps:get(path, Ctx) ++ [Name]}, Status)
      end, Nodes).

report(#{suite := Suite, path := Path}, Case, Status, Millis) ->
    conformance_report:result(Suite, Path, Case, describe(Status), Millis).

%%--------------------------------------------------------------------------------------------
%% Info functions, timetraps, required configuration

info(Suite, suite, Default) -> info_call(Suite, suite, [], Default);
info(Suite, Case, Default) -> info_call(Suite, Case, [], Default).

group_info(Suite, Group) -> info_call(Suite, group, [Group], []).

info_call(Suite, Function, Args, Default) ->
    case erlang:function_exported(Suite, Function, length(Args)) of
        true ->
            case conformance_case:eval(fun() -> apply(Suite, Function, Args) end) of
                {value, Info} when is_list(Info) -> Info;
                _ -> Default
            end;
        false -> Default
    end.

timetrap_of(Info, Default) ->
    case lists:keyfind(timetrap, 1, Info) of
        {timetrap, Time} ->
            case conformance_case:timetrap_ms(Time) of
                {ok, Ms} -> Ms;
                error -> Default
            end;
        false -> Default
    end.

%% The runner reads no configuration files, so every {require, ...} is unmet, as in ct
%% without a config file.
missing_config(Info) ->
    case [R || R <- Info, is_tuple(R), tuple_size(R) > 1, element(1, R) =:= require] of
        [] -> none;
        Required -> Required
    end.

%%--------------------------------------------------------------------------------------------
%% Status -> {passed | skipped | failed | dropped, Detail}

describe({passed, Comment}) -> {passed, conformance_report:text(Comment)};
describe({skipped, Reason}) -> {skipped, conformance_report:text(Reason)};
describe({dropped, Reason}) -> {dropped, conformance_report:text(Reason)};
describe({failed, Why}) -> {failed, unicode:characters_to_binary(why(Why))}.

why({exception, Class, Reason, Stack}) ->
    [atom_to_list(Class), $:, term(Reason), $\n, stack(Stack)];
why({timetrap_timeout, Ms, Stack}) ->
    [io_lib:format("{timetrap_timeout,~p}: the case did not return within its timetrap (~p ms);"
                   " it was at\n", [Ms, Ms]), stack(Stack)];
why({died, Reason}) ->
    ["the process died: ", term(Reason)];
why({fail, Reason}) ->
    ["{fail,", term(Reason), "} returned"];
why({bad_return, Value}) ->
    ["bad return value: ", term(Value)];
why({init_per_testcase, Why}) -> ["init_per_testcase failed: ", why(Why)];
why({end_per_testcase, Why}) -> ["end_per_testcase failed: ", why(Why)];
why({init_per_suite, Why}) -> ["init_per_suite failed: ", why(Why)];
why({init_per_group, Name, Why}) ->
    ["init_per_group(", atom_to_list(Name), ") failed: ", why(Why)];
why(sequence_aborted_after_failure) ->
    "not run: an earlier case of this sequence group failed (common_test's sequence rule)";
why(Other) -> term(Other).

term(T) -> io_lib:format("~tP", [T, 60]).

%% The runner's own frames (where the case was called from) are left out.
stack(Stack) ->
    [["    ", frame(F), $\n] || F <- Stack, not runner_frame(F)].

runner_frame({conformance_case, _, _, _}) -> true;
runner_frame(_) -> false.

frame({M, F, A, Loc}) ->
    Arity = if is_list(A) -> length(A); true -> A end,
    Where = case {proplists:get_value(file, Loc), proplists:get_value(line, Loc)} of
                {undefined, _} -> "";
                {File, undefined} -> [" (", File, ")"];
                {File, Line} -> [" (", File, ":", integer_to_list(Line), ")"]
            end,
    [atom_to_list(M), $:, atom_to_list(F), $/, integer_to_list(Arity), Where];
frame(Other) ->
    io_lib:format("~tp", [Other]).
