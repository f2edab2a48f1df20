%% Binary comprehensions: binary and list generators, filters, bitstring results, nesting.
%% corpus: r24
-module(bits_comprehension).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?W(<< <<(X * 2)>> || <<X>> <= <<1, 2, 3, 4>> >>),
    ?W(<< <<X:16>> || X <- [1, 2, 3] >>),
    ?W(<< <<X>> || <<X>> <= <<1, 2, 3, 4, 5, 6>>, X rem 2 =:= 0 >>),
    ?W([{K, V} || <<K:4, V:4>> <= <<16#12, 16#34, 16#56>>]),
    ?W(<< <<B/binary, ",">> || B <- [<<"a">>, <<"bc">>, <<"def">>] >>),
    ?W(<< <<X:Y>> || X <- [1, 2, 3], Y <- [2, 3] >>),
    ?W(<< <<C>> || <<C>> <= <<"Hello World">>, C >= $a, C =< $z >>),
    ?W(<< <<(C - 32)>> || <<C>> <= <<"shout">> >>),
    ?W([X || <<X:3>> <= <<255, 255>>]),
    ?W(<< <<X:3>> || <<X:3>> <= <<255, 255>> >>),
    ?W(<< <<R:8, G:8, B:8, 255:8>> || <<R:8, G:8, B:8>> <= <<1, 2, 3, 4, 5, 6>> >>),
    ?W(hex(<<"\x{0}\x{ab}\x{ff}jbeam">>)),
    ?W(<< <<X>> || {X, true} <- [{1, true}, {2, false}, {3, true}] >>),
    ?W([X + Y || <<X>> <= <<1, 2>>, <<Y>> <= <<10, 20>>]),
    ?W(<< << <<Y>> || Y <- lists:seq(1, X) >> || X <- [1, 2, 3] >>),
    Big = << <<(I rem 256)>> || I <- lists:seq(1, 100000) >>,
    ?W({byte_size(Big), lists:sum([X || <<X>> <= Big])}),
    ok.

hex(Bin) -> << <<(nibble(H)), (nibble(L))>> || <<H:4, L:4>> <= Bin >>.
nibble(N) when N < 10 -> $0 + N;
nibble(N) -> $a + N - 10.
