%% More of the external term format: every option of term_to_binary/2 on terms of every type
%% (bytes compared exactly), funs that travel through binary_to_term and are called, safe
%% decoding, used, and the errors of both directions.
%% Library coverage only: compiled by erlc 27 alone (erlc 25 adds nothing here; keeps the corpus quick).
%% corpus: erlc27-only
-module(term_ext_more).
-export([main/0, double/1]).
-include("corpus.hrl").

double(X) -> 2 * X.

main() ->
    Terms = [0, -1, 16#7fffffff, -16#80000000, 1 bsl 32, -(1 bsl 1000), 1 bsl 2040, 0.1, -1.5e-300, 5.0e-324,
             a, 'with space', 'ünïcödé', list_to_atom(lists:duplicate(255, $x)), "", "ab\n", [[]], [a | b],
             lists:duplicate(70000, 1), <<0:7>>, <<255, 1:1>>, list_to_binary(lists:seq(0, 255)),
             {a, {b, {c, {}}}}, erlang:make_tuple(256, z), #{k => v}, #{{1, 2} => [3], "s" => <<"b">>},
             maps:from_list([{integer_to_binary(I), I} || I <- lists:seq(1, 33)])],
    Options = [[], [{minor_version, 0}], [{minor_version, 1}], [{minor_version, 2}], [deterministic],
               [compressed], [{compressed, 1}], [{compressed, 9}, {minor_version, 1}], [deterministic, compressed]],
    lists:foreach(
      fun(T) ->
              Encodings = [term_to_binary(T, O) || O <- Options],
              io:format("~w ~w ~w~n", [erlang:phash2(Encodings), byte_size(hd(Encodings)),
                                       lists:usort([binary_to_term(E) =:= T || E <- Encodings])])
      end, Terms),
    ?W(term_to_binary(<<1, 2, 3>>, [{compressed, 9}])),
    ?W(term_to_binary(lists:duplicate(40, <<"abc">>), [compressed])),
    ?W(term_to_binary(1.0, [{minor_version, 0}])),
    ?W(term_to_binary(-0.0)),
    %% Funs through the external format: equal, and callable after decoding.
    Y = 5,
    Closure = fun(X) -> X + Y end,
    Back = binary_to_term(term_to_binary(Closure)),
    ?W(Back =:= Closure),
    ?W(Back(10)),
    ?W((binary_to_term(term_to_binary(fun double/1)))(21)),
    ?W((binary_to_term(term_to_binary(fun ?MODULE:double/1)))(4)),
    ?W(lists:map(binary_to_term(term_to_binary(fun(X) -> {X} end)), [1, 2])),
    ?W(erlang:fun_info(Back, env)),
    ?W(is_function(Back, 1)),
    ?W(try Back(1, 2) catch error:{badarity, {F, A}} -> {badarity, F =:= Back, A} end),
    %% Decoding with options.
    ?W(binary_to_term(<<131, 97, 5, 1, 2, 3>>, [used])),
    ?W(binary_to_term(term_to_binary({a, "b"}, [compressed]), [used])),
    ?W(binary_to_term(term_to_binary(known_atom), [safe, used])),
    ?T(binary_to_term(<<131, 119, 9, "xyzzy_new">>, [safe])),
    ?W(binary_to_term(<<131, 119, 9, "xyzzy_new">>)),
    ?T(binary_to_term(<<131, 97, 1>>, [bad_option])),
    ?T(binary_to_term(<<131, 97, 1>>, safe)),
    ?T(binary_to_term(<<131, 80, 0, 0, 0, 9, 120, 156, 1, 2>>)),
    ?T(binary_to_term(<<131, 104, 3, 97, 1>>)),
    ?T(binary_to_term(<<131, 108, 0, 0, 0, 2, 97, 1, 106>>)),
    ?T(binary_to_term(<<131, 116, 0, 0, 0, 1, 97, 1, 97, 2, 97, 3>>)),
    ?T(binary_to_term(<<131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3>>)),
    ?T(binary_to_term(<<131, 110, 0, 0>>)),
    ?T(binary_to_term(<<131, 110, 1, 0, 0>>)),
    ?T(binary_to_term(<<131, 77, 0, 0, 0, 1, 9, 255>>)),
    ?T(binary_to_term(<<131, 77, 0, 0, 0, 1, 0>>)),
    ?T(binary_to_term(<<131, 77, 0, 0, 0, 1, 8, 255>>)),
    ?T(term_to_binary(x, [{compressed, 10}])),
    ?T(term_to_binary(x, [{minor_version, 3}])),
    ?T(term_to_binary(x, [bogus])),
    ?T(term_to_binary(x, not_a_list)),
    ?W(erlang:external_size(lists:seq(1, 1000))),
    ?W(erlang:external_size(<<1, 2>>, [{minor_version, 1}])),
    ?W(erlang:external_size(1.5, [{minor_version, 0}])),
    ?W(iolist_to_binary(erlang:term_to_iovec([<<"x">>, 1.0], [{minor_version, 0}]))),
    ok.
