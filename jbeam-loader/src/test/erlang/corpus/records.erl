%% Records: creation with defaults, field access, update (update_record), matching, guards, record_info.
-module(records).
-export([main/0]).
-include("corpus.hrl").

-record(point, {x = 0, y = 0}).
-record(person, {name, age = 0 :: integer(), email = undefined, tags = [] :: list()}).
-record(node, {value, left = nil, right = nil}).
-record(big, {f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16}).

main() ->
    P = #point{x = 3},
    ?P(P),
    ?P(P#point.x + P#point.y),
    ?P(P#point{y = 4}),
    Alice = #person{name = "Alice", age = 30},
    ?P(Alice),
    Older = Alice#person{age = Alice#person.age + 1, tags = [admin]},
    ?P(Older),
    ?P(Older#person{email = "a@example.org", name = "Al"}),
    ?P(is_record(Alice, person)),
    ?P(is_record(Alice, point)),
    ?P(is_record({point, 1}, point)),
    ?P(record_info(fields, person)),
    ?P(record_info(size, person)),
    ?P(#person.age),
    ?P(adult(Alice)),
    ?P(adult(#person{name = "Kid", age = 5})),
    ?P(adult(#point{})),
    #person{name = Name, age = Age} = Older, ?P({Name, Age}),
    T = lists:foldl(fun insert/2, nil, [5, 3, 8, 1, 4, 9, 7]),
    ?P(to_list(T)),
    ?P(T#node.left),
    B = #big{f1 = 1, f16 = 16},
    ?P(B#big{f2 = 2, f3 = 3, f15 = 15}),
    ?P(element(1, B)),
    ?P(tuple_size(B)),
    ?T(bad_access(not_a_record)),
    ?T(bad_update({point, 1, 2, 3})),
    ?P(lists:keysort(#person.age, [#person{name = N, age = A} || {N, A} <- [{b, 20}, {a, 10}, {c, 15}]])),
    ok.

adult(#person{age = A}) when A >= 18 -> true;
adult(#person{}) -> false;
adult(_) -> not_a_person.

insert(V, nil) -> #node{value = V};
insert(V, N = #node{value = X}) when V < X -> N#node{left = insert(V, N#node.left)};
insert(V, N) -> N#node{right = insert(V, N#node.right)}.

to_list(nil) -> [];
to_list(#node{value = V, left = L, right = R}) -> to_list(L) ++ [V] ++ to_list(R).

bad_access(R) -> R#point.x.
bad_update(R) -> R#point{x = 1}.
