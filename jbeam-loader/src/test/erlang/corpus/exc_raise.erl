%% erlang:raise/3, error/2,3 with error_info, exit/2 to self when trapping is off, nested handlers.
-module(exc_raise).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?P(raise(throw, t)),
    ?P(raise(error, e)),
    ?P(raise(exit, x)),
    ?P(erlang:raise(bad_class, r, [])),
    ?P(erlang:raise(error, r, not_a_stacktrace)),
    ?P(try erlang:raise(error, r, [{m, f, 1, []}]) catch error:r:S1 -> S1 end),
    ?P(try erlang:raise(error, r, [{m, f, [a1], [{line, 3}]}]) catch error:r:S2 -> S2 end),
    ?P(try error(e, [1, 2]) catch error:e:S3 -> element(3, hd(S3)) end),
    ?P(try error(e, [1], [{error_info, #{module => m}}]) catch error:e:S4 -> element(4, hd(S4)) end),
    ?P(deep_try(5)),
    ?P(catch_in_after()),
    ?P(try throw(x) catch Class:_ -> Class end),
    ?P(try exit(self(), normal), still_alive catch _:_ -> caught end),
    ?P(process_flag(trap_exit, false)),
    ok.

raise(Class, Reason) ->
    try erlang:raise(Class, Reason, [{m, f, 0, []}])
    catch C:R:S -> {C, R, S}
    end.

deep_try(0) -> throw(bottom);
deep_try(N) ->
    try deep_try(N - 1)
    catch throw:bottom when N =:= 3 -> {caught_at, N}
    end.

catch_in_after() ->
    try
        try throw(a) after catch throw(b) end
    catch throw:W -> W
    end.
