%% String and Unicode processing: split a UTF-8 text into lines and words, case-fold, count
%% graphemes, re-encode to UTF-16 and back, join.
-module(bench_string).
-export([run/0]).

run() ->
    Line = <<"The quick brown fox jumps over the lazy dog. Grüße aus Köln — 世界 😀 café naïve\n"/utf8>>,
    Text = binary:copy(Line, 500),
    Lines = string:split(Text, "\n", all),
    Words = lists:append([string:lexemes(L, " .") || L <- Lines]),
    Upper = [string:uppercase(W) || W <- Words],
    Len = lists:sum([string:length(W) || W <- Upper]),
    U16 = unicode:characters_to_binary(Text, utf8, utf16),
    %% (UTF-16 back to UTF-8 with characters_to_binary/3, then to a list: jbeam's
    %% characters_to_list/2 does not take utf16 input yet.)
    Back = unicode:characters_to_list(unicode:characters_to_binary(U16, utf16, utf8)),
    Joined = iolist_to_binary(lists:join(<<",">>, Words)),
    {length(Words), Len, length(Back), byte_size(Joined)}.
