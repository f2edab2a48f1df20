%% Maps: 200,000 puts into a growing map (small then large), then 400,000 gets and 100,000 updates.
-module(bench_maps).
-export([run/0]).

run() ->
    M = put_all(200000, #{}),
    S = get_all(400000, M, 0),
    U = update_all(100000, M),
    {map_size(M), S, maps:get(7, U)}.

put_all(0, M) -> M;
put_all(N, M) -> put_all(N - 1, M#{N => N * 2}).

get_all(0, _, Acc) -> Acc;
get_all(N, M, Acc) ->
    #{(N rem 200000 + 1) := V} = M,
    get_all(N - 1, M, Acc + V).

update_all(0, M) -> M;
update_all(N, M) -> update_all(N - 1, M#{(N rem 1000 + 1) := N}).
