%% Runs one workload: Warmup untimed runs, then Repeats timed runs; prints one line
%%   RESULT <workload> <unit> <median> <min> <checksum-hash>
%% Time is wall-clock microseconds (erlang:monotonic_time) of Workload:run/0. A workload that
%% exports measure/0 reports its own figure instead (e.g. bytes per idle process).
-module(bench_driver).
-export([main/1]).

main([Name, Repeats, Warmup]) ->
    Mod = list_to_atom("bench_" ++ Name),
    N = list_to_integer(Repeats),
    W = list_to_integer(Warmup),
    {Unit, Samples, Check} =
        case erlang:function_exported(Mod, measure, 0) orelse load_and_check(Mod, measure) of
            true ->
                [Mod:measure() || _ <- lists:seq(1, W)],
                Results = [Mod:measure() || _ <- lists:seq(1, N)],
                {element(1, hd(Results)), [V || {_, V} <- Results], 0};
            false ->
                [Mod:run() || _ <- lists:seq(1, W)],
                Timed = [timed(Mod) || _ <- lists:seq(1, N)],
                {us, [T || {T, _} <- Timed], erlang:phash2([R || {_, R} <- Timed])}
        end,
    Sorted = lists:sort(Samples),
    Median = lists:nth((length(Sorted) + 1) div 2, Sorted),
    io:format("RESULT ~s ~s ~w ~w ~w~n", [Name, Unit, Median, hd(Sorted), Check]),
    halt(0).

%% Calling module_info/1 loads the module through the code path (an undefined-function call), so
%% loading is outside the timed runs; it needs no code server, which jbeam does not boot yet.
load_and_check(Mod, F) ->
    Mod = Mod:module_info(module),
    erlang:function_exported(Mod, F, 0).

timed(Mod) ->
    T0 = erlang:monotonic_time(microsecond),
    R = Mod:run(),
    {erlang:monotonic_time(microsecond) - T0, R}.
