%% ETS differential program: every line printed must be identical on erl 27 and jbeam.
%% Hash-table results are sorted (their order is unspecified); ordered_set orders are printed as is.
-module(ets_basic).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").

p(X) -> io:format("~p~n", [X]).
e(F) -> try F() catch C:R -> {C, R} end.
s(L) -> lists:sort(L).

main() ->
    types(), ordered(), select_chunks(), counters(), elements(), errors(),
    match_specs(), access(), ownership(), misc(), concurrency_options(), select_replace_keys(),
    halt(0).

types() ->
    [begin
         T = ets:new(t, [Type]),
         ets:insert(T, [{a, 1}, {b, 2}, {a, 1}, {a, 3}, {1, x}, {1.0, y}]),
         p({Type, s(ets:tab2list(T)), ets:info(T, size), ets:lookup(T, a), ets:lookup(T, 1),
            ets:member(T, a), ets:member(T, zz)}),
         p({ets:insert_new(T, {a, 9}), ets:insert_new(T, {c, 9}), ets:insert_new(T, [{d, 1}, {a, 1}]),
            ets:lookup(T, d), ets:insert_new(T, [{d, 1}, {e, 2}]), ets:lookup(T, e)}),
         ets:delete_object(T, {a, 1}),
         p(ets:lookup(T, a)),
         p({ets:take(T, a), ets:lookup(T, a), ets:take(T, nope)}),
         ets:delete(T, b),
         p(s(ets:tab2list(T))),
         p(ets:select_delete(T, [{{'$1', '_'}, [{is_integer, '$1'}], [true]}])),
         p(s(ets:tab2list(T))),
         ets:delete_all_objects(T),
         p({ets:tab2list(T), ets:info(T, size), ets:first(T)}),
         true = ets:delete(T)
     end || Type <- [set, ordered_set, bag, duplicate_bag]],
    %% keypos
    K = ets:new(k, [{keypos, 2}, bag]),
    ets:insert(K, [{x, 1, a}, {y, 1, b}, {z, 2}]),
    p({ets:lookup(K, 1), ets:lookup_element(K, 1, 3), e(fun() -> ets:insert(K, {only}) end)}),
    ok.

ordered() ->
    T = ets:new(o, [ordered_set, public]),
    Keys = [3, 1.5, -1, 2.0, 1, "abc", abc, {1, 2}, {1}, [], [1 | 2], <<"b">>, <<"a">>, 16#FFFFFFFFFFFFFFFFFF,
            make_ref_like, {a, {b}}, #{a => 1}, 0.0, -0.0],
    ets:insert(T, [{K, v} || K <- Keys]),
    p(ets:tab2list(T)),
    p(ets:info(T, size)),
    p(walk(T, ets:first(T), next)),
    p(walk(T, ets:last(T), prev)),
    p({ets:next(T, 1.7), ets:prev(T, 1.7), ets:next(T, zzz_not_there), ets:lookup(T, 2), ets:member(T, 1.0)}),
    p(ets:foldl(fun({K, _}, A) -> [K | A] end, [], T)),
    p(ets:foldr(fun({K, _}, A) -> [K | A] end, [], T)),
    p([ets:slot(T, I) || I <- [0, 1, 2]]),
    p(ets:first_lookup(T)),
    p(ets:next_lookup(T, 1)),
    %% '$end_of_table' is no key to step from, even where the term order has a successor
    p([e(fun() -> ets:F(T, '$end_of_table') end) || F <- [next, prev, next_lookup, prev_lookup]]),
    ok.

%% Polls (up to 10 s) until F() holds: exits are asynchronous.
wait_until(F) -> wait_until(F, 10000).
wait_until(F, 0) -> F();
wait_until(F, N) -> case F() of true -> true; false -> receive after 1 -> wait_until(F, N - 1) end end.

walk(_, '$end_of_table', _) -> [];
walk(T, K, Dir) -> [K | walk(T, ets:Dir(T, K), Dir)].

select_chunks() ->
    T = ets:new(c, [ordered_set]),
    ets:insert(T, [{I, I * I} || I <- lists:seq(1, 25)]),
    MS = [{{'$1', '$2'}, [{'==', {'rem', '$1', 2}, 0}], [{{'$1', '$2'}}]}],
    p(chunks(ets:select(T, MS, 4))),
    p(chunks(ets:select_reverse(T, MS, 5))),
    p(chunks(ets:match(T, {'$1', '_'}, 10))),
    p(chunks(ets:match_object(T, {'_', 4}, 3))),
    p(element(1, ets:select(T, MS, 12))),
    p(ets:select(T, [{{'$1', '_'}, [{'>', '$1', 100}], ['$1']}], 3)),
    {[24, 25], C24} = ets:select(T, [{{'$1', '_'}, [{'>', '$1', 23}], ['$1']}], 2),
    p(ets:select(C24)),
    %% a set table: chunk sizes are exact, the union is the whole selection
    S = ets:new(s, [set]),
    ets:insert(S, [{I, I} || I <- lists:seq(1, 50)]),
    All = lists:append(chunks(ets:select(S, [{{'$1', '_'}, [], ['$1']}], 7))),
    p({length(All), s(All) =:= lists:seq(1, 50)}),
    p(ets:select_count(S, [{{'$1', '$2'}, [{'<', '$1', 11}], [true]}])),
    p(ets:select_replace(S, [{{'$1', '$2'}, [{'=<', '$1', 3}], [{{'$1', {'+', '$2', 100}}}]}])),
    p(s(ets:select(S, [{{'$1', '$2'}, [{'=<', '$1', 4}], ['$_']}]))),
    p(e(fun() -> ets:select_replace(S, [{{'$1', '$2'}, [], [{{'$2', '$1'}}]}]) end)),
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, I} || I <- lists:seq(1, 6)] ++ [{j, 1}]),
    p(ets:select_delete(B, [{{k, '$1'}, [{'>', '$1', 3}], [true]}])),
    p(s(ets:tab2list(B))),
    ok.

chunks('$end_of_table') -> [];
chunks({L, C}) -> [L | chunks(ets:select(C))].

counters() ->
    T = ets:new(n, [set, public]),
    ets:insert(T, {c, 0, 10, x}),
    p(ets:update_counter(T, c, 5)),
    p(ets:update_counter(T, c, {3, -3})),
    p(ets:update_counter(T, c, [{2, 1}, {3, 1}, {2, 100, 50, -1}, {3, -100, 0, 7}])),
    p(ets:update_counter(T, c, [])),
    p(ets:lookup(T, c)),
    p(ets:update_counter(T, d, {2, 3}, {whatever, 10, 20})),
    p(ets:update_counter(T, e, [{2, 1}, {3, 2}], {e, 0, 0})),
    p(s(ets:tab2list(T))),
    p([e(fun() -> ets:update_counter(T, nokey, 1) end),
       e(fun() -> ets:update_counter(T, c, {1, 1}) end),
       e(fun() -> ets:update_counter(T, c, {4, 1}) end),
       e(fun() -> ets:update_counter(T, c, {9, 1}) end),
       e(fun() -> ets:update_counter(T, c, a) end),
       e(fun() -> ets:update_counter(T, c, [{2, 1}, {4, 1}]) end)]),
    p(ets:lookup(T, c)),
    ets:insert(T, {big, 16#7FFFFFFFFFFFFFFF}),
    p(ets:update_counter(T, big, 1)),
    B = ets:new(b, [bag]),
    p(e(fun() -> ets:update_counter(B, k, 1) end)),
    ok.

elements() ->
    T = ets:new(el, [ordered_set]),
    ets:insert(T, {1, a, b, c}),
    p({ets:update_element(T, 1, {2, x}), ets:update_element(T, 1, [{3, y}, {4, z}, {3, w}]),
       ets:update_element(T, 2, {2, x}), ets:lookup(T, 1)}),
    p({ets:update_element(T, 5, {2, new}, {0, old, old}), ets:lookup(T, 5)}),
    p([e(fun() -> ets:update_element(T, 1, {1, k}) end), e(fun() -> ets:update_element(T, 1, {9, k}) end)]),
    p({ets:lookup_element(T, 1, 2), ets:lookup_element(T, 99, 2, default),
       e(fun() -> ets:lookup_element(T, 99, 2) end), e(fun() -> ets:lookup_element(T, 1, 9) end)}),
    ok.

errors() ->
    T = ets:new(er, []),
    p([e(fun() -> ets:new(x, [bogus]) end), e(fun() -> ets:new("x", []) end),
       e(fun() -> ets:new(x, [{keypos, 0}]) end), e(fun() -> ets:insert(T, [{a} | b]) end),
       e(fun() -> ets:lookup(nosuchtab, 1) end), e(fun() -> ets:select(T, bad) end),
       e(fun() -> ets:select(T, [{'_', [], [{nofun, 1}]}]) end),
       e(fun() -> ets:select(T, [{'_', [], ['$1']}]) end),
       e(fun() -> ets:select(T, [{'_', [], []}], 0) end),
       ets:info(nosuchtab), ets:info(nosuchtab, size), ets:whereis(nosuchtab)]),
    ets:delete(T),
    p({e(fun() -> ets:insert(T, {a}) end), ets:info(T)}),
    ok.

match_specs() ->
    T = ets:new(m, [ordered_set]),
    ets:insert(T, [{1, [a, b], {x, y}, 1.5, <<"bin">>, #{k => v}},
                   {2, [], {}, -3, <<>>, #{}},
                   {3, "str", {z}, 7, <<1:3>>, #{k => w}}]),
    Sel = fun(Guards, Body) -> ets:select(T, [{{'$1', '$2', '$3', '$4', '$5', '$6'}, Guards, Body}]) end,
    p(Sel([], ['$$'])),
    p(Sel([{is_list, '$2'}, {'>', {length, '$2'}, 0}], [{hd, '$2'}])),
    p(Sel([{'andalso', {is_tuple, '$3'}, {'==', {tuple_size, '$3'}, 1}}], [{element, 1, '$3'}])),
    p(Sel([{'orelse', {'<', '$4', 0}, {is_float, '$4'}}], [{abs, '$4'}, {trunc, '$4'}])),
    p(Sel([], [{{'$1', {'*', '$1', 2}, {'div', 7, '$1'}, {'rem', 7, '$1'}, {'band', '$1', 3},
                 {'bor', '$1', 8}, {'bxor', '$1', 1}, {'bnot', '$1'}, {'bsl', '$1', 2}, {'bsr', 16, '$1'},
                 {'-', '$1'}, {'/', '$1', 2}}}])),
    p(Sel([], [{{{byte_size, '$5'}, {bit_size, '$5'}, {is_binary, '$5'}, {is_bitstring, '$5'},
                 {map_size, '$6'}, {is_map, '$6'}, {is_map_key, k, '$6'}}}])),
    p(Sel([{is_map_key, k, '$6'}], [{map_get, k, '$6'}])),
    p(Sel([{'and', {is_integer, '$1'}, {'not', {'==', '$1', 2}}}], [{const, {'$1', x}}])),
    p(Sel([{'or', false, {'=:=', '$1', 3}}], [['$1', '$4' | '$1']])),
    p(Sel([{'xor', true, {'=/=', '$1', 1}}], ['$1'])),
    p(Sel([{'>=', '$1', 2}], [#{key => '$1', v => {'+', '$1', 1}}])),
    p(Sel([{is_atom, '$2'}], ['$_'])),
    p(Sel([{'==', {hd, '$2'}, a}], [{tl, '$2'}])),
    p(Sel([], [{{{min, '$1', 2}, {max, '$1', 2}, {round, 2.5}, {float, '$1'}, {size, '$3'},
                 {binary_part, '$5', 0, {byte_size, '$5'}}, {node}, {is_pid, {self}}}}])),
    p(Sel([], [{hd, '$3'}])),
    p(Sel([{hd, '$3'}], ['$1'])),
    p(ets:select(T, [{{1, '_', '_', '_', '_', '_'}, [], [one]}, {{'$1', '_', '_', '_', '_', '_'}, [], ['$1']}])),
    p(ets:match(T, {'$2', '_', {'$1', '_'}, '_', '_', '_'})),
    p(ets:match_object(T, {'_', '_', '_', '_', '_', #{k => w}})),
    p(ets:select(T, [{{'$1', '$1', '_', '_', '_', '_'}, [], ['$1']}])),
    p(ets:select(T, [{'$1', [{'==', {element, 1, '$1'}, 2}], [{element, 4, '$1'}]}])),
    F = ets:fun2ms(fun({K, L, _, N, _, _}) when K > 1, is_list(L) -> {K, N} end),
    p(F),
    p(ets:select(T, F)),
    p([erlang:match_spec_test({a, 1}, [{{'$1', '$2'}, [{is_integer, '$2'}], [{{'$2', '$1'}}]}], table),
       erlang:match_spec_test({a, b}, [{{'$1', '$2'}, [{is_integer, '$2'}], ['$_']}], table),
       erlang:match_spec_test({a}, [{{'$1'}, [], [{foo, '$1'}]}], table),
       erlang:match_spec_test({a}, [{{'$1'}, [], ['$2']}], table),
       erlang:match_spec_test({a}, [{{'$1'}, [], [{1, 2}]}], table),
       erlang:match_spec_test({a}, [{{'$1'}, [], [{message, 1}]}], table),
       erlang:match_spec_test({a}, not_a_list, table)]),
    C = ets:match_spec_compile([{{'$1', '$2'}, [{'>', '$2', 1}], ['$1']}]),
    p({ets:is_compiled_ms(C), ets:is_compiled_ms(foo), ets:match_spec_run([{a, 1}, {b, 2}, {c, 3}], C)}),
    p(e(fun() -> ets:match_spec_compile([{a}]) end)),
    p(ets:test_ms({x, 1}, [{{'$1', '$2'}, [], [['$$', '$_']]}])),
    ok.

access() ->
    Self = self(),
    Pub = ets:new(pub, [public]), Prot = ets:new(prot, [protected]), Priv = ets:new(priv, [private]),
    [ets:insert(T, {k, 1}) || T <- [Pub, Prot, Priv]],
    spawn(fun() ->
                  R = [{ets:info(T, protection), e(fun() -> ets:lookup(T, k) end),
                        e(fun() -> ets:insert(T, {k, 2}) end), e(fun() -> ets:select(T, [{'_', [], [true]}]) end),
                        e(fun() -> ets:delete(T) end)}
                       || T <- [Pub, Prot, Priv]],
                  Self ! {access, R}
          end),
    receive {access, R} -> p(R) end,
    p([ets:lookup(T, k) || T <- [Prot, Priv]]),
    %% setopts {protection, P}: the owner changes who may read and write; others may not
    p([e(fun() -> ets:setopts(Priv, O) end) || O <- [{protection, public}, {protection, bad}, [{protection, private}, bad]]]),
    p(ets:info(Priv, protection)),
    spawn(fun() ->
                  Self ! {others, e(fun() -> ets:insert(Priv, {k, 3}) end), e(fun() -> ets:setopts(Priv, {protection, private}) end)}
          end),
    receive {others, _, _} = Others -> p(Others) end,
    ets:setopts(Priv, [{protection, protected}, {heir, none}]),
    spawn(fun() -> Self ! {reader, e(fun() -> ets:lookup(Priv, k) end), e(fun() -> ets:insert(Priv, {k, 4}) end)} end),
    receive {reader, _, _} = Reader -> p(Reader) end,
    p(ets:info(Priv, protection)),
    ok.

ownership() ->
    Self = self(),
    %% a table dies with its owner
    P1 = spawn(fun() -> ets:new(dies, [named_table, public]), Self ! made, receive go -> ok end end),
    receive made -> ok end,
    p(ets:info(dies, owner) =:= P1),
    P1 ! go,
    p(wait_until(fun() -> ets:info(dies) =:= undefined end)),
    p({ets:info(dies), ets:whereis(dies)}),
    %% the heir inherits
    P2 = spawn(fun() ->
                                     T = ets:new(inh, [named_table, {heir, Self, my_gift}]),
                                     ets:insert(T, {k, v}),
                                     Self ! made, receive go -> ok end end),
    receive made -> ok end,
    P2 ! go,
    receive {'ETS-TRANSFER', inh, From, Gift} -> p({transfer, From =:= P2, Gift}) after 5000 -> p(no_transfer) end,
    p({ets:info(inh, owner) =:= Self, ets:lookup(inh, k)}),
    %% give_away
    Child = spawn(fun() -> receive {'ETS-TRANSFER', Tab, F, D} -> Self ! {got, Tab, F =:= Self, D, ets:info(Tab, owner) =:= self()} end end),
    T3 = ets:new(given, []),
    p(ets:give_away(T3, Child, hello)),
    receive {got, T3, FromOk, D, OwnerOk} -> p({given, FromOk, D, OwnerOk}) after 5000 -> p(no_give) end,
    p([e(fun() -> ets:give_away(T3, Child, again) end),
       e(fun() -> ets:give_away(inh, Self, x) end)]),
    %% setopts heir
    ets:setopts(inh, {heir, none}),
    p(ets:info(inh, heir)),
    %% an heir already dead when named is none (new and setopts)
    Dead = spawn(fun() -> ok end),
    DeadMon = monitor(process, Dead),
    receive {'DOWN', DeadMon, _, _, _} -> ok end,
    DH = ets:new(dh, [{heir, Dead, x}]),
    p(ets:info(DH, heir)),
    ets:setopts(DH, {heir, Self, y}),
    p(ets:info(DH, heir) =:= Self),
    ets:setopts(DH, {heir, Dead, z}),
    p(ets:info(DH, heir)),
    ets:delete(DH),
    ets:delete(inh),
    ok.

misc() ->
    T = ets:new(named1, [named_table, set, {read_concurrency, true}, {write_concurrency, true},
                         {decentralized_counters, true}, compressed]),
    p(T),
    p([{I, ets:info(T, I)} || I <- [name, named_table, type, keypos, protection, size, read_concurrency,
                                     write_concurrency, compressed, heir, node, decentralized_counters,
                                     fixed, safe_fixed]]),
    p([K || {K, _} <- ets:info(T)]),
    p(is_reference(ets:whereis(named1))),
    p(e(fun() -> ets:new(named1, [named_table]) end)),
    p(ets:rename(named1, named2)),
    p({ets:info(named1), ets:info(named2, name), lists:member(named2, ets:all())}),
    ets:insert(named2, {x}),
    ets:safe_fixtable(named2, true),
    p(ets:info(named2, fixed)),
    ets:safe_fixtable(named2, false),
    p(ets:info(named2, fixed)),
    U = ets:new(unnamed, [ordered_set, {write_concurrency, true}]),
    %% rename of an unnamed table: its reference back, only the name changes
    p({ets:rename(U, renamed) =:= U, ets:info(U, name), e(fun() -> ets:insert(renamed, {x}) end)}),
    p({ets:info(U, name), ets:info(U, decentralized_counters), lists:member(U, ets:all()), is_reference(U)}),
    ets:delete(U),
    p(lists:member(U, ets:all())),
    ok.

%% write_concurrency forms and the decentralized_counters they imply (ets_SUITE creates its
%% tables with all of them, {debug_hash_fixed_number_of_locks, N} included).
concurrency_options() ->
    [p({O, catch begin
                     T = ets:new(t, O),
                     R = {ets:info(T, write_concurrency), ets:info(T, decentralized_counters)},
                     ets:delete(T),
                     R
                 end})
     || O <- [[{write_concurrency, auto}], [ordered_set, {write_concurrency, auto}],
              [bag, {write_concurrency, true}], [ordered_set, {write_concurrency, true}],
              [{write_concurrency, {debug_hash_fixed_number_of_locks, 100}}],
              [{write_concurrency, {debug_hash_fixed_number_of_locks, 32768}}, duplicate_bag],
              [{write_concurrency, {debug_hash_fixed_number_of_locks, 16}}, {decentralized_counters, false}],
              [{decentralized_counters, false}, {write_concurrency, auto}]]],
    [p({O, element(1, catch ets:new(t, O))})
     || O <- [[{write_concurrency, {debug_hash_fixed_number_of_locks, 0}}],
              [{write_concurrency, {debug_hash_fixed_number_of_locks, 32769}}],
              [{write_concurrency, {debug_hash_fixed_number_of_locks, 16}}, ordered_set],
              [{write_concurrency, {other, 16}}]]],
    ok.

%% select_replace accepts a body only if it visibly keeps the key (erl_db_util's
%% db_match_keeps_key); a map in a head is a pattern matching larger maps (ets_SUITE bound_maps).
select_replace_keys() ->
    T = ets:new(t, [set, public]),
    ets:insert(T, [{{I, I rem 3}, I} || I <- lists:seq(1, 6)]),
    Bodies = [{{{{'$1', '$3'}}, [$x | '$2'], stuff}}, % another arity, the key rebuilt
              {{{const, {'$1', '$3'}}, '$2'}},        % the key quoted: not the matched one
              {{{{'$3', '$1'}}, '$2'}},               % the key's parts swapped
              {{{element, 1, '$_'}, {'+', '$2', 1}}},
              {{'$1', '$2'}}],                         % not a key at all
    p([e(fun() -> ets:select_replace(T, [{{{'$1', '$3'}, '$2'}, [{'<', '$1', 3}], [B]}]) end) || B <- Bodies]),
    p(lists:sort(ets:tab2list(T))),
    O = ets:new(o, [ordered_set, public]),
    Ref = make_ref(),
    [ets:insert_new(O, {{Attr, Ref}, original}) || Attr <- [#{}, #{key => value}]],
    Key = {#{}, Ref},
    p({ets:select_replace(O, [{{Key, '$1'}, [], [{{{element, 1, '$_'}, {const, new}}}]}]),
       ets:select_count(O, [{{Key, '_'}, [], [true]}]),
       [V || {_, V} <- ets:tab2list(O)]}),
    ok.
