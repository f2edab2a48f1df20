%% dict and orddict.
-module(dict_orddict).
-export([main/0]).
-include("corpus.hrl").

main() ->
    D = dict:from_list([{a, 1}, {b, 2}, {c, 3}]),
    ?W(lists:sort(dict:to_list(D))),
    ?W(dict:find(b, D)),
    ?W(dict:find(z, D)),
    ?W(dict:fetch(c, D)),
    ?W(lists:sort(dict:to_list(dict:store(d, 4, D)))),
    ?W(lists:sort(dict:to_list(dict:erase(a, D)))),
    ?W(lists:sort(dict:to_list(dict:update(a, fun(V) -> V + 100 end, D)))),
    ?W(lists:sort(dict:to_list(dict:update_counter(a, 5, D)))),
    ?W(lists:sort(dict:to_list(dict:append(l, x, dict:append(l, y, D))))),
    ?W(dict:size(D)),
    ?W(lists:sort(dict:fetch_keys(D))),
    ?W(dict:fold(fun(_, V, A) -> V + A end, 0, D)),
    ?W(lists:sort(dict:to_list(dict:map(fun(_, V) -> V * 2 end, D)))),
    ?W(lists:sort(dict:to_list(dict:filter(fun(_, V) -> V > 1 end, D)))),
    ?W(lists:sort(dict:to_list(dict:merge(fun(_, A, B) -> A + B end, D, dict:from_list([{a, 10}, {z, 26}]))))),
    Big = dict:from_list([{I, I} || I <- lists:seq(1, 500)]),
    ?W({dict:size(Big), dict:fetch(250, Big)}),
    ?W(dict:to_list(dict:from_list([{x, 1}, {y, 2}]))),
    O = orddict:from_list([{c, 3}, {a, 1}, {b, 2}]),
    ?W(O),
    ?W(orddict:store(aa, 0, O)),
    ?W(orddict:find(b, O)),
    ?W(orddict:erase(b, O)),
    ?W(orddict:update_counter(a, 1, O)),
    ?W(orddict:append_list(z, [1, 2], O)),
    ?W(orddict:merge(fun(_, A, B) -> A * B end, O, [{a, 10}, {d, 4}])),
    ?W(orddict:fetch_keys(O)),
    ok.
