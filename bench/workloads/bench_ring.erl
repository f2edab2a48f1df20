%% A ring of 10,000 processes passing a token around 100 times: 10^6 messages.
-module(bench_ring).
-export([run/0]).

run() ->
    Size = 10000,
    Rounds = 100,
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, Size - 1)),
    %% The token goes Last -> ... -> First -> Self: this process closes the ring and counts rounds.
    Last = spawn(fun() -> relay(First) end),
    count(Rounds, Last),
    Last ! stop,
    ok.

count(0, _) -> ok;
count(N, Head) ->
    Head ! token,
    receive token -> count(N - 1, Head) end.

relay(Next) ->
    receive
        token -> Next ! token, relay(Next);
        stop -> Next ! stop
    end.
