%% error, exit and throw; try ... of ... catch ... after; the old catch expression.
-module(exc_classes).
-export([main/0]).
-include("corpus.hrl").

main() ->
    [io:format("~p -> ~p~n", [What, classify(What)]) || What <- [ok, throw, error, exit, badmatch, nested]],
    ?P(catch throw(thrown)),
    ?P(catch 1 + 2),
    ?P(element(1, catch exit(bye))),
    ?P(element(1, element(2, catch error(oops)))),
    ?P(catch_reason(fun() -> error(oops) end)),
    ?P(catch_reason(fun() -> exit(bye) end)),
    ?P(catch_reason(fun() -> 1 = 2 end)),
    ?P(after_order()),
    ?P(try_of(1)),
    ?T(try_of(2)),
    ?T(try_of(3)),
    ?P(get_after_log()),
    ?P(rethrow()),
    ?P(catch_all_classes()),
    ?P(try 1 of X when X > 0 -> pos catch _ -> never end),
    ?P(nested_after()),
    ?P(try throw({a, b}) catch throw:{A, B} -> {caught, B, A} end),
    ?P(try error({x, 1}) catch error:{x, N} when N > 0 -> positive; error:{x, _} -> other end),
    ok.

classify(What) ->
    try run(What) of
        Value -> {returned, Value}
    catch
        throw:T -> {thrown, T};
        error:{badmatch, V} -> {badmatch, V};
        error:E -> {error, E};
        exit:X -> {exited, X}
    after
        io:format("after ~p~n", [What])
    end.

run(ok) -> fine;
run(throw) -> throw(ball);
run(error) -> error(broken);
run(exit) -> exit(leaving);
run(badmatch) -> {ok, _} = list_to_tuple([error, reason]);
run(nested) -> try throw(inner) catch throw:inner -> error(outer) end.

catch_reason(F) ->
    case catch F() of
        {'EXIT', {Reason, Stack}} when is_list(Stack) -> {error_exit, Reason};
        {'EXIT', Reason} -> {exit, Reason};
        Other -> {value, Other}
    end.

after_order() ->
    put(log, []),
    Log = fun(X) -> put(log, [X | get(log)]) end,
    try
        Log(body),
        throw(t)
    catch
        throw:t -> Log(handler)
    after
        Log('after')
    end,
    lists:reverse(get(log)).

try_of(N) ->
    try N of
        1 -> one;
        2 -> throw(two_from_of)
    catch
        throw:two_from_of -> {not_caught_here, never}
    after
        put(after_log, [N | case get(after_log) of undefined -> []; L -> L end])
    end.

get_after_log() -> lists:reverse(get(after_log)).

rethrow() ->
    try
        try error(first) catch error:R -> error({wrapped, R}) end
    catch
        error:W -> W
    end.

catch_all_classes() ->
    [try F() catch C:R -> {C, R} end
     || F <- [fun() -> throw(a) end, fun() -> error(b) end, fun() -> exit(c) end]].

nested_after() ->
    put(order, []),
    Add = fun(X) -> put(order, get(order) ++ [X]) end,
    catch try
        try throw(x) after Add(inner_after) end
    after
        Add(outer_after)
    end,
    get(order).
