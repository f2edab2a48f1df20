-module(shared).
-export([main/0]).

%% Shared-state BIFs: atomics, counters, persistent_term; values, wraparound, error forms and
%% concurrent updates. Output has no references or memory figures that depend on the VM.
main() ->
    Tests = [fun atomics_signed/0, fun atomics_unsigned/0, fun atomics_errors/0,
             fun atomics_info/0, fun atomics_concurrent/0,
             fun counters_kinds/0, fun counters_errors/0, fun counters_concurrent/0,
             fun pt_basic/0, fun pt_keys/0, fun pt_info/0, fun pt_concurrent/0],
    lists:foreach(fun(T) -> io:format("~p~n", [catch T()]) end, Tests),
    halt(0).

err({'EXIT', {Reason, _Stack}}) -> Reason;
err(Other) -> Other.

-define(MAX64, 18446744073709551615).
-define(SMAX, 9223372036854775807).
-define(SMIN, -9223372036854775808).

atomics_signed() ->
    A = atomics:new(3, []),
    R1 = [atomics:get(A, I) || I <- [1, 2, 3]],
    ok = atomics:put(A, 1, ?SMAX),
    ok = atomics:add(A, 1, 1),
    Wrap = atomics:get(A, 1),
    Back = atomics:sub_get(A, 1, 1),
    AddBig = atomics:add_get(A, 2, ?MAX64),       % an increment of 2^64-1 is -1
    AddMin = atomics:add_get(A, 2, ?SMIN),
    Sub = atomics:sub_get(A, 3, -5),
    Ex = {atomics:exchange(A, 3, -7), atomics:get(A, 3)},
    Cx = {atomics:compare_exchange(A, 3, -7, 42), atomics:compare_exchange(A, 3, 0, 1), atomics:get(A, 3)},
    ok = atomics:sub(A, 3, 1 bsl 62),
    {atomics_signed, is_reference(A), R1, Wrap, Back, AddBig, AddMin, Sub, Ex, Cx, atomics:get(A, 3)}.

atomics_unsigned() ->
    A = atomics:new(2, [{signed, false}]),
    ok = atomics:put(A, 1, ?MAX64),
    Max = atomics:get(A, 1),
    Wrap = atomics:add_get(A, 1, 1),
    Under = atomics:sub_get(A, 1, 1),
    Neg = atomics:add_get(A, 2, -1),
    Ex = atomics:exchange(A, 2, 1 bsl 63),
    Cx = {atomics:compare_exchange(A, 2, 1 bsl 63, 5), atomics:compare_exchange(A, 2, 6, 7)},
    PutNeg = err(catch atomics:put(A, 1, -1)),
    CxNeg = err(catch atomics:compare_exchange(A, 1, -1, 0)),
    Signed = atomics:new(1, [{signed, true}, {signed, false}, {signed, true}]),
    {atomics_unsigned, Max, Wrap, Under, Neg, Ex, Cx, PutNeg, CxNeg, atomics:get(A, 2),
     atomics:add_get(Signed, 1, -1)}.

atomics_errors() ->
    A = atomics:new(2, []),
    New = [err(catch atomics:new(N, O)) || {N, O} <- [{0, []}, {-1, []}, {a, []}, {1.0, []}, {1, [bad]},
                                                       {1, [{signed, perhaps}]}, {1, bad}, {1 bsl 70, []}]],
    Ix = [err(catch atomics:get(A, I)) || I <- [0, 3, -1, a, 1 bsl 64, 1.0]],
    Put = [err(catch atomics:put(A, 1, V)) || V <- [1 bsl 63, ?SMIN - 1, 1.0, a]],
    Add = [err(catch atomics:add(A, 1, V)) || V <- [1 bsl 64, ?SMIN - 1, x]],
    Sub = [err(catch atomics:sub(A, 1, V)) || V <- [1 bsl 64, x]],
    Refs = [err(catch atomics:get(R, 1)) || R <- [make_ref(), self(), {atomics, A},
                                                  element(2, counters:new(1, [write_concurrency]))]],
    Info = [err(catch atomics:info(R)) || R <- [make_ref(), a]],
    {atomics_errors, New, Ix, Put, Add, Sub, Refs, Info}.

atomics_info() ->
    Signed = maps:without([memory], atomics:info(atomics:new(10, []))),
    Unsigned = maps:without([memory], atomics:info(atomics:new(1, [{signed, false}]))),
    {atomics_info, Signed, Unsigned}.

%% 8 processes add concurrently: no update is lost.
atomics_concurrent() ->
    A = atomics:new(2, []),
    Self = self(),
    Ps = [spawn(fun() ->
                        [begin atomics:add(A, 1, 1), atomics:add_get(A, 2, 2) end || _ <- lists:seq(1, 10000)],
                        Self ! {self(), done}
                end) || _ <- lists:seq(1, 8)],
    [receive {P, done} -> ok end || P <- Ps],
    Cas = cas_loop(A, 8),
    {atomics_concurrent, atomics:get(A, 1), atomics:get(A, 2), Cas}.

%% compare_exchange retry loops from several processes: every increment lands once.
cas_loop(A, N) ->
    Self = self(),
    ok = atomics:put(A, 1, 0),
    Ps = [spawn(fun() -> [cas_inc(A) || _ <- lists:seq(1, 2000)], Self ! {self(), done} end)
          || _ <- lists:seq(1, N)],
    [receive {P, done} -> ok end || P <- Ps],
    atomics:get(A, 1).

cas_inc(A) ->
    V = atomics:get(A, 1),
    case atomics:compare_exchange(A, 1, V, V + 1) of
        ok -> ok;
        _ -> cas_inc(A)
    end.

counters_kinds() ->
    [begin
         C = counters:new(3, Opts),
         ok = counters:add(C, 1, 5),
         ok = counters:sub(C, 1, 7),
         ok = counters:put(C, 2, ?SMAX),
         ok = counters:add(C, 2, 1),
         ok = counters:add(C, 3, ?MAX64),
         ok = counters:put(C, 3, 100),
         ok = counters:add(C, 3, -1),
         {Opts, element(1, C), [counters:get(C, I) || I <- [1, 2, 3]], maps:without([memory], counters:info(C))}
     end || Opts <- [[], [atomics], [write_concurrency]]].

counters_errors() ->
    C = counters:new(2, [write_concurrency]),
    A = counters:new(2, []),
    New = [err(catch counters:new(N, O)) || {N, O} <- [{0, []}, {-1, []}, {a, []}, {1, [bad]}, {1, bad},
                                                        {1, [atomics, write_concurrency]}, {0, [write_concurrency]},
                                                        {1 bsl 70, [write_concurrency]}]],
    Ix = [err(catch counters:get(R, I)) || R <- [C, A], I <- [0, 3, a, 1 bsl 64]],
    Add = [err(catch counters:add(R, 1, V)) || R <- [C, A], V <- [1 bsl 64, ?SMIN - 1, 1.5]],
    Put = [err(catch counters:put(R, 1, V)) || R <- [C, A], V <- [1 bsl 63, ?SMIN - 1, ?MAX64, x]],
    Refs = [err(catch counters:get(R, 1)) || R <- [make_ref(), {atomics, make_ref()}, {write_concurrency, make_ref()}, {other, C}]],
    Info = [err(catch counters:info(R)) || R <- [make_ref(), {atomics, x}]],
    {counters_errors, New, Ix, Add, Put, Refs, Info}.

counters_concurrent() ->
    [begin
         C = counters:new(1, Opts),
         Self = self(),
         Ps = [spawn(fun() ->
                             [begin counters:add(C, 1, 3), counters:sub(C, 1, 1) end || _ <- lists:seq(1, 10000)],
                             Self ! {self(), done}
                     end) || _ <- lists:seq(1, 8)],
         [receive {P, done} -> ok end || P <- Ps],
         {Opts, counters:get(C, 1)}
     end || Opts <- [[atomics], [write_concurrency]]].

pt_basic() ->
    K = {?MODULE, basic},
    Missing = err(catch persistent_term:get(K)),
    Default = persistent_term:get(K, none),
    ok = persistent_term:put(K, value1),
    V1 = persistent_term:get(K),
    ok = persistent_term:put(K, value1),
    ok = persistent_term:put(K, [value2, <<"bin">>, #{a => 1}]),
    V2 = persistent_term:get(K),
    E1 = persistent_term:erase(K),
    E2 = persistent_term:erase(K),
    {pt_basic, Missing, Default, V1, V2, E1, E2, persistent_term:get(K, gone)}.

%% Keys are compared with =:=.
pt_keys() ->
    Keys = [{?MODULE, 1}, {?MODULE, 1.0}, {?MODULE, "1"}, {?MODULE, <<1>>}, {?MODULE, [1]}],
    [ok = persistent_term:put(K, I) || {I, K} <- lists:zip(lists:seq(1, 5), Keys)],
    Got = [persistent_term:get(K) || K <- Keys],
    Mine = lists:sort([KV || {{M, _}, _} = KV <- persistent_term:get(), M =:= ?MODULE]),
    [true = persistent_term:erase(K) || K <- Keys],
    Left = [KV || {{M, _}, _} = KV <- persistent_term:get(), M =:= ?MODULE],
    {pt_keys, Got, Mine, Left}.

pt_info() ->
    #{count := C0, memory := M0} = persistent_term:info(),
    [persistent_term:put({?MODULE, info, I}, lists:seq(1, 100)) || I <- lists:seq(1, 10)],
    #{count := C1, memory := M1} = persistent_term:info(),
    [persistent_term:erase({?MODULE, info, I}) || I <- lists:seq(1, 10)],
    #{count := C2} = persistent_term:info(),
    {pt_info, C1 - C0, C2 - C0, M1 > M0, is_integer(M0) andalso M0 >= 0}.

%% Readers see either the old or the new value, never anything else.
pt_concurrent() ->
    K = {?MODULE, concurrent},
    persistent_term:put(K, 0),
    Self = self(),
    Writer = spawn(fun() -> [persistent_term:put(K, I) || I <- lists:seq(1, 2000)], Self ! {self(), done} end),
    Readers = [spawn(fun() ->
                             Seen = [persistent_term:get(K) || _ <- lists:seq(1, 2000)],
                             Self ! {self(), lists:all(fun(V) -> is_integer(V) andalso V >= 0 andalso V =< 2000 end, Seen)}
                     end) || _ <- lists:seq(1, 4)],
    receive {Writer, done} -> ok end,
    Ok = [receive {R, B} -> B end || R <- Readers],
    Final = persistent_term:get(K),
    persistent_term:erase(K),
    {pt_concurrent, Ok, Final}.
