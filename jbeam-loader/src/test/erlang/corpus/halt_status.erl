%% halt/1 with a status: the launcher must exit with it, after the output before it is flushed.
%% corpus: exit 3
-module(halt_status).
-export([main/0]).

main() ->
    io:format("before halt~n"),
    io:put_chars(lists:duplicate(10000, $x)),
    io:nl(),
    erlang:halt(3),
    io:format("never printed~n").
