%% erl_scan, erl_parse, erl_pp and erl_eval on more of the language, as the shell uses them:
%% token options and locations, forms (records, specs, types, attributes), pretty printing, and
%% evaluation of funs, comprehensions, maps, binaries, try/receive, local and non-local handlers.
%% Library coverage only: compiled by erlc 27 alone (erlc 25 adds nothing here; keeps the corpus quick).
%% corpus: erlc27-only
-module(eval_more).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?W(erl_scan:string("f(X) -> X. % comment", {1, 1})),
    ?W(erl_scan:string("a\n  'b c' \"s\" $x 1.5e3 16#ff 2#101 <<>> =:= ", 1, [text])),
    ?W(erl_scan:string("x %% keep\ny", 1, [return_comments])),
    ?W(erl_scan:string("'unterminated", 1)),
    ?W(erl_scan:string("$")),
    ?W(erl_scan:reserved_word('receive')),
    ?W(erl_scan:tokens([], "a. b.", 1)),
    ?W(erl_scan:tokens([], "partial", 1)),
    Forms = ["-record(r, {a = 1 :: integer(), b}).",
             "-spec f(integer()) -> {ok, atom()} | error.",
             "-type t(X) :: [X] | #{atom() => X}.",
             "f(#r{a = A} = R, <<B:8, _/binary>>) when A > 0; B =:= 0 -> R#r{b = [A | B]}.",
             "g() -> fun (X) when is_atom(X) -> X; (_) -> no end.",
             "h(L) -> [{X, Y} || X <- L, Y <- [1, 2], X > Y].",
             "-export([f/2, g/0])."],
    lists:foreach(
      fun(Text) ->
              {ok, Toks, _} = erl_scan:string(Text),
              {ok, Form} = erl_parse:parse_form(Toks),
              ?W(Form),
              io:format("~ts~n", [erl_pp:form(Form)])
      end, Forms),
    ?W(erl_parse:parse_form(element(2, erl_scan:string("f( -> x.")))),
    ?W(erl_parse:parse_term(element(2, erl_scan:string("{a, [1, \"s\"], #{k => <<1>>}}.")))),
    ?W(erl_parse:abstract(#{a => [1.5, <<"b">>]})),
    ?W(erl_parse:abstract("text", [{encoding, unicode}])),
    ?W(erl_parse:normalise(erl_parse:abstract({x, [1 | 2]}))),
    ?W(erl_parse:tokens(erl_parse:abstract({a, "b"}))),
    Exprs = ["lists:foldl(fun(X, A) -> X + A end, 0, [1, 2, 3]).",
             "F = fun F(0) -> []; F(N) -> [N | F(N - 1)] end, F(4).",
             "[X * Y || X <- [1, 2], Y <- [10, 20], X * Y > 15].",
             "<< <<(B + 1)>> || <<B>> <= <<1, 2, 3>> >>.",
             "[{K, V} || K := V <- #{a => 1}].",
             "#{K => V || {K, V} <- [{x, 1}, {y, 2}]}.",
             "M = #{a => 1}, #{a := A} = M, M#{b => A + 1}.",
             "<<X:4, Y:4>> = <<16#AB>>, {X, Y}.",
             "try 1 / 0 catch error:badarith:S -> {caught, length(S) > 0} after ok end.",
             "case catch throw(thrown) of thrown -> yes end.",
             "self() ! msg, receive msg -> got after 100 -> timeout end.",
             "receive nothing -> no after 0 -> timeout end.",
             "X = 3, if X > 2 -> big; true -> small end.",
             "begin A = \"abc\", B = A ++ \"def\", length(B) end.",
             "element(2, {a, b}) + 0.",
             "maybe {ok, A} ?= {ok, 1}, {ok, B} ?= {error, 2}, A + B else {error, E} -> {failed, E} end.",
             "\"con\" \"cat\".",
             "1 bsl 70 div 3.",
             "lists:map(fun erlang:abs/1, [-1, 2]).",
             "[A || {A, _} <- [{1, x}, bad, {2, y}]].",
             "local(5).",
             "nonlocal:call(7).",
             "erlang:atom_to_list(1).",
             "undefined_local_thing(1).",
             "X = 1, X = 2."],
    [?W(eval(E)) || E <- Exprs],
    ?W(erl_eval:add_binding('X', 1, erl_eval:new_bindings()) =/= []),
    ?W(erl_eval:bindings(erl_eval:add_binding('B', 2, erl_eval:add_binding('A', 1, erl_eval:new_bindings())))),
    ?W(erl_eval:binding('A', erl_eval:add_binding('A', 1, erl_eval:new_bindings()))),
    ?W(erl_eval:is_constant_expr(hd(element(2, erl_parse:parse_exprs(element(2, erl_scan:string("{1, a}."))))))),
    ok.

eval(S) ->
    {ok, Toks, _} = erl_scan:string(S),
    {ok, Es} = erl_parse:parse_exprs(Toks),
    Local = {value, fun(local, [N]) -> {local_handler, N * 2}; (Name, Args) -> error({undef_local, Name, Args}) end},
    NonLocal = {value, fun({nonlocal, call}, [N]) -> {nonlocal_handler, N};
                          (Fun, Args) when is_function(Fun) -> apply(Fun, Args);
                          ({M, F}, Args) -> apply(M, F, Args) end},
    try erl_eval:exprs(Es, erl_eval:new_bindings(), Local, NonLocal) of
        {value, V, _} -> {value, V}
    catch
        C:R -> {C, R}
    end.
