%% Small maps (up to 32 keys): building, := and => updates, matching, guards and printing.
-module(maps_small).
-export([main/0]).
-include("corpus.hrl").

main() ->
    M = #{a => 1, b => 2, "c" => 3, {d} => 4, 5 => five, 5.0 => float_five},
    ?P(M),
    ?W(M),
    ?P(M#{a := 10}),
    ?P(M#{z => 26}),
    ?T(M#{zz := 1}),
    ?P(maps:get(5, M)),
    ?P(maps:get(5.0, M)),
    ?P(map_size(M)),
    ?P(is_map_key(a, M)),
    ?P(maps:find("c", M)),
    ?P(maps:find(nope, M)),
    #{a := A, {d} := D} = M, ?P({A, D}),
    ?P(classify(#{type => circle, r => 2})),
    ?P(classify(#{type => square, side => 3})),
    ?P(classify(#{})),
    ?P(guarded(#{k => 1})),
    ?P(guarded(#{k => 100})),
    ?P(guarded(not_a_map)),
    ?P(#{}),
    ?P(#{1 => a, 1.0 => b}),
    ?P(#{1 => a} =:= #{1.0 => a}),
    ?P(#{1 => a} == #{1.0 => a}),
    ?P(maps:from_list([{K, K * K} || K <- lists:seq(1, 10)])),
    ?P(lists:sort([#{b => 1}, #{a => 2}, #{a => 1, b => 1}, #{a => 1}])),
    ?P(#{a => #{b => #{c => deep}}}),
    Key = k, ?P(#{Key => 1, {Key, 2} => 2}),
    ?P(map_get(b, M)),
    ?P(maps:to_list(#{30 => z, 1 => a, 15 => m, <<"b">> => b, "l" => l})),
    ?P(maps:keys(#{3 => c, 1 => a, 2 => b, x => y})),
    ok.

classify(#{type := circle, r := R}) -> {circle, R * R};
classify(#{type := square, side := S}) -> {square, S * S};
classify(#{}) -> unknown.

guarded(M) when is_map(M), map_get(k, M) < 10 -> small;
guarded(M) when is_map_key(k, M) -> big;
guarded(_) -> other.
