%% system_flag(backtrace_depth, N): how many frames exceptions and process_info's
%% current_stacktrace keep (BEAM: the current function counts; at most 64; a failing BIF's own
%% frame counts as the current function). Each case runs in a fresh process so that the frames
%% below are the same on every VM; frames of preloaded modules (erlang, init...) have no location.
-module(exc_backtrace_depth).
-export([main/0, deep/2]).


main() ->
    Old = erlang:system_flag(backtrace_depth, 8),
    io:format("default ~p~n", [Old]),
    [show(D) || D <- [0, 1, 2, 3, 8, 20, 64]],
    io:format("clamped ~p~n", [begin erlang:system_flag(backtrace_depth, 1000),
                                     erlang:system_flag(backtrace_depth, 8) end]),
    [io:format("~p -> ~p~n", [V, try erlang:system_flag(backtrace_depth, V) catch error:E -> E end])
     || V <- [-1, a, 1.5, 1 bsl 70]],
    io:format("system_info ~p~n", [element(1, catch erlang:system_info(backtrace_depth))]),
    %% the depth in force when the exception was raised counts, not when its trace is read
    erlang:system_flag(backtrace_depth, 2),
    {St, _} = run(fun() -> try deep(10, error) catch error:_:S -> {S, erlang:system_flag(backtrace_depth, 8)} end end),
    io:format("raised at 2, read at 8: ~p~n", [length(St)]),
    erlang:system_flag(backtrace_depth, 2),
    io:format("raise/3 at 2: ~p~n", [run(fun() -> try erlang:raise(error, x, [{m, f, N, []} || N <- lists:seq(1, 5)])
                                                  catch error:x:S -> length(S) end end)]),
    erlang:system_flag(backtrace_depth, 8),
    ok.

show(D) ->
    erlang:system_flag(backtrace_depth, D),
    Error = run(fun() -> try deep(12, error) catch error:E:S -> {E, S} end end),
    Badarg = run(fun() -> try deep(12, badarg) catch error:E:S -> {E, S} end end),
    Current = run(fun() -> deep(12, current) end),
    erlang:system_flag(backtrace_depth, 8),
    io:format("depth ~p~n error ~p~n badarg ~p~n current ~p~n", [D, Error, Badarg, Current]).

run(F) ->
    Self = self(),
    Pid = spawn(fun() -> Self ! {self(), F()} end),
    receive {Pid, R} -> R end.

%% N nested body calls through two alternating call sites (BEAM records a return address only
%% when it differs from the one before it, so one call site recursing would show once)
deep(0, error) -> error(boom);
deep(0, badarg) -> list_to_atom(id(nope));
deep(0, current) -> erlang:process_info(self(), current_stacktrace);
deep(N, How) -> id(deeper(N - 1, How)).

deeper(N, How) -> id(?MODULE:deep(N, How)).

id(X) -> X.
