%% The process world a plain program touches: register/whereis, links with trap_exit, monitors,
%% exit reasons, the process dictionary and spawn_link.
-module(proc_world_basics).
-export([main/0]).

main() ->
    %% Crash reports of the processes that die below carry a timestamp and a pid and go to stdout.
    ok = logger:set_primary_config(level, none),
    register(main_proc, self()),
    main_proc ! via_name,
    io:format("registered send: ~p~n", [receive via_name -> ok end]),
    io:format("whereis is self: ~p~n", [whereis(main_proc) =:= self()]),
    io:format("whereis unknown: ~p~n", [whereis(nobody_here)]),
    unregister(main_proc),
    process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> exit(custom_reason) end),
    receive {'EXIT', P1, R1} -> io:format("linked exit: ~p~n", [R1]) end,
    P2 = spawn_link(fun() -> error(crash) end),
    receive {'EXIT', P2, {R2, _Stack}} -> io:format("linked crash: ~p~n", [R2]) end,
    P3 = spawn_link(fun() -> ok end),
    receive {'EXIT', P3, R3} -> io:format("linked normal: ~p~n", [R3]) end,
    {P4, M4} = spawn_monitor(fun() -> throw(ball) end),
    receive {'DOWN', M4, process, P4, {R4, _}} -> io:format("monitor nocatch: ~p~n", [R4]) end,
    Dead = spawn(fun() -> ok end),
    timer:sleep(20),
    M5 = monitor(process, Dead),
    receive {'DOWN', M5, process, Dead, R5} -> io:format("monitor of a dead process: ~p~n", [R5]) end,
    P6 = spawn(fun() -> receive never -> ok end end),
    M6 = monitor(process, P6),
    exit(P6, kill),
    receive {'DOWN', M6, process, P6, R6} -> io:format("killed: ~p~n", [R6]) end,
    put(key, value), put(counter, 1),
    io:format("get: ~p ~p ~p~n", [get(key), get(counter), get(missing)]),
    io:format("put returns old: ~p~n", [put(counter, 2)]),
    io:format("erase: ~p then ~p~n", [erase(key), get(key)]),
    io:format("get_keys: ~p~n", [lists:sort(get_keys())]),
    process_flag(trap_exit, false),
    ok.
