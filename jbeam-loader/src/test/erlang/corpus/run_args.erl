%% Started with -run: main/1 gets the command-line arguments as strings.
%% corpus: run alpha 42 "two words"
%% corpus: exit 3
-module(run_args).
-export([main/1]).

main(Args) ->
    io:format("~p~n", [Args]),
    io:format("~p~n", [[try list_to_integer(A) catch error:badarg -> not_integer end || A <- Args]]),
    io:format("~p~n", [init:get_plain_arguments()]),
    halt(length(Args)).
