%% The errors maps raise: badmap, badkey, and a failed match.
-module(maps_errors).
-export([main/0]).
-include("corpus.hrl").

main() ->
    M = #{a => 1},
    ?T(update(M, b)),
    ?T(update(not_a_map, a)),
    ?T(get(M, b)),
    ?T(map_get(x, M)),
    ?T(map_get(x, [])),
    ?T(map_size(foo)),
    ?T(match(M)),
    ?T(is_map_key(a, 42)),
    ?T(maps:keys([])),
    ?T(maps:merge(M, 1)),
    ok.

update(Map, K) -> Map#{K := 2}.
get(Map, K) -> maps:get(K, Map).
match(#{b := B}) -> B.
