%% Message round trip: 200,000 ping-pong exchanges between two processes.
-module(bench_roundtrip).
-export([run/0]).

run() ->
    Pong = spawn(fun pong/0),
    R = ping(200000, Pong),
    Pong ! stop,
    R.

ping(0, _) -> ok;
ping(N, Pong) ->
    Pong ! {self(), N},
    receive {pong, N} -> ping(N - 1, Pong) end.

pong() ->
    receive
        {From, N} -> From ! {pong, N}, pong();
        stop -> ok
    end.
