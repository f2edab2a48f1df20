%% List comprehensions: generators, filters, pattern generators, nesting and large inputs.
-module(list_comprehension).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?W([X * X || X <- lists:seq(1, 10)]),
    ?W([X || X <- lists:seq(1, 30), X rem 3 =:= 0, X rem 2 =:= 1]),
    ?W([{X, Y} || X <- [1, 2, 3], Y <- [a, b]]),
    ?W([X || {ok, X} <- [{ok, 1}, error, {ok, 2}, {error, 3}, {ok, 3}]]),
    ?W([{A, B, C} || C <- lists:seq(1, 30), B <- lists:seq(1, C), A <- lists:seq(1, B), A * A + B * B =:= C * C]),
    ?W(qsort([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])),
    ?W(perms([a, b, c])),
    ?W([[Y || Y <- lists:seq(1, X)] || X <- lists:seq(1, 4)]),
    ?W([X || X <- [1, a, 2.0, "s", 3], is_integer(X)]),
    ?W([X || true, X <- [1]]),
    ?W([x || false]),
    ?W([X || [X | _] <- [[1, 2], [], [3], foo]]),
    ?W(length([X || X <- lists:seq(1, 1000000), X rem 1000 =:= 0])),
    ?W(primes(100)),
    ?W([C || C <- "Hello, World!", C >= $A, C =< $Z]),
    Bindings = [{x, 1}, {y, 2}],
    ?W([V || {K, V} <- Bindings, K =/= y]),
    ok.

qsort([]) -> [];
qsort([P | T]) -> qsort([X || X <- T, X < P]) ++ [P] ++ qsort([X || X <- T, X >= P]).

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].

primes(N) -> sieve(lists:seq(2, N)).
sieve([]) -> [];
sieve([P | Xs]) -> [P | sieve([X || X <- Xs, X rem P =/= 0])].
