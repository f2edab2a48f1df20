%% halt/2 with {flush, true} after a burst of output from several processes; status 0 from halt(0).
%% corpus: exit 0
-module(halt_flush).
-export([main/0]).

main() ->
    Self = self(),
    [spawn(fun() -> io:format("line from worker ~p~n", [I]), Self ! {done, I} end) || I <- lists:seq(1, 5)],
    [receive {done, I} -> ok end || I <- lists:seq(1, 5)],
    [io:format("~p~n", [I]) || I <- lists:seq(1, 2000)],
    halt(0, [{flush, true}]).
