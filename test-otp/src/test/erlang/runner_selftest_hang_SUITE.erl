%% The runner's self-test for a VM that hangs: a case with no timetrap that never returns stops
%% the suite's progress, the watchdog kills the VM, and the suite runs once more in a fresh VM.
%% The hang happens on the first attempt only (a marker file beside the priv_dirs, which each
%% attempt makes anew), as a VM starved on a loaded machine would recover.
-module(runner_selftest_hang_SUITE).

-export([all/0, suite/0, before_hang/1, hangs_once/1, after_hang/1]).

suite() -> [{timetrap, infinity}].

all() -> [before_hang, hangs_once, after_hang].

before_hang(_Config) -> ok.

hangs_once(Config) ->
    Priv = proplists:get_value(priv_dir, Config),
    Marker = filename:join([Priv, "..", "..", "runner_selftest_hang_SUITE.marker"]),
    case filelib:is_file(Marker) of
        true -> ok;
        false ->
            ok = file:write_file(Marker, <<>>),
            receive never_sent -> ok end
    end.

after_hang(_Config) -> ok.
