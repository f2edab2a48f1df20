%% Map comprehensions and map generators (OTP 26+).
%% corpus: erlc27-only
-module(maps_comprehension).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?P(#{X => X * X || X <- lists:seq(1, 5)}),
    M = #{a => 1, b => 2, c => 3},
    ?P(#{V => K || K := V <- M}),
    ?P(lists:sort([{K, V} || K := V <- M, V > 1])),
    ?P(#{K => V + 1 || K := V <- M, K =/= b}),
    ?P(<< <<V>> || _ := V <- maps:iterator(M, ordered) >>),
    ?P(#{K => V || <<K, V>> <= <<1, 2, 3, 4>>}),
    ?P(lists:sort([K || K := _ <- #{I => I || I <- lists:seq(1, 40)}])),
    ?P(#{X => Y || X <- [1, 2], Y <- [a, b]}),
    ok.
