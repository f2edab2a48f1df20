%% term_to_binary/binary_to_term round trips of a mixed term (tuples, lists, atoms, binaries,
%% floats, a map, a bignum), 2000 times.
-module(bench_ext_term).
-export([run/0]).

run() ->
    Term = {record, [{I, integer_to_binary(I), float(I), [a, b, c]} || I <- lists:seq(1, 50)],
            #{name => <<"jbeam">>, version => {1, 2, 3}, tags => [fast, exact]}, 1 bsl 100, "a string"},
    loop(2000, Term, 0).

loop(0, _, Acc) -> Acc;
loop(N, T, Acc) ->
    B = term_to_binary(T),
    T = binary_to_term(B),
    loop(N - 1, T, Acc + byte_size(B)).
