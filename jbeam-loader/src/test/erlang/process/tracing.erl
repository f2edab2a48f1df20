-module(tracing).
-export([main/0, f/1, g/1, h/2, child/1, echo/0, caller_of_f/0, local_runner/1, bif_runner/1]).

%% Tracing against the reference BEAM: erlang:trace/3 (send, 'receive', procs, call, arity,
%% silent, timestamps, set_on_spawn/first_spawn/link), trace_pattern/3 (global call trace with
%% match specifications: return_trace, exception_trace, message, caller; send/'receive'
%% patterns; call_count), trace_info/2, trace_delivered/1, match_spec_test/3 for trace, and
%% OTP 27 trace sessions, local call trace (return_to, self tail calls, call_count and meta on
%% local calls), calls to BIFs (call_ext, tail calls, exceptions; not the bif/gc_bif
%% instructions), the tracer a match specification's {trace, ...} action gives. Pids in trace messages are printed as the names the test gave them.

main() ->
    put(names, [{self(), main}]),
    procs(),
    calls(),
    patterns(),
    inherit(),
    info(),
    errors(),
    tracer_death(),
    delivered(),
    ms_test(),
    sessions(),
    locals(),
    bifs(),
    ms_trace_tracer(),
    halt(0).

f(X) -> X + 1.
g(X) -> erlang:error({bad, X}).
h(A, B) -> {A, B}.
caller_of_f() -> _ = ?MODULE:f(1), ok.

name(P, N) -> put(names, [{P, N} | get(names)]).

norm(T) when is_pid(T) ->
    case lists:keyfind(T, 1, get(names)) of
        {_, N} -> N;
        false -> other_pid
    end;
norm(T) when is_tuple(T) -> list_to_tuple([norm(E) || E <- tuple_to_list(T)]);
norm([H | T]) -> [norm(H) | norm(T)];
norm(T) -> T.

%% Trace messages until a quiet period, in arrival order, normalised.
collect() -> collect([]).
collect(Acc) ->
    receive
        M when element(1, M) =:= trace; element(1, M) =:= trace_ts -> collect([M | Acc])
    after 200 -> lists:reverse(Acc)
    end.

show(Label, Msgs) ->
    io:format("~p:~n", [Label]),
    [io:format("  ~p~n", [norm(M)]) || M <- Msgs],
    ok.

%% Trace messages of one kind, in order (events of different kinds come from different
%% processes' threads, so only the order within one process's own events is compared).
only(Tag, Msgs) -> [M || M <- Msgs, element(3, M) =:= Tag].

child(Parent) ->
    receive go -> ok end,
    register(traced_child, self()),
    Parent ! {hello, 1},
    unregister(traced_child),
    L = spawn_link(fun() -> receive stop -> ok end end),
    name_of(Parent, L, linked_proc),
    unlink(L),
    L ! stop,
    receive done -> ok end,
    exit(finished).

name_of(Parent, P, N) -> Parent ! {name, P, N}.

procs() ->
    Me = self(),
    C = spawn(?MODULE, child, [Me]),
    name(C, child),
    1 = erlang:trace(C, true, [send, 'receive', procs]),
    C ! go,
    receive {hello, 1} -> ok end,
    receive {name, L, N} -> name(L, N) end,
    C ! done,
    Msgs = collect(),
    show(send, only(send, Msgs)),
    show('receive', only('receive', Msgs)),
    show(procs, [M || M <- Msgs, lists:member(element(3, M),
                                             [register, unregister, spawn, link, unlink, exit])]),
    ok.

echo() ->
    receive
        {From, F, Args} ->
            R = try apply(?MODULE, F, Args) catch error:E -> {error, E} end,
            From ! {self(), R},
            echo();
        stop -> ok
    end.

ask(P, F, Args) ->
    P ! {self(), F, Args},
    receive {P, R} -> R end.

calls() ->
    P = spawn(?MODULE, echo, []),
    name(P, echo),
    1 = erlang:trace(P, true, [call]),
    io:format("global f: ~p~n", [erlang:trace_pattern({?MODULE, f, 1}, true)]),
    2 = ask(P, f, [1]),
    show(plain_call, collect()),
    erlang:trace_pattern({?MODULE, f, 1}, [{['$1'], [{'>', '$1', 5}], [{return_trace}]}]),
    3 = ask(P, f, [2]),
    11 = ask(P, f, [10]),
    show(guarded_return_trace, collect()),
    erlang:trace_pattern({?MODULE, f, 1}, [{'_', [], [{message, {{hello, '$_'}}}]}]),
    5 = ask(P, f, [4]),
    erlang:trace_pattern({?MODULE, f, 1}, [{'_', [], [{message, false}]}]),
    6 = ask(P, f, [5]),
    show(message_action, collect()),
    erlang:trace_pattern({?MODULE, g, 1}, [{'_', [], [{exception_trace}]}]),
    {error, {bad, 7}} = ask(P, g, [7]),
    show(exception_trace, collect()),
    erlang:trace_pattern({?MODULE, h, 2}, [{['$1', '$1'], [], []}]),
    {a, a} = ask(P, h, [a, a]),
    {a, b} = ask(P, h, [a, b]),
    show(head_match, collect()),
    1 = erlang:trace(P, true, [arity]),
    {x, x} = ask(P, h, [x, x]),
    show(arity, collect()),
    1 = erlang:trace(P, false, [arity]),
    erlang:trace_pattern({?MODULE, f, 1}, [{'_', [], [{message, {caller}}]}]),
    ok = ask(P, caller_of_f, []),
    show(caller, collect()),
    1 = erlang:trace(P, true, [silent]),
    4 = ask(P, f, [3]),
    show(silent, collect()),
    1 = erlang:trace(P, false, [silent]),
    1 = erlang:trace(P, true, [timestamp]),
    8 = ask(P, f, [7]),
    [{trace_ts, P, call, {?MODULE, f, [7]}, {?MODULE, echo, 0}, {A, B, C}}] = collect(),
    true = is_integer(A) andalso is_integer(B) andalso is_integer(C),
    1 = erlang:trace(P, false, [timestamp]),
    1 = erlang:trace(P, true, [monotonic_timestamp]),
    8 = ask(P, f, [7]),
    [{trace_ts, P, call, _, _, T1}] = collect(),
    true = is_integer(T1),
    1 = erlang:trace(P, false, [monotonic_timestamp]),
    1 = erlang:trace(P, true, [strict_monotonic_timestamp]),
    8 = ask(P, f, [7]),
    [{trace_ts, P, call, _, _, {T2, U2}}] = collect(),
    true = is_integer(T2) andalso is_integer(U2),
    io:format("timestamps ok~n"),
    io:format("count: ~p~n", [erlang:trace_pattern({?MODULE, '_', '_'}, true, [call_count])]),
    [ask(P, f, [I]) || I <- lists:seq(1, 5)],
    ask(P, h, [1, 2]),
    io:format("~p~n", [[erlang:trace_info({?MODULE, F, Ar}, call_count) || {F, Ar} <- [{f, 1}, {h, 2}, {g, 1}]]]),
    0 = erlang:trace_pattern({?MODULE, f, 1}, pause, [call_count]) - 1,
    ask(P, f, [1]),
    io:format("paused: ~p~n", [erlang:trace_info({?MODULE, f, 1}, call_count)]),
    erlang:trace_pattern({?MODULE, f, 1}, restart, [call_count]),
    io:format("restarted: ~p~n", [erlang:trace_info({?MODULE, f, 1}, call_count)]),
    erlang:trace_pattern({?MODULE, '_', '_'}, false, [call_count]),
    io:format("off: ~p~n", [erlang:trace_info({?MODULE, f, 1}, call_count)]),
    io:format("all: ~p~n", [erlang:trace_info({?MODULE, f, 1}, all)]),
    io:format("match_spec: ~p~n", [erlang:trace_info({?MODULE, h, 2}, match_spec)]),
    io:format("global count: ~p~n", [erlang:trace_pattern({?MODULE, '_', '_'}, false)]),
    io:format("not traced: ~p~n", [erlang:trace_info({?MODULE, f, 1}, all)]),
    io:format("undefined: ~p~n", [erlang:trace_info({?MODULE, nope, 1}, all)]),
    _ = collect(),
    P ! stop,
    ok.

patterns() ->
    P = spawn(?MODULE, echo, []),
    name(P, echo2),
    1 = erlang:trace(P, true, [send, 'receive']),
    1 = erlang:trace_pattern(send, [{['_', {'_', '$1'}], [{'=:=', '$1', 2}], []}]),
    1 = erlang:trace_pattern('receive', [{['_', '_', {'_', f, '_'}], [], [{message, got_f}]}]),
    io:format("~p~n", [[erlang:trace_info(send, match_spec), erlang:trace_info('receive', match_spec)]]),
    2 = ask(P, f, [1]),
    {1, 2} = ask(P, h, [1, 2]),
    Msgs = collect(),
    show(send_pattern, only(send, Msgs)),
    show(receive_pattern, only('receive', Msgs)),
    1 = erlang:trace_pattern(send, false),
    1 = erlang:trace_pattern('receive', true),
    2 = ask(P, f, [1]),
    show(send_off, collect()),
    1 = erlang:trace_pattern(send, true),
    P ! stop,
    _ = collect(),
    ok.

spawner(Parent) ->
    receive go -> ok end,
    A = spawn(fun() -> receive x -> ok end end),
    B = spawn(fun() -> receive x -> ok end end),
    Parent ! {kids, A, B},
    receive done -> A ! x, B ! x end.

inherit() ->
    Me = self(),
    S = spawn(fun() -> spawner(Me) end),
    name(S, spawner),
    1 = erlang:trace(S, true, [procs, set_on_first_spawn]),
    S ! go,
    receive {kids, A, B} -> name(A, kid1), name(B, kid2) end,
    io:format("first spawn: ~p~n", [[norm(erlang:trace_info(P, flags)) || P <- [S, A, B]]]),
    S ! done,
    Msgs = collect(),
    show(first_spawn_procs, [M || M <- Msgs, element(3, M) =:= spawn]),
    S2 = spawn(fun() -> spawner(Me) end),
    name(S2, spawner2),
    1 = erlang:trace(S2, true, [procs, set_on_spawn]),
    S2 ! go,
    receive {kids, A2, B2} -> name(A2, kid3), name(B2, kid4) end,
    io:format("set_on_spawn: ~p~n", [[norm(erlang:trace_info(P, flags)) || P <- [S2, A2, B2]]]),
    S2 ! done,
    _ = collect(),
    ok.

info() ->
    P = spawn(?MODULE, echo, []),
    io:format("~p~n", [[erlang:trace_info(P, flags), erlang:trace_info(P, tracer)]]),
    1 = erlang:trace(P, true, [send, call, {tracer, self()}]),
    {tracer, Me} = erlang:trace_info(P, tracer),
    Me = self(),
    io:format("~p~n", [erlang:trace_info(P, flags)]),
    1 = erlang:trace(P, false, [all]),
    io:format("~p~n", [[erlang:trace_info(P, flags), erlang:trace_info(P, tracer)]]),
    1 = erlang:trace(P, true, [all]),
    io:format("~p~n", [erlang:trace_info(P, flags)]),
    1 = erlang:trace(P, false, [all]),
    P ! stop,
    timer:sleep(50),
    io:format("dead: ~p~n", [erlang:trace_info(P, flags)]),
    io:format("new: ~p~n", [[erlang:trace_info(new, flags), erlang:trace_info(new_processes, tracer)]]),
    0 = erlang:trace(new, true, [send]),
    io:format("new on: ~p~n", [erlang:trace_info(new_processes, flags)]),
    0 = erlang:trace(new, false, [send]),
    io:format("counts: ~p~n", [[erlang:trace_pattern({?MODULE, '_', '_'}, true, [global]),
                                erlang:trace_pattern({?MODULE, '_', '_'}, false, [global]),
                                erlang:trace_pattern({?MODULE, f, '_'}, true, []),
                                erlang:trace_pattern({?MODULE, f, '_'}, false, []),
                                erlang:trace_pattern({no_such_module, '_', '_'}, true, [])]]),
    ok.

errors() ->
    Bad = [fun() -> erlang:trace(self(), true, [bogus]) end,
           fun() -> erlang:trace(self(), perhaps, [send]) end,
           fun() -> erlang:trace(not_a_pid, true, [send]) end,
           fun() -> erlang:trace(self(), true, send) end,
           fun() -> erlang:trace_pattern({?MODULE, '_', 1}, true) end,
           fun() -> erlang:trace_pattern({?MODULE, f, 1}, true, [global, local]) end,
           fun() -> erlang:trace_pattern({?MODULE, f, 1}, [{'_', [], [{foo}]}]) end,
           fun() -> erlang:trace_pattern(send, true, [global]) end,
           fun() -> erlang:trace_pattern('receive', [{'_', [], [{return_trace}]}]) end,
           fun() -> erlang:trace_info(self(), all) end,
           fun() -> erlang:trace_info(send, flags) end,
           fun() -> erlang:trace_delivered(foo) end],
    io:format("errors: ~p~n", [[element(1, catch_error(F)) || F <- Bad]]),
    Dead = spawn(fun() -> ok end),
    timer:sleep(50),
    io:format("dead tracee: ~p~n", [catch_error(fun() -> erlang:trace(Dead, true, [send]) end)]),
    ok.

catch_error(F) ->
    try F() of R -> {ok, R} catch error:R -> {R, error} end.

tracer_death() ->
    Me = self(),
    T = spawn(fun() -> receive stop -> Me ! {tracer_got, flush([])} end end),
    P = spawn(?MODULE, echo, []),
    1 = erlang:trace(P, true, [send, {tracer, T}]),
    2 = ask(P, f, [1]),
    T ! stop,
    receive {tracer_got, Got} -> io:format("tracer got ~p messages~n", [length(Got)]) end,
    timer:sleep(50),
    2 = ask(P, f, [1]),
    io:format("after tracer death: ~p~n", [erlang:trace_info(P, flags)]),
    P ! stop,
    ok.

flush(Acc) -> receive M -> flush([M | Acc]) after 0 -> lists:reverse(Acc) end.

delivered() ->
    Ref = erlang:trace_delivered(self()),
    receive {trace_delivered, Who, Ref} -> io:format("delivered: ~p~n", [Who =:= self()]) end,
    Ref2 = erlang:trace_delivered(all),
    receive {trace_delivered, all, Ref2} -> io:format("delivered all~n") end.

ms_test() ->
    T = fun(Args, MS) -> erlang:match_spec_test(Args, MS, trace) end,
    io:format("~p~n", [[T([a, b], [{['$1', '_'], [], [{message, '$1'}]}]),
                        T([a, b], [{['$1', '$1'], [], []}]),
                        T([1], [{['$1'], [{is_integer, '$1'}], [{return_trace}, {exception_trace}]}]),
                        T([1], [{'_', [], [{message, {caller}}]}]),
                        T([], [{'_', [], []}]),
                        element(1, T([1], [{'_', [], [{nope}]}]))]]),
    ok.

sessions() ->
    Before = trace:session_info(all),
    S = trace:session_create(my_session, self(), []),
    P = spawn(?MODULE, echo, []),
    name(P, echo3),
    1 = trace:process(S, P, true, [call]),
    1 = trace:function(S, {?MODULE, f, 1}, [{'_', [], [{return_trace}]}], []),
    io:format("session info: ~p~n", [length(trace:session_info(all)) - length(Before)]),
    3 = ask(P, f, [2]),
    show(session_call, [M || M <- collect(), element(2, M) =:= P]),
    io:format("legacy untouched: ~p~n", [erlang:trace_info(P, flags)]),
    io:format("session flags: ~p~n", [trace:info(S, P, flags)]),
    io:format("session fn: ~p~n", [trace:info(S, {?MODULE, f, 1}, all)]),
    true = trace:session_destroy(S),
    false = trace:session_destroy(S),
    3 = ask(P, f, [2]),
    show(after_destroy, [M || M <- collect(), element(2, M) =:= P]),
    io:format("sessions back: ~p~n", [trace:session_info(all) =:= Before]),
    P ! stop,
    ok.

l1(X) -> {X}.
l2(X, Y) -> l1(X), {X, Y}.
l3(X, Y) -> l2(X, Y).
walk([]) -> done;
walk([_ | T]) -> walk(T).
lg(X) -> erlang:error({lg, X}).

local_runner(Parent) ->
    receive go -> ok end,
    l3(a, b),
    walk([a, b, c]),
    catch lg(1),
    Parent ! {self(), finished}.

locals() ->
    P = spawn(?MODULE, local_runner, [self()]),
    name(P, local_runner),
    1 = erlang:trace(P, true, [call, return_to]),
    io:format("local counts: ~p~n", [[erlang:trace_pattern({?MODULE, l2, 2}, [{'_', [], [{return_trace}, {message, {caller}}]}], [local]),
                                      erlang:trace_pattern({?MODULE, l1, 1}, [{'_', [], [{message, {caller_line}}]}], [local]),
                                      erlang:trace_pattern({?MODULE, walk, 1}, true, [local]),
                                      erlang:trace_pattern({?MODULE, lg, 1}, [{'_', [], [{exception_trace}]}], [local]),
                                      erlang:trace_pattern({?MODULE, l3, 2}, true, [call_count]),
                                      erlang:trace_pattern({?MODULE, l3, 2}, true, [meta])]]),
    io:format("~p~n", [[erlang:trace_info({?MODULE, F, A}, traced) || {F, A} <- [{l1, 1}, {l2, 2}, {l3, 2}]]]),
    P ! go,
    receive {P, finished} -> ok end,
    Msgs = collect(),
    show(local_calls, [setelement(tuple_size(M), M, ts) || M <- Msgs, element(1, M) =:= trace_ts] ++
                      [M || M <- Msgs, element(1, M) =:= trace]),
    io:format("~p~n", [erlang:trace_info({?MODULE, l3, 2}, call_count)]),
    erlang:trace_pattern({?MODULE, '_', '_'}, false, [local, meta, call_count]),
    io:format("~p~n", [erlang:trace_info({?MODULE, l2, 2}, all)]),
    ok.

%% Calls to BIFs made by call_ext (body and tail calls) are traced like any function; the
%% bif/gc_bif instructions (element/2, length/1 here) are not, on BEAM either.
bif_put(K, V) -> erlang:put(K, V).
bif_tail(N) -> erlang:integer_to_list(N).
bif_raise(X) -> erlang:atom_to_list(X).

bif_runner(Parent) ->
    receive go -> ok end,
    "42" = erlang:integer_to_list(id(42)),
    undefined = bif_put(k, v),
    "7" = bif_tail(id(7)),
    {'EXIT', {badarg, _}} = (catch bif_raise(id(3))),
    {'EXIT', {badarg, _}} = (catch erlang:binary_to_list(id(x))),
    a = element(1, id({a})),
    _ = [erlang:phash2(id(I), 16) || I <- [1, 2, 3]],
    2 = length(id([x, y])),
    Parent ! {self(), finished}.

id(X) -> X.

bifs() ->
    P = spawn(?MODULE, bif_runner, [self()]),
    name(P, bif_runner),
    1 = erlang:trace(P, true, [call, return_to]),
    io:format("bif patterns: ~p~n",
              [[erlang:trace_pattern({erlang, integer_to_list, 1}, [{'_', [], [{return_trace}, {message, {caller}}]}], [local]),
                erlang:trace_pattern({erlang, put, 2}, [{['$1', '_'], [], [{return_trace}, {message, '$1'}]}], [global]),
                erlang:trace_pattern({erlang, atom_to_list, 1}, [{'_', [], [{exception_trace}]}], [global]),
                erlang:trace_pattern({erlang, binary_to_list, 1}, [{'_', [], [{return_trace}]}], [global]),
                erlang:trace_pattern({erlang, element, 2}, true, [global]),
                erlang:trace_pattern({erlang, length, 1}, true, [local]),
                erlang:trace_pattern({erlang, phash2, 2}, true, [call_count])]]),
    P ! go,
    receive {P, finished} -> ok end,
    show(bif_calls, collect()),
    io:format("~p~n", [[erlang:trace_info({erlang, F, A}, call_count) || {F, A} <- [{phash2, 2}, {put, 2}]]]),
    erlang:trace_pattern({erlang, '_', '_'}, false, [local, call_count]),
    erlang:trace_pattern({erlang, '_', '_'}, false, [global]),
    io:format("~p~n", [erlang:trace_info({erlang, put, 2}, all)]),
    ok.

%% {trace, Pid, Disable, Enable} in a match specification gives the tracee the tracer of the
%% process running it: an untraced process (no tracer) clears every flag of the tracee;
%% naming {tracer, T} sets it.
ms_trace_tracer() ->
    P = spawn(fun () -> receive stop -> ok end end),
    name(P, sleeper),
    1 = erlang:trace(P, true, [send, 'receive', call]),
    erlang:trace_pattern({?MODULE, h, 2}, [{['$1', '$2'], [], [{trace, '$1', [call], '$2'}]}], [meta]),
    Run = fun (Enable) ->
              {Pid, Ref} = spawn_monitor(fun () -> ?MODULE:h(P, Enable) end),
              receive {'DOWN', Ref, process, Pid, _} -> ok end,
              erlang:trace_info(P, flags)
          end,
    R1 = Run([]),
    R2 = Run([{tracer, self()}, send]),
    R3 = Run(['receive']),
    io:format("ms trace tracer: ~p~n", [[R1, R2, R3]]),
    erlang:trace_pattern({?MODULE, h, 2}, false, [meta]),
    P ! stop,
    _ = flush([]),
    ok.
