%% Integer printing and parsing in every base, in io_lib and in the BIFs.
-module(integer_print).
-export([main/0]).

main() ->
    Ns = [0, 1, -1, 9, 10, 35, 36, 255, -255, 65535, 1 bsl 32, -(1 bsl 32), 576460752303423487,
          576460752303423488, -576460752303423489, 1 bsl 64, 1 bsl 100, 12345678901234567890123],
    [io:format("~w ~s ~s ~s ~s ~p~n", [N, integer_to_list(N), integer_to_list(N, 2), integer_to_list(N, 16),
                                      integer_to_binary(N, 36), io_lib:format("~.8B", [N])]) || N <- Ns],
    io:format("~p~n", [[list_to_integer(S) || S <- ["0", "-0", "+5", "007", "-123456789012345678901234567890"]]]),
    io:format("~p~n", [[list_to_integer(S, B) || {S, B} <- [{"ff", 16}, {"FF", 16}, {"-z", 36}, {"101", 2}, {"777", 8}]]]),
    io:format("~p~n", [[binary_to_integer(B) || B <- [<<"42">>, <<"-42">>, <<"+42">>]]]),
    io:format("~p~n", [[catch_it(fun() -> list_to_integer(S) end) || S <- ["", "-", "1.0", " 1", "1 ", "abc"]]]),
    io:format("~p~n", [string:to_integer("123abc")]),
    io:format("~p~n", [string:to_integer("abc")]),
    io:format("~p~n", [string:to_float("1.5e3xyz")]),
    io:format("~p~n", [[erlang:integer_to_list(N, 10) || N <- [100, -100]]]),
    io:format("~p~n", [io_lib:format("~10B|~-10B|~10.16B|~.16b", [123, 123, 255, 255])]),
    io:format("~p~n", [io_lib:format("~#|~.2#|~.16x", [255, 5, 255, "0x"])]),
    io:format("~p~n", [[N div 10 || N <- [-15, 15, -5]] ++ [N rem 10 || N <- [-15, 15, -5]]]),
    io:format("~p~n", [[erlang:abs(N) || N <- [-5, 5, -(1 bsl 70)]]]),
    ok.

catch_it(F) -> try F() catch C:R -> {C, R} end.
