%% sets (both representations), ordsets.
-module(sets_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    [run(V) || V <- [[{version, 1}], [{version, 2}]]],
    O = ordsets:from_list([c, a, b, a]),
    ?W(O),
    ?W(ordsets:add_element(d, O)),
    ?W(ordsets:del_element(a, O)),
    ?W(ordsets:union(O, [x, a])),
    ?W(ordsets:intersection(O, [b, c, z])),
    ?W(ordsets:subtract(O, [b])),
    ?W(ordsets:is_subset([a], O)),
    ?W(ordsets:is_element(q, O)),
    ?W(ordsets:fold(fun(E, A) -> [E | A] end, [], O)),
    ok.

run(Opts) ->
    S1 = sets:from_list([3, 1, 2, 3, 1], Opts),
    S2 = sets:from_list([2, 3, 4], Opts),
    ?W(lists:sort(sets:to_list(S1))),
    ?W(sets:size(S1)),
    ?W(sets:is_element(2, S1)),
    ?W(lists:sort(sets:to_list(sets:union(S1, S2)))),
    ?W(lists:sort(sets:to_list(sets:intersection(S1, S2)))),
    ?W(lists:sort(sets:to_list(sets:subtract(S1, S2)))),
    ?W(sets:is_subset(sets:from_list([1], Opts), S1)),
    ?W(sets:is_disjoint(S1, sets:from_list([9], Opts))),
    ?W(lists:sort(sets:to_list(sets:filter(fun(X) -> X > 1 end, S1)))),
    ?W(sets:fold(fun(X, A) -> X + A end, 0, S1)),
    ?W(lists:sort(sets:to_list(sets:add_element(9, S1)))),
    ?W(lists:sort(sets:to_list(sets:del_element(1, S1)))),
    ?W(sets:is_empty(sets:new(Opts))),
    ?W(sets:is_set(S1)),
    Big = sets:from_list(lists:seq(1, 1000), Opts),
    ?W(sets:size(Big)),
    ?W(lists:sum(sets:to_list(Big))),
    ?W(lists:sort(sets:to_list(sets:from_list([a, b, c], Opts)))),
    ?W(sets:to_list(sets:from_list([3, 1, 2], Opts))),
    ok.
