%% Float segments of 16, 32 and 64 bits, both endiannesses; non-finite values do not match.
%% corpus: r24
-module(bits_float).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?W(<<1.5:64/float>>),
    ?W(<<1.5:32/float>>),
    ?W(<<1.5:16/float>>),
    ?W(<<-2.25:64/float-little>>),
    ?W(<<3:64/float>>),
    ?W(<<(1 bsl 60):32/float>>),
    ?W(<<0.1:32/float>>),
    <<A:64/float>> = <<1.5:64/float>>, ?W(A),
    <<B:32/float-little>> = <<0, 0, 192, 63>>, ?W(B),
    <<C:16/float>> = <<16#3C00:16>>, ?W(C),
    <<D:32/float>> = <<0.1:32/float>>, ?W(D),
    ?W(match64(<<16#7FF0000000000000:64>>)),
    ?W(match64(<<16#7FF8000000000000:64>>)),
    ?W(match64(<<16#FFF0000000000000:64>>)),
    ?W(match32(<<16#7F800000:32>>)),
    ?W(match32(<<16#00000001:32>>)),
    ?W(match16(<<16#7C00:16>>)),
    ?W(match16(<<16#0001:16>>)),
    ?W(match64(<<16#8000000000000000:64>>)),
    ?T(<<1.0e300:32/float>>),
    ?T(<<70000.0:16/float>>),
    ?T(<<(list_to_atom("x")):64/float>>),
    ?W([X || <<X:32/float>> <= <<1.0:32/float, 2.0:32/float, 16#7F800000:32, 3.0:32/float>>]),
    ok.

match64(<<F:64/float>>) -> {float, F};
match64(_) -> nomatch.
match32(<<F:32/float>>) -> {float, F};
match32(_) -> nomatch.
match16(<<F:16/float>>) -> {float, F};
match16(_) -> nomatch.
