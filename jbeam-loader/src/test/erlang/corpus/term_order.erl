%% The total term order: number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring,
%% and == versus =:=. Pids, refs and ports are sorted but never printed.
-module(term_order).
-export([main/0]).
-include("corpus.hrl").

main() ->
    Port = list_to_port("#Port<0.0>"), % a port term (ports themselves are not this program's subject)
    Mixed = [<<"bin">>, [1], [], #{a => 1}, {1, 2}, self(), Port, fun() -> ok end, make_ref(), atom, 1.5, 1,
             <<1:3>>, {}, "", {a}, #{}, -1, zzz, 'A', <<>>],
    io:format("~p~n", [[kind(X) || X <- lists:sort(Mixed)]]),
    io:format("~p~n", [[kind(X) || X <- lists:reverse(lists:sort(lists:reverse(Mixed)))]]),
    ?P(lists:sort([{2, a}, {1, b, c}, {1, z}, {}, {0, 0, 0}])),
    ?P(lists:sort([[1, 2], [1], [1, 1, 1], [0, 9], [1 | 2], []])),
    ?P(lists:sort([b, 'B', aa, a, '', 'a b', z])),
    ?P(lists:sort([<<2>>, <<1, 2>>, <<1>>, <<>>, <<1, 2, 3>>, <<0:1>>])),
    ?P(lists:sort([#{b => 1}, #{a => 1, b => 1}, #{a => 2}, #{1 => x}, #{1.0 => x}, #{}])),
    ?P(lists:sort([1, 1.0, 2, 1.5, -0.0, 0, 0.0])),
    ?P(lists:usort([1, 1.0, 1, 2.0, 2])),
    ?P(lists:sort(fun(A, B) -> A >= B end, [3, 1, 2])),
    ?P([1 == 1.0, 1 =:= 1.0, 1 /= 1.0, 1 =/= 1.0, {1} == {1.0}, [1] =:= [1.0], #{a => 1} == #{a => 1.0}]),
    ?P([a < b, 1 < a, {} < [], [] < "a", "abc" < <<"abc">>, {1, 2} < {2}, {2} < {1, 2}]),
    ?P([max(1, 1.0), min(1, 1.0), max(1.0, 1), min(1.0, 1), max(a, "a"), min([], {})]),
    ?P(erlang:max(3, 3.0)),
    ?P([compare(X, Y) || {X, Y} <- [{1, 2}, {2, 1}, {1, 1.0}, {a, a}, {[1, 2], [1, 3]}]]),
    ?P(lists:sort([{1, a}, {1.0, b}, {1, c}])),
    ?P(lists:keysort(1, [{1, a}, {1.0, b}, {0.5, c}, {1, d}])),
    ?P(lists:ukeysort(1, [{1, a}, {1.0, b}, {0.5, c}, {1, d}])),
    ?P(lists:sort([[], [[]], [[], []], [[[]]]])),
    ?P(lists:sort([(1 bsl 70), 1.0e21, (1 bsl 69), -(1 bsl 70), 1.0e-300])),
    ok.

kind(X) when is_number(X) -> {number, X};
kind(X) when is_atom(X) -> {atom, X};
kind(X) when is_reference(X) -> reference;
kind(X) when is_function(X) -> 'fun';
kind(X) when is_port(X) -> port;
kind(X) when is_pid(X) -> pid;
kind(X) when is_tuple(X) -> {tuple, X};
kind(X) when is_map(X) -> {map, X};
kind([]) -> nil;
kind(X) when is_list(X) -> {list, X};
kind(X) when is_bitstring(X) -> {bitstring, X}.

compare(X, Y) when X < Y -> lt;
compare(X, Y) when X == Y -> eq;
compare(_, _) -> gt.
