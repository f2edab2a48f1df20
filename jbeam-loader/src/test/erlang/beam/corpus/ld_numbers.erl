%% Numbers: float registers and float arithmetic, bignum literals (inline i-tagged up to 2^128,
%% literal table beyond), negative numbers, integer ops and comparisons.
-module(ld_numbers).
-export([fl/2, big/0, neg/0, ops/2, cmp/2, huge/1, limits/0]).

fl(X, Y) when is_float(X), is_float(Y) -> (X * Y + X / Y - X) * -Y.
big() -> {16#FFFFFFFFFFFFFFFF, 16#1FFFFFFFFFFFFFFFF, 1 bsl 100, 1 bsl 127, 1 bsl 200, 123456789012345678901234567890}.
neg() -> {-1, -16, -2048, -32768, -32769, -(1 bsl 63), -(1 bsl 64), -(1 bsl 127), -(1 bsl 300)}.
ops(A, B) -> {A + B, A - B, A * B, A div B, A rem B, A band B, A bor B, A bxor B, bnot A, A bsl 3, A bsr 2, -A, abs(A)}.
cmp(A, B) -> {A < B, A >= B, A == B, A /= B, A =:= B, A =/= B, min(A, B), max(A, B)}.
huge(X) when X =:= 340282366920938463463374607431768211456 -> two128;
huge(X) when X > 1 bsl 90 -> big;
huge(_) -> small.
limits() -> {1.0e308, -1.0e-308, 0.0, -0.0, 2.5, 1.0e-320}.
