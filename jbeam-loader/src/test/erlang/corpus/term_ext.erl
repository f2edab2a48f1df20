%% The external term format: term_to_binary/1,2 bytes (compressed, minor_version, deterministic),
%% binary_to_term/1,2 (safe, used), and badarg on garbage.
-module(term_ext).
-export([main/0]).

main() ->
    Terms = [0, 255, 256, -1, 1 bsl 31, -(1 bsl 31), 1 bsl 64, -(1 bsl 300), 1.5, -0.0, 1.0e300,
             atom, 'ÿatom', 'αβ', '', true, [], "abc", [1, 2 | 3], [1000, 2000], <<>>, <<1, 2, 3>>, <<1:3>>,
             {}, {a, b}, list_to_tuple(lists:seq(1, 300)), #{}, #{1 => a, <<"b">> => [x]},
             maps:from_list([{I, I} || I <- lists:seq(1, 40)]), "αβγ", <<"text">>,
             fun lists:sort/1, lists:seq(1, 300)],
    [show(T) || T <- Terms],
    Long = lists:duplicate(100, $a),
    io:format("~w~n", [term_to_binary(Long, [compressed])]),
    io:format("~w~n", [term_to_binary(Long, [{compressed, 9}])]),
    io:format("~w~n", [term_to_binary(3.14, [{minor_version, 0}])]),
    io:format("~w~n", [term_to_binary(3.14, [{minor_version, 1}])]),
    io:format("~w~n", [term_to_binary('αβ', [{minor_version, 1}])]),
    io:format("~w~n", [term_to_binary(abc, [{minor_version, 1}])]),
    io:format("~w~n", [term_to_binary(abc, [{minor_version, 2}])]),
    io:format("~w~n", [term_to_binary(#{c => 1, a => 2, b => 3}, [deterministic])]),
    io:format("~w~n", [term_to_binary(maps:from_list([{I, x} || I <- lists:seq(40, 1, -1)]), [deterministic])]),
    io:format("~w~n", [iolist_to_binary(term_to_iovec({hello, <<"world">>}))]),
    io:format("~p~n", [binary_to_term(term_to_binary(Long, [compressed])) =:= Long]),
    io:format("~p~n", [binary_to_term(<<131, 104, 2, 97, 1, 97, 2, 0, 0>>, [used])]),
    io:format("~p~n", [b2t(<<131, 100, 0, 17, "never_seen_atom_x">>, [safe])]),
    io:format("~p~n", [binary_to_term(<<131, 100, 0, 4, "atom">>, [safe])]),
    [io:format("~p~n", [b2t(G, [])]) || G <- [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>,
                                                       <<131, 107, 0, 5, 1, 2>>, <<"garbage">>, <<131, 255, 0>>]],
    io:format("~p~n", [b2t(not_binary, [])]),
    io:format("~p~n", [erlang:external_size({a, b, "cd"})]),
    io:format("~p~n", [binary_to_term(<<131, 70, 64, 9, 30, 184, 81, 235, 133, 31>>)]),
    io:format("~p~n", [binary_to_term(<<131, 99, "3.14000000000000012434e+00", 0, 0, 0, 0, 0>>)]),
    ok.

%% The error without its stack trace, whose bottom frames belong to the launcher.
b2t(B, Opts) ->
    try binary_to_term(B, Opts) catch C:R -> {C, R} end.

show(T) ->
    B = term_to_binary(T),
    Back = binary_to_term(B),
    io:format("~w~n  ~w ~p~n", [T, B, Back =:= T]).
