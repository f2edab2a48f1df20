%% Large maps (more than 32 keys, the hash-array mapped trie): iteration order, updates, deletes.
%% No atom keys here: an atom hashes by its index in the atom table, which depends on the atoms the
%% boot created (maps_large_atoms has those).
-module(maps_large).
-export([main/0]).
-include("corpus.hrl").

main() ->
    Ints = maps:from_list([{I, I * 2} || I <- lists:seq(1, 100)]),
    ?W(maps:keys(Ints)),
    ?W(maps:to_list(maps:filter(fun(K, _) -> K rem 7 =:= 0 end, Ints))),
    Mixed = maps:from_list([{I, i} || I <- lists:seq(1, 20)]
                           ++ [{float(I), f} || I <- lists:seq(1, 10)]
                           ++ [{integer_to_binary(I), b} || I <- lists:seq(1, 10)]
                           ++ [{{"t", I}, t} || I <- lists:seq(1, 10)]
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
    It = maps:iterator(Ints),
    ?W(take(5, It)),
    ?W(element(1, maps:next(It))),
    ?W(chain(maps:next(maps:iterator(Big)), 0)),
    ?W(chain(maps:next(maps:iterator(Ints)), 0)),
    ?W(take(5, maps:iterator(Ints, ordered))),
    ?W(take(5, maps:iterator(Ints, reversed))),
    Bins = maps:from_list([{<<I:16>>, I} || I <- lists:seq(1, 64)]),
    ?W(maps:values(Bins)),
    ok.

%% maps:next/1 hands out a run of associations at once: {K, V, {K2, V2, ... [Path | Map]}}.
%% The first run from a fresh iterator has 32; Path says where the next run starts.
chain({_, _, Next}, N) -> chain(Next, N + 1);
chain([Path | Map], N) when is_map(Map) -> {N, Path};
chain(none, N) -> {N, none}.

take(0, _) -> [];
take(N, It) ->
    case maps:next(It) of
        {K, V, Next} -> [{K, V} | take(N - 1, Next)];
        none -> []
    end.
