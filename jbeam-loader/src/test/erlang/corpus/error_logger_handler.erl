%% error_logger's report handlers (error_logger:add_report_handler/2) receive the events logged
%% through logger and error_logger. On jbeam the error_logger logger handler crashed on the
%% missing BIF error_logger:warning_map/0 and logger removed it, so such handlers got nothing
%% (kernel's code_SUITE on_load_errors waited for an on_load warning forever).
-module(error_logger_handler).
-export([main/0, init/1, handle_event/2, handle_call/2, terminate/2]).

init(Collector) -> {ok, Collector}.

handle_event(Event, Collector) ->
    Collector ! {event, Event},
    {ok, Collector}.

handle_call(_, Collector) -> {ok, ok, Collector}.

terminate(_, _) -> ok.

main() ->
    ok = logger:remove_handler(default), % its timestamps would make the output differ
    ok = error_logger:add_report_handler(?MODULE, self()),
    io:format("warning_map: ~p~n", [error_logger:warning_map()]),
    error_logger:warning_msg("direct ~p~n", [1]),
    error_logger:error_report([{what, report}]),
    logger:warning("through logger ~p", [2]), % not an error_logger event: not forwarded
    Self = self(),
    spawn(fun() -> error_logger:info_msg("from another process ~p~n", [3]), Self ! sent end),
    receive sent -> ok end,
    [receive {event, E} -> io:format("~p~n", [shape(E)]) after 5000 -> io:format("missing~n") end
     || _ <- lists:seq(1, 3)],
    receive {event, More} -> io:format("unexpected ~p~n", [More]) after 200 -> ok end,
    error_logger:delete_report_handler(?MODULE),
    ok.

%% The event without its pids.
shape({Tag, _Gl, {_Pid, Format, Args}}) -> {Tag, Format, Args}.
