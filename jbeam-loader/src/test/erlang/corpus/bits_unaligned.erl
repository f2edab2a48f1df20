%% Bitstrings whose size is not a multiple of 8: building, matching, printing and converting.
%% corpus: r24
-module(bits_unaligned).
-export([main/0]).
-include("corpus.hrl").

main() ->
    A = <<1:3>>,
    ?P(A), ?W(A),
    B = <<A/bits, 255:8>>,
    ?W({B, bit_size(B), byte_size(B)}),
    <<X:3, Y:8>> = B, ?W({X, Y}),
    ?W(bitstring_to_list(<<1, 2, 3:5>>)),
    ?W(list_to_bitstring([1, <<2:4>>, [<<3:3>>]])),
    ?T(list_to_binary([1, <<2:4>>])),
    ?W(<< <<Bit:1>> || Bit <- [1, 0, 1, 1, 0, 0, 1] >>),
    ?W([Bit || <<Bit:1>> <= <<16#A5>>]),
    ?W(<< <<Bit:1>> || <<Bit:1>> <= <<16#F0, 1:2>>, Bit =:= 1 >>),
    ?W(bits_of(<<2#10110:5>>)),
    C = <<0:1, 1:1, 0:1>>,
    ?W(C =:= <<2:3>>),
    ?W(<<C/bits, C/bits, C/bits>>),
    ?W(erlang:bit_size(<<C/bits, "abc">>)),
    <<_:5, Tail/bits>> = <<16#FFFF:16>>, ?W(Tail),
    ?W(<<1:1, "x">>),
    ?W(lists:sort([<<1:3>>, <<1:2>>, <<0:8>>, <<>>, <<1:1>>, <<255:8, 0:1>>])),
    ?W(term_to_binary(<<5:3>>)),
    ?W(binary_to_term(term_to_binary(<<5:3, 7:10>>))),
    ?W(shift(<<16#ABCD:16>>, 3)),
    ok.

bits_of(<<>>) -> [];
bits_of(<<B:1, Rest/bits>>) -> [B | bits_of(Rest)].

shift(Bin, N) -> <<_:N, Rest/bits>> = Bin, <<Rest/bits, 0:N>>.
