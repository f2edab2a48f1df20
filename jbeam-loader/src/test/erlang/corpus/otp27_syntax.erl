%% Syntax new in OTP 26/27: maybe expressions (on by default in 27), triple-quoted strings, sigils.
%% corpus: erlc27-only
-module(otp27_syntax).
-export([main/0]).

main() ->
    io:format("~p~n", [parse(#{a => <<"1">>, b => <<"2">>})]),
    io:format("~p~n", [parse(#{a => <<"1">>})]),
    io:format("~p~n", [parse(#{a => <<"x">>, b => <<"2">>})]),
    S = """
        Triple-quoted
          keeps relative indentation
        and "quotes"
        """,
    io:format("~s~n", [S]),
    io:format("~p~n", [~"a binary sigil"]),
    io:format("~p~n", [~b"escapes \t kept as tab"]),
    io:format("~p~n", [~B"verbatim \t"]),
    io:format("~p~n", [~s"a list sigil"]),
    io:format("~p~n", [~"αβγ"]),
    ok.

parse(M) ->
    maybe
        {ok, A} ?= field(a, M),
        {ok, B} ?= field(b, M),
        {sum, A + B}
    else
        {error, E} -> {error, E}
    end.

field(K, M) ->
    case maps:find(K, M) of
        {ok, Bin} ->
            try {ok, binary_to_integer(Bin)} catch error:badarg -> {error, {not_integer, K}} end;
        error -> {error, {missing, K}}
    end.
