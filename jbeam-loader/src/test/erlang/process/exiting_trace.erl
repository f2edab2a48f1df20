-module(exiting_trace).
-export([main/0]).

%% erlang:trace/3's exiting flag (ets_SUITE's exit_large_table_owner): a process rescheduled
%% while it exits, freeing its ETS tables, gives out_exiting/in_exiting pairs and, once gone,
%% out_exited, all with 0 for the function. How often is the VM's business; that an owner of large
%% or many tables is rescheduled (others run meanwhile) is what this checks, as the suite does.
main() ->
    [io:format("~p: ~p~n", [Name, run(Setup, How)]) || {Name, Setup} <- cases(), How <- [kill, normal]],
    halt(0).

cases() ->
    Objects = [{I, integer_to_list(I)} || I <- lists:seq(1, 200000)],
    [{no_tables, fun() -> ok end},
     {large_set, fun() -> ets:insert(ets:new(t, [set]), Objects) end},
     {large_ordered_set, fun() -> ets:insert(ets:new(t, [ordered_set]), Objects) end},
     {large_bag, fun() -> ets:insert(ets:new(t, [bag]), Objects) end},
     {many_small_tables, fun() -> [ets:insert(ets:new(t, []), lists:sublist(Objects, 50)) || _ <- lists:seq(1, 200)] end},
     {many_empty_tables, fun() -> [ets:new(t, []) || _ <- lists:seq(1, 1000)] end},
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
    summary(collect(P)).

collect(P) ->
    receive
        {trace, P, out_exited, 0} -> [out_exited];
        {trace, P, Event, 0} -> [Event | collect(P)];
        {trace, P, _, _} = Other -> [Other]
    after 30000 -> [no_out_exited]
    end.

%% [out_exited] as it is; else whether the events alternate out/in (possibly starting with an
%% in_exiting) and end with out_exited, and whether there were three schedulings or more.
summary([out_exited]) -> [out_exited];
summary(Events) -> {alternating(Events), schedulings(Events) >= 3}.

alternating([in_exiting | Rest]) -> outs(Rest);
alternating(Events) -> outs(Events).

outs([out_exited]) -> true;
outs([out_exiting, in_exiting | Rest]) -> outs(Rest);
outs(_) -> false.

schedulings(Events) -> length([E || E <- Events, E =:= out_exiting orelse E =:= out_exited]).
