%% Prints what OTP 27 itself reads from .beam files, for the loader tests to compare against:
%% per module its MD5 (beam_lib:md5/1, as code:module_md5/1), exports, imports and, from
%% beam_disasm, each function with its entry label and instruction names.
-module(beam_facts).
-export([main/1]).

main([ListFile, OutFile]) ->
    {ok, Bin} = file:read_file(ListFile),
    Files = [binary_to_list(F) || F <- binary:split(Bin, <<"\n">>, [global]), F =/= <<>>],
    {ok, Out} = file:open(OutFile, [write, {encoding, utf8}]),
    lists:foreach(fun(F) -> facts(Out, F) end, Files),
    ok = file:close(Out),
    halt(0).

facts(Out, File) ->
    {ok, {Mod, MD5}} = beam_lib:md5(File),
    {ok, {Mod, [{exports, Exps}, {imports, Imps}]}} = beam_lib:chunks(File, [exports, imports]),
    %% Names are printed raw (UTF-8); export entries are separated by the unit separator (31).
    io:format(Out, "M\t~ts\t~ts\t~w\t~w\t~ts~n",
              [File, hex(MD5), length(Exps), length(Imps),
               lists:join([31], [io_lib:format("~ts/~w", [F, A]) || {F, A} <- lists:sort(Exps)])]),
    {beam_file, Mod, _, _, _, Code} = beam_disasm:file(File),
    [io:format(Out, "F\t~ts\t~w\t~w\t~ts~n",
               [N, A, E, lists:join(" ", [name(I) || I <- Is])])
     || {function, N, A, E, Is} <- Code].

name(I) when element(1, I) =:= test -> atom_to_list(element(2, I));
name(I) when is_tuple(I) -> atom_to_list(element(1, I));
name(I) when is_atom(I) -> atom_to_list(I).

hex(Bin) -> [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin].
