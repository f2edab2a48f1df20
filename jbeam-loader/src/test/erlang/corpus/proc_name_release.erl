%% A registered process's name is free once the process is seen dead: after is_process_alive/1
%% says false, and after a monitor's 'DOWN', whereis/1 is undefined and register/2 of the name
%% succeeds. jbeam freed the name after marking the process dead, so a process that polled at
%% that moment (the conformance runner's report writer, 2026-11-22) found the name still taken.
%% The window is short: many rounds, each racing the exit on another core.
-module(proc_name_release).
-export([main/0]).

main() ->
    io:format("taken after is_process_alive false: ~p of 5000~n",
              [lists:sum([alive_poll() || _ <- lists:seq(1, 5000)])]),
    io:format("register refused after 'DOWN': ~p of 1000~n",
              [lists:sum([after_down() || _ <- lists:seq(1, 1000)])]),
    io:format("register refused to the next round's process: ~p~n", [get_refused()]).

%% 1 if the name is still registered once the process is seen dead.
alive_poll() ->
    P = named(),
    P ! stop,
    spin(P),
    case whereis(released_name) of undefined -> 0; _ -> 1 end.

%% 1 if register/2 fails after the 'DOWN' of a monitor set while the process exits.
after_down() ->
    P = named(),
    P ! stop,
    MRef = erlang:monitor(process, P),
    receive {'DOWN', MRef, process, P, _} -> ok end,
    try register(released_name, self()) of
        true -> unregister(released_name), 0
    catch error:badarg -> 1
    end.

%% A process that registers the name (retrying if it is still taken: that is counted) and
%% waits for stop.
named() ->
    Self = self(),
    P = spawn(fun() -> Self ! {registered, self(), register_retry(0)}, receive stop -> ok end end),
    receive {registered, P, Refused} -> put(refused, get_refused() + Refused), P end.

register_retry(N) ->
    try register(released_name, self()) of
        true -> N
    catch error:badarg -> erlang:yield(), register_retry(1)
    end.

get_refused() ->
    case get(refused) of undefined -> 0; N -> N end.

spin(P) ->
    case is_process_alive(P) of
        true -> spin(P);
        false -> ok
    end.
