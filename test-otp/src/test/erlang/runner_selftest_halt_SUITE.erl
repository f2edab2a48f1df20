%% The runner's self-test for a VM that dies in the middle of a suite: the case before the
%% halt is reported, the suite is incomplete, and the suites after it in the same VM run in a
%% fresh one.
-module(runner_selftest_halt_SUITE).

-export([all/0, before_halt/1, halts/1, never/1]).

all() -> [before_halt, halts, never].

before_halt(_Config) -> ok.

halts(_Config) -> erlang:halt(7).

never(_Config) -> error(must_not_run).
