%% erl_scan, erl_parse and erl_eval: Erlang evaluating Erlang, as the shell does.
-module(erl_eval_scan).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?P(element(2, erl_scan:string("foo(X, 1.5) -> X + \"s\"."))),
    ?P(erl_scan:string("1 + ")),
    ?P(erl_scan:string("'unterminated")),
    ?P(eval("1 + 2 * 3.")),
    ?P(eval("lists:map(fun(X) -> X * X end, [1, 2, 3]).")),
    ?P(eval("X = 5, Y = X * 2, {X, Y}.")),
    ?P(eval("case {a, 1} of {a, N} when N > 0 -> pos; _ -> other end.")),
    ?P(eval("[X || X <- lists:seq(1, 10), X rem 2 =:= 0].")),
    ?P(eval("<< <<B>> || <<B>> <= <<1, 2, 3>> >>.")),
    ?P(eval("#{a => 1, b => 2}.")),
    ?P(eval("M = #{k => v}, M#{k := w}.")),
    ?P(eval("try throw(x) catch throw:T -> {caught, T} end.")),
    ?P(eval("F = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end, F(20).")),
    ?P(eval("begin A = 1, B = 2, A + B end.")),
    ?P(eval("receive after 0 -> timeout end.")),
    ?P(eval_with("X + Y.", [{'X', 10}, {'Y', 32}])),
    ?P(eval("1 / 0.")),
    ?P(eval("undefined_fun_xyz().")),
    ?P(eval("{a, b} = {a, c}.")),
    {ok, Toks, _} = erl_scan:string("-module(m). f(X) -> X."),
    ?P(Toks),
    {ok, Form} = erl_parse:parse_form(element(2, erl_scan:string("f(X) when X > 0 -> {ok, X}; f(_) -> error."))),
    ?P(Form),
    ?P(lists:flatten(erl_pp:form(Form))),
    {ok, Exprs} = erl_parse:parse_exprs(element(2, erl_scan:string("[1, two, \"three\" | T]."))),
    ?P(Exprs),
    ?P(erl_parse:normalise(hd(element(2, erl_parse:parse_exprs(element(2, erl_scan:string("{1, [a], <<\"b\">>}."))))))),
    ?P(erl_parse:abstract({1, [a, "s"], 2.5})),
    ?P(erl_parse:parse_exprs(element(2, erl_scan:string("1 + .")))),
    ?P(erl_scan:tokens([], "a. b", 1)),
    ok.

eval(S) -> eval_with(S, []).

eval_with(S, Bindings) ->
    {ok, Tokens, _} = erl_scan:string(S),
    {ok, Exprs} = erl_parse:parse_exprs(Tokens),
    B0 = lists:foldl(fun({K, V}, B) -> erl_eval:add_binding(K, V, B) end, erl_eval:new_bindings(), Bindings),
    try erl_eval:exprs(Exprs, B0) of
        {value, V, _} -> V
    catch
        C:R -> {C, R}
    end.
