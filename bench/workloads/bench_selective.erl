%% Selective receive with a long queue: 10,000 unmatched messages stay queued while 20,000
%% request/reply exchanges each pick their tagged reply (the reference-tagged receive optimisation).
-module(bench_selective).
-export([run/0]).

run() ->
    [self() ! {noise, I} || I <- lists:seq(1, 10000)],
    Server = spawn(fun server/0),
    R = calls(20000, Server, 0),
    Server ! stop,
    flush(),
    R.

calls(0, _, Acc) -> Acc;
calls(N, Server, Acc) ->
    Ref = make_ref(),
    Server ! {self(), Ref, N},
    receive {Ref, V} -> calls(N - 1, Server, Acc + V) end.

server() ->
    receive
        {From, Ref, N} -> From ! {Ref, N * 2}, server();
        stop -> ok
    end.

flush() -> receive _ -> flush() after 0 -> ok end.
