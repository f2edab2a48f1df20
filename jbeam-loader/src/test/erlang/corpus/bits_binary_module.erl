%% The binary module: searching, splitting, replacing, encoding integers and hex.
%% corpus: r24
-module(bits_binary_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    S = <<"the quick brown fox jumps over the lazy dog">>,
    ?P(binary:split(S, <<" ">>)),
    ?P(binary:split(S, <<" ">>, [global])),
    ?P(binary:split(S, [<<"o">>, <<"e">>], [global, trim_all])),
    ?P(binary:replace(S, <<"the">>, <<"THE">>, [global])),
    ?P(binary:replace(S, <<"o">>, <<"[]">>, [global, {insert_replaced, 1}])),
    ?P(binary:match(S, <<"fox">>)),
    ?P(binary:match(S, [<<"dog">>, <<"lazy">>])),
    ?P(binary:matches(S, <<"o">>)),
    ?P(binary:match(S, <<"cat">>)),
    ?P(binary:part(S, 4, 5)),
    ?P(binary:at(S, 4)),
    ?P(binary:first(S)),
    ?P(binary:last(S)),
    ?P(binary:bin_to_list(S, 0, 3)),
    ?P(binary:copy(<<"xy">>, 4)),
    ?P(binary:decode_unsigned(<<1, 0, 0, 0, 0, 0, 0, 0, 0>>)),
    ?P(binary:decode_unsigned(<<1, 2>>, little)),
    ?P(binary:encode_unsigned(65536)),
    ?P(binary:encode_unsigned(1 bsl 100, little)),
    ?P(binary:longest_common_prefix([<<"interstellar">>, <<"internet">>, <<"interval">>])),
    ?P(binary:longest_common_suffix([<<"running">>, <<"jumping">>])),
    ?P(binary:encode_hex(<<1, 171, 255>>)),
    ?P(binary:encode_hex(<<1, 171, 255>>, lowercase)),
    ?P(binary:decode_hex(<<"01ABff">>)),
    ?T(binary:decode_hex(<<"0">>)),
    ?P(binary:list_to_bin([1, [2, <<3>>]])),
    CP = binary:compile_pattern([<<"a">>, <<"b">>]),
    ?P(binary:split(<<"xaybz">>, CP, [global])),
    ?P(binary:split(<<"a,b,,c,">>, <<",">>, [global])),
    ?P(binary:split(<<"a,b,,c,">>, <<",">>, [global, trim])),
    ?P(binary:matches(<<"aaaa">>, <<"aa">>)),
    ?P(binary:match(S, <<"o">>, [{scope, {20, 10}}])),
    ok.
