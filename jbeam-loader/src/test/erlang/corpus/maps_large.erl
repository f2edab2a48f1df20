%% Large maps (more than 32 keys, the hash-array mapped trie): iteration order, updates, deletes.
-module(maps_large).
-export([main/0]).
-include("corpus.hrl").

main() ->
    Ints = maps:from_list([{I, I * 2} || I <- lists:seq(1, 100)]),
    ?W(maps:keys(Ints)),
    ?W(maps:to_list(maps:filter(fun(K, _) -> K rem 7 =:= 0 end, Ints))),
    Atoms = maps:from_list([{list_to_atom("key" ++ integer_to_list(I)), I} || I <- lists:seq(1, 40)]),
    ?W(maps:keys(Atoms)),
    Mixed = maps:from_list([{I, i} || I <- lists:seq(1, 20)]
                           ++ [{float(I), f} || I <- lists:seq(1, 10)]
                           ++ [{integer_to_binary(I), b} || I <- lists:seq(1, 10)]
                           ++ [{{t, I}, t} || I <- lists:seq(1, 10)]
                           ++ [{[I], l} || I <- lists:seq(1, 10)]),
    ?W(map_size(Mixed)),
    ?W(maps:to_list(Mixed)),
    Big = lists:foldl(fun(I, Acc) -> Acc#{I => I} end, #{}, lists:seq(1, 10000)),
    ?W(map_size(Big)),
    ?W(lists:sum(maps:values(Big))),
    ?W(lists:sublist(maps:keys(Big), 50)),
    Smaller = maps:without(lists:seq(1, 9990), Big),
    ?W(maps:to_list(Smaller)),
    Updated = maps:map(fun(_, V) -> V + 1 end, Ints),
    ?W(lists:sublist(maps:to_list(Updated), 10)),
    ?W(maps:get(50, Updated#{50 := fifty})),
    ?W(Ints =:= maps:from_list(lists:reverse(maps:to_list(Ints)))),
    ?W(maps:fold(fun(K, V, A) -> A + K * V end, 0, Big)),
    It = maps:iterator(Atoms),
    ?W(take(5, It)),
    ?W(take(5, maps:iterator(Ints, ordered))),
    ?W(take(5, maps:iterator(Ints, reversed))),
    Bins = maps:from_list([{<<I:16>>, I} || I <- lists:seq(1, 64)]),
    ?W(maps:values(Bins)),
    ok.

take(0, _) -> [];
take(N, It) ->
    case maps:next(It) of
        {K, V, Next} -> [{K, V} | take(N - 1, Next)];
        none -> []
    end.
