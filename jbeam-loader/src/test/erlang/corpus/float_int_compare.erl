%% Comparing floats with integers exactly (BEAM compares the exact values, not a conversion),
%% and converting between them at the edges of the double format.
-module(float_int_compare).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    P53 = ?MODULE:id(1 bsl 53),
    F53 = float(P53),
    io:format("~w~n", [[P53 == F53, P53 + 1 == F53, P53 + 1 > F53, P53 + 1 < F53 + 2, (P53 + 1) =:= P53 + 1]]),
    io:format("~w~n", [[compare(I, F) || {I, F} <- [{P53 + 1, F53}, {P53 - 1, F53}, {1 bsl 64, 18446744073709551616.0},
                                                  {(1 bsl 64) + 1, 18446744073709551616.0}, {1 bsl 1100, 1.0e308},
                                                  {-(1 bsl 1100), -1.0e308}, {0, -0.0}, {0, 0.0}, {1, 0.9999999999999999}]]]),
    io:format("~w~n", [lists:sort([P53 + 1, F53, P53, F53 + 2.0, P53 + 2])]),
    io:format("~w~n", [[trunc(F) || F <- [9.007199254740993e15, 1.8446744073709552e19, -9.223372036854776e18, 1.0e30]]]),
    io:format("~w~n", [[float(I) || I <- [P53 + 1, (1 bsl 63) - 1, (1 bsl 64) + 1, -(1 bsl 63) - 1, 1 bsl 1023]]]),
    io:format("~w~n", [[round(F) || F <- [4503599627370495.5, 4503599627370496.5, -0.5, 0.49999999999999994]]]),
    io:format("~w~n", [[max(P53 + 1, F53), min(P53 + 1, F53), max(1, 1.0), max(1.0, 1)]]),
    io:format("~w~n", [[P53 + 0.0, P53 * 1.0, (P53 + 1) / 1, (1 bsl 100) / (1 bsl 99)]]),
    io:format("~w~n", [[erlang:phash2(1), erlang:phash2(1.0), erlang:phash2(P53), erlang:phash2(F53)]]),
    io:format("~w~n", [[#{1 => a, 1.0 => b} =:= #{1.0 => b, 1 => a}, map_size(#{1 => a, 1.0 => b})]]),
    io:format("~w~n", [[lists:member(1.0, [1]), lists:keyfind(1.0, 1, [{1, int}]), lists:keyfind(1, 1, [{1.0, float}])]]),
    ok.

compare(A, B) when A < B -> lt;
compare(A, B) when A > B -> gt;
compare(A, B) when A == B -> eq.
