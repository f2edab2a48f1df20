%% The conformance runner's ct_property_test. Neither the reference nor jbeam has a property
%% testing tool (PropEr, QuickCheck, Triq) on its code path, so, as common_test's own module
%% does then, the property suites are skipped, saying why.
-module(ct_property_test).

-export([init_per_suite/1, init_tool/1, quickcheck/2]).

-define(NO_TOOL, "No property testing tool found").

init_per_suite(_Config) -> {skip, ?NO_TOOL}.

init_tool(_Config) -> {skip, ?NO_TOOL}.

quickcheck(_Property, _Config) -> {skip, ?NO_TOOL}.
