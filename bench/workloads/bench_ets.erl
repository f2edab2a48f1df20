%% ETS from 4 processes: each inserts 100,000 keys into a shared public set table and looks
%% each of them up twice.
-module(bench_ets).
-export([run/0]).

run() ->
    T = ets:new(bench, [set, public, {write_concurrency, true}, {read_concurrency, true}]),
    Self = self(),
    Workers = 4,
    [spawn(fun() -> Self ! {done, work(T, W * 1000000, 100000)} end) || W <- lists:seq(1, Workers)],
    Sum = lists:sum([receive {done, S} -> S end || _ <- lists:seq(1, Workers)]),
    Size = ets:info(T, size),
    ets:delete(T),
    {Size, Sum}.

work(T, Base, N) ->
    [ets:insert(T, {Base + I, I}) || I <- lists:seq(1, N)],
    lookups(T, Base, N, 0) + lookups(T, Base, N, 0).

lookups(_, _, 0, Acc) -> Acc;
lookups(T, Base, I, Acc) ->
    [{_, V}] = ets:lookup(T, Base + I),
    lookups(T, Base, I - 1, Acc + V).
