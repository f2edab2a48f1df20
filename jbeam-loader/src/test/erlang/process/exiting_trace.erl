-module(exiting_trace).
-export([main/0]).

%% erlang:trace/3's exiting flag: {trace, P, out_exited, 0} once a process is gone, whether it was
%% killed or exited, and whatever it owned. (BEAM also reports out_exiting/in_exiting when it
%% reschedules an exiting process that frees large ETS tables; jbeam frees them in one go and does
%% not, so only owners BEAM does not reschedule are compared: docs/jbeam.md, "Tracing".)
main() ->
    [io:format("~p: ~p~n", [Name, run(Setup, How)]) || {Name, Setup} <- cases(), How <- [kill, normal]],
    halt(0).

cases() ->
    Objects = [{I, integer_to_list(I)} || I <- lists:seq(1, 100)],
    [{no_tables, fun() -> ok end},
     {small_tables, fun() -> [ets:insert(ets:new(t, [Type]), Objects) || Type <- [set, ordered_set, bag]] end},
     {given_to_heir, fun() -> ets:insert(ets:new(t, [set, {heir, whereis(init), gift}]), Objects) end}].

%% The exiting events of a process that sets up its tables and then is killed or exits normally.
run(Setup, How) ->
    Me = self(),
    P = spawn(fun() ->
                      Setup(),
                      Me ! ready,
                      receive stop -> exit(normal) end
              end),
    receive ready -> ok end,
    1 = erlang:trace(P, true, [exiting]),
    case How of
        kill -> exit(P, kill);
        normal -> P ! stop
    end,
    collect(P).

%% What the tracer gets, in order, up to out_exited.
collect(P) ->
    receive
        {trace, P, out_exited, 0} -> [out_exited];
        {trace, P, Event, 0} -> [Event | collect(P)];
        {trace, P, _, _} = Other -> [Other]
    after 30000 -> [no_out_exited]
    end.
