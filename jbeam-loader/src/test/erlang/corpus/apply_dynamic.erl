%% Calls whose target is known only at run time: M:F(A) with variables, apply/2,3, funs made with
%% fun M:F/A from variables, erlang:function_exported/3, and calls to functions that do not exist.
-module(apply_dynamic).
-export([main/0, add/2, 'weird name'/0]).
-include("corpus.hrl").

add(A, B) -> A + B.
'weird name'() -> weird.

main() ->
    M = ?MODULE, F = add,
    ?P(M:F(1, 2)),
    ?P(apply(M, F, [3, 4])),
    ?P(erlang:apply(lists, seq, [1, 3])),
    Fun = fun M:F/2,
    ?P(Fun(5, 6)),
    ?P(erlang:fun_info(Fun, type)),
    ?P(Fun =:= fun ?MODULE:add/2),
    Mods = [lists, string, maps, erlang],
    ?P([erlang:function_exported(Mod, reverse, 1) || Mod <- Mods]),
    ?P(erlang:function_exported(?MODULE, add, 2)),
    ?P(erlang:function_exported(?MODULE, main, 1)),
    ?P(?MODULE:'weird name'()),
    Name = list_to_atom("weird name"),
    ?P(apply(?MODULE, Name, [])),
    ?T(M:nope(1)),
    ?T(no_such_module_at_all:f()),
    ?T(apply(M, F, [1])),
    ?T(apply(fun(X) -> X end, [1, 2])),
    ?T(apply(not_a_module_atom_but_a_tuple_ok, f, [])),
    ?T((list_to_atom("lists")):reverse([1, 2])),
    Ops = [{erlang, '+'}, {erlang, '*'}, {erlang, max}, {lists, max}],
    ?P([case Mod of lists -> Mod:Op([7, 3]); _ -> Mod:Op(7, 3) end || {Mod, Op} <- Ops]),
    ?P(lists:foldl(fun({Mod, Fn, Args}, Acc) -> [apply(Mod, Fn, Args) | Acc] end, [],
                   [{erlang, atom_to_list, [abc]}, {string, uppercase, ["x"]}, {?MODULE, add, [1, 1]}])),
    ok.
