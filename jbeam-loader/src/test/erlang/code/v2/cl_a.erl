-module(cl_a).
-export([vsn/0, start/0, loop/0, spin/1, spin_start/1, local_vsn/0, make_fun/0, only_v2/0]).

vsn() -> 2.

start() -> spawn(fun loop/0).

loop() ->
    receive
        {From, vsn} -> From ! {self(), vsn(), ?MODULE:vsn()}, loop();
        {From, upgrade} -> From ! {self(), upgraded}, ?MODULE:loop();
        stop -> ok
    end.

local_vsn() -> vsn().

make_fun() -> fun() -> {fun_vsn, vsn()} end.

only_v2() -> v2.

%% Runs without receiving: only preemption points let it see signals.
spin(N) -> spin((N + 1) rem 1000).

spin_start(Parent) ->
    Parent ! {self(), spinning},
    spin(0).
