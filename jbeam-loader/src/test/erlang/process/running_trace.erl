-module(running_trace).
-export([main/0]).

%% erlang:trace/3's running flag: {trace, Pid, out, MFA} when a process stops running (it waits
%% in a receive or yields) and {trace, Pid, in, MFA} when it runs again (process_SUITE's yield2).
%% The reductions of two yields are counted as on BEAM: a few.
main() ->
    Me = self(),
    Go = make_ref(),
    P = spawn(fun() ->
                      receive Go -> ok end,
                      {reductions, R1} = process_info(self(), reductions),
                      {ok, true} = yield_in_body(),
                      true = apply(erlang, yield, []),
                      {reductions, R2} = process_info(self(), reductions),
                      Me ! {reds, R2 - R1 > 0, R2 - R1 < 30},
                      receive Go -> exit(done) end
              end),
    erlang:yield(),
    timer:sleep(50),
    1 = erlang:trace(P, true, [running, procs, {tracer, self()}]),
    P ! Go,
    Events = collect(P),
    Reds = receive {reds, _, _} = R -> R end,
    P ! Go,
    Exit = collect(P),
    io:format("~p~n~p~n~p~n", [Events, Reds, Exit]),
    halt(0).

yield_in_body() -> {ok, erlang:yield()}.

%% The trace messages about P until none comes for 100 ms.
collect(P) ->
    receive
        {trace, P, Tag, What} -> [{Tag, What} | collect(P)]
    after 100 -> []
    end.
