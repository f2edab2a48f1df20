%% Large maps with atom keys: BEAM hashes an atom by its index in the atom table, so the order
%% depends on how many atoms exist when these are created (erl's boot makes ~9,900; jbeam must
%% create the same ones in the same order to agree).
-module(maps_large_atoms).
-export([main/0]).
-include("corpus.hrl").

main() ->
    Atoms = maps:from_list([{list_to_atom("key" ++ integer_to_list(I)), I} || I <- lists:seq(1, 40)]),
    ?W(maps:keys(Atoms)),
    ?W(take(5, maps:iterator(Atoms))),
    Tagged = maps:from_list([{{t, I}, I} || I <- lists:seq(1, 40)]),
    ?W(maps:values(Tagged)),
    ok.

take(0, _) -> [];
take(N, It) ->
    case maps:next(It) of
        {K, V, Next} -> [{K, V} | take(N - 1, Next)];
        none -> []
    end.
