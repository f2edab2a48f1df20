%% The conformance runner's ct_event: suites send it #event{} records (benchmark groups report
%% benchmark_data). common_test hands them to its event handlers and logs; the runner has no
%% handlers, so an event is printed to the suite's log and dropped, as ct does when none is
%% interested in it.
-module(ct_event).

-export([notify/1, notify/2, sync_notify/1, sync_notify/2, is_alive/0]).

notify(Event) ->
    conformance_report:log(io_lib:format("ct_event: ~tp~n", [Event])),
    ok.

notify(Event, _Timeout) -> notify(Event).

sync_notify(Event) -> notify(Event).

sync_notify(Event, _Timeout) -> notify(Event).

is_alive() -> false.
