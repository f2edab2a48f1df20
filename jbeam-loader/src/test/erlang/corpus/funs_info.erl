%% erlang:fun_info/1,2, fun_to_list's stable parts, is_function/2 and fun equality.
-module(funs_info).
-export([main/0, ext/1]).
-include("corpus.hrl").

ext(X) -> X.

main() ->
    Local = fun(X) -> X + 1 end,
    Y = 7,
    Closure = fun(X) -> X + Y end,
    External = fun lists:reverse/1,
    Self = fun ?MODULE:ext/1,
    LocalName = fun ext/1,
    [info(F) || F <- [Local, Closure, External, Self, LocalName]],
    ?P(erlang:fun_info(Closure, env)),
    ?P(erlang:fun_info(External)),
    ?P(erlang:fun_to_list(External)),
    ?P(is_function(Local, 1)),
    ?P(is_function(Local, 2)),
    ?P(is_function(External, 1)),
    ?P(External =:= fun lists:reverse/1),
    ?P(External == fun lists:reverse/2),
    ?P(Self =:= fun ?MODULE:ext/1),
    ?P(Self =:= LocalName),
    ?P(Local =:= Local),
    ?P(make(1) =:= make(1)),
    ?P(make(1) =:= make(2)),
    ?P(make(1) == make(1)),
    ?P(Local =:= Closure),
    ?P(lists:usort([fun lists:map/2, fun lists:map/2, fun lists:filter/2])),
    ?P(erlang:fun_info(make(3), env)),
    ?P(erlang:fun_info(fun main/0, arity)),
    ?P(erlang:fun_info(fun erlang:'+'/2, type)),
    ?T(erlang:fun_info(not_a_fun, arity)),
    ?T(erlang:fun_info(Local, bogus_item)),
    ?P(erlang:phash2(External)),
    ?P(binary_to_term(term_to_binary(External)) =:= External),
    ?P(term_to_binary(External)),
    ok.

info(F) ->
    Items = [erlang:fun_info(F, I) || I <- [module, name, arity, type]],
    io:format("~p~n", [Items]).

make(N) -> fun() -> N end.
