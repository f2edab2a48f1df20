%% The conformance runner's ct: the part of common_test's ct API that OTP's own suites call,
%% with common_test's semantics, without its logs and servers. It shadows OTP's ct on the code
%% path of the VM under test. Output of log/pal/print goes to the suite's log file, not through
%% the group leader, so it is never captured (capture_get/0 drops it in ct too).
-module(ct).

-export([fail/1, fail/2, comment/1, comment/2,
         log/1, log/2, log/3, log/4, log/5,
         pal/1, pal/2, pal/3, pal/4, pal/5,
         print/1, print/2, print/3, print/4, print/5,
         timetrap/1, get_timetrap_info/0, sleep/1,
         get_config/1, get_config/2, get_config/3, require/1, require/2,
         get_progname/0, get_status/0, notify/2, make_priv_dir/0,
         capture_start/0, capture_stop/0, capture_get/0, capture_get/1,
         abort_current_testcase/1, userdata/2, userdata/3]).

-define(STD_IMPORTANCE, 50).

%% exit({test_case_failed, Reason}), without ct's own frame on the stack.
fail(Reason) ->
    try exit({test_case_failed, Reason})
    catch exit:R:Stack -> erlang:raise(exit, R, caller_stack(Stack))
    end.

fail(Format, Args) ->
    Text = try lists:flatten(io_lib:format(Format, Args))
           catch _:Bad -> exit({Bad, {?MODULE, fail, [Format, Args]}})
           end,
    try exit({test_case_failed, Text})
    catch exit:R:Stack -> erlang:raise(exit, R, caller_stack(Stack))
    end.

caller_stack([{?MODULE, _, _, _} | Stack]) -> Stack;
caller_stack(Stack) -> Stack.

comment(Comment) when is_list(Comment) ->
    Text = try lists:flatten(io_lib:format("~ts", [Comment]))
           catch _:_ -> lists:flatten(io_lib:format("~tp", [Comment]))
           end,
    conformance_case:set_comment(Text);
comment(Comment) ->
    conformance_case:set_comment(lists:flatten(io_lib:format("~tp", [Comment]))).

comment(Format, Args) when is_list(Format), is_list(Args) ->
    Text = try lists:flatten(io_lib:format(Format, Args))
           catch _:Bad -> exit({Bad, {?MODULE, comment, [Format, Args]}})
           end,
    conformance_case:set_comment(Text).

%% log, pal and print take ([Category,] [Importance,] Format [, Args] [, Opts]) as in ct.
log(Format) -> out(log, [Format]).
log(X1, X2) -> out(log, [X1, X2]).
log(X1, X2, X3) -> out(log, [X1, X2, X3]).
log(X1, X2, X3, X4) -> out(log, [X1, X2, X3, X4]).
log(Category, Importance, Format, Args, _Opts) -> out(log, [Category, Importance, Format, Args]).

pal(Format) -> out(pal, [Format]).
pal(X1, X2) -> out(pal, [X1, X2]).
pal(X1, X2, X3) -> out(pal, [X1, X2, X3]).
pal(X1, X2, X3, X4) -> out(pal, [X1, X2, X3, X4]).
pal(Category, Importance, Format, Args, _Opts) -> out(pal, [Category, Importance, Format, Args]).

print(Format) -> out(print, [Format]).
print(X1, X2) -> out(print, [X1, X2]).
print(X1, X2, X3) -> out(print, [X1, X2, X3]).
print(X1, X2, X3, X4) -> out(print, [X1, X2, X3, X4]).
print(Category, Importance, Format, Args, _Opts) ->
    out(print, [Category, Importance, Format, Args]).

out(_Kind, Args) ->
    {Format, FormatArgs} = format_and_args(Args),
    Text = try io_lib:format(Format, FormatArgs)
           catch _:_ -> io_lib:format("~tp ~tp", [Format, FormatArgs])
           end,
    conformance_report:log([Text, $\n]).

%% Drops the category and importance ct would use for filtering, keeps format and arguments.
format_and_args([F]) -> {F, []};
format_and_args([C, F]) when is_atom(C); is_integer(C) -> {F, []};
format_and_args([F, A]) -> {F, A};
format_and_args([C, I, F]) when (is_atom(C) orelse is_integer(C)), is_integer(I) -> {F, []};
format_and_args([C, F, A]) when is_atom(C); is_integer(C) -> {F, A};
format_and_args([F, A, _Opts]) -> {F, A};
format_and_args([C, I, F, A]) when is_atom(C), is_integer(I) -> {F, A};
format_and_args([_CategoryOrImportance, F, A, _Opts]) -> {F, A}.

timetrap(Time) ->
    test_server:timetrap_cancel(),
    test_server:timetrap(Time),
    ok.

get_timetrap_info() ->
    test_server:get_timetrap_info().

sleep({hours, H}) -> sleep(trunc(H * 3600000));
sleep({minutes, M}) -> sleep(trunc(M * 60000));
sleep({seconds, S}) -> sleep(trunc(S * 1000));
sleep(Time) -> test_server:adjusted_sleep(Time).

%% No configuration files: every variable is unset, as in ct run without config.
get_config(_Required) -> undefined.
get_config(_Required, Default) -> Default.
get_config(_Required, Default, _Opts) -> Default.

require(Required) -> {error, {name_in_use_or_not_available, Required}}.
require(_Name, Required) -> {error, {not_available, Required}}.

%% The command that starts the VM under test (the runner's progname option: its absolute path,
%% since the machine may have another erl on its PATH), else init's progname as in ct.
get_progname() ->
    case conformance_runner:option(progname, undefined) of
        undefined ->
            case init:get_argument(progname) of
                {ok, [[Prog]]} -> Prog;
                _ -> "no_prog_name"
            end;
        Prog -> Prog
    end.

get_status() -> no_tests_running.

notify(_Name, _Data) -> ok.

make_priv_dir() -> {error, not_manual_priv_dir}.

capture_start() -> test_server:capture_start().
capture_stop() -> test_server:capture_stop().
capture_get() -> test_server:capture_get().
%% ct:log output never reaches the group leader here, so no category needs excluding.
capture_get(_ExcludedCategories) -> test_server:capture_get().

abort_current_testcase(Reason) ->
    case conformance_case:supervisor() of
        undefined -> {error, no_testcase_running};
        _ -> exit({testcase_aborted, Reason})
    end.

userdata(_TestDir, _Suite) -> [].
userdata(_TestDir, _Suite, _Case) -> [].
