%% The group leader of the suite's processes, in place of common_test's test_server_gl. The
%% runner's own process has one, shared by the cases run one after another; each branch of a
%% parallel group gets one of its own, as in test_server_io. It writes what the processes print
%% to the suite's log (conformance_report) and answers I/O requests as test_server_gl does,
%% because suites observe the difference:
%%  - an output request it cannot turn into characters gets {error, arguments} (io_SUITE's
%%    error_info checks the error io:put_chars/1 raises then);
%%  - every other request (input, options) is passed on to the VM's own group leader;
%%  - ct:capture_start/0 makes it send each output, as {captured, Chars}, to the capturing
%%    process, whichever process printed it (sys_SUITE captures a server's trace output), and
%%    ct:capture_get/0 collects those messages.
-module(conformance_gl).

-export([start/0, capture/1, capture_get/0]).

%% Starts a group leader; requests other than output go to the caller's current group leader.
start() ->
    Out = group_leader(),
    spawn(fun() -> loop(Out, none) end).

%% Starts (Pid) or stops (false) capturing the output of the caller's group leader.
capture(Who) ->
    GL = group_leader(),
    Ref = erlang:monitor(process, GL),
    GL ! {conformance_capture, self(), Ref, Who},
    receive
        {Ref, ok} ->
            erlang:demonitor(Ref, [flush]),
            ok;
        {'DOWN', Ref, process, GL, _} ->
            ok
    after 5000 ->
            erlang:demonitor(Ref, [flush]),
            {error, {not_a_conformance_group_leader, GL}}
    end.

%% The output captured so far, and not yet collected, one string per request.
capture_get() ->
    receive {captured, Chars} -> [Chars | capture_get()]
    after 0 -> []
    end.

loop(Out, Capture) ->
    receive
        {io_request, From, ReplyAs, Request} = Msg ->
            try output(Request) of
                passthrough ->
                    Out ! Msg;
                Chars ->
                    case Capture of
                        none -> ok;
                        Pid -> Pid ! {captured, Chars}
                    end,
                    conformance_report:log(Chars),
                    From ! {io_reply, ReplyAs, ok}
            catch
                _:_ -> From ! {io_reply, ReplyAs, {error, arguments}}
            end,
            loop(Out, Capture);
        {conformance_capture, From, Ref, Who} ->
            From ! {Ref, ok},
            loop(Out, case Who of false -> none; Pid when is_pid(Pid) -> Pid end);
        _Other ->
            loop(Out, Capture)
    end.

%% The characters of an output request (test_server_gl's io_req/3), or passthrough.
output({put_chars, Encoding, Chars}) when Encoding =:= latin1; Encoding =:= unicode ->
    chars(unicode:characters_to_list(Chars, Encoding));
output({put_chars, Encoding, M, F, [Format, Args]}) ->
    chars(unicode:characters_to_list(M:F(Format, Args), Encoding));
output(_) ->
    passthrough.

chars(Chars) when is_list(Chars) -> Chars;
chars(Error) -> error({not_characters, Error}).
