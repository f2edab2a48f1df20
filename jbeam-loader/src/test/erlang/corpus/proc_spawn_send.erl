%% spawn, !, receive: request/reply, fan-out/fan-in, message ordering between one sender and one receiver.
-module(proc_spawn_send).
-export([main/0, echo/0]).

main() ->
    Self = self(),
    Echo = spawn(?MODULE, echo, []),
    Echo ! {Self, hello},
    receive {Echo, Reply} -> io:format("echo replied ~p~n", [Reply]) end,
    Echo ! stop,
    Pid = spawn(fun() -> receive {From, N} -> From ! {result, N * N} end end),
    Pid ! {Self, 12},
    receive {result, R} -> io:format("square ~p~n", [R]) end,
    Workers = [spawn(fun() -> Self ! {done, I, lists:sum(lists:seq(1, I))} end) || I <- lists:seq(1, 100)],
    Results = [receive {done, I, S} -> S end || I <- lists:seq(1, 100)],
    io:format("~p workers, total ~p~n", [length(Workers), lists:sum(Results)]),
    Sink = spawn(fun() -> collect(Self, []) end),
    [Sink ! {msg, I} || I <- lists:seq(1, 1000)],
    Sink ! done,
    receive {collected, L} -> io:format("in order: ~p, count ~p~n", [L =:= lists:seq(1, 1000), length(L)]) end,
    io:format("is_process_alive(self()) = ~p~n", [is_process_alive(self())]),
    Short = spawn(fun() -> ok end),
    Ref = monitor(process, Short),
    receive {'DOWN', Ref, process, Short, Why} -> io:format("short-lived process ended: ~p~n", [Why]) end,
    io:format("is_process_alive after exit = ~p~n", [is_process_alive(Short)]),
    Chain = lists:foldl(fun(_, Next) -> spawn(fun() -> receive N -> Next ! N + 1 end end) end, Self, lists:seq(1, 1000)),
    Chain ! 0,
    receive Count -> io:format("chain of 1000 processes counted ~p~n", [Count]) end,
    io:format("self() ! x returns ~p~n", [self() ! x]),
    receive x -> ok end,
    ok.

echo() ->
    receive
        {From, Msg} -> From ! {self(), Msg}, echo();
        stop -> ok
    end.

collect(Parent, Acc) ->
    receive
        {msg, I} -> collect(Parent, [I | Acc]);
        done -> Parent ! {collected, lists:reverse(Acc)}
    end.
