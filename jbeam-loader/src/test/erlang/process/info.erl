-module(info).
-behaviour(gen_server).
-export([main/0, spin/1, deep/2, waiter/0]).
-export([init/1, handle_call/3, handle_cast/2]).

%% process_info of another process's current function, location and stack trace: on BEAM the
%% target answers; jbeam asks the target too (a request handled at its next preemption or receive).
main() ->
    Self = self(),
    W = spawn(fun waiter/0),
    S = spawn(?MODULE, spin, [0]),
    D = spawn(fun() -> deep(20, Self) end),
    receive deep_ready -> ok end,
    H = spawn(fun() -> erlang:hibernate(?MODULE, waiter, []) end),
    T = spawn(fun() -> timer:sleep(infinity) end),
    {ok, G} = gen_server:start(?MODULE, [], []),
    timer:sleep(100),
    [io:format("~p~n", [{I, process_info(P, I)}]) || P <- [W, S, D, H, T, G],
                                                    I <- [current_function, current_location]],
    [io:format("~p~n", [process_info(P, current_stacktrace)]) || P <- [W, D, H, T]],
    io:format("~p~n", [process_info(W, [current_function, status, message_queue_len])]),
    io:format("~p~n", [mutual()]),
    io:format("~p~n", [dying()]),
    io:format("~p~n", [dictionary()]),
    io:format("~p~n", [alloc_info()]),
    io:format("~p~n", [gc_info()]),
    io:format("~p~n", [max_heap_size()]),
    io:format("~p~n", [heap_flags()]),
    io:format("~p~n", [items()]),
    io:format("~p~n", [process_flag3()]),
    io:format("~p~n", [sig_buffers()]),
    io:format("~p~n", [system_requests_limit()]),
    io:format("~p~n", [is_builtin()]),
    [exit(P, kill) || P <- [W, S, D, H, T, G]],
    halt(0).

waiter() -> receive stop -> ok end.

spin(N) -> spin((N + 1) rem 1000).

deep(0, P) -> P ! deep_ready, receive stop -> ok end;
deep(N, P) -> deep(N - 1, P), ok.

init([]) -> {ok, []}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.

%% Two processes asking each other at the same time: neither blocks the other.
mutual() ->
    Self = self(),
    Ask = fun(Other) ->
                  [{current_function, {_, _, _}} = process_info(Other, current_function)
                   || _ <- lists:seq(1, 500)],
                  Self ! {self(), done}
          end,
    A = spawn(fun() -> receive {go, B} -> Ask(B) end, receive stop -> ok end end),
    B = spawn(fun() -> receive {go, A2} -> Ask(A2) end, receive stop -> ok end end),
    A ! {go, B},
    B ! {go, A},
    R = [receive {P, done} -> done after 20000 -> timeout end || P <- [A, B]],
    A ! stop,
    B ! stop,
    {mutual, R}.

%% Asking a process that exits meanwhile gives undefined or its last function, never a hang.
dying() ->
    Rs = [begin
              P = spawn(fun() -> spin_for(1000) end),
              R = process_info(P, current_function),
              R =:= undefined orelse element(1, R) =:= current_function
          end || _ <- lists:seq(1, 200)],
    {dying, lists:usort(Rs)}.

spin_for(0) -> ok;
spin_for(N) -> spin_for(N - 1).

%% Another process's dictionary while it changes: every answer is a consistent state.
dictionary() ->
    Self = self(),
    P = spawn(fun() ->
                      [put(K, K * 2) || K <- lists:seq(1, 3000)],
                      Self ! filled,
                      receive stop -> ok end
              end),
    Seen = dict_watch(P, []),
    P ! stop,
    Ok = lists:all(fun(D) -> lists:all(fun({K, V}) -> V =:= 2 * K end, D) end, Seen),
    Sizes = [length(D) || D <- Seen],
    {dictionary, Ok, Sizes =:= lists:sort(Sizes), lists:last(Sizes)}.

dict_watch(P, Acc) ->
    {dictionary, D} = process_info(P, dictionary),
    receive filled -> lists:reverse(Acc, [D, element(2, process_info(P, dictionary))])
    after 0 -> dict_watch(P, [D | Acc])
    end.

%% system_info({memory_internal, Ref, Allocs}) (timer_bif_SUITE's allocator check): one reply per
%% aux-work thread but one, naming the allocators asked for; bad requests are badarg. What the
%% replies say about the allocators differs (jbeam has none of BEAM's: {fix_alloc, false}).
alloc_info() ->
    Ref = make_ref(),
    true = erlang:system_info({memory_internal, Ref, [fix_alloc, ets_alloc]}),
    Replies = [receive {Ref, Ix, Info} when is_integer(Ix), is_list(Info) -> Info after 1000 -> timeout end
               || _ <- lists:seq(1, erts_internal:no_aux_work_threads() - 1)],
    Extra = receive {Ref, _, _} = M -> M after 100 -> none end,
    Names = lists:usort([element(1, I) || Info <- Replies, I <- Info]),
    Bad = [catch erlang:system_info(Req) || Req <- [{memory_internal, Ref, [fix_alloc, fix_alloc]},
                                                    {memory_internal, Ref, [no_such_alloc]},
                                                    {memory_internal, not_a_ref, [fix_alloc]},
                                                    {memory_internal, Ref, fix_alloc},
                                                    {memory_internal, Ref, [fix_alloc | bad]}]],
    {alloc_info, Names, Extra, [element(1, element(2, B)) || B <- Bad]}.

%% system_flag(max_heap_size, _) (process_SUITE's end_per_testcase restores it): the old setting
%% as a full map, BEAM's validation, system_info(max_heap_size).
max_heap_size() ->
    Default = erlang:system_info(max_heap_size),
    Set = [erlang:system_flag(max_heap_size, V)
           || V <- [1000, #{size => 2000, kill => false}, #{size => 233, error_logger => false},
                    3000, #{size => 0, include_shared_binaries => true}]],
    Now = erlang:system_info(max_heap_size),
    Bad = [catch erlang:system_flag(max_heap_size, V)
           || V <- [-1, 5, 232, #{kill => true}, #{size => 10, bad => 1}, #{size => 1000, kill => 1},
                    #{size => -1}, 1.0, [size]]],
    Restored = erlang:system_flag(max_heap_size, Default),
    {max_heap_size, Default, Set, Now, [element(1, element(2, B)) || B <- Bad], Restored,
     erlang:system_info(max_heap_size) =:= Default}.

%% The heap flags of process_flag/2 and spawn_opt: validated, recorded, reported by process_info
%% (process_SUITE's process_flag_badarg, process_flag_fullsweep_after, spawn_opt_heap_size).
heap_flags() ->
    Old = [process_flag(F, V) || {F, V} <- [{fullsweep_after, 12345}, {min_heap_size, 2586},
                                            {min_bin_vheap_size, 318187}, {max_heap_size, 5000},
                                            {max_heap_size, #{size => 6000, kill => false}}]],
    Info = process_info(self(), [fullsweep_after, min_heap_size, min_bin_vheap_size, max_heap_size]),
    GC = [lists:keyfind(K, 1, element(2, process_info(self(), garbage_collection)))
          || K <- [fullsweep_after, min_heap_size, min_bin_vheap_size, max_heap_size]],
    Restore = [process_flag(F, V) || {F, V} <- [{fullsweep_after, 65535}, {min_heap_size, 233},
                                                {min_bin_vheap_size, 46422},
                                                {max_heap_size, #{size => 0, kill => true}}]],
    Bad = [catch process_flag(F, V)
           || {F, V} <- [{fullsweep_after, gurka}, {fullsweep_after, -1}, {min_heap_size, gurka},
                         {min_bin_vheap_size, -1}, {max_heap_size, gurka}, {max_heap_size, -1},
                         {max_heap_size, 232}, {max_heap_size, #{}}, {max_heap_size, #{kill => true}},
                         {max_heap_size, #{size => 233, kill => gurka}},
                         {max_heap_size, #{size => 233, error_logger => 1}}]],
    Ignored = process_flag(max_heap_size, #{size => 233, bad => true}),
    P = spawn_opt(fun() -> receive stop -> ok end end,
                  [{min_heap_size, 987}, {min_bin_vheap_size, 46422}, {fullsweep_after, 10},
                   {max_heap_size, #{size => 3000, error_logger => false}}]),
    Spawned = process_info(P, [min_heap_size, min_bin_vheap_size, fullsweep_after, max_heap_size]),
    P ! stop,
    SpawnBad = [catch spawn_opt(fun() -> ok end, [O]) || O <- [{max_heap_size, 100}, {max_heap_size, #{}},
                                                          {fullsweep_after, -1}]],
    {heap_flags, Old, Info, GC, Restore, [element(1, element(2, B)) || B <- Bad], Ignored,
     process_flag(max_heap_size, 0), Spawned,
     [element(1, element(2, B)) || B <- SpawnBad]}.

%% process_info parent, label and {dictionary, Key}, of oneself and of another process.
items() ->
    Self = self(),
    P = spawn(fun() ->
                      put(k, v), proc_lib:set_label({worker, 1}),
                      Self ! ready, receive stop -> ok end
              end),
    receive ready -> ok end,
    put(mine, 42),
    R = {process_info(P, parent) =:= {parent, Self},
         process_info(P, label), process_info(self(), label),
         process_info(P, {dictionary, k}), process_info(P, {dictionary, nokey}),
         process_info(self(), {dictionary, mine}),
         process_info(P, [{dictionary, k}, label, status]),
         catch process_info(P, {dictionary}), catch process_info(P, [{dict, k}])},
    erase(mine),
    P ! stop,
    {items, element(1, R), element(2, R), element(3, R), element(4, R), element(5, R), element(6, R),
     element(7, R), element(1, element(2, element(8, R))), element(1, element(2, element(9, R)))}.

%% process_flag/3: only save_calls, only on a live process (process_SUITE's process_flag_badarg).
process_flag3() ->
    P = spawn(fun() -> receive _ -> ok end end),
    R = [catch process_flag(P, save_calls, 5), catch process_flag(P, save_calls, 7),
         catch process_flag(P, trap_exit, true), catch process_flag(P, save_calls, hmm),
         catch process_flag(gurka, save_calls, 0), catch process_flag(self(), save_calls, 3),
         process_flag(save_calls, 0)],
    exit(P, kill),
    Dead = catch process_flag(P, save_calls, 0),
    {process_flag3, [case X of {'EXIT', {E, _}} -> E; _ -> X end || X <- R ++ [Dead]]}.

%% erts_debug's proc_sig_buffers: BEAM has parallel signal buffers only for off_heap queues.
sig_buffers() ->
    quiet_logger(),
    erts_debug:set_internal_state(available_internal_state, true),
    Self = self(),
    Run = fun(MQD) ->
                  spawn_opt(fun() -> Self ! {MQD, erts_debug:set_internal_state(proc_sig_buffers, true)} end,
                            [{message_queue_data, MQD}]),
                  receive {MQD, R} -> R end
          end,
    R = {Run(on_heap), Run(off_heap), erts_debug:set_internal_state(proc_sig_buffers, false)},
    erts_debug:set_internal_state(available_internal_state, false),
    {sig_buffers, R}.

%% system_flag(outstanding_system_requests_limit, N): 1..2^27-1, the old value (code_SUITE's purge tests).
system_requests_limit() ->
    Old = erlang:system_info(outstanding_system_requests_limit),
    R = [catch erlang:system_flag(outstanding_system_requests_limit, V) || V <- [1, 5, 0, 1 bsl 32, a]],
    Now = erlang:system_info(outstanding_system_requests_limit),
    Back = erlang:system_flag(outstanding_system_requests_limit, Old),
    {system_requests_limit, Old =:= 2 * erlang:system_info(schedulers),
     [case X of {'EXIT', {E, _}} -> E; _ -> X end || X <- tl(R)], Now, Back}.

%% erlang:is_builtin/3 with arities no function has (xref asks with -1): false, not badarg.
is_builtin() ->
    {is_builtin, [catch erlang:is_builtin(M, F, A)
                  || {M, F, A} <- [{a, b, -1}, {erlang, self, 0}, {lists, reverse, 2}, {a, b, 256},
                                   {a, b, 1 bsl 70}]],
     [element(1, element(2, catch erlang:is_builtin(M, F, A))) || {M, F, A} <- [{1, b, 0}, {a, "b", 0}, {a, b, x}]]}.

%% Enabling the emulator's internal state logs a warning with a time stamp: the default handler
%% would print it on one VM and not on the other before halt/0.
quiet_logger() ->
    _ = logger:remove_handler(default),
    ok.

%% process_info's garbage_collection_info: BEAM's keys in BEAM's order, non-negative sizes, the
%% block sizes adding up to total_heap_size (process_SUITE's process_info_2_list asks for every
%% item of erts_debug's process_info_args).
gc_info() ->
    P = spawn(fun() -> receive _ -> ok end end),
    [{garbage_collection_info, L}, {total_heap_size, T}] =
        process_info(P, [garbage_collection_info, total_heap_size]),
    Sum = lists:sum([proplists:get_value(K, L) || K <- [heap_block_size, old_heap_block_size, mbuf_size]]),
    exit(P, kill),
    {gc_info, [K || {K, V} <- L, is_integer(V), V >= 0], T =:= Sum}.
