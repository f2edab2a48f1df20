%% Stack traces in BEAM's format: {Module, Function, Arity|Args, [{file, F}, {line, L}]}.
%% Frames below main/0 (the launcher's) are cut off, so only this module's frames are printed.
-module(exc_stacktrace).
-export([main/0, remote/1, id/1]).

main() ->
    show(fun() -> a(1) end),
    show(fun() -> remote_crash() end),
    show(fun() -> lists:map(fun(X) -> 10 div X end, [1, 0]) end),
    show(fun() -> no_clause(7) end),
    show(fun() -> ?MODULE:remote(undefined_thing) end),
    show(fun() -> undefined_module_xyz:f(1) end),
    show(fun() -> ?MODULE:missing_function() end),
    show(fun() -> element(5, {1, 2}) end),
    show(fun() -> erlang:raise(error, custom, [{fake, frame, 2, [{file, "fake.erl"}, {line, 42}]}]) end),
    show(fun() -> throw(from_deep(5)) end),
    show(fun() -> catch_and_reraise() end),
    show(fun() -> error(with_args, [1, two]) end),
    show(fun() -> deep_body(4) end),
    show(fun() -> lists:map(fun at_three/1, [1, 2, 3, 4, 5]) end),
    ok.

show(F) ->
    try F() of
        V -> io:format("returned ~p~n", [V])
    catch
        Class:Reason:Stack ->
            io:format("~p:~p~n", [Class, Reason]),
            [io:format("    ~p~n", [Frame]) || Frame <- upto_show(Stack)]
    end.

%% Keeps the frames above show/1's fun: the same on every launcher.
upto_show([{?MODULE, show, 1, _} | _]) -> [];
upto_show([{?MODULE, Name, _, _} = Frame | Rest]) ->
    case atom_to_list(Name) of
        "-main/0-" ++ _ -> [Frame];
        _ -> [Frame | upto_show(Rest)]
    end;
upto_show([Frame | Rest]) -> [Frame | upto_show(Rest)];
upto_show([]) -> [].

a(X) -> [b(X)].
b(X) -> [c(X)].
c(X) -> X + ?MODULE:id(one).
id(X) -> X.

remote_crash() -> [?MODULE:remote({bad})].
remote(X) when is_atom(X) -> {ok, X};
remote(X) -> tuple_size(X) + atom_to_list(X).

no_clause(0) -> zero.

at_three(3) -> error(at_three);
at_three(X) -> X.

%% Body recursion through one call site: BEAM keeps one frame for the repeated return address.
deep_body(0) -> error(bottom);
deep_body(N) -> [N | deep_body(N - 1)].

from_deep(0) -> bottom;
from_deep(N) -> from_deep(N - 1).

catch_and_reraise() ->
    try a(2)
    catch error:R:S -> erlang:raise(error, {reraised, R}, S)
    end.
