%% Bit syntax: construction and matching of every segment type (bs_create_bin/bs_match from OTP 25/26;
%% the legacy bs_put_*/bs_init2/bs_append ops and bs_get_* when compiled with +r24/+r25).
-module(ld_bits).
-export([build/3, parse/1, utf/1, strings/1, append/2, private_append/1, sizes/2, floats/1, tail/1, comp/1]).

build(I, F, B) ->
    <<I:8, I:16/little, I:32/signed-native, F:64/float, F:32/float-little, B/binary, B:2/binary-unit:8,
      I:3, 1:1, 0:4, "abc", "Ωx"/utf8, I/utf8, I/utf16, I/utf32-little>>.

parse(<<1, N:16, Rest/binary>>) -> {one, N, Rest};
parse(<<2, Len:8, Data:Len/binary, Tail/bits>>) -> {two, Data, Tail};
parse(<<3, X:4, Y:4, Z:3/signed-little, _:5, "xyz", F/float>>) -> {three, X, Y, Z, F};
parse(<<"GET ", Path/binary>>) -> {get, Path};
parse(<<_/utf8, _/utf16, _/utf32>>) -> utf;
parse(B) when is_bitstring(B), bit_size(B) rem 8 =/= 0 -> bits;
parse(_) -> other.

utf(S) -> [C || <<C/utf8>> <= S].

strings(X) -> <<"prefix-", X/binary, "-suffix">>.

append(Acc, X) -> <<Acc/binary, X:24>>.

private_append(L) -> private_append(L, <<>>).
private_append([], Acc) -> Acc;
private_append([H | T], Acc) -> private_append(T, <<Acc/binary, H:8>>).

sizes(B, N) ->
    <<A:N, Rest/bits>> = B,
    {A, byte_size(Rest), bit_size(Rest), <<A:N/unit:1>>}.

floats(<<F:64/float, G:32/float>>) -> F + G;
floats(<<F:16/float>>) -> F.

tail(<<_:3, T/bits>>) -> T.

comp(B) -> << <<(X * 2)>> || <<X>> <= B, X > 3 >>.
