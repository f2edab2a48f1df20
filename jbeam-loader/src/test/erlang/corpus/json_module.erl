%% OTP 27's json module: encoding and decoding.
%% corpus: erlc27-only
-module(json_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?P(iolist_to_binary(json:encode(#{<<"a">> => 1, <<"b">> => [true, false, null], <<"c">> => <<"str\n\"q\"">>}))),
    ?P(iolist_to_binary(json:encode([1, 2.5, -3, 1.0e100, <<"αβ"/utf8>>]))),
    ?P(json:decode(<<"{\"x\": [1, 2.0, \"three\", null, true, {\"y\": {}}], \"z\": -0.5e3}">>)),
    ?P(json:decode(<<"\"\\u00e9\\ud83d\\ude00\"">>)),
    ?T(json:decode(<<"{bad}">>)),
    ?T(json:decode(<<"[1, 2">>)),
    ?P(iolist_to_binary(json:format(#{<<"list">> => [1, 2], <<"nested">> => #{k => v}}))),
    ok.
