%% The runner's self-test for a crashing init_per_suite: every case fails, none runs, and
%% end_per_suite is not called (as in common_test).
-module(runner_selftest_init_SUITE).

-export([all/0, init_per_suite/1, end_per_suite/1, a/1, b/1]).

all() -> [a, b].

init_per_suite(_Config) -> error(init_per_suite_crashed).

end_per_suite(_Config) -> error(must_not_run).

a(_Config) -> ok.
b(_Config) -> ok.
