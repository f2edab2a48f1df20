%% utf8, utf16 and utf32 segments: construction, matching, endianness and invalid code points.
%% corpus: r24
-module(bits_utf).
-export([main/0]).
-include("corpus.hrl").

main() ->
    Cps = [$a, 16#E9, 16#3B1, 16#20AC, 16#1F600, 16#10FFFF],
    ?W([<<C/utf8>> || C <- Cps]),
    ?W([<<C/utf16>> || C <- Cps]),
    ?W([<<C/utf16-little>> || C <- Cps]),
    ?W([<<C/utf32>> || C <- Cps]),
    ?W([<<C/utf32-little>> || C <- Cps]),
    U8 = << <<C/utf8>> || C <- Cps >>,
    ?W([C || <<C/utf8>> <= U8]),
    U16 = << <<C/utf16>> || C <- Cps >>,
    ?W([C || <<C/utf16>> <= U16]),
    U32 = << <<C/utf32-little>> || C <- Cps >>,
    ?W([C || <<C/utf32-little>> <= U32]),
    ?T(<<16#D800/utf8>>),
    ?T(<<16#110000/utf8>>),
    ?T(<<-1/utf16>>),
    ?T(<<16#DFFF/utf32>>),
    ?W(first(<<16#C3, 16#A9, "rest">>)),
    ?W(first(<<16#C3>>)),
    ?W(first(<<16#ED, 16#A0, 16#80>>)),
    ?W(first(<<16#C0, 16#80>>)),
    ?W(first(<<16#F4, 16#90, 16#80, 16#80>>)),
    ?W(first16(<<16#D83D:16, 16#DE00:16>>)),
    ?W(first16(<<16#DE00:16, 16#D83D:16>>)),
    ?W(first32(<<16#110000:32>>)),
    ?W(length(unicode:characters_to_list(U8))),
    ?W(<<"€"/utf16-little>>),
    ?W(<<"€"/utf32>>),
    ok.

first(<<C/utf8, Rest/binary>>) -> {C, Rest};
first(Bin) -> {invalid, Bin}.
first16(<<C/utf16, _/binary>>) -> C;
first16(_) -> invalid.
first32(<<C/utf32, _/binary>>) -> C;
first32(_) -> invalid.
