%% Standard input through user_drv and prim_tty: erl -noshell -s boot_input main < input
-module(boot_input).
-export([main/0]).

main() ->
    io:format("~p~n", [io:get_line("first> ")]),
    io:format("~p~n", [io:get_chars("", 3)]),
    io:format("~p~n", [io:get_line("")]),
    io:format("~p~n", [io:fread("", "~d ~a")]),
    io:format("~p~n", [io:get_line("")]),
    io:format("~p~n", [io:get_line("")]),
    init:stop(5).
