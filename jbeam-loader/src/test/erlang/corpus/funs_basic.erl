%% Funs: local and external funs, closures capturing values, named recursive funs, higher order.
-module(funs_basic).
-export([main/0, double/1]).
-include("corpus.hrl").

double(X) -> 2 * X.

main() ->
    Add = fun(A, B) -> A + B end,
    ?P(Add(2, 3)),
    N = 10,
    AddN = fun(X) -> X + N end,
    ?P(lists:map(AddN, [1, 2, 3])),
    ?P(lists:map(fun double/1, [1, 2, 3])),
    ?P(lists:map(fun ?MODULE:double/1, [1, 2, 3])),
    ?P(lists:map(fun erlang:abs/1, [-1, 2, -3])),
    Fact = fun F(0) -> 1; F(K) -> K * F(K - 1) end,
    ?P(Fact(20)),
    ?P(Fact(30)),
    Counter = make_counter(5),
    ?P([Counter(I) || I <- [1, 2, 3]]),
    Compose = fun(F, G) -> fun(X) -> F(G(X)) end end,
    Inc = fun(X) -> X + 1 end,
    ?P((Compose(Inc, fun double/1))(5)),
    ?P((Compose(fun double/1, Inc))(5)),
    Curry = fun(A) -> fun(B) -> fun(C) -> {A, B, C} end end end,
    ?P(((Curry(1))(2))(3)),
    ?P(lists:foldl(fun(X, Acc) -> X * Acc end, 1, lists:seq(1, 10))),
    ?P(apply(Add, [10, 20])),
    ?P(apply(?MODULE, double, [21])),
    M = lists, F = reverse,
    ?P(M:F([1, 2, 3])),
    ?P((fun lists:reverse/1)("abc")),
    Fs = [fun(X) -> X + I end || I <- lists:seq(1, 3)],
    ?P([G(100) || G <- Fs]),
    Big = lists:seq(1, 20),
    Closure = fun() -> {length(Big), lists:sum(Big), N, Add(1, 1)} end,
    ?P(Closure()),
    ?P(fib_memo(50)),
    ?P(y_combinator()),
    ok.

make_counter(Start) -> fun(Step) -> Start + Step end.

fib_memo(N) ->
    {V, _} = fib_memo(N, #{0 => 0, 1 => 1}),
    V.
fib_memo(N, Memo) ->
    case Memo of
        #{N := V} -> {V, Memo};
        _ ->
            {A, M1} = fib_memo(N - 1, Memo),
            {B, M2} = fib_memo(N - 2, M1),
            {A + B, M2#{N => A + B}}
    end.

y_combinator() ->
    Y = fun(Fn) -> (fun(X) -> Fn(fun(V) -> (X(X))(V) end) end)(fun(X) -> Fn(fun(V) -> (X(X))(V) end) end) end,
    Fac = Y(fun(Self) -> fun(0) -> 1; (K) -> K * Self(K - 1) end end),
    Fac(10).
