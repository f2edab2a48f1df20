%% Extracts BEAM's atom table, oldest first (= atom index order), from an erl_crash.dump whose
%% "=atoms" section lists the newest atom first. Writes one atom per line, UTF-8, with "\\" and
%% "\n" escaped. Regenerate jbeam's seed table (see docs/terms.md):
%%   erl -noshell -eval 'erlang:halt("atoms")'          (writes erl_crash.dump)
%%   erlc atom_table.erl && erl -noshell -run atom_table main erl_crash.dump beam-atoms.txt
-module(atom_table).
-export([main/1]).

main([Dump, Out]) ->
    {ok, Bin} = file:read_file(Dump),
    [_, AfterHeader] = binary:split(Bin, <<"\n=atoms\n">>),
    [Section | _] = binary:split(AfterHeader, <<"\n=">>),
    Lines = binary:split(Section, <<"\n">>, [global, trim_all]),
    Atoms = [parse(L) || L <- lists:reverse(Lines)],
    Text = [[escape(atom_to_binary(A)), $\n] || A <- Atoms],
    ok = file:write_file(Out, Text),
    halt(0).

parse(Line) ->
    case erl_scan:string(unicode:characters_to_list(Line) ++ " ") of
        {ok, [{atom, _, A}], _} -> A;
        {ok, [{Reserved, _}], _} when is_atom(Reserved) -> Reserved  % e.g. 'and', printed bare
    end.

escape(B) ->
    binary:replace(binary:replace(B, <<"\\">>, <<"\\\\">>, [global]), <<"\n">>, <<"\\n">>, [global]).
