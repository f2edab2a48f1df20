%% binary/bytes/bitstring/bits segments: sizes, tails, sub-binaries and appends.
%% corpus: r24
-module(bits_binary).
-export([main/0]).
-include("corpus.hrl").

main() ->
    B = <<"hello world">>,
    <<H:5/binary, " ", W/binary>> = B, ?W({H, W}),
    <<_:2/bytes, Mid:3/bytes, _/bytes>> = B, ?W(Mid),
    <<First:3/bitstring, Rest/bits>> = <<255>>, ?W({First, Rest}),
    ?W(<<B/binary, "!">>),
    ?W(<<B:5/binary>>),
    ?W(<<"abc", "def">>),
    ?W(<<"a", 1:4, "b">>),
    ?W(<<<<1:3>>/bitstring, <<2:5>>/bits>>),
    ?W(<<<<"xy">>:1/binary-unit:8>>),
    ?T(<<<<1:3>>/binary>>),
    ?T(<<B:20/binary>>),
    ?W(append(<<>>, 10)),
    ?W(split_lines(<<"one\ntwo\nthree">>)),
    ?W(starts_with(<<"prefix-rest">>)),
    ?W(starts_with(<<"other">>)),
    ?W(<<"αβγ"/utf8>>),
    ?W(binary_part(B, 6, 5)),
    ?W(binary_part(B, {11, -5})),
    ?W(split_binary(B, 4)),
    ?W(binary:copy(<<"ab">>, 3)),
    ?W(byte_size(<<1:9>>)),
    ?W(bit_size(<<1:9>>)),
    ?W(is_binary(<<1:9>>)),
    ?W(is_bitstring(<<1:9>>)),
    Tail = fun(<<_, T/binary>>) -> T end,
    ?W(Tail(Tail(<<1, 2, 3>>))),
    ?W(reverse_bytes(<<1, 2, 3, 4, 5>>)),
    ok.

append(Acc, 0) -> Acc;
append(Acc, N) -> append(<<Acc/binary, N>>, N - 1).

split_lines(Bin) -> split_lines(Bin, <<>>, []).
split_lines(<<$\n, Rest/binary>>, Line, Acc) -> split_lines(Rest, <<>>, [Line | Acc]);
split_lines(<<C, Rest/binary>>, Line, Acc) -> split_lines(Rest, <<Line/binary, C>>, Acc);
split_lines(<<>>, Line, Acc) -> lists:reverse([Line | Acc]).

starts_with(<<"prefix-", Rest/binary>>) -> {yes, Rest};
starts_with(_) -> no.

reverse_bytes(B) -> << <<X>> || <<X>> <= B >>, binary:list_to_bin(lists:reverse(binary_to_list(B))).
