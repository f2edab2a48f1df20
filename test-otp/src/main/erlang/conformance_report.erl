%% The conformance runner's result protocol: one line per test case, written as soon as the
%% case ends, so that a VM that dies half-way still leaves every case it finished.
%%
%%   case<TAB>Suite<TAB>Group/Path<TAB>Case<TAB>Status<TAB>Millis<TAB>Detail
%%   done<TAB>Suite<TAB>Millis
%%
%% Status is passed | skipped | failed | dropped. Detail is the comment, the skip reason or
%% the failure (Erlang error and stack trace); in it \ TAB LF CR are escaped as \\ \t \n \r.
%% The file is UTF-8. The Java side (org.gaoos.conformance.CaseResult) reads it. The same
%% process writes the suite's log: what the suite's processes print (conformance_gl, ct:log).
-module(conformance_report).

-export([start/2, result/5, log/1, finish/2, abandon/0]).
-export([escape/1, text/1]).

-define(NAME, conformance_report).
-define(MAX_DETAIL, 16000).

%% Starts the writer, the one process that owns the suite's results and log files. Monitored:
%% a writer that dies before answering (e.g. the name is taken) is an error, not a hang.
start(Results, Log) ->
    Parent = self(),
    {Pid, MRef} = spawn_monitor(fun() -> open(Parent, Results, Log) end),
    receive
        {Pid, ok} -> erlang:demonitor(MRef, [flush]), ok;
        {Pid, {error, Reason}} -> error({cannot_open_results_file, Results, Reason});
        {'DOWN', MRef, process, Pid, Reason} -> error({report_writer_died, Results, Reason})
    end.

open(Parent, Results, Log) ->
    case {file:open(Results, [write, raw, binary]), file:open(Log, [write, raw, binary])} of
        {{ok, Fd}, {ok, LogFd}} ->
            register(?NAME, self()),
            Parent ! {self(), ok},
            loop(Fd, LogFd);
        {{error, _} = Error, _} ->
            Parent ! {self(), Error};
        {_, {error, _} = Error} ->
            Parent ! {self(), Error}
    end.

loop(Fd, LogFd) ->
    receive
        {write, From, Ref, Line} ->
            ok = file:write(Fd, Line),
            From ! {Ref, ok},
            loop(Fd, LogFd);
        {log, From, Ref, Bytes} ->
            _ = file:write(LogFd, Bytes),
            From ! {Ref, ok},
            loop(Fd, LogFd);
        {close, From, Ref} ->
            ok = file:close(Fd),
            ok = file:close(LogFd),
            %% The name is free before the answer: the next suite's writer registers it as soon
            %% as the runner has the answer, maybe before this process has finished exiting.
            unregister(?NAME),
            From ! {Ref, ok}
    end.

%% Appends characters to the suite's log; between suites they go to the VM's output.
log(Chars) ->
    Bytes = unicode:characters_to_binary(Chars),
    case whereis(?NAME) of
        undefined -> io:put_chars(user, Bytes);
        _ -> call({log, Bytes})
    end.

%% The runner failed in the middle of a suite: its files are closed as they are (no done line).
abandon() ->
    case whereis(?NAME) of
        undefined -> ok;
        Pid -> call(close), exit(Pid, kill), ok
    end.

%% Records one case. GroupPath is a list of group names, outermost first.
result(Suite, GroupPath, Case, {Status, Detail}, Millis) ->
    Groups = lists:join($/, [atom_to_list(G) || G <- GroupPath]),
    Line = [<<"case\t">>, atom_to_list(Suite), $\t, Groups, $\t, atom_to_list(Case), $\t,
            atom_to_list(Status), $\t, integer_to_list(Millis), $\t, escape(Detail), $\n],
    call({write, unicode:characters_to_binary(Line)}).

%% The suite ran to its end: the Java side tells a complete run from a VM that died.
finish(Suite, Millis) ->
    call({write, unicode:characters_to_binary(
                   ["done\t", atom_to_list(Suite), $\t, integer_to_list(Millis), $\n])}),
    call(close).

call(Request) ->
    Ref = make_ref(),
    case whereis(?NAME) of
        undefined -> ok;
        Pid ->
            MRef = erlang:monitor(process, Pid),
            Pid ! case Request of
                      {write, Line} -> {write, self(), Ref, Line};
                      {log, Bytes} -> {log, self(), Ref, Bytes};
                      close -> {close, self(), Ref}
                  end,
            receive
                {Ref, ok} -> erlang:demonitor(MRef, [flush]), ok;
                {'DOWN', MRef, process, Pid, _} -> ok
            end
    end.

%% Detail text for the protocol: a string as it is, any other term printed.
text(Detail) when is_binary(Detail) ->
    truncate(Detail);
text(Detail) ->
    Chars = case is_string(Detail) of
                true -> Detail;
                false -> io_lib:format("~tp", [Detail])
            end,
    truncate(unicode:characters_to_binary(Chars)).

is_string(Term) when is_list(Term) ->
    try io_lib:printable_unicode_list(lists:flatten(Term))
    catch error:_ -> false
    end;
is_string(_) ->
    false.

truncate(Bin) when byte_size(Bin) =< ?MAX_DETAIL -> Bin;
truncate(Bin) ->
    Head = binary:part(Bin, 0, ?MAX_DETAIL),
    <<Head/binary, "... (truncated)">>.

escape(Detail) ->
    << <<(escape_byte(B))/binary>> || <<B>> <= text(Detail) >>.

escape_byte($\\) -> <<"\\\\">>;
escape_byte($\t) -> <<"\\t">>;
escape_byte($\n) -> <<"\\n">>;
escape_byte($\r) -> <<"\\r">>;
escape_byte(B) -> <<B>>.
