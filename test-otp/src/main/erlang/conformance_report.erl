%% The conformance runner's result protocol: one line per test case, written and synced as
%% soon as the case ends, so that a VM that dies half-way still leaves every case it finished.
%%
%%   case<TAB>Suite<TAB>Group/Path<TAB>Case<TAB>Status<TAB>Millis<TAB>Detail
%%   done<TAB>Suite<TAB>Millis
%%
%% Status is passed | skipped | failed | dropped. Detail is the comment, the skip reason or
%% the failure (Erlang error and stack trace); in it \ TAB LF CR are escaped as \\ \t \n \r.
%% The file is UTF-8. The Java side (org.gaoos.conformance.ResultLine) reads it.
-module(conformance_report).

-export([start/1, result/5, finish/2]).
-export([escape/1, text/1]).

-define(NAME, conformance_report).
-define(MAX_DETAIL, 16000).

%% Starts the writer, the one process that owns the results file.
start(File) ->
    Parent = self(),
    Pid = spawn(fun() -> open(Parent, File) end),
    receive
        {Pid, ok} -> ok;
        {Pid, {error, Reason}} -> error({cannot_open_results_file, File, Reason})
    end.

open(Parent, File) ->
    case file:open(File, [write, raw, binary]) of
        {ok, Fd} ->
            register(?NAME, self()),
            Parent ! {self(), ok},
            loop(Fd);
        {error, _} = Error ->
            Parent ! {self(), Error}
    end.

loop(Fd) ->
    receive
        {write, From, Ref, Line} ->
            ok = file:write(Fd, Line),
            From ! {Ref, ok},
            loop(Fd);
        {close, From, Ref} ->
            ok = file:close(Fd),
            From ! {Ref, ok}
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
    Pid = whereis(?NAME),
    Msg = case Request of
              {write, Line} -> {write, self(), Ref, Line};
              close -> {close, self(), Ref}
          end,
    Pid ! Msg,
    receive {Ref, ok} -> ok end.

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
