%% erlang:statistics/1: every item's shape, totals that only grow, "since the last call" halves
%% that add up, and badarg for anything else. Values depend on the machine; only their
%% relations are printed.
-module(statistics_module).
-export([main/0]).

main() ->
    Pairs = [runtime, wall_clock, reductions, exact_reductions],
    [io:format("~p ~p~n", [K, pair(K)]) || K <- Pairs],
    %% reductions and exact_reductions each have their own "last call"
    _ = statistics(exact_reductions),
    burn(200000),
    _ = statistics(reductions),
    {_, SinceExact} = statistics(exact_reductions),
    {_, SinceReductions} = statistics(reductions),
    io:format("apart ~p~n", [{SinceExact > 100000, SinceReductions < 100000}]),
    io:format("context_switches ~p~n", [case statistics(context_switches) of
                                            {N, 0} when is_integer(N), N >= 0 -> ok;
                                            CS -> CS
                                        end]),
    io:format("garbage_collection ~p~n", [case statistics(garbage_collection) of
                                              {A, B, 0} when is_integer(A), is_integer(B) -> ok;
                                              GC -> GC
                                          end]),
    io:format("io ~p~n", [case statistics(io) of
                              {{input, I}, {output, O}} when is_integer(I), is_integer(O) -> ok;
                              IO -> IO
                          end]),
    S = erlang:system_info(schedulers),
    [io:format("~p ~p~n", [K, length(statistics(K)) - S]) ||
        K <- [run_queue_lengths, run_queue_lengths_all, active_tasks, active_tasks_all]],
    [io:format("~p ~p~n", [K, is_integer(statistics(K)) andalso statistics(K) >= 0]) ||
        K <- [run_queue, total_run_queue_lengths, total_run_queue_lengths_all,
              total_active_tasks, total_active_tasks_all]],
    io:format("total_active_tasks ~p~n", [statistics(total_active_tasks) >= 1]), % this process runs
    io:format("scheduler_wall_time ~p~n", [statistics(scheduler_wall_time)]),
    [io:format("~p ~p~n", [X, try statistics(X) catch error:E -> E end]) || X <- [foo, 1, "runtime"]],
    ok.

%% {Total, SinceLast}: totals never shrink, a since-last half is what the total grew by since the
%% previous call (by any process: at most this one's own difference), and a busy loop shows.
pair(K) ->
    {T1, _} = statistics(K),
    burn(200000),
    timer:sleep(20),
    {T2, D2} = statistics(K),
    {T3, D3} = statistics(K),
    {T2 >= T1, T3 >= T2, D2 =< T2 - T1, D3 =:= T3 - T2,
     K =:= runtime orelse D2 > 0}.

burn(0) -> ok;
burn(N) -> burn(N - 1).
