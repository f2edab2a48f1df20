%% Float arithmetic and the math module; badarith on overflow, NaN and division by zero.
-module(floats_math).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?P(math:pi()),
    ?P(math:sqrt(2)),
    ?P(math:pow(2, 0.5)),
    ?P(math:exp(1)),
    ?P(math:log(10)),
    ?P(math:log2(1024)),
    ?P(math:log10(12345)),
    ?P([math:sin(X) || X <- [0, 0.5, 1.0, math:pi()]]),
    ?P([math:cos(X) || X <- [0, 0.5, 1.0]]),
    ?P(math:atan2(1, -1)),
    ?P({math:tanh(0.5), math:asinh(1), math:acosh(2), math:atanh(0.5)}),
    ?P({math:floor(-2.5), math:ceil(-2.5), math:fmod(10.5, 3)}),
    ?P(math:erf(0.5)),
    ?P(math:tau()),
    ?T(math:sqrt(-1)),
    ?T(math:log(0)),
    ?T(math:log(-1)),
    ?T(math:pow(10, 400)),
    ?T(math:exp(1000)),
    ?T(1.0e308 * 10),
    ?T(1.0e308 + 1.0e308),
    ?T(-1.0e308 * 10),
    ?T(1.0 / 0),
    ?T(0.0 / 0.0),
    ?T(1 / 3),
    ?T(float(1 bsl 1024)),
    ?T(1.0e300 * 1.0e-300),
    ?T(5.0e-324 / 2),
    ?T(2.0 * 5.0e-324),
    ?T(7 / 2),
    ?T(-7 / 2.0),
    ?P(sum_series(1000000)),
    ?P(newton_sqrt(2.0, 30)),
    ?P(mandel_count()),
    ok.

sum_series(N) -> sum_series(N, 0.0).
sum_series(0, Acc) -> Acc;
sum_series(N, Acc) -> sum_series(N - 1, Acc + 1.0 / (N * N)).

newton_sqrt(X, 0) -> X;
newton_sqrt(X, N) -> G = newton_sqrt(X, N - 1), (G + 2.0 / G) / 2.

mandel_count() ->
    length([1 || Y <- lists:seq(-10, 10), X <- lists:seq(-20, 10), in_set(X / 10, Y / 10, 0.0, 0.0, 50)]).

in_set(_, _, _, _, 0) -> true;
in_set(Cx, Cy, Zx, Zy, N) ->
    case Zx * Zx + Zy * Zy > 4.0 of
        true -> false;
        false -> in_set(Cx, Cy, Zx * Zx - Zy * Zy + Cx, 2 * Zx * Zy + Cy, N - 1)
    end.
