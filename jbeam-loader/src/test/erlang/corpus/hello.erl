%% The smallest program: io:format, io:put_chars and io:write reach stdout through the group leader.
-module(hello).
-export([main/0]).

main() ->
    io:format("hello, world~n"),
    io:put_chars("put_chars\n"),
    io:put_chars(<<"a binary\n">>),
    io:write({tuple, [1, 2.5, "str", <<"bin">>]}),
    io:nl(),
    io:format("~p ~w ~s~n", [[104, 105], [104, 105], "hi"]),
    io:format(standard_io, "to standard_io~n", []),
    io:fwrite("fwrite ~B~n", [42]).
