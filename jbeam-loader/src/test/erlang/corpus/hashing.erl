%% erlang:phash2/1,2, erlang:phash/2, md5, crc32 and adler32: values equal to BEAM's.
-module(hashing).
-export([main/0]).

main() ->
    Terms = [0, 1, -1, 42, 1 bsl 27, 1 bsl 59, 1 bsl 64, -(1 bsl 100), 1.0, -0.0, 0.0, 3.14, 1.0e300,
             a, atom, '', 'αβ', true, [], [1], [1, 2, 3], "hello", [a | b], <<>>, <<"hello">>, <<1:3>>,
             <<1, 2, 3, 4, 5, 6, 7, 8, 9, 10>>, {}, {a, b}, {1, {2, {3}}}, #{}, #{a => 1},
             #{a => 1, b => 2}, maps:from_list([{I, I} || I <- lists:seq(1, 40)]), fun lists:map/2,
             lists:seq(1, 100), list_to_binary(lists:seq(0, 255))],
    [io:format("~kw: ~w ~w ~w ~w~n", [T, erlang:phash2(T), erlang:phash2(T, 1000), erlang:phash(T, 1 bsl 32),
                                     erlang:phash(T, 7)]) || T <- Terms],
    io:format("~w~n", [erlang:md5(<<"">>)]),
    io:format("~w~n", [erlang:md5("The quick brown fox jumps over the lazy dog")]),
    io:format("~w~n", [erlang:md5([<<"ab">>, $c, [<<"d">>]])]),
    C1 = erlang:md5_init(), C2 = erlang:md5_update(C1, <<"abc">>), C3 = erlang:md5_update(C2, "def"),
    io:format("~w~n", [erlang:md5_final(C3) =:= erlang:md5(<<"abcdef">>)]),
    io:format("~w~n", [[erlang:crc32(B) || B <- [<<>>, <<"a">>, <<"123456789">>, lists:seq(1, 100)]]]),
    io:format("~w~n", [erlang:crc32(erlang:crc32(<<"1234">>), <<"56789">>)]),
    io:format("~w~n", [erlang:crc32_combine(erlang:crc32(<<"1234">>), erlang:crc32(<<"56789">>), 5)]),
    io:format("~w~n", [[erlang:adler32(B) || B <- [<<>>, <<"a">>, <<"Wikipedia">>, lists:seq(1, 100)]]]),
    io:format("~w~n", [erlang:adler32(erlang:adler32(<<"Wiki">>), <<"pedia">>)]),
    io:format("~w~n", [erlang:adler32_combine(erlang:adler32(<<"Wiki">>), erlang:adler32(<<"pedia">>), 5)]),
    io:format("~w~n", [lists:sum([erlang:phash2(I) rem 97 || I <- lists:seq(1, 10000)])]),
    io:format("~w~n", [erlang:phash2({lists:seq(1, 1000), <<0:8000>>})]),
    ok.
