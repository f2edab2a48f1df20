%% Bignum arithmetic, bit operations, conversions and mixed comparisons.
-module(bignums).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?P(fact(100)),
    ?P(pow(2, 1000)),
    ?P(pow(3, 200) - pow(2, 300)),
    ?P(pow(7, 100) div pow(3, 50)),
    ?P(pow(7, 100) rem pow(3, 50)),
    ?P((-pow(10, 30)) div 7),
    ?P((-pow(10, 30)) rem 7),
    ?P(pow(10, 30) div -7),
    ?P(pow(2, 64) * pow(2, 64)),
    ?P((1 bsl 64) - 1),
    ?P(16#FFFFFFFFFFFFFFFF + 1),
    ?P(-16#8000000000000000 - 1),
    ?P(576460752303423487 + 1),
    ?P(-576460752303423488 - 1),
    ?P(pow(2, 100) band (pow(2, 70) - 1)),
    ?P(pow(2, 100) bor 1),
    ?P(pow(2, 100) bxor (pow(2, 100) + 5)),
    ?P(bnot pow(2, 100)),
    ?P(-pow(2, 100) band 16#FFFF),
    ?P(-pow(2, 100) bsr 90),
    ?P(1 bsl 200),
    ?P(pow(2, 200) bsr 199),
    ?P(-1 bsr 1000),
    ?P(pow(2, 100) bsl -50),
    ?P(abs(-pow(5, 50))),
    ?P(integer_to_list(pow(2, 100), 16)),
    ?P(integer_to_list(-pow(2, 100), 36)),
    ?P(integer_to_binary(pow(3, 100), 2)),
    ?P(list_to_integer("123456789012345678901234567890")),
    ?P(list_to_integer("-zzzzzzzzzzzzzzzz", 36)),
    ?P(binary_to_integer(<<"ffffffffffffffffffffffff">>, 16)),
    ?P(pow(2, 100) > 1.0e30),
    ?P(pow(2, 100) == float(pow(2, 100))),
    ?P(pow(2, 100) < 1.0e31),
    ?P(pow(10, 400) > 1.0e308),
    ?P(lists:sort([pow(2, 70), 1.0e21, -pow(2, 70), 0, -1.0e21])),
    ?P(gcd(fact(50), pow(2, 100) * 3)),
    ?P(fib(300)),
    ?P(length(integer_to_list(fact(1000)))),
    ?P(isqrt(pow(10, 60) + 12345)),
    ?P(pow(12345678901234567890, 3) rem 1000000007),
    ?P(trunc(1.0e25)),
    ?P(round(-1.0e25)),
    ?P(erlang:phash2(pow(2, 100))),
    ?P(term_to_binary(pow(2, 100))),
    ?P(term_to_binary(-pow(2, 40))),
    ok.

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) when E rem 2 =:= 0 -> H = pow(B, E div 2), H * H;
pow(B, E) -> B * pow(B, E - 1).

gcd(A, 0) -> A;
gcd(A, B) -> gcd(B, A rem B).

fib(N) -> fib(N, 0, 1).
fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

isqrt(N) -> isqrt(N, N).
isqrt(N, X) ->
    Y = (X + N div X) div 2,
    if Y >= X -> X; true -> isqrt(N, Y) end.
