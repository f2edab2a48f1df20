%% OTP's maps module on small maps.
-module(maps_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    M = #{a => 1, b => 2, c => 3},
    ?P(maps:put(d, 4, M)),
    ?P(maps:remove(a, M)),
    ?P(maps:update(a, 100, M)),
    ?T(maps:update(x, 100, M)),
    ?P(maps:update_with(a, fun(V) -> V * 10 end, M)),
    ?P(maps:update_with(x, fun(V) -> V * 10 end, 0, M)),
    ?P(maps:merge(M, #{c => 30, d => 40})),
    ?P(maps:merge_with(fun(_K, V1, V2) -> V1 + V2 end, M, #{c => 30, d => 40})),
    ?P(maps:with([a, c, z], M)),
    ?P(maps:without([a, z], M)),
    ?P(maps:filtermap(fun(_, V) when V > 1 -> {true, V * V}; (_, _) -> false end, M)),
    ?P(lists:sort(maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], M))),
    ?P(maps:foreach(fun(K, V) -> put(K, V) end, M)),
    ?P(lists:sort([{K, get(K)} || K <- [a, b, c]])),
    ?P(maps:groups_from_list(fun(X) -> X rem 3 end, lists:seq(1, 10))),
    ?P(maps:groups_from_list(fun(X) -> X rem 2 end, fun(X) -> X * X end, lists:seq(1, 6))),
    ?P(maps:from_keys([x, y, z], 0)),
    ?P(maps:intersect(M, #{b => 20, c => 30, e => 50})),
    ?P(maps:intersect_with(fun(_, A, B) -> {A, B} end, M, #{b => 20})),
    ?P(maps:take(b, M)),
    ?P(maps:take(q, M)),
    ?P(maps:get(q, M, default)),
    ?P(maps:is_key(c, M)),
    ?P(maps:size(M)),
    ?P(lists:sort(maps:values(M))),
    ?T(maps:get(q, M)),
    ?T(maps:put(a, 1, not_a_map)),
    ?T(maps:from_list([a])),
    ?P(maps:to_list(maps:iterator(M, ordered))),
    ?P(maps:to_list(maps:iterator(M, fun(A, B) -> A >= B end))),
    ?P(maps:keys(maps:from_list([{3, c}, {1, a}, {2, b}]))),
    ok.
