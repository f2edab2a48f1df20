%% Concurrent ETS writers: 8 processes hammer shared public tables with inserts, deletes,
%% update_counter and insert_new races; the final state is exact and printed.
-module(ets_concurrent).
-export([main/0]).

-define(WORKERS, 8).
-define(N, 3000).

p(X) -> io:format("~p~n", [X]).

main() ->
    [run(Type) || Type <- [set, ordered_set, bag, duplicate_bag]],
    halt(0).

run(Type) ->
    T = ets:new(t, [Type, public, {write_concurrency, true}, {read_concurrency, true}]),
    C = ets:new(c, [set, public, {write_concurrency, true}]),
    ets:insert(C, {hits, 0, 0}),
    Self = self(),
    Pids = [spawn(fun() -> worker(Self, W, T, C, Type) end) || W <- lists:seq(1, ?WORKERS)],
    Won = lists:sum([receive {done, P, Wins} -> Wins end || P <- Pids]),
    Keys = ets:select(T, [{{'$1', '_'}, [], ['$1']}]),
    p({Type, ets:info(T, size), length(Keys), lists:sum([K || K <- Keys, is_integer(K)])}),
    p({ets:lookup(C, hits), Won, ets:info(C, size)}),
    %% per-key counters: each of 100 keys was bumped by every worker N/100 times
    Counts = lists:sort([V || {{ctr, _}, V} <- ets:tab2list(C)]),
    p({length(Counts), lists:usort(Counts)}),
    ets:delete(T), ets:delete(C).

worker(Parent, W, T, C, Type) ->
    %% private keys: insert all, delete every third
    [ets:insert(T, {W * 1000000 + I, I}) || I <- lists:seq(1, ?N)],
    [ets:delete(T, W * 1000000 + I) || I <- lists:seq(3, ?N, 3)],
    %% shared keys: everyone inserts the same objects (bags keep one copy, duplicate_bags all)
    [ets:insert(T, {{shared, I}, x}) || I <- lists:seq(1, 50)],
    %% counters: shared total plus per-key
    [begin
         ets:update_counter(C, hits, [{2, 1}, {3, 2}]),
         ets:update_counter(C, {ctr, I rem 100}, 1, {{ctr, I rem 100}, 0})
     end || I <- lists:seq(1, ?N)],
    %% insert_new race: exactly one winner per key
    Wins = length([ok || I <- lists:seq(1, 200), ets:insert_new(C, {{race, I}, W}) =:= true]),
    _ = Type,
    Parent ! {done, self(), Wins}.
