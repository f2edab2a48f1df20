%% Integer arithmetic across machine-word boundaries: BEAM's small integers end at 2^59, a Java long
%% at 2^63, an unsigned word at 2^64. Every operation here must give the exact bignum answer.
-module(int_boundaries).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    Edges = [(1 bsl 59) - 1, 1 bsl 59, -(1 bsl 59), (1 bsl 63) - 1, 1 bsl 63, -(1 bsl 63), -(1 bsl 63) - 1,
             (1 bsl 64) - 1, 1 bsl 64, -(1 bsl 64)],
    [row(?MODULE:id(X)) || X <- Edges],
    Min = ?MODULE:id(-(1 bsl 63)),
    io:format("~w~n", [[-Min, abs(Min), Min div -1, Min * -1, Min - 1, Min rem -1, Min band -1, bnot Min]]),
    Max = ?MODULE:id((1 bsl 63) - 1),
    io:format("~w~n", [[Max + 1, Max * 2, Max * Max, Max bsl 1, Max + Max, (Max + 1) bsr 1, Max div 3]]),
    io:format("~w~n", [[?MODULE:id(3037000499) * ?MODULE:id(3037000499), ?MODULE:id(3037000500) * ?MODULE:id(3037000500)]]),
    io:format("~w~n", [[?MODULE:id(1) bsl N || N <- [58, 59, 60, 62, 63, 64, 65, 127, 128]]]),
    io:format("~w~n", [[?MODULE:id(-1) bsl N || N <- [62, 63, 64]]]),
    io:format("~w~n", [[(1 bsl 64) bsr N || N <- [0, 1, 63, 64, 65]]]),
    io:format("~w~n", [[?MODULE:id(-7) div 2, ?MODULE:id(-7) rem 2, ?MODULE:id(7) div -2, ?MODULE:id(7) rem -2]]),
    io:format("~w~n", [[Big div Small || Big <- [1 bsl 70, -(1 bsl 70)], Small <- [3, -3]]]),
    io:format("~w~n", [[Big rem Small || Big <- [1 bsl 70, -(1 bsl 70)], Small <- [3, -3]]]),
    io:format("~w~n", [[(1 bsl 64) - (1 bsl 64) + 5, is_integer((1 bsl 64) - (1 bsl 64))]]),
    io:format("~w~n", [[X band Y || X <- [-(1 bsl 64), (1 bsl 64) - 1], Y <- [-1, 16#FF, -(1 bsl 70)]]]),
    io:format("~w~n", [[X bor Y || X <- [-(1 bsl 64), 1 bsl 63], Y <- [1, -1, 1 bsl 65]]]),
    io:format("~w~n", [[X bxor Y || X <- [-(1 bsl 64), 1 bsl 63], Y <- [1, -1, 1 bsl 65]]]),
    io:format("~w~n", [lists:sort([1 bsl 63, (1 bsl 63) - 1, -(1 bsl 63), 1 bsl 64, 1.0e19, 9.3e18, -9.3e18])]),
    io:format("~w~n", [[erlang:phash2(X) || X <- Edges]]),
    io:format("~w~n", [[term_to_binary(X) || X <- [(1 bsl 31) - 1, 1 bsl 31, -(1 bsl 31), -(1 bsl 31) - 1]]]),
    io:format("~w~n", [lists:sum(lists:duplicate(1000, 1 bsl 62))]),
    ok.

row(X) ->
    io:format("~w: ~w ~w ~w ~w ~w ~w ~w~n",
              [X, X + 1, X - 1, X * 2, X * X, -X, X div 7, integer_to_list(X, 16)]).
