%% Control flow: records (update_record), funs and closures, try/catch/after, catch, receive with
%% timeouts, select_val/select_tuple_arity, guards, apply, raise, tail and body calls.
-module(ld_control).
-export([rec/1, upd/2, funs/2, apply_it/3, tryit/1, catchit/1, recv/1, recv_ref/0, sel/1, tup/1,
         guards/2, raise/3, call_known/2, fact/1, sum/1, bad/1, fun_info/0, lc/1, on_load_fun/0, ifs/1]).
-on_load(on_load_fun/0).

-record(r, {a = 1, b = [], c = <<>>, d, e, f}).

on_load_fun() -> ok.
rec(X) -> #r{a = X}.
upd(R, X) -> R#r{b = X, c = X, d = X}.
funs(L, N) ->
    F = fun(X) -> X + N end,
    G = fun lists:reverse/1,
    H = fun ?MODULE:fact/1,
    {lists:map(F, L), G(L), H(N), (fun Loop(0) -> done; Loop(I) -> Loop(I - 1) end)(N)}.
apply_it(M, F, A) -> {M:F(A), apply(M, F, [A]), M:F(A, A)}.
call_known(F, X) when is_function(F, 1) -> {F(X), F(X + 1)}.
tryit(X) ->
    try X() of
        {ok, V} -> V;
        Other -> {other, Other}
    catch
        throw:T -> {thrown, T};
        error:E:S -> {error, E, length(S)};
        exit:Ex -> {exit, Ex}
    after
        erlang:yield()
    end.
catchit(X) -> catch X().
recv(T) ->
    receive
        {a, X} -> X;
        {b, _} = M -> M
    after T -> timeout
    end.
recv_ref() ->
    Ref = make_ref(),
    self() ! {Ref, ok},
    receive {Ref, R} -> R after infinity -> never end.
sel(1) -> one; sel(2) -> two; sel(3) -> three; sel(4) -> four; sel(5) -> five;
sel(a) -> a; sel(b) -> b; sel(c) -> c; sel(d) -> d; sel(1.5) -> float; sel(_) -> other.
tup({_}) -> 1; tup({_, _}) -> 2; tup({_, _, _}) -> 3; tup({_, _, _, _}) -> 4; tup(_) -> no.
guards(X, Y) when is_integer(X), X > Y; is_float(X), X =< Y -> a;
guards(X, Y) when is_atom(X), X =/= Y, is_pid(Y) orelse is_port(Y) orelse is_reference(Y) -> b;
guards(X, _) when is_list(X), length(X) > 2, hd(X) == 1 -> c;
guards(X, _) when is_function(X, 2); is_function(X); is_boolean(X); is_bitstring(X) -> d;
guards(X, Y) when tuple_size(X) =:= Y, element(1, X) /= Y -> e;
guards(_, _) -> f.
raise(C, R, S) -> erlang:raise(C, R, S).
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
sum(L) -> sum(L, 0).
sum([], A) -> A;
sum([H | T], A) -> sum(T, A + H).
bad(X) ->
    case X of
        1 -> ok
    end.
fun_info() -> erlang:fun_info(fun fact/1).
lc(L) -> [{X, Y} || X <- L, Y <- L, X < Y].
ifs(X) -> if X > 0 -> pos; X < 0 -> neg end.
