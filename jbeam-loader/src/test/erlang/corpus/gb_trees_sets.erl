%% gb_trees and gb_sets: balanced trees with ordered iteration.
-module(gb_trees_sets).
-export([main/0]).
-include("corpus.hrl").

main() ->
    T0 = gb_trees:empty(),
    T1 = lists:foldl(fun(K, T) -> gb_trees:insert(K, K * K, T) end, T0, [5, 3, 8, 1, 4, 9, 2]),
    ?W(gb_trees:to_list(T1)),
    ?W(gb_trees:size(T1)),
    ?W(gb_trees:lookup(4, T1)),
    ?W(gb_trees:lookup(7, T1)),
    ?W(gb_trees:get(8, T1)),
    ?W(gb_trees:keys(gb_trees:delete(5, T1))),
    ?W(gb_trees:values(gb_trees:update(1, one, T1))),
    ?W(gb_trees:smallest(T1)),
    ?W(gb_trees:largest(T1)),
    ?W(gb_trees:take_smallest(T1) =/= x),
    ?W(gb_trees:is_defined(3, T1)),
    ?W(gb_trees:to_list(gb_trees:enter(100, x, T1))),
    ?W(gb_trees:to_list(gb_trees:map(fun(_, V) -> V + 1 end, T1))),
    ?W(iter(gb_trees:iterator(T1))),
    ?W(iter(gb_trees:iterator_from(4, T1))),
    ?W(gb_trees:to_list(gb_trees:balance(T1))),
    ?T(gb_trees:insert(5, dup, T1)),
    Big = lists:foldl(fun(K, T) -> gb_trees:enter(K, K, T) end, gb_trees:empty(), lists:seq(1000, 1, -1)),
    ?W({gb_trees:size(Big), gb_trees:smallest(Big), gb_trees:largest(Big)}),
    S = gb_sets:from_list([c, a, d, b]),
    ?W(gb_sets:to_list(S)),
    ?W(gb_sets:to_list(gb_sets:add(e, S))),
    ?W(gb_sets:is_member(a, S)),
    ?W(gb_sets:to_list(gb_sets:union(S, gb_sets:from_list([z])))),
    ?W(gb_sets:to_list(gb_sets:intersection(S, gb_sets:from_list([a, z])))),
    ?W(gb_sets:to_list(gb_sets:difference(S, gb_sets:from_list([a])))),
    ?W(gb_sets:smallest(S)),
    ?W(gb_sets:largest(S)),
    ?W(gb_sets:size(S)),
    ?W(gb_sets:to_list(gb_sets:filter(fun(X) -> X > b end, S))),
    ?W(gb_sets:fold(fun(X, A) -> [X | A] end, [], S)),
    ok.

iter(It) ->
    case gb_trees:next(It) of
        {K, V, It2} -> [{K, V} | iter(It2)];
        none -> []
    end.
