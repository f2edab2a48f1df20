%% Integer arithmetic in loops (functions that tail-call themselves), where jbeam keeps the
%% results of + - * div rem band bor bxor bsr unboxed in long locals: results at and across the
%% 64-bit boundary (into bignums and back), div/rem/bsr edge cases, bitwise operations on
%% negatives, comparisons of unboxed values with floats, bignums and atoms, float and non-number
%% operands, guards that fail on badarith, unboxed values passed to calls, stored in data,
%% returned and raising badarith (with BEAM's error_info frame).
-module(int_unboxed).
-export([main/0]).

main() ->
    Max = 1 bsl 63 - 1, Min = -(1 bsl 63),
    io:format("~p~n", [sum(100000, 0)]),
    io:format("~p~n", [grow(1, 70)]),
    io:format("~p~n", [shrink(1 bsl 70, 70)]),
    io:format("~p~n", [[op(add, Max, 1), op(add, Min, -1), op(add, Max, Min), op(sub, Min, 1),
                        op(sub, Max, -1), op(sub, 0, Min), op(sub, -1, Max), op(mul, Max, 2),
                        op(mul, Min, -1), op(mul, Min, 1), op(mul, 1 bsl 32, 1 bsl 31),
                        op(mul, -(1 bsl 32), 1 bsl 31), op(mul, 3037000500, 3037000500),
                        op(mul, -3037000499, 3037000499)]]),
    io:format("~p~n", [[op(dv, Min, -1), op(dv, Min, 1), op(dv, 7, -2), op(dv, -7, 2), op(dv, -7, -2),
                        op(rm, Min, -1), op(rm, -7, 2), op(rm, 7, -2), op(rm, Min, Max)]]),
    io:format("~p~n", [[op(sr, -1, 63), op(sr, -1, 64), op(sr, -8, 1), op(sr, Max, 63), op(sr, Max, 62),
                        op(sr, 5, 0), op(sr, 1, -3), op(sr, 1, -63), op(sr, Min, 100), op(sr, 1 bsl 64, 1)]]),
    io:format("~p~n", [[op(b_and, -12345, 255), op(b_or, -12345, 255), op(b_xor, -12345, 255),
                        op(b_and, Min, Max), op(b_or, Min, Max), op(b_xor, -1, Min),
                        op(b_and, 1 bsl 70, -1), op(b_xor, 1 bsl 70, 1)]]),
    io:format("~p~n", [[err(fun() -> op(dv, 1, 0) end), err(fun() -> op(rm, 1, 0) end),
                        err(fun() -> op(add, 1, foo) end), err(fun() -> op(b_and, 1, 2.0) end),
                        err(fun() -> op(sr, 1, [x]) end)]]),
    io:format("~p~n", [[op(add, 1, 2.5), op(mul, 2.0, 3), op(sub, 1 bsl 64, 1)]]),
    io:format("~p~n", [[cmp(1, 1.0), cmp(2, 1.5), cmp(Max, Max + 1), cmp(Min, Min - 1), cmp(3, 3),
                        cmp(1, a), cmp(0, 0.0), cmp(-1, -1), cmp(1023, 1023), cmp(1024, 1024)]]),
    io:format("~p~n", [collect(10, [])]),
    io:format("~p~n", [lcg(1000, 42, 0)]),
    io:format("~p~n", [countdown(5, [])]),
    io:format("~p~n", [fact(25, 1)]),
    io:format("~p~n", [[guarded(X, 10, 0) || X <- [1, 20, foo, 2.5, 1 bsl 62]]]),
    io:format("~p~n", [float_loop(0.5, 4)]),
    io:format("~p~n", [swap_loop(1, 2, 5)]),
    io:format("~p~n", [map_loop(5, #{})]),
    ok.

%% The class, reason and the top frame's function and arguments of an exception.
err(F) ->
    try F() catch C:R:St -> {C, R, element(1, hd(St)), element(2, hd(St)), element(3, hd(St))} end.

sum(0, Acc) -> Acc;
sum(N, Acc) -> sum(N - 1, Acc + (N band 7) * N).

%% Doubling past 2^63 and on into bignums.
grow(X, 0) -> X;
grow(X, N) -> grow(X * 2 + 1, N - 1).

%% Halving from a bignum back into small integers.
shrink(X, 0) -> X;
shrink(X, N) -> shrink(X div 2 - 1 + 1, N - 1).

%% Each operation computed three times in a loop, the result carried in a register.
op(Op, A, B) -> op(Op, A, B, 3, none).

op(_, _, _, 0, R) -> R;
op(add, A, B, N, _) -> op(add, A, B, N - 1, A + B);
op(sub, A, B, N, _) -> op(sub, A, B, N - 1, A - B);
op(mul, A, B, N, _) -> op(mul, A, B, N - 1, A * B);
op(dv, A, B, N, _) -> op(dv, A, B, N - 1, A div B);
op(rm, A, B, N, _) -> op(rm, A, B, N - 1, A rem B);
op(sr, A, B, N, _) -> op(sr, A, B, N - 1, A bsr B);
op(b_and, A, B, N, _) -> op(b_and, A, B, N - 1, A band B);
op(b_or, A, B, N, _) -> op(b_or, A, B, N - 1, A bor B);
op(b_xor, A, B, N, _) -> op(b_xor, A, B, N - 1, A bxor B).

%% Comparisons of an unboxed value (A + 0) with B, in a loop.
cmp(A, B) -> cmp(A, B, 2, []).

cmp(_, _, 0, R) -> R;
cmp(A, B, N, _) ->
    X = A + 0,
    cmp(A, B, N - 1, {X == B, X =:= B, X < B, X >= B, X /= B, X =/= B, X =:= 1.0, X == 1023, X =:= 1024}).

%% Unboxed values stored in data and passed to calls.
collect(0, Acc) -> lists:reverse(Acc);
collect(N, Acc) -> M = N * 1000000000000, collect(N - 1, [{M, M + 1, integer_to_list(M - 1)} | Acc]).

lcg(0, X, Acc) -> {X, Acc};
lcg(N, X, Acc) ->
    Y = (X * 1103515245 + 12345) rem 2147483648,
    lcg(N - 1, Y, Acc bxor (Y bsr 3)).

countdown(0, Acc) -> Acc;
countdown(N, Acc) -> countdown(N - 1, [N - 1 | Acc]).

fact(0, Acc) -> Acc;
fact(N, Acc) -> fact(N - 1, Acc * N).

%% Arithmetic in guards: badarith makes the guard fail; overflow goes on in bignums.
guarded(_, 0, Acc) -> Acc;
guarded(X, N, Acc) when X * N > 100 -> guarded(X, N - 1, Acc + X * N);
guarded(X, N, Acc) -> guarded(X, N - 1, Acc - 1).

%% A float carried through integer-typed arithmetic.
float_loop(X, 0) -> X;
float_loop(X, N) -> float_loop(X + 1, N - 1).

%% Unboxed registers moved and swapped between the arguments.
swap_loop(A, B, 0) -> {A, B};
swap_loop(A, B, N) -> swap_loop(B + 1, A * 2, N - 1).

%% An unboxed value as a map key and value.
map_loop(0, M) -> lists:sort(maps:to_list(M));
map_loop(N, M) -> K = N * N, map_loop(N - 1, M#{K => K - N}).
