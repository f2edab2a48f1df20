%% The error reasons the runtime raises by itself.
-module(exc_builtin_errors).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?T(atom_to_list(42)),
    ?T(1 + a),
    ?T(1 / 0),
    ?T(10 div 0),
    ?T(10 rem 0),
    ?T(bad_match(2)),
    ?T(case_clause(x)),
    ?T(if_clause(0)),
    ?T(fun_clause(b)),
    ?T(try_clause(3)),
    ?T(undefined_mod_abc:f()),
    ?T(lists:no_such_function()),
    ?T((not_a_fun())(1)),
    ?T((fun(X) -> X end)(1, 2)),
    ?T(list_to_atom(lists:duplicate(256, $a))),
    ?T(hd([])),
    ?T(tl(foo)),
    ?T(element(0, {a})),
    ?T(setelement(3, {a, b}, c)),
    ?T(list_to_integer("12x")),
    ?T(binary_to_integer(<<"">>)),
    ?T(list_to_float("1")),
    ?T(erlang:make_tuple(-1, a)),
    ?T(length([a | b])),
    ?T(abs(foo)),
    ?T(-foo),
    ?T(bnot 1.0),
    ?T(1 bsl foo),
    ?T(atom_to_binary("a")),
    ?T(throw(my_ball)),
    ?T(exit(my_reason)),
    ?T(error({my, reason})),
    ?T(apply(lists, reverse, not_a_list)),
    ?T(self() ! ok),
    ?T(foo ! ok),
    ?T(integer_to_list(10, 37)),
    ?T(lists:nth(5, [1])),
    ?T(float(foo)),
    ?T(round(foo)),
    ok.

bad_match(X) -> 1 = X.
case_clause(X) -> case X of a -> 1 end.
if_clause(X) -> if X > 0 -> pos end.
fun_clause(a) -> a.
try_clause(X) -> try X of 1 -> one catch _ -> c end.
not_a_fun() -> {not_a, fun_}.
