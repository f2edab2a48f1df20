%% Tail calls never grow the stack: a 10^7 self loop, 10^6 mutual recursion, tail calls through funs
%% and apply, and a CPS loop.
-module(tail_recursion).
-export([main/0, remote_loop/2]).

main() ->
    io:format("loop 10^7: ~p~n", [loop(10000000, 0)]),
    io:format("mutual 10^6: ~p~n", [is_even(1000001)]),
    io:format("remote tail calls 10^6: ~p~n", [?MODULE:remote_loop(1000000, 0)]),
    F = fun Loop(0, Acc) -> Acc; Loop(N, Acc) -> Loop(N - 1, Acc + 2) end,
    io:format("fun loop 10^6: ~p~n", [F(1000000, 0)]),
    io:format("apply loop 10^5: ~p~n", [apply_loop(100000, 0)]),
    io:format("cps 10^5: ~p~n", [cps(100000, fun(X) -> X end)]),
    io:format("accumulate reverse: ~p~n", [lists:sublist(rev(lists:seq(1, 1000000), []), 3)]),
    io:format("float loop: ~p~n", [floop(1000000, 0.0)]),
    io:format("state machine: ~p~n", [idle(lists:duplicate(1000000, tick), 0)]),
    ok.

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + N).

is_even(0) -> true;
is_even(N) -> is_odd(N - 1).
is_odd(0) -> false;
is_odd(N) -> is_even(N - 1).

remote_loop(0, Acc) -> Acc;
remote_loop(N, Acc) -> ?MODULE:remote_loop(N - 1, Acc + 1).

apply_loop(0, Acc) -> Acc;
apply_loop(N, Acc) -> apply(fun apply_loop/2, [N - 1, Acc + 1]).

cps(0, K) -> K(0);
cps(N, K) -> cps(N - 1, fun(V) -> K(V + 1) end).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).

floop(0, X) -> X;
floop(N, X) -> floop(N - 1, X + 0.5).

idle([], Count) -> {idle, Count};
idle([tick | Rest], Count) -> busy(Rest, Count + 1).
busy([], Count) -> {busy, Count};
busy([tick | Rest], Count) -> idle(Rest, Count + 1).
