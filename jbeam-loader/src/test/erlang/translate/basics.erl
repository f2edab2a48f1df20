%% Differential test program: run on the reference erl and on jbeam, stdout compared exactly.
-module(basics).
-export([main/0]).
-record(pt, {x = 0, y = 0, tag}).

main() ->
    arith(), data(), funs(), exceptions(), messages(), binaries(), strings(),
    io:format("done~n"),
    halt(0).

arith() ->
    io:format("~p ~p ~p~n", [7 div 2, -7 rem 2, 1 bsl 70]),
    io:format("~p ~p~n", [fact(25), 123456789 * 987654321 * 1000003]),
    io:format("~p ~p ~p~n", [1.5 * 2, 10 / 4, math:sqrt(2.0)]),
    io:format("~.3f ~e ~g~n", [3.14159, 2.5e10, 0.001]),
    io:format("~p~n", [[X * X || X <- lists:seq(1, 10), X rem 2 =:= 0]]).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

data() ->
    T = {a, "str", [1, 2 | 3], #{k => v, 1 => 2.0}},
    io:format("~p~n~w~n", [T, T]),
    R = #pt{x = 1, tag = t},
    R2 = R#pt{y = 5},
    io:format("~p ~p~n", [R2, R2#pt.y]),
    M = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
    io:format("~p ~p ~p~n", [maps:get(7, M), map_size(M), lists:sum(maps:values(M))]),
    #{3 := Nine} = M,
    io:format("~p ~p~n", [Nine, maps:find(99, M)]),
    io:format("~p~n", [lists:sort([c, 3, "b", {x}, 2.0, a])]),
    io:format("~p~n", [lists:keysort(2, [{a, 3}, {b, 1}, {c, 2}])]),
    io:format("~p~n", [lists:foldl(fun(X, Acc) -> [X | Acc] end, [], [1, 2, 3])]),
    io:format("~p~n", [element(2, setelement(2, {1, 2, 3}, two))]).

funs() ->
    Add = fun(A) -> fun(B) -> A + B end end,
    F = Add(10),
    io:format("~p ~p~n", [F(5), (fun lists:reverse/1)([1, 2, 3])]),
    io:format("~p~n", [apply(lists, seq, [1, 4])]),
    {arity, 1} = erlang:fun_info(F, arity),
    io:format("~p~n", [loop(1000000, 0)]),
    io:format("~p~n", [even(100001)]).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + N).

even(0) -> true;
even(N) -> odd(N - 1).
odd(0) -> false;
odd(N) -> even(N - 1).

exceptions() ->
    io:format("~p~n", [catch throw(ball)]),
    io:format("~p~n", [catch exit(bye)]),
    io:format("~p~n", [try 1 + list_to_integer("x") catch error:badarg -> caught end]),
    io:format("~p~n", [try throw(x) catch throw:X -> {thrown, X} after io:format("after~n") end]),
    try crash(0) catch error:Reason:St ->
        io:format("~p ~p~n", [Reason, hd(St)])
    end,
    try lists:nth(a, [1]) catch C:E -> io:format("~p:~p~n", [C, E]) end,
    try erlang:raise(exit, raised, []) catch exit:raised -> io:format("raise ok~n") end,
    R = (catch {ok} = id({no})),
    io:format("~p~n", [element(1, R)]).

crash(N) -> case N of 1 -> one end.

id(X) -> X.

messages() ->
    self() ! b, self() ! a,
    receive a -> ok end,
    receive b -> ok end,
    receive c -> ok after 0 -> io:format("after 0~n") end,
    P = self(),
    Pids = [spawn(fun() -> P ! {self(), I * I} end) || I <- lists:seq(1, 5)],
    io:format("~p~n", [[receive {Pid, V} -> V end || Pid <- Pids]]),
    Ref = make_ref(),
    self() ! {Ref, hello},
    receive {Ref, Msg} -> io:format("~p~n", [Msg]) end.

binaries() ->
    B = <<1, 2, 3, "abc", 300:16/little, -1:8/signed, 3.5/float>>,
    io:format("~p~n", [B]),
    <<A:8, Rest/binary>> = B,
    io:format("~p ~p~n", [A, byte_size(Rest)]),
    io:format("~p~n", [[X || <<X:4>> <= <<16#ab, 16#cd>>]]),
    io:format("~p~n", [<< <<(X + 1)>> || <<X>> <= <<"HAL">> >>]),
    U = <<"héllo"/utf8>>,
    io:format("~w ~ts~n", [[C || <<C/utf8>> <= U], U]),
    io:format("~p~n", [binary_to_list(term_to_binary({a, 1}))]),
    io:format("~p~n", [binary_to_term(term_to_binary(#{a => [1, 2]}))]),
    <<_:3, Bits/bits>> = <<255>>,
    io:format("~p~n", [Bits]).

strings() ->
    io:format("~s|~-6s|~6s|~c~n", ["abc", "ab", "ab", $z]),
    io:format("~p~n", [string:split("a,b,c", ",", all)]),
    io:format("~p~n", [string:uppercase("hello")]),
    io:format("~ts~n", [string:reverse("åäö")]),
    io:format("~p~n", [io_lib:format("~4..0B", [42])]),
    io:format("~p~n", [lists:flatten(io_lib:format("~p", [{1, [a]}]))]),
    io:format("~p~n", [erl_scan:string("foo(X) -> X + 1.")]).
