%% queue: the original, extended and Okasaki APIs.
-module(queue_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    Q = queue:from_list([1, 2, 3]),
    ?W(queue:to_list(queue:in(4, Q))),
    ?W(queue:to_list(queue:in_r(0, Q))),
    {{value, H}, Q1} = queue:out(Q),
    ?W({H, queue:to_list(Q1)}),
    {{value, T}, Q2} = queue:out_r(Q),
    ?W({T, queue:to_list(Q2)}),
    ?W(queue:out(queue:new())),
    ?W(queue:len(Q)),
    ?W(queue:is_empty(Q)),
    ?W(queue:member(2, Q)),
    ?W(queue:to_list(queue:reverse(Q))),
    ?W(queue:to_list(queue:join(Q, queue:from_list([a, b])))),
    ?W(queue:to_list(queue:filter(fun(X) -> X =/= 2 end, Q))),
    ?W(queue:to_list(queue:filter(fun(X) -> [X, X] end, Q))),
    ?W(queue:peek(Q)),
    ?W(queue:peek_r(Q)),
    ?W(queue:get(Q)),
    ?W(queue:get_r(Q)),
    ?W(queue:to_list(queue:drop(Q))),
    ?W(queue:to_list(queue:drop_r(Q))),
    {A, B} = queue:split(1, Q),
    ?W({queue:to_list(A), queue:to_list(B)}),
    ?W(queue:head(Q)), ?W(queue:last(Q)),
    ?W(queue:to_list(queue:tail(Q))),
    ?W(queue:to_list(queue:cons(x, Q))),
    ?W(queue:to_list(queue:snoc(Q, y))),
    ?W(queue:to_list(queue:init(Q))),
    ?W(queue:fold(fun(X, Acc) -> X + Acc end, 0, Q)),
    ?W(queue:any(fun(X) -> X > 2 end, Q)),
    ?W(queue:all(fun(X) -> X > 2 end, Q)),
    ?W(queue:to_list(queue:delete(2, Q))),
    ?T(queue:get(queue:new())),
    Long = lists:foldl(fun queue:in/2, queue:new(), lists:seq(1, 100000)),
    ?W(drain(Long, 0)),
    ok.

drain(Q, Acc) ->
    case queue:out(Q) of
        {{value, V}, Q2} -> drain(Q2, Acc + V);
        {empty, _} -> Acc
    end.
