-module(spawn_request).
-export([main/0, echo/1]).

%% erlang:spawn_request/1..5 and spawn_request_abandon/1 on the local node: the spawn_reply
%% message and its options, link and monitor options (the request id is the monitor reference),
%% the badarg/badopt rules; erlang:suspend_process/1,2 and resume_process/1. Prints no pids.
main() ->
    io:format("~p~n", [basic()]),
    io:format("~p~n", [reply_options()]),
    io:format("~p~n", [link_monitor()]),
    io:format("~p~n", [errors()]),
    io:format("~p~n", [abandon()]),
    io:format("~p~n", [suspend()]),
    io:format("~p~n", [suspend_errors()]),
    io:format("~p~n", [suspend_async()]),
    io:format("~p~n", [suspender_exit()]),
    halt(0).

echo(To) -> To ! {echo, self()}.

reply(R) ->
    receive {spawn_reply, R, ok, P} when is_pid(P) -> {ok, P};
            {spawn_reply, R, error, E} -> {error, E}
    after 1000 -> none
    end.

basic() ->
    Self = self(),
    R1 = spawn_request(fun() -> Self ! one end),
    {ok, P1} = reply(R1),
    A = receive one -> one end,
    R2 = spawn_request(?MODULE, echo, [Self]),
    {ok, P2} = reply(R2),
    B = receive {echo, P2} -> echo end,
    R3 = spawn_request(node(), fun() -> Self ! three end),
    {ok, _} = reply(R3),
    C = receive three -> three end,
    R4 = spawn_request(node(), ?MODULE, echo, [Self]),
    {ok, P4} = reply(R4),
    D = receive {echo, P4} -> echo4 end,
    R5 = spawn_request(node(), ?MODULE, echo, [Self], []),
    {ok, P5} = reply(R5),
    E = receive {echo, P5} -> echo5 end,
    R6 = spawn_request(fun() -> Self ! six end, []),
    {ok, _} = reply(R6),
    F = receive six -> six end,
    R7 = spawn_request(?MODULE, echo, [Self], []),
    {ok, P7} = reply(R7),
    G = receive {echo, P7} -> echo7 end,
    {is_reference(R1), is_pid(P1), A, B, C, D, E, F, G, process_info(P7, initial_call) =/= undefined orelse gone}.

reply_options() ->
    Self = self(),
    R1 = spawn_request(fun() -> ok end, [{reply_tag, my_tag}]),
    T1 = receive {my_tag, R1, ok, P} when is_pid(P) -> tagged after 1000 -> none end,
    R2 = spawn_request(fun() -> Self ! r2 end, [{reply, no}]),
    T2 = receive r2 -> receive {spawn_reply, R2, _, _} -> replied after 100 -> no_reply end end,
    R3 = spawn_request(fun() -> Self ! r3 end, [{reply, error_only}]),
    T3 = receive r3 -> receive {spawn_reply, R3, _, _} -> replied after 100 -> no_reply end end,
    R4 = spawn_request(fun() -> ok end, [{reply, success_only}]),
    T4 = reply(R4),
    R5 = spawn_request(fun() -> ok end, [{reply, yes}, {reply_tag, {a, tag}}]),
    T5 = receive {{a, tag}, R5, ok, _} -> tuple_tag after 1000 -> none end,
    {T1, T2, T3, element(1, T4), T5}.

link_monitor() ->
    process_flag(trap_exit, true),
    R1 = spawn_request(fun() -> exit(bye) end, [monitor]),
    M1 = receive {spawn_reply, R1, ok, P1} -> receive {'DOWN', R1, process, P1, Why} -> {down, Why} end end,
    R2 = spawn_request(fun() -> exit(bye2) end, [link]),
    M2 = receive {spawn_reply, R2, ok, P2} -> receive {'EXIT', P2, W2} -> {exit, W2} end end,
    R3 = spawn_request(fun() -> exit(bye3) end, [{monitor, [{tag, my_down}]}, link]),
    M3 = receive {spawn_reply, R3, ok, P3} ->
                 receive {my_down, R3, process, P3, W3} ->
                         receive {'EXIT', P3, W4} -> {W3, W4} end
                 end
         end,
    Self = self(),
    R4 = spawn_request(fun() -> receive go -> Self ! {alive, self()} end end, [monitor]),
    {ok, P4} = reply(R4),
    M4 = {lists:keyfind(process, 1, element(2, process_info(self(), monitors))) =/= false,
          erlang:demonitor(R4, [info]), erlang:demonitor(R4, [info])},
    P4 ! go,
    M5 = receive {alive, P4} -> alive end,
    R6 = spawn_request(fun() -> receive after infinity -> ok end end, [{monitor, [{alias, demonitor}]}]),
    {ok, P6} = reply(R6),
    exit(P6, kill),
    M6 = receive {'DOWN', R6, process, P6, killed} -> killed end,
    R7 = spawn_request(fun() -> ok end, [{priority, high}, {fullsweep_after, 10}, {min_heap_size, 100},
                                         {message_queue_data, off_heap}, {max_heap_size, 0}]),
    M7 = element(1, reply(R7)),
    process_flag(trap_exit, false),
    {M1, M2, M3, M4, M5, M6, M7}.

errors() ->
    T = fun(F) ->
                try F() of
                    R when is_reference(R) ->
                        receive {Tag, R, error, Why} -> {ref, Tag, Why} after 1000 -> {ref, no_reply} end;
                    {ok, P} when is_pid(P) -> ok_pid;
                    Other -> Other
                catch error:E -> {error, E}
                end
        end,
    [T(fun() -> spawn_request(not_a_fun) end),
     T(fun() -> spawn_request(fun(_) -> ok end) end),
     T(fun() -> spawn_request(fun() -> ok end, not_a_list) end),
     T(fun() -> spawn_request(fun() -> ok end, [bad_option]) end),
     T(fun() -> spawn_request(fun() -> ok end, [{reply, 'maybe'}]) end),
     T(fun() -> spawn_request(fun() -> ok end, [{monitor, bad}]) end),
     T(fun() -> spawn_request(fun() -> ok end, [{monitor, [bad]}]) end),
     T(fun() -> spawn_request(fun() -> ok end, [{priority, bad}]) end),
     T(fun() -> spawn_request(fun() -> ok end, [link | improper]) end),
     T(fun() -> spawn_request("m", f, []) end),
     T(fun() -> spawn_request(m, "f", []) end),
     T(fun() -> spawn_request(m, f, not_list) end),
     T(fun() -> spawn_request(m, f, [a | b]) end),
     T(fun() -> spawn_request(m, f, [], bad) end),
     T(fun() -> spawn_request("node", m, f, [], []) end),
     T(fun() -> spawn_request(node(), fun() -> ok end, bad) end),
     T(fun() -> spawn_request_abandon(not_ref) end),
     T(fun() -> R = spawn_request(erlang, exit, [bye], [monitor]), {ok, _} = reply(R),
                receive {'DOWN', R, process, _, bye} -> down_bye end end),
     T(fun() -> spawn_request(fun() -> ok end, [{reply_tag, t}, {reply, no}, {reply, yes}]), ok end),
     T(fun() -> spawn_request(fun() -> ok end, [{reply_tag, t}, {reply_tag, u}, bad]) end),
     T(fun() -> spawn_request(fun() -> ok end, [bad, {reply, no}]) end),
     T(fun() -> spawn_request(fun() -> ok end, [{reply, success_only}, bad]) end),
     T(fun() -> spawn_request(nonode@nohost_other, m, f, [], [{reply_tag, t}]) end),
     T(fun() -> spawn_request(nonode@nohost_other, m, f, [a | b], []) end)].

abandon() ->
    R1 = spawn_request(fun() -> ok end),
    A1 = spawn_request_abandon(R1),
    A2 = spawn_request_abandon(make_ref()),
    A3 = reply(R1),
    {A1, A2, element(1, A3)}.

counter(Parent, N) ->
    receive stop -> Parent ! {count, N}
    after 0 -> counter(Parent, N + 1)
    end.

suspend() ->
    Self = self(),
    P = spawn(fun() -> receive go -> ok end, Self ! {running, self()}, receive stop -> ok end end),
    T1 = erlang:suspend_process(P),
    S1 = process_info(P, status),
    P ! go,
    R1 = receive {running, P} -> ran after 200 -> not_run end,
    T2 = erlang:suspend_process(P),
    T3 = erlang:resume_process(P),
    S2 = process_info(P, status),
    R2 = receive {running, P} -> ran after 200 -> not_run end,
    T4 = erlang:resume_process(P),
    R3 = receive {running, P} -> ran after 1000 -> not_run end,
    T5 = erlang:suspend_process(P, [unless_suspending]),
    T6 = erlang:suspend_process(P, [unless_suspending]),
    T7 = erlang:resume_process(P),
    T8 = try erlang:resume_process(P) catch error:E8 -> E8 end,
    %% a busy process stops at its next reduction check
    C = spawn(fun() -> counter(Self, 0) end),
    true = erlang:suspend_process(C),
    {status, suspended} = process_info(C, status),
    C ! stop,
    R4 = receive {count, _} -> counted after 200 -> stopped end,
    true = erlang:resume_process(C),
    R5 = receive {count, _} -> counted after 2000 -> stopped end,
    exit(P, kill),
    {T1, S1, R1, T2, T3, S2, R2, T4, R3, T5, T6, T7, T8, R4, R5}.

suspend_errors() ->
    T = fun(F) -> try F() catch error:E -> {error, E} end end,
    P = spawn(fun() -> receive stop -> ok end end),
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    R = [T(fun() -> erlang:suspend_process(self()) end),
         T(fun() -> erlang:suspend_process(not_pid) end),
         T(fun() -> erlang:suspend_process(Dead) end),
         T(fun() -> erlang:suspend_process(P, [bad]) end),
         T(fun() -> erlang:suspend_process(P, bad) end),
         T(fun() -> erlang:suspend_process(Dead, [asynchronous]) end),
         T(fun() -> erlang:resume_process(P) end),
         T(fun() -> erlang:resume_process(self()) end),
         T(fun() -> erlang:resume_process(not_pid) end),
         T(fun() -> erlang:resume_process(Dead) end),
         T(fun() -> erlang:suspend_process(self(), [asynchronous]) end)],
    exit(P, kill),
    R.

suspend_async() ->
    P = spawn(fun() -> receive stop -> ok end end),
    A1 = erlang:suspend_process(P, [asynchronous]),
    S1 = wait_status(P, suspended, 100),
    A2 = erlang:suspend_process(P, [{asynchronous, my_tag}]),
    M2 = receive {my_tag, Res} -> {tag_reply, Res} after 1000 -> none end,
    A3 = erlang:suspend_process(P, [{asynchronous, t3}, unless_suspending]),
    M3 = receive {t3, Res3} -> {tag_reply, Res3} after 1000 -> none end,
    true = erlang:resume_process(P),
    true = erlang:resume_process(P),
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    A4 = erlang:suspend_process(Dead, [{asynchronous, t4}]),
    M4 = receive {t4, Res4} -> {tag_reply, Res4} after 1000 -> none end,
    exit(P, kill),
    {A1, S1, A2, M2, A3, M3, A4, M4}.

wait_status(P, S, 0) -> process_info(P, status) =:= {status, S};
wait_status(P, S, N) ->
    case process_info(P, status) of
        {status, S} -> true;
        _ -> receive after 10 -> wait_status(P, S, N - 1) end
    end.

suspender_exit() ->
    Self = self(),
    P = spawn(fun() -> receive go -> Self ! {ran, self()} end end),
    S = spawn(fun() -> true = erlang:suspend_process(P), true = erlang:suspend_process(P),
                       Self ! suspended, receive stop -> ok end end),
    receive suspended -> ok end,
    St1 = process_info(P, status),
    P ! go,
    R1 = receive {ran, P} -> ran after 200 -> not_run end,
    exit(S, kill),
    R2 = receive {ran, P} -> ran after 2000 -> not_run end,
    {St1, R1, R2}.
