%% Integer segments: sizes, units, signedness and endianness, in construction and matching.
%% corpus: r24
-module(bits_integer).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?W(<<1, 2, 3>>),
    ?W(<<256:16, 256:16/little, -1:16/signed, -1:8>>),
    ?W(<<1:1, 0:1, 1:1, 1:5>>),
    ?W(<<16#12345678:32/big, 16#12345678:32/little>>),
    ?W(<<16#1234:16/native>> =:= <<16#1234:16/little>>),
    ?W(<<300:8>>),
    ?W(<<-300:16/signed-big>>),
    ?W(<<7:3/unit:2>>),
    ?W(<<(1 bsl 70):72>>),
    ?W(<<(-(1 bsl 70)):80/signed-little>>),
    X = 5, ?W(<<X:X>>),
    Bin = <<255, 254, 1, 2, 3, 4, 5, 6, 7, 8>>,
    <<A:8, B:8/signed, C:16/little, D:32/big-unsigned, E:16/signed-little>> = Bin,
    ?W({A, B, C, D, E}),
    <<F:4, G:12, _/binary>> = Bin, ?W({F, G}),
    <<H:3/unit:8, _/bits>> = Bin, ?W(H),
    <<Big:80>> = Bin, ?W(Big),
    <<BigS:80/signed>> = <<16#FF, 0:72>>, ?W(BigS),
    <<BigL:80/little>> = Bin, ?W(BigL),
    ?W([N || <<N:4>> <= <<16#ABCDEF:24>>]),
    ?W(sizes(<<3, 1, 2, 3, 2, 9, 9, 0>>)),
    ?W(decode_varint(<<172, 2, 7>>)),
    ?W(<< <<I:7>> || I <- lists:seq(1, 8) >>),
    Size = 12, <<Y:Size/signed, _:4>> = <<16#FFF0:16>>, ?W(Y),
    ok.

%% A size taken from an earlier segment of the same pattern.
sizes(<<N:8, Chunk:N/binary, Rest/binary>>) -> [Chunk | sizes(Rest)];
sizes(<<>>) -> [].

decode_varint(Bin) -> decode_varint(Bin, 0, 0).
decode_varint(<<1:1, V:7, Rest/binary>>, Shift, Acc) -> decode_varint(Rest, Shift + 7, Acc bor (V bsl Shift));
decode_varint(<<0:1, V:7, Rest/binary>>, Shift, Acc) -> {Acc bor (V bsl Shift), Rest}.
