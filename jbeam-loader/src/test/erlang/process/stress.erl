-module(stress).
-export([main/0]).

%% Stress: no lost or duplicated signals, no deadlock, no leak. Output is counts and booleans.
main() ->
    Base = length(processes()),
    io:format("~p~n", [chain(100000)]),
    io:format("~p~n", [exits_racing_messages(200, 500)]),
    io:format("~p~n", [monitors_on_dying(10000)]),
    io:format("~p~n", [demonitor_racing(5000)]),
    io:format("~p~n", [kill_racing_link(2000)]),
    io:format("~p~n", [link_unlink_racing(200)]),
    io:format("~p~n", [{baseline, back_to(Base, 200)}]),
    halt(0).

back_to(Base, 0) -> {Base, length(processes())};
back_to(Base, N) ->
    case length(processes()) =< Base of
        true -> true;
        false -> timer:sleep(50), back_to(Base, N - 1)
    end.

flush() -> receive M -> [M | flush()] after 0 -> [] end.

%% A chain of N processes linked one to the next; killing the first kills them all.
chain(N) ->
    Self = self(),
    First = spawn(fun() -> link_next(N - 1, Self) end),
    Last = receive {last, L} -> L end,
    Ref = monitor(process, Last),
    Before = length(processes()),
    exit(First, kill),
    R = receive {'DOWN', Ref, process, Last, Why} -> Why end,
    {chain, N, Before >= N, R}.

link_next(0, Top) -> Top ! {last, self()}, receive after infinity -> ok end;
link_next(N, Top) ->
    spawn_link(fun() -> link_next(N - 1, Top) end),
    receive after infinity -> ok end.

%% Senders linked to a trapping receiver send K messages each and exit: every message arrives
%% exactly once, in order, before the sender's 'EXIT'.
exits_racing_messages(S, K) ->
    process_flag(trap_exit, true),
    Self = self(),
    Pids = [spawn_link(fun() -> [Self ! {self(), I} || I <- lists:seq(1, K)], exit(done) end)
            || _ <- lists:seq(1, S)],
    Ok = collect(maps:from_list([{P, 0} || P <- Pids]), S),
    process_flag(trap_exit, false),
    {exits_racing_messages, Ok, flush()}.

collect(_, 0) -> true;
collect(Seen, Left) ->
    receive
        {'EXIT', P, done} ->
            case maps:get(P, Seen) of
                N when is_integer(N) -> collect(Seen#{P := exited}, Left - 1);
                _ -> {duplicate_exit}
            end;
        {P, I} ->
            case maps:get(P, Seen) of
                N when N =:= I - 1 -> collect(Seen#{P := I}, Left);
                Other -> {out_of_order, Other, I}
            end
    end.

%% Monitors set up while the target is dying: exactly one 'DOWN' each.
monitors_on_dying(N) ->
    Pids = [spawn(fun() -> ok end) || _ <- lists:seq(1, N)],
    Refs = [monitor(process, P) || P <- Pids],
    Downs = [receive {'DOWN', R, process, _, Why} -> Why end || R <- Refs],
    Kinds = lists:usort(Downs),
    {monitors_on_dying, length(Downs), lists:all(fun(W) -> W =:= normal orelse W =:= noproc end, Kinds),
     flush()}.

%% demonitor with flush racing the target's death: no 'DOWN' ever arrives afterwards.
demonitor_racing(N) ->
    Pids = [spawn(fun() -> ok end) || _ <- lists:seq(1, N)],
    [demonitor(monitor(process, P), [flush]) || P <- Pids],
    timer:sleep(100),
    {demonitor_racing, flush()}.

%% Processes killed while they link to a trapping process: exactly one 'EXIT' each.
kill_racing_link(N) ->
    {links, LinksBefore} = process_info(self(), links),
    process_flag(trap_exit, true),
    Self = self(),
    Pids = [spawn(fun() -> link(Self), receive after infinity -> ok end end) || _ <- lists:seq(1, N)],
    [exit(P, kill) || P <- Pids],
    %% Each either linked before dying (one 'EXIT' with killed) or died first (no link, no 'EXIT').
    timer:sleep(200),
    Msgs = flush(),
    Exits = [P || {'EXIT', P, killed} <- Msgs],
    process_flag(trap_exit, false),
    {kill_racing_link, length(Exits) =:= length(lists:usort(Exits)), length(Msgs) =:= length(Exits),
     lists:all(fun(P) -> not is_process_alive(P) end, Pids), LinksBefore =:= element(2, process_info(self(), links))}.

%% Two processes link and unlink each other at random at the same time (erl_link_SUITE's
%% otp_17127 cases); afterwards both halves of the link agree, every time.
link_unlink_racing(N) ->
    {link_unlink_racing, N, lists:usort([link_unlink_pair() || _ <- lists:seq(1, N)])}.

link_unlink_pair() ->
    Self = self(),
    Fun = fun(Other) -> [case rand:uniform(3) of
                             1 -> link(Other);
                             2 -> unlink(Other);
                             3 -> erlang:yield()
                         end || _ <- lists:seq(1, 200)] end,
    Racer = fun() -> receive {go, Other} -> Fun(Other), Self ! {self(), done} end,
                     receive stop -> ok end end,
    A = spawn(Racer),
    B = spawn(Racer),
    A ! {go, B},
    B ! {go, A},
    [receive {P, done} -> ok end || P <- [A, B]],
    {links, LA} = process_info(A, links),
    {links, LB} = process_info(B, links),
    Consistent = lists:member(B, LA) =:= lists:member(A, LB),
    [P ! stop || P <- [A, B]],
    Consistent.
