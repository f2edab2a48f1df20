-module(ets_errors).
-export([main/0]).
%% ETS errors carry BEAM's cause (erl_db.c EXI_*), which erl_stdlib_errors turns into an
%% explanation of the failing argument (ets_SUITE error_info).
main() ->
    T = ets:new(t, [private]),
    ets:new(p, [protected, named_table]),
    Self = self(),
    Other = spawn(fun() -> receive {go, F} -> Self ! {res, F()} end end),
    Cases = [fun() -> ets:lookup(make_ref(), k) end,
             fun() -> ets:lookup(no_such_table, k) end,
             fun() -> ets:lookup({not_a, table}, k) end,
             fun() -> ets:insert(p, {k}) end,
             fun() -> ets:give_away(T, Self, x) end,
             fun() -> ets:new(p, [named_table]) end,
             fun() -> ets:setopts(T, [{protection, public}, {protection, private}]) end,
             fun() -> ets:setopts(T, [{heir, none}, {heir, none}]) end],
    [io:format("~p~n", [cause(F)]) || F <- Cases],
    Other ! {go, fun() -> [cause(fun() -> ets:lookup(T, k) end), cause(fun() -> ets:insert(p, {k}) end),
                           cause(fun() -> ets:give_away(p, Self, x) end), cause(fun() -> ets:delete(p) end),
                           cause(fun() -> ets:setopts(p, {heir, none}) end)] end},
    receive {res, R} -> io:format("~p~n", [R]) end,
    ets:delete(T),
    io:format("~p~n", [[cause(fun() -> ets:lookup(T, k) end), cause(fun() -> ets:insert(T, {k}) end)]]),
    halt().

cause(F) ->
    try F() of V -> {ok, V}
    catch error:R:St ->
            [{_, _, _, Info} | _] = St,
            Cause = maps:get(cause, proplists:get_value(error_info, Info, #{}), none),
            Explained = re:run(erl_error:format_exception(error, R, St), "[*][*][*] argument", [{capture, none}]),
            {R, Cause, Explained}
    end.
