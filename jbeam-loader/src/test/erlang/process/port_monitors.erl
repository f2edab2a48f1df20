-module(port_monitors).
-export([main/0]).

%% monitor(port, ...) with monitor/3's options ({tag, T}, {alias, Mode}), {Name, Node} targets,
%% noproc for ports that are not open, demonitor and the aliases bound to port monitors
%% (monitor_SUITE's monitor_3_noproc_gh6185). Output has no ports, pids or references.
main() ->
    Tests = [fun bad_args/0, fun down_on_close/0, fun noproc/0, fun aliases/0, fun demonitor/0],
    Self = self(),
    %% run in a process that does not trap exits: closing its own ports sends it no message
    [begin
         spawn(fun() -> Self ! {done, catch T()} end),
         receive {done, R} -> io:format("~p~n", [R]) end
     end || T <- Tests],
    halt(0).

port() -> open_port({spawn, "cat"}, []).

flush() -> receive M -> [M | flush()] after 200 -> [] end.

%% replaces the terms in Names (an [{Term, Name}] list) by their names
norm(T, Names) when is_tuple(T) -> list_to_tuple([norm(E, Names) || E <- tuple_to_list(T)]);
norm(T, Names) when is_list(T) -> [norm(E, Names) || E <- T];
norm(T, Names) -> case lists:keyfind(T, 1, Names) of {_, N} -> N; false -> T end.

error_of(F) -> try F(), no_error catch error:R -> R end.

bad_args() ->
    P = port(),
    R = [error_of(fun() -> erlang:monitor(port, {name, 'other@host'}, []) end),
         error_of(fun() -> erlang:monitor(port, {name, 'other@host'}) end),
         error_of(fun() -> erlang:monitor(port, self()) end),
         error_of(fun() -> erlang:monitor(port, {a, b, c}) end),
         error_of(fun() -> erlang:monitor(port, "name") end),
         error_of(fun() -> erlang:monitor(port, P, [{bad, 1}]) end),
         error_of(fun() -> erlang:monitor(port, P, [{alias, reply}]) end),
         error_of(fun() -> erlang:monitor(port, P, [{tag, t} | bad]) end),
         error_of(fun() -> erlang:monitor(port, P, bad) end),
         error_of(fun() -> erlang:monitor(port, P, [{tag, t}, {alias, demonitor}]) end)],
    port_close(P),
    {bad_args, R, length(flush())}.

down_on_close() ->
    P = port(),
    R1 = erlang:monitor(port, P, [{tag, t1}]),
    R2 = erlang:monitor(port, P, []),
    R3 = erlang:monitor(port, P),
    port_close(P),
    {down_on_close, lists:sort(norm(flush(), [{R1, r1}, {R2, r2}, {R3, r3}, {P, port}]))}.

noproc() ->
    P = port(),
    port_close(P),
    Node = node(),
    R1 = erlang:monitor(port, P, [{tag, closed}]),
    R2 = erlang:monitor(port, not_a_port_name),
    R3 = erlang:monitor(port, {not_a_port_name, Node}, [{tag, t3}]),
    R4 = erlang:monitor(port, not_a_port_name, [{alias, demonitor}]),
    Down = norm(flush(), [{R1, r1}, {R2, r2}, {R3, r3}, {R4, r4}, {P, port}, {Node, node}]),
    R4 ! after_down,
    {noproc, Down, norm(flush(), [])}.

aliases() ->
    P = port(),
    R1 = erlang:monitor(port, P, [{alias, demonitor}]),
    R2 = erlang:monitor(port, P, [{tag, t2}, {alias, reply_demonitor}]),
    R3 = erlang:monitor(port, P, [{alias, explicit_unalias}]),
    R1 ! before_close,
    Before = flush(),
    port_close(P),
    Down = lists:sort(norm(flush(), [{R1, r1}, {R2, r2}, {R3, r3}, {P, port}])),
    R1 ! to_r1, R2 ! to_r2, R3 ! to_r3,
    After = flush(),
    {aliases, Before, Down, After, unalias(R3), unalias(R3)}.

demonitor() ->
    P = port(),
    R1 = erlang:monitor(port, P, [{alias, demonitor}]),
    D1 = erlang:demonitor(R1),
    R1 ! after_demonitor,
    R2 = erlang:monitor(port, P, [{alias, explicit_unalias}, {tag, t2}]),
    D2 = erlang:demonitor(R2, [info]),
    D2b = erlang:demonitor(R2, [info]),
    R2 ! after_demonitor_explicit,
    R3 = erlang:monitor(port, P),
    port_close(P),
    receive {'DOWN', R3, port, P, _} -> ok end,
    D3 = erlang:demonitor(R3, [info]),
    R4 = erlang:monitor(port, P),
    D4 = erlang:demonitor(R4, [flush, info]),
    {demonitor, D1, D2, D2b, D3, D4, flush()}.
