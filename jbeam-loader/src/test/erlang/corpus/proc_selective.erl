%% Selective receive: unmatched messages stay in the mailbox in order; patterns and guards pick later ones.
-module(proc_selective).
-export([main/0]).

main() ->
    Self = self(),
    [Self ! M || M <- [{low, 1}, {high, 2}, {low, 3}, other, {high, 4}, {low, 5}]],
    High = drain_high([]),
    io:format("high first: ~p~n", [High]),
    io:format("then the rest in order: ~p~n", [drain_all([])]),
    [Self ! {n, I} || I <- lists:seq(1, 10)],
    Evens = [receive {n, I} when I rem 2 =:= 0 -> I end || _ <- lists:seq(1, 5)],
    Odds = [receive {n, I} -> I end || _ <- lists:seq(1, 5)],
    io:format("evens ~p odds ~p~n", [Evens, Odds]),
    Ref = make_ref(),
    [Self ! {noise, I} || I <- lists:seq(1, 10000)],
    Self ! {Ref, answer},
    receive {Ref, A} -> io:format("found the tagged reply behind 10000 messages: ~p~n", [A]) end,
    io:format("queue length now ~p~n", [element(2, process_info(self(), message_queue_len))]),
    Sum = lists:sum([receive {noise, I} -> I end || _ <- lists:seq(1, 10000)]),
    io:format("noise sum ~p~n", [Sum]),
    Server = spawn(fun() -> server(0) end),
    Replies = [call(Server, {add, I}) || I <- lists:seq(1, 10)],
    io:format("server replies ~p~n", [Replies]),
    io:format("mailbox empty: ~p~n", [receive Any -> {unexpected, Any} after 0 -> true end]),
    ok.

drain_high(Acc) ->
    receive {high, N} -> drain_high([N | Acc])
    after 0 -> lists:reverse(Acc)
    end.

drain_all(Acc) ->
    receive M -> drain_all([M | Acc])
    after 0 -> lists:reverse(Acc)
    end.

call(Server, Req) ->
    Ref = make_ref(),
    Server ! {self(), Ref, Req},
    receive {Ref, Reply} -> Reply end.

server(Total) ->
    receive
        {From, Ref, {add, N}} -> From ! {Ref, Total + N}, server(Total + N)
    end.
