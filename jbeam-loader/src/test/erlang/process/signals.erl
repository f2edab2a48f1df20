-module(signals).
-export([main/0, woke/1]).

%% Links, exit signals, trap_exit, monitors, aliases, registered names: output has no pids.
main() ->
    Tests = [fun normal_exit_link/0, fun crash_link_trapped/0, fun kill_untrappable/0,
             fun killed_propagates/0, fun link_kill_not_converted/0, fun exit_normal_ignored/0,
             fun exit_self_normal/0, fun unlink_drops/0, fun link_noproc/0, fun spawn_link_crash/0,
             fun monitor_down/0, fun monitor_noproc/0, fun monitor_name/0, fun demonitor_flush/0,
             fun spawn_monitor_reason/0, fun monitor_tag/0, fun alias_basic/0, fun alias_reply/0,
             fun monitor_alias/0, fun ordering/0, fun registered_names/0, fun process_info_items/0,
             fun spawn_opt_opts/0, fun send3/0, fun trap_message_order/0, fun kill_in_receive/0,
             fun kill_in_loop/0, fun kill_deep/0, fun hibernate/0, fun process_flags/0,
             fun alive_after_exit/0, fun monitor_self/0, fun flush_after_down/0, fun internal_state/0,
             fun gc_state/0],
    lists:foreach(fun(T) -> io:format("~p~n", [catch T()]) end, Tests),
    halt(0).

err({'EXIT', {Reason, _Stack}}) -> Reason;
err(Other) -> Other.

flush() -> receive M -> [M | flush()] after 0 -> [] end.

strip(Pid, T) when is_tuple(T) -> list_to_tuple([strip(Pid, E) || E <- tuple_to_list(T)]);
strip(Pid, Pid) -> pid;
strip(_, T) -> T.

normal_exit_link() ->
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> ok end),
    R = receive {'EXIT', P, Why} -> Why end,
    process_flag(trap_exit, false),
    {normal_exit_link, R}.

crash_link_trapped() ->
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> exit(boom) end),
    R = receive {'EXIT', P, Why} -> Why end,
    process_flag(trap_exit, false),
    {crash_link_trapped, R}.

kill_untrappable() ->
    Parent = self(),
    P = spawn(fun() -> process_flag(trap_exit, true), Parent ! ready, receive _ -> ok end end),
    receive ready -> ok end,
    Ref = monitor(process, P),
    exit(P, kill),
    R = receive {'DOWN', Ref, process, P, Why} -> Why end,
    {kill_untrappable, R, is_process_alive(P)}.

killed_propagates() ->
    process_flag(trap_exit, true),
    Parent = self(),
    P = spawn_link(fun() -> Parent ! ready, receive _ -> ok end end),
    receive ready -> ok end,
    exit(P, kill),
    R = receive {'EXIT', P, Why} -> Why end,
    process_flag(trap_exit, false),
    {killed_propagates, R}.

link_kill_not_converted() ->
    %% A linked process dying with reason kill: trapping linkee gets kill, not killed;
    %% a non-trapping one dies with kill.
    process_flag(trap_exit, true),
    Parent = self(),
    Mid = spawn_link(fun() ->
                             C = spawn_link(fun() -> receive go -> exit(kill) end end),
                             Parent ! {child, C},
                             receive _ -> ok end
                     end),
    C = receive {child, X} -> X end,
    C ! go,
    R = receive {'EXIT', Mid, Why} -> Why end,
    process_flag(trap_exit, false),
    {link_kill_not_converted, R}.

exit_normal_ignored() ->
    Parent = self(),
    P = spawn(fun() -> receive stop -> Parent ! stopped end end),
    exit(P, normal),
    Alive = is_process_alive(P),
    P ! stop,
    receive stopped -> ok end,
    process_flag(trap_exit, true),
    exit(self(), normal),
    Msg = receive {'EXIT', Me, normal} when Me =:= self() -> got_exit_normal after 1000 -> none end,
    process_flag(trap_exit, false),
    {exit_normal_ignored, Alive, Msg}.

exit_self_normal() ->
    {P, Ref} = spawn_monitor(fun() -> exit(self(), normal), receive after infinity -> ok end end),
    R = receive {'DOWN', Ref, process, P, Why} -> Why end,
    {exit_self_normal, R}.

unlink_drops() ->
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> receive go -> exit(bye) end end),
    unlink(P),
    Ref = monitor(process, P),
    P ! go,
    receive {'DOWN', Ref, process, P, _} -> ok end,
    Rest = flush(),
    process_flag(trap_exit, false),
    {unlink_drops, Rest}.

link_noproc() ->
    {P, Ref} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Ref, process, P, _} -> ok end,
    E = (catch link(P)),
    process_flag(trap_exit, true),
    true = link(P),
    M = receive {'EXIT', P, Why} -> Why after 1000 -> none end,
    process_flag(trap_exit, false),
    {link_noproc, err(E), M}.

spawn_link_crash() ->
    {P, Ref} = spawn_monitor(fun() ->
                                     spawn_link(fun() -> exit(oops) end),
                                     receive after infinity -> ok end
                             end),
    R = receive {'DOWN', Ref, process, P, Why} -> Why end,
    {spawn_link_crash, R}.

monitor_down() ->
    P = spawn(fun() -> receive go -> exit({shutdown, why}) end end),
    Ref = monitor(process, P),
    P ! go,
    R = receive {'DOWN', Ref, process, P, Why} -> Why end,
    {monitor_down, R}.

monitor_noproc() ->
    {P, Ref0} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Ref0, process, P, normal} -> ok end,
    Ref = monitor(process, P),
    R = receive {'DOWN', Ref, process, P, Why} -> Why end,
    Ref2 = monitor(process, no_such_name),
    R2 = receive {'DOWN', Ref2, process, Who, Why2} -> {Who =:= {no_such_name, node()}, Why2} end,
    {monitor_noproc, R, R2}.

monitor_name() ->
    P = spawn(fun() -> receive go -> exit(named_bye) end end),
    register(sig_named, P),
    Ref = monitor(process, sig_named),
    Ref2 = monitor(process, {sig_named, node()}),
    Mons = [M || {process, M} <- element(2, process_info(self(), monitors))],
    P ! go,
    R = receive {'DOWN', Ref, process, W, Why} -> {W, Why} end,
    R2 = receive {'DOWN', Ref2, process, W2, Why2} -> {W2 =:= {sig_named, node()}, Why2} end,
    {monitor_name, lists:sort([M =:= {sig_named, node()} || M <- Mons]), R =:= {{sig_named, node()}, named_bye}, R2,
     whereis(sig_named)}.

demonitor_flush() ->
    {P, Ref} = spawn_monitor(fun() -> ok end),
    timer:sleep(50),
    A = demonitor(Ref, [flush, info]),
    Q = spawn(fun() -> receive _ -> ok end end),
    Ref2 = monitor(process, Q),
    B = demonitor(Ref2, [info]),
    C = demonitor(Ref2, [info]),
    exit(Q, kill),
    timer:sleep(20),
    {demonitor_flush, A, B, C, flush(), is_process_alive(P)}.

spawn_monitor_reason() ->
    {P, Ref} = spawn_monitor(erlang, exit, [because]),
    R = receive {'DOWN', Ref, process, P, Why} -> Why end,
    {spawn_monitor_reason, R}.

monitor_tag() ->
    P = spawn(fun() -> receive go -> ok end end),
    Ref = monitor(process, P, [{tag, my_down}]),
    P ! go,
    R = receive {my_down, Ref, process, P, Why} -> Why end,
    {monitor_tag, R}.

alias_basic() ->
    A = alias(),
    Self = self(),
    spawn(fun() -> A ! via_alias, Self ! done end),
    receive done -> ok end,
    M1 = receive via_alias -> got after 1000 -> none end,
    true = unalias(A),
    F = unalias(A),
    spawn(fun() -> A ! dropped, Self ! done2 end),
    receive done2 -> ok end,
    M2 = receive dropped -> got after 100 -> none end,
    {alias_basic, M1, F, M2}.

alias_reply() ->
    A = alias([reply]),
    A ! one,
    A ! two,
    Got = flush(),
    {alias_reply, Got, unalias(A)}.

monitor_alias() ->
    P = spawn(fun() -> receive {From, Ref} -> Ref ! {reply, Ref}, From ! sent, receive after infinity -> ok end end end),
    Ref = monitor(process, P, [{alias, reply_demonitor}]),
    P ! {self(), Ref},
    receive sent -> ok end,
    R = receive {reply, Ref} -> reply after 1000 -> none end,
    Mons = element(2, process_info(self(), monitors)),
    exit(P, kill),
    timer:sleep(20),
    {monitor_alias, R, Mons, flush(), unalias(Ref)}.

ordering() ->
    Self = self(),
    Senders = [spawn(fun() -> [Self ! {N, I} || I <- lists:seq(1, 1000)] end) || N <- lists:seq(1, 4)],
    Got = [receive {N, I} -> {N, I} end || _ <- lists:seq(1, 4000)],
    InOrder = [lists:sort([I || {M, I} <- Got, M =:= N]) =:= [I || {M, I} <- Got, M =:= N] || N <- lists:seq(1, 4)],
    %% a message sent before exiting arrives before the 'EXIT' from the same process
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> Self ! last_words, exit(gone) end),
    Seq = [receive X -> strip(P, X) end || _ <- [1, 2]],
    process_flag(trap_exit, false),
    {ordering, length(Senders), InOrder, Seq}.

registered_names() ->
    P = spawn(fun() -> receive _ -> ok end end),
    true = register(sig_reg, P),
    B = (catch register(sig_reg, self())),
    C = (catch register(other_name, P)),
    W = whereis(sig_reg) =:= P,
    In = lists:member(sig_reg, registered()),
    sig_reg ! bye,
    timer:sleep(50),
    {registered_names, element(1, B), element(1, C), W, In, whereis(sig_reg), err(catch sig_reg ! x),
     err(catch unregister(sig_reg))}.

process_info_items() ->
    P = spawn(fun() -> put(k, v), receive stop -> ok end end),
    timer:sleep(20),
    P ! a, P ! b,
    timer:sleep(20),
    I = process_info(P, [status, message_queue_len, trap_exit, registered_name, priority]),
    {dictionary, D} = process_info(P, dictionary),
    {messages, Ms} = process_info(P, messages),
    {current_function, CF} = process_info(self(), current_function),
    exit(P, kill),
    timer:sleep(20),
    {process_info_items, I, lists:keyfind(k, 1, D), Ms, CF, process_info(P, status),
     err(catch process_info(self(), no_such_item)), process_info(self(), registered_name)}.

spawn_opt_opts() ->
    {P, Ref} = spawn_opt(fun() -> ok end, [monitor, {priority, high}, {message_queue_data, off_heap},
                                             {min_heap_size, 1000}, {fullsweep_after, 10}]),
    R = receive {'DOWN', Ref, process, P, Why} -> Why end,
    process_flag(trap_exit, true),
    Q = spawn_opt(erlang, exit, [opt_exit], [link]),
    R2 = receive {'EXIT', Q, Why2} -> Why2 end,
    process_flag(trap_exit, false),
    {spawn_opt_opts, R, R2, err(catch spawn_opt(fun() -> ok end, [bogus]))}.

send3() ->
    ok = erlang:send(self(), m1, [noconnect]),
    ok = erlang:send(self(), m2, [nosuspend]),
    {send3, flush(), err(catch erlang:send(self(), m3, [bad]))}.

trap_message_order() ->
    process_flag(trap_exit, true),
    Self = self(),
    Ps = [spawn_link(fun() -> Self ! {hello, N}, exit({bye, N}) end) || N <- lists:seq(1, 20)],
    Ms = [receive M -> M end || _ <- lists:seq(1, 40)],
    process_flag(trap_exit, false),
    Ok = lists:all(fun(N) ->
                           P = lists:nth(N, Ps),
                           Idx = fun(X) -> length(lists:takewhile(fun(Y) -> Y =/= X end, Ms)) end,
                           Idx({hello, N}) < Idx({'EXIT', P, {bye, N}})
                   end, lists:seq(1, 20)),
    {trap_message_order, Ok}.

kill_in_receive() ->
    P = spawn(fun() -> receive never -> ok end end),
    Ref = monitor(process, P),
    timer:sleep(10),
    exit(P, stop_it),
    {kill_in_receive, receive {'DOWN', Ref, process, P, W} -> W end}.

spin(N) -> spin(N + 1).

kill_in_loop() ->
    P = spawn(fun() -> spin(0) end),
    Ref = monitor(process, P),
    timer:sleep(10),
    exit(P, kill),
    {kill_in_loop, receive {'DOWN', Ref, process, P, W} -> W end}.

deep(0) -> receive after infinity -> 0 end;
deep(N) -> 1 + deep(N - 1).

kill_deep() ->
    P = spawn(fun() -> deep(100000) end),
    Ref = monitor(process, P),
    timer:sleep(50),
    exit(P, {deep, reason}),
    {kill_deep, receive {'DOWN', Ref, process, P, W} -> W end}.

hibernate() ->
    Self = self(),
    P = spawn(fun() -> catch erlang:hibernate(?MODULE, woke, [Self]), Self ! not_reached end),
    timer:sleep(20),
    P ! wake,
    R = receive {woke, Msg} -> Msg after 2000 -> timeout end,
    {hibernate, R, flush()}.

process_flags() ->
    A = process_flag(priority, high),
    B = process_flag(priority, normal),
    C = process_flag(save_calls, 10),
    D = process_flag(message_queue_data, off_heap),
    E = process_flag(message_queue_data, on_heap),
    F = (catch process_flag(bogus, 1)),
    G = (catch process_flag(trap_exit, perhaps)),
    {process_flags, A, B, C, D, E, element(1, element(2, F)), element(1, element(2, G))}.

%% Signal order from the caller holds for is_process_alive/1: the exit signal is acted on first.
alive_after_exit() ->
    Alive = [begin
                 P = spawn(fun() -> receive _ -> ok end end),
                 exit(P, kill),
                 is_process_alive(P)
             end || _ <- lists:seq(1, 200)],
    Busy = spawn(fun Loop() -> Loop() end),
    exit(Busy, kill),
    {alive_after_exit, lists:usort(Alive), is_process_alive(Busy), is_process_alive(self())}.

%% A monitor on oneself is not set up (no 'DOWN', nothing in the monitor lists).
monitor_self() ->
    R1 = monitor(process, self()),
    register(signals_self, self()),
    R2 = monitor(process, signals_self),
    unregister(signals_self),
    Info = process_info(self(), [monitors, monitored_by]),
    D = demonitor(R1, [info]),
    R3 = monitor(port, no_such_port_name),
    Port = receive {'DOWN', R3, port, Who, noproc} -> Who end,
    {monitor_self, Info, D, demonitor(R2), flush(), Port}.

%% demonitor(flush) of a monitor whose 'DOWN' is queued removes it; of an active one, nothing else.
flush_after_down() ->
    self() ! {x, 1},
    {P, R} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', R, process, P, normal} = Down -> self() ! Down end,
    self() ! {x, 2},
    A = demonitor(R, [flush, info]),
    Q = spawn(fun() -> receive _ -> ok end end),
    R2 = monitor(process, Q),
    self() ! {x, 3},
    B = demonitor(R2, [flush, info]),
    exit(Q, kill),
    {flush_after_down, A, B, flush()}.

%% erts_debug's test hooks: undef until enabled, then the items OTP's suites read.
internal_state() ->
    quiet_logger(),
    A = err(catch erts_debug:get_internal_state(reds_left)),
    B = erts_debug:set_internal_state(available_internal_state, true),
    Parent = self(),
    P = spawn_link(fun() -> Parent ! ready, receive _ -> ok end end),
    receive ready -> ok end,
    R = monitor(process, P),
    C = erts_debug:get_internal_state({process_status, P}),
    Links = [{T, S} || {erl_link, T, Pid, S, _} <- erts_debug:get_internal_state({link_list, self()}), Pid == P],
    Mons = [{T, D, Pid == P} || {erl_monitor, T, D, Ref, Pid, []} <- erts_debug:get_internal_state({monitor_list, self()}),
                                Ref == R],
    E = erts_debug:set_internal_state(reds_left, 100),
    F = is_integer(erts_debug:get_internal_state(reds_left)),
    G = erts_debug:set_internal_state(wait, deallocations),
    H = err(catch erts_debug:set_internal_state(wait, bogus)),
    I = erts_debug:set_internal_state(available_internal_state, false),
    unlink(P),
    exit(P, kill),
    receive {'DOWN', R, _, _, _} -> ok end,
    {internal_state, A, B, C, Links, Mons, E, F, G, H, I,
     spawn_opt(fun() -> ok end, [{scheduler, 1}]) =/= x, process_flag(scheduler, 1), process_flag(scheduler, 0)}.

woke(Parent) ->
    receive M -> Parent ! {woke, M} end.

%% erts_debug's gc_state is per process: garbage_collect requests to a process that switched its
%% collections off wait until it switches them on (async and sync); one that exits first answers
%% false (process_SUITE gc_request_when_gc_disabled, gc_request_blast_when_gc_disabled).
gc_state() ->
    quiet_logger(),
    erts_debug:set_internal_state(available_internal_state, true),
    Master = self(),
    {P, M} = spawn_opt(fun () ->
                               true = erts_debug:set_internal_state(gc_state, false),
                               Master ! {self(), gc_state, false},
                               receive after 300 -> ok end,
                               Master ! {self(), gc_state, true},
                               false = erts_debug:set_internal_state(gc_state, true),
                               receive after 100 -> ok end
                       end, [monitor, link]),
    receive {P, gc_state, false} -> ok end,
    Ref = make_ref(),
    async = garbage_collect(P, [{async, Ref}]),
    {SyncP, _} = spawn_monitor(fun() -> exit({sync, garbage_collect(P)}) end),
    First = receive {garbage_collect, Ref, R} -> {early, R}; {P, gc_state, true} -> on_again end,
    Reply = receive {garbage_collect, Ref, R2} -> R2 end,
    SyncR = receive {'DOWN', _, process, SyncP, S} -> S end,
    receive {'DOWN', M, process, P, _} -> ok end,
    Q = spawn(fun() -> erts_debug:set_internal_state(gc_state, false), receive stop -> ok end end),
    timer:sleep(50),
    async = garbage_collect(Q, [{async, r2}]),
    timer:sleep(50),
    Q ! stop,
    Dead = receive {garbage_collect, r2, R3} -> R3 end,
    Mine = erts_debug:set_internal_state(gc_state, true),
    erts_debug:set_internal_state(available_internal_state, false),
    {gc_state, First, Reply, SyncR, Dead, Mine}.

%% Enabling the emulator's internal state logs a warning with a time stamp: the default handler
%% would print it on one VM and not on the other before halt/0.
quiet_logger() ->
    _ = logger:remove_handler(default),
    ok.
