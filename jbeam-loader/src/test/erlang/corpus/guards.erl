%% Guards: type tests, guard BIFs, andalso/orelse, ; and , and guards that fail instead of raising.
-module(guards).
-export([main/0]).
-include("corpus.hrl").

main() ->
    Values = [42, -7, 3.5, 1 bsl 80, foo, "str", <<"bin">>, <<1:3>>, {a, b}, {}, [], [1 | 2],
              #{k => v}, fun() -> ok end, fun lists:map/2, self(), make_ref(), true],
    [io:format("~w~n", [type_of(V)]) || V <- Values],
    [io:format("~w~n", [size_class(V)]) || V <- [[], [1], [1, 2, 3, 4, 5], {1, 2}, <<1, 2, 3>>, 7]],
    ?P([classify(N) || N <- [-5, 0, 5, 50, 500, 5.0, x]]),
    ?P([safe_div(A, B) || {A, B} <- [{10, 2}, {1, 0}, {a, 1}, {7, 2.0}]]),
    ?P([bif_guard(X) || X <- [{1, 2, 3}, {1}, "abc", <<"abcd">>, 3.7, -2.5, [1, 2]]]),
    ?P([bool_guard(X) || X <- [true, false, 1, undefined]]),
    ?P([either(X) || X <- [1, a, 2.0, "s"]]),
    ?P([in_range(X) || X <- [0, 1, 5, 10, 11]]),
    ?P([fails_silently(X) || X <- [[1, 2], not_a_list, {t}]]),
    ?P([arith_guard(X) || X <- [4, 5, 16, 17]]),
    ?P([cmp_guard(X, Y) || {X, Y} <- [{1, 1.0}, {1, 1}, {a, "a"}, {2, 1}]]),
    ?P([fun_guard(F) || F <- [fun(_) -> ok end, fun() -> ok end, not_fun]]),
    ?P([tuple_guard(T) || T <- [{ok, 1}, {error, x}, {ok, 1, 2}]]),
    ok.

type_of(X) when is_integer(X), X > 1 bsl 60 -> bignum;
type_of(X) when is_integer(X) -> integer;
type_of(X) when is_float(X) -> float;
type_of(X) when is_boolean(X) -> boolean;
type_of(X) when is_atom(X) -> atom;
type_of(X) when is_binary(X) -> binary;
type_of(X) when is_bitstring(X) -> bitstring;
type_of(X) when is_tuple(X) -> tuple;
type_of([]) -> nil;
type_of(X) when is_list(X), is_list(tl(X)) -> list;
type_of(X) when is_list(X) -> improper_list;
type_of(X) when is_map(X) -> map;
type_of(X) when is_function(X, 0) -> fun0;
type_of(X) when is_function(X) -> function;
type_of(X) when is_pid(X) -> pid;
type_of(X) when is_reference(X) -> reference;
type_of(_) -> other.

size_class(L) when length(L) > 3 -> long_list;
size_class(L) when is_list(L), length(L) > 0 -> short_list;
size_class(T) when tuple_size(T) =:= 2 -> pair;
size_class(B) when byte_size(B) > 2 -> big_binary;
size_class(_) -> other.

classify(N) when not is_number(N) -> nan;
classify(N) when N < 0 -> negative;
classify(0) -> zero;
classify(N) when N > 0, N < 10; N =:= 5.0 -> small;
classify(N) when N >= 10 andalso N < 100 -> medium;
classify(_) -> large.

safe_div(A, B) when B /= 0, is_number(A) -> A / B;
safe_div(_, _) -> undefined.

bif_guard(T) when element(1, T) =:= 1, tuple_size(T) >= 2 -> {tuple_starts_with_one, element(tuple_size(T), T)};
bif_guard(L) when hd(L) =:= $a -> {starts_with_a, tl(L)};
bif_guard(B) when binary_part(B, 0, 2) =:= <<"ab">> -> {binary_ab, byte_size(B)};
bif_guard(F) when trunc(F) =:= 3; round(F) =:= -3 -> {float, trunc(F), round(F), abs(F)};
bif_guard(X) -> {other, X}.

bool_guard(X) when X -> yes;
bool_guard(X) when not X -> no;
bool_guard(X) when X == 1 orelse X == 2 -> one;
bool_guard(_) -> neither.

either(X) when is_integer(X); is_atom(X) -> int_or_atom;
either(X) when is_float(X) xor is_list(X) -> float_xor_list.

in_range(X) when X >= 1, X =< 10 -> in;
in_range(_) -> out.

fails_silently(X) when length(X) > 1 -> long;
fails_silently(X) when element(1, X) =:= t -> tagged;
fails_silently(_) -> neither.

arith_guard(X) when X rem 2 =:= 0, X div 2 > 4, X band 15 =:= 0 -> mult16;
arith_guard(X) when X rem 2 =:= 0 -> even;
arith_guard(X) when (X bsl 1) > 20 -> big_odd;
arith_guard(_) -> odd.

cmp_guard(X, Y) when X =:= Y -> exact;
cmp_guard(X, Y) when X == Y -> equal;
cmp_guard(X, Y) when X < Y -> less;
cmp_guard(_, _) -> greater.

fun_guard(F) when is_function(F, 1) -> arity1;
fun_guard(F) when is_function(F) -> {arity, element(2, erlang:fun_info(F, arity))};
fun_guard(_) -> not_a_fun.

tuple_guard({ok, _} = T) when is_tuple(T) -> ok;
tuple_guard({error, R}) when is_atom(R) -> {error, R};
tuple_guard(T) when is_tuple(T) -> {size, tuple_size(T)}.
