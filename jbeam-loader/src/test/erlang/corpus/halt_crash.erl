%% An uncaught error in the program started with -s: erl prints to stderr and exits with status 1;
%% stdout carries what was printed before.
%% corpus: exit 1
-module(halt_crash).
-export([main/0]).

main() ->
    io:format("about to crash~n"),
    error(deliberate).
