%% The errors of the bit syntax: bad sizes, bad values, bad types, at run time.
%% corpus: r24
-module(bits_errors).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?T(build(<<"abc">>, -1)),
    ?T(build(<<"abc">>, atom)),
    ?T(build(<<"abc">>, 4)),
    ?T(build_int(1.5, 8)),
    ?T(build_int(foo, 8)),
    ?T(build_int(1, -8)),
    ?T(build_float(<<>>, 64)),
    ?T(build_float(1.0, 24)),
    ?T(build_bin(123)),
    ?T(build_utf8(foo)),
    ?T(match_size(<<1, 2, 3>>, 5)),
    ?T(match_size(<<1, 2, 3>>, -1)),
    ?T(match_size(<<1, 2, 3>>, 2)),
    ?T(strict(<<1, 2>>)),
    ?T(bit_size(foo)),
    ?T(byte_size([1, 2])),
    ?T(binary_part(<<1, 2, 3>>, 2, 5)),
    ?T(binary_to_list(<<1:3>>)),
    ?T(binary_to_list(<<1, 2, 3>>, 2, 1)),
    ?T(iolist_to_binary([1, 2, [300]])),
    ?T(iolist_size([1, foo])),
    ?T(<<(catch_bits()):4>>),
    ok.

build(B, S) -> <<B:S/binary>>.
build_int(I, S) -> <<I:S>>.
build_float(F, S) -> <<F:S/float>>.
build_bin(B) -> <<B/binary>>.
build_utf8(C) -> <<C/utf8>>.
match_size(Bin, S) -> case Bin of <<X:S/binary, _/binary>> -> {match, X}; _ -> nomatch end.
strict(<<X:8>>) -> X.
catch_bits() -> catch throw(7).
