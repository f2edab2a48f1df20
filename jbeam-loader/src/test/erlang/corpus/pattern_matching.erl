%% Pattern matching: string prefixes, nested patterns, aliases, repeated variables, literals.
-module(pattern_matching).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?P([command(C) || C <- ["get key", "set k v", "del", "quit", "GET x"]]),
    ?P([same(X) || X <- [{1, 1}, {1, 2}, {a, a}, {[x], [x]}, {1, 1.0}]]),
    ?P(pt_alias({point, 3, 4})),
    ?P(deep({a, [1, {b, <<"xy">>, #{k => v}}]}) =:= ok),
    ?P([lit(X) || X <- [0, 0.0, "", [], <<>>, {}, 'atom', 1.0e10]]),
    {A, [B | _], #{c := C}} = {1, [2, 3], #{c => 4, d => 5}},
    ?P({A, B, C}),
    [H | T] = "hello", ?P({H, T}),
    "he" ++ Rest = "hello", ?P(Rest),
    <<"he", Rest2/binary>> = <<"hello">>, ?P(Rest2),
    ?P(case {ok, [1, 2, 3]} of {ok, [_, Second | _]} -> Second; _ -> none end),
    ?P([X || {X, X} <- [{1, 1}, {1, 2}, {3, 3}]]),
    ?P(fizzbuzz(15)),
    ok.

command("get " ++ Key) -> {get, Key};
command("set " ++ Rest) -> [K, V] = string:split(Rest, " "), {set, K, V};
command("del") -> del;
command([C | _] = S) when C >= $A, C =< $Z -> {upper, S};
command(_) -> unknown.

same({X, X}) -> same;
same({_, _}) -> different.

pt_alias({point, X, Y} = P) -> {P, X * X + Y * Y}.

deep({a, [1, {b, <<"x", _/binary>>, #{k := v}}]}) -> ok;
deep(_) -> nope.

lit(0) -> int_zero;
lit(+0.0) -> float_zero;
lit("") -> empty;
lit(<<>>) -> empty_bin;
lit({}) -> empty_tuple;
lit(atom) -> atom;
lit(1.0e10) -> big_float.

fizzbuzz(N) ->
    [case {I rem 3, I rem 5} of {0, 0} -> fizzbuzz; {0, _} -> fizz; {_, 0} -> buzz; _ -> I end
     || I <- lists:seq(1, N)].
