%% The conformance runner's self-test: a common_test suite whose every case has a known
%% outcome under common_test's rules. RunnerSelfTest.java runs it on the reference BEAM and
%% checks each result line. Written against ct's documented semantics, not our runner's code.
-module(runner_selftest_SUITE).

-include_lib("common_test/include/ct.hrl").

-export([suite/0, all/0, groups/0, group/1,
         init_per_suite/1, end_per_suite/1, init_per_group/2, end_per_group/2,
         init_per_testcase/2, end_per_testcase/2]).
-export([passes/1, returns_comment/1, calls_comment/1, unicode_comment/1, badmatch/1, ct_fail/1,
         returns_fail/1, returns_skip/1, throws_skip/1, exits_skipped/1, timetrap_fires/0,
         timetrap_fires/1, ct_timetrap_extends/0, ct_timetrap_extends/1, ipt_skips/1,
         ipt_crashes/1, ept_fails/1, ept_sees_status/1, peer_skipped/1, config_keys/1,
         dropped_case/1, linked_crash/1, capture/1, seq_ok/1, seq_fail/1, seq_never/1,
         par_waiter/1, par_sender/1, rep_counted/1, never_run/1, outer_case/1, inner_a/1,
         inner_b/1, group_timetrap/1, ipt_state_reaches_case/1, throws_other/1,
         case_process_links/1, bad_output/1, odd_config_entries/1, benchmark_event/1,
         in_dropped_group/1]).

suite() -> [{timetrap, {seconds, 30}}, {ct_hooks, [ts_install_cth]}].

all() ->
    [passes, returns_comment, calls_comment, unicode_comment, badmatch, ct_fail, returns_fail,
     returns_skip, throws_skip, exits_skipped, throws_other, timetrap_fires, ct_timetrap_extends,
     ipt_skips, ipt_crashes, ipt_state_reaches_case, ept_fails, ept_sees_status, peer_skipped,
     config_keys, dropped_case, linked_crash, capture, case_process_links, bad_output, benchmark_event,
     {group, odd_config}, {group, dropped_group}, {group, seq}, {group, par}, {group, rep}, {group, skipped_group}, {group, outer},
     {group, short_traps}, {testcase, rep_counted, [{repeat, 2}]}].

groups() ->
    [{seq, [sequence], [seq_ok, seq_fail, seq_never]},
     {par, [parallel], [par_waiter, par_sender]},
     {rep, [{repeat, 3}], [rep_counted]},
     {skipped_group, [], [never_run]},
     {outer, [], [outer_case, {inner, [shuffle], [inner_a, inner_b]}]},
     {short_traps, [], [group_timetrap]},
     {odd_config, [], [odd_config_entries]},
     {dropped_group, [], [in_dropped_group]}].

group(short_traps) -> [{timetrap, 300}];
group(_) -> [].

init_per_suite(Config) ->
    [{suite_key, from_init_per_suite} | Config].

end_per_suite(_Config) -> ok.

init_per_group(skipped_group, _Config) -> {skip, "the group says skip"};
init_per_group(odd_config, Config) -> [not_a_pair | Config];  % as hash_SUITE does
init_per_group(dropped_group, _Config) -> error(a_dropped_group_is_not_entered);
init_per_group(_, Config) -> Config.

end_per_group(_, _Config) -> ok.

init_per_testcase(ipt_skips, _Config) -> {skip, "init_per_testcase says skip"};
init_per_testcase(ipt_crashes, _Config) -> error(ipt_crash);
init_per_testcase(ipt_state_reaches_case, Config) ->
    put(from_ipt, here),
    [{ipt_key, 42} | Config];
init_per_testcase(_Case, Config) -> Config.

end_per_testcase(ept_fails, _Config) -> {fail, ept_says_no};
end_per_testcase(ept_sees_status, Config) ->
    %% the case returned ok: tc_status is ok
    ok = ?config(tc_status, Config);
end_per_testcase(_Case, _Config) -> ok.

passes(_Config) -> ok.

returns_comment(_Config) -> {comment, "returned comment"}.

calls_comment(_Config) -> ct:comment("called ~s", ["comment"]), ok.

unicode_comment(_Config) -> ct:comment("ünïcødé ✓"), ok.

badmatch(_Config) ->
    1 = id(2).

ct_fail(_Config) -> ct:fail({reason, 1}).

returns_fail(_Config) -> {fail, returned_fail}.

returns_skip(_Config) -> {skip, "returned skip"}.

throws_skip(_Config) -> throw({skip, "thrown skip"}).

exits_skipped(_Config) -> exit({skipped, "exited skipped"}).

throws_other(_Config) -> throw(not_a_skip).

timetrap_fires() -> [{timetrap, 200}].
timetrap_fires(_Config) -> receive after infinity -> ok end.

ct_timetrap_extends() -> [{timetrap, 200}].
ct_timetrap_extends(_Config) ->
    ct:timetrap({seconds, 10}),
    receive after 600 -> ok end.

ipt_skips(_Config) -> error(must_not_run).

ipt_crashes(_Config) -> error(must_not_run).

ipt_state_reaches_case(Config) ->
    42 = ?config(ipt_key, Config),
    here = get(from_ipt),
    from_init_per_suite = ?config(suite_key, Config),
    ok.

ept_fails(_Config) -> ok.

ept_sees_status(_Config) -> ok.

peer_skipped(_Config) ->
    {ok, _Peer, _Node} = ?CT_PEER(),
    error(must_not_run).

config_keys(Config) ->
    Data = ?config(data_dir, Config),
    Priv = ?config(priv_dir, Config),
    $/ = lists:last(Data),
    $/ = lists:last(Priv),
    {ok, <<"data for the runner's self-test\n">>} = file:read_file(filename:join(Data, "hello.txt")),
    ok = file:write_file(filename:join(Priv, "written"), <<"ok">>),
    undefined = ?config(tc_group_properties, Config),
    ok.

dropped_case(_Config) -> error(must_not_run).

linked_crash(_Config) ->
    spawn_link(fun() -> exit(linked_boom) end),
    receive after 5000 -> ok end.

%% The group leader captures what any process prints through it, as test_server_gl does.
capture(_Config) ->
    Self = self(),
    Printer = spawn_link(fun() -> receive print -> io:format("from another process~n"), Self ! printed end end),
    ct:capture_start(),
    io:format("captured ~p~n", [1]),
    Printer ! print,
    receive printed -> ok end,
    ct:capture_stop(),
    io:format("not captured~n"),
    ["captured 1\n", "from another process\n"] = ct:capture_get(),
    [] = ct:capture_get(),
    ok.

%% A case process is linked to the process that supervises it and monitored by nobody.
case_process_links(_Config) ->
    {links, [_Supervisor]} = process_info(self(), links),
    {monitored_by, []} = process_info(self(), monitored_by),
    ok.

%% Output the group leader cannot take fails with test_server_gl's {error, arguments}.
bad_output(_Config) ->
    try io:put_chars(an_atom) of
        _ -> error(accepted)
    catch error:badarg:Stack ->
            [{io, put_chars, [an_atom], Info} | _] = Stack,
            #{cause := {device, arguments}} = proplists:get_value(error_info, Info),
            ok
    end.

%% Benchmark groups report through ct_event (common_test's event manager).
benchmark_event(_Config) ->
    ok = ct_event:notify({event, benchmark_data, node(), [{value, 42}]}).

in_dropped_group(_Config) -> error(must_not_run).

odd_config_entries(Config) ->
    true = lists:member(not_a_pair, Config),
    ok.

seq_ok(_Config) -> ok.
seq_fail(_Config) -> error(seq_failure).
seq_never(_Config) -> error(must_not_run).

%% Only passes if par_sender runs at the same time.
par_waiter(_Config) ->
    register(par_waiter, self()),
    receive hello -> ok after 10000 -> error(not_parallel) end.

par_sender(_Config) ->
    wait_registered(par_waiter, 100),
    par_waiter ! hello,
    ok.

wait_registered(Name, 0) -> error({never_registered, Name});
wait_registered(Name, N) ->
    case whereis(Name) of
        undefined -> receive after 50 -> wait_registered(Name, N - 1) end;
        _ -> ok
    end.

rep_counted(_Config) -> ok.

never_run(_Config) -> error(must_not_run).

outer_case(Config) ->
    [{name, outer}] = ?config(tc_group_properties, Config),
    [] = ?config(tc_group_path, Config),
    ok.

inner_a(Config) -> inner(Config).
inner_b(Config) -> inner(Config).

inner(Config) ->
    [{name, inner}, {shuffle, _Seed}] = ?config(tc_group_properties, Config),
    [[{name, outer}]] = ?config(tc_group_path, Config),
    ok.

group_timetrap(_Config) -> receive after infinity -> ok end.

id(X) -> X.
