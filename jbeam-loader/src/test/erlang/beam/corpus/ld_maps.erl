%% Maps: construction, update (assoc and exact), matching, get_map_elements, has_map_fields,
%% comprehensions and large literal maps.
-module(ld_maps).
-export([new/2, update/2, exact/2, match/1, keys/1, guard/1, comp/1, big/0, nested/1, has/1, has2/2]).

new(K, V) -> #{K => V, a => 1, "s" => [V]}.
update(M, V) -> M#{a => V, b => V}.
exact(M, V) -> M#{a := V}.
match(#{a := A, b := B}) -> {A, B};
match(#{a := A}) -> A;
match(#{}) -> empty.
keys(M) -> maps:keys(M).
guard(M) when is_map_key(x, M), map_size(M) > 2 -> yes;
guard(M) when is_map(M) -> no.
comp(M) -> #{V => K || K := V <- M}.
big() ->
    #{k1 => 1, k2 => 2, k3 => 3, k4 => 4, k5 => 5, k6 => 6, k7 => 7, k8 => 8, k9 => 9, k10 => 10,
      k11 => 11, k12 => 12, k13 => 13, k14 => 14, k15 => 15, k16 => 16, k17 => 17, k18 => 18,
      k19 => 19, k20 => 20, k21 => 21, k22 => 22, k23 => 23, k24 => 24, k25 => 25, k26 => 26,
      k27 => 27, k28 => 28, k29 => 29, k30 => 30, k31 => 31, k32 => 32, k33 => 33, k34 => 34}.
nested(#{a := #{b := [X | _]}} = M) -> M#{c => X}.
has(#{x := _, y := _}) -> both;
has(_) -> no.
has2(K, M) -> case M of #{K := _, z := _} -> yes; _ -> no end.
