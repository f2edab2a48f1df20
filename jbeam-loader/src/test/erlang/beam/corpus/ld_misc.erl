%% Odds and ends: -nifs (nif_start), atoms needing quotes and unicode atoms, long atoms,
%% strings and literals of every kind, process BIFs, and a function large enough to need splitting.
-module(ld_misc).
-export([nif/1, atoms/0, lits/0, procs/0, big_function/1, 'weird name'/0, 'ünïcödé'/1]).
-nifs([nif/1]).
-on_load(init/0).
-vsn(42).
-custom_attribute({hello, [1, 2, 3]}).

init() -> _ = (catch erlang:load_nif("/nonexistent/ld_misc_nif", 0)), ok.
nif(_) -> erlang:nif_error(not_loaded).
atoms() -> ['', 'with space', 'ünïcödé', 'Ω', 'a_very_long_atom_name_that_is_still_well_under_the_limit_of_two_hundred_and_fifty_five_characters_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'].
lits() -> {"string", <<"binary">>, <<1:3>>, [1, 2 | 3], {}, [], #{}, #{a => [b]}, 1.5, fun lists:map/2, {self_is_not_literal}}.
procs() ->
    P = spawn(fun() -> ok end),
    P ! hello,
    {P, node(), self(), make_ref(), erlang:monotonic_time()}.
'weird name'() -> ok.
'ünïcödé'(X) -> X.
big_function(X) ->
    A1 = X + 1, A2 = A1 * 2, A3 = A2 - 3, A4 = A3 * A1, A5 = {A4, A3, A2},
    B1 = [A1, A2, A3, A4, A5], B2 = lists:reverse(B1), B3 = {B1, B2}, B4 = element(1, B3), B5 = length(B4),
    C1 = case B5 of 1 -> a; 2 -> b; 3 -> c; 4 -> d; 5 -> e; _ -> f end,
    C2 = case X of 0 -> g; 1 -> h; 2 -> i; 3 -> j; 4 -> k; _ -> l end,
    C3 = integer_to_list(X), C4 = list_to_binary(C3), C5 = binary_to_list(C4),
    D1 = [C1, C2 | C5], D2 = erlang:phash2(D1), D3 = D2 rem 17, D4 = D3 * X, D5 = {D4, D3, D2, D1},
    E1 = maps:from_list([{k, D5}, {j, C5}]), E2 = maps:get(k, E1), E3 = element(4, E2), E4 = hd(E3), E5 = {E4, E3},
    F1 = [{I, I * I} || I <- lists:seq(1, 10)], F2 = lists:keyfind(3, 1, F1), F3 = tuple_to_list(F2), F4 = lists:sum(F3), F5 = F4 + X,
    G1 = <<F5:32, D2:64>>, <<G2:32, G3:64>> = G1, G4 = G2 + G3, G5 = {G1, G4},
    H1 = try 1 / X catch error:badarith -> infinity end, H2 = {H1, G5}, H3 = [H2, E5, D5, C3, B3, A5],
    H4 = lists:flatten(io_lib:format("~p", [H3])), H5 = length(H4),
    {H5, A1, B5, C1, D3, E4, F5, G4, H1}.
