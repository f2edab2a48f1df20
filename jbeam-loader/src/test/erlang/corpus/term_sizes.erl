%% erts_debug:flat_size/1, size_shared/1, size/1 and same/2: a term's words in BEAM's 64-bit heap
%% layout. Terms are built at run time from Z (a zero from a remote call, which the compiler cannot fold), so they are on the
%% heap, not literals, except where a case is about literals. Not compared (jbeam cannot know):
%% binaries made writable by an append (their size depends on BEAM's JIT), map keys tuples the
%% loader made literals (#{a => X}), sharing lost by copying a message, an empty map made by
%% maps:remove/2 (jbeam returns the literal one), the nodes a large-map update shares with the
%% original (jbeam's path copying differs).
-module(term_sizes).
-export([main/0, zero/0]).
-include("corpus.hrl").

main() ->
    Z = ?MODULE:zero(),
    S = fun(T) -> {erts_debug:flat_size(T), erts_debug:size_shared(T), erts_debug:size(T)} end,
    %% immediates and numbers
    ?W([S(T) || T <- [Z, 1 + Z, a, [], self(), -(1 bsl 59) + Z, (1 bsl 59) - 1 + Z]]),
    ?W([S((1 bsl N) + Z) || N <- [59, 60, 63, 64, 65, 127, 128, 200, 1000]]),
    ?W([S(-(1 bsl N) - 1 + Z) || N <- [59, 63, 64, 128]]),
    ?W([S(float(Z) + 0.5), S({}), S(list_to_tuple([Z])), S(erlang:make_tuple(100, Z))]),
    %% lists and sharing
    L = lists:seq(Z, 9 + Z),
    ?W([S(L), S("abc" ++ integer_to_list(Z)), S([Z | Z]), S({L, L}), S([L | L])]),
    Doubled = lists:foldl(fun(_, A) -> [A | A] end, [], lists:seq(1, 10 + Z)),
    ?W(S(Doubled)),
    F1 = float(Z) + 1.5,
    ?W(S({F1, F1, [F1]})),
    %% binaries
    Bins = [list_to_binary(lists:duplicate(N, Z)) || N <- [0, 1, 7, 8, 9, 16, 17, 63, 64, 65, 100, 1000]],
    ?W([S(B) || B <- Bins]),
    ?W([S(<<Z:N>>) || N <- [1, 3, 63, 64, 65, 511, 512, 513, 1000]]),
    Big = lists:last(Bins),
    <<_:8, Rest/binary>> = Big,
    <<_:3, RestBits/bits>> = Big,
    <<X20:20/binary, _/binary>> = Big,
    ?W([S(binary:part(Big, 10, 20)), S(binary:part(Big, 10, 64)), S(binary:part(Big, 10, 65)),
        S(Rest), S(RestBits), S(X20), S({Rest, Big}), S({Big, Big}), S([Rest, RestBits, Big])]),
    ?W(S(term_to_binary(lists:seq(1, 100 + Z)))),
    %% maps (integer keys: BEAM hashes atoms by their index in the atom table)
    Maps = [maps:from_list([{I + Z, I} || I <- lists:seq(1, N)]) || N <- [1, 2, 31, 32, 33, 40, 100, 1000]],
    ?W([S(M) || M <- Maps]),
    M5 = lists:nth(2, Maps),
    ?W([S(maps:new()), S({M5, M5}),
        S({M5, M5#{1 := b}}), S(M5#{3 => c})]),
    M40 = lists:nth(6, Maps),
    ?W(S({M40, M40})),
    %% funs
    ?W([S(fun() -> Z end), S(fun() -> {Z, L} end), S(fun(A) -> {A, F1, L} end)]),
    Mod = list_to_atom("lists" ++ integer_to_list(Z) -- "0"),
    ?W(S(fun Mod:map/2)),
    ?W([erts_debug:flat_size(fun() -> ok end), erts_debug:flat_size(fun lists:map/2), erts_debug:flat_size(fun main/0)]),
    %% references, external pids, ports and references
    ?W([erts_debug:flat_size(make_ref()), erts_debug:size(make_ref()),
        erts_debug:flat_size(ets:new(t, [])), erts_debug:flat_size(atomics:new(1, []))]),
    ?W([erts_debug:flat_size(binary_to_term(<<131, 88, 118, 0, 3, "a@b", 0, 0, 0, 1, 0, 0, 0, Z, 0, 0, 0, 1>>)),
        erts_debug:flat_size(binary_to_term(<<131, 89, 118, 0, 3, "a@b", 0, 0, 0, 1, 0, 0, 0, 1>>))]),
    ?W([erts_debug:flat_size(binary_to_term(<<131, 90, N:16, 118, 0, 3, "a@b", 0, 0, 0, 1,
                                              (binary:copy(<<0, 0, 0, 7>>, N))/binary>>)) || N <- [1, 2, 3, 4, 5]]),
    %% literals: size_shared does not count them; flat_size and size do
    Lit = {a, [1, 2, 3], <<"literal binary">>, 1.5, 1 bsl 70},
    ?W([erts_debug:flat_size(Lit), erts_debug:size_shared(Lit), erts_debug:size(Lit),
        erts_debug:size_shared({Lit, Z}), erts_debug:size_shared([Lit | L])]),
    ?W([erts_debug:size_shared(fun() -> ok end), erts_debug:size_shared(fun lists:map/2)]),
    %% persistent_term: a literal while stored, counted again once erased
    Key = {?MODULE, Z},
    Val = {val, lists:seq(1, 5 + Z), <<Z:800>>},
    persistent_term:put(Key, Val),
    Got = persistent_term:get(Key),
    ?W([erts_debug:size_shared(Got), erts_debug:size(Got), erts_debug:flat_size(Got)]),
    persistent_term:erase(Key),
    ?W(wait_copied(Got)),
    %% erts_debug:same/2
    ?W([erts_debug:same(L, L), erts_debug:same(L, lists:seq(Z, 9 + Z)), erts_debug:same(1, 1 + Z),
        erts_debug:same(a, a), erts_debug:same(F1, F1), erts_debug:same(self(), self())]),
    ok.

%% A zero the compiler cannot fold (a remote call).
zero() -> 0.

%% BEAM copies an erased term into the processes that hold it at its next literal-area purge.
wait_copied(T) ->
    case erts_debug:size_shared(T) of
        0 -> receive after 10 -> wait_copied(T) end;
        N -> N
    end.
