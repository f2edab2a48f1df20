%% Receive markers (recv_marker_reserve/bind/use/clear, OTP 24+): a receive for a fresh reference
%% may skip the messages queued before the reference was made. These cases check that the skip
%% never hides a message it should find: replies queued before or after older messages, a marker
%% whose message was received in between, more outstanding references than markers, a receive
%% that times out, an exception between making the reference and receiving.
-module(proc_receive_markers).
-export([main/0]).

main() ->
    Self = self(),
    Echo = spawn(fun echo/0),
    %% The reply arrives behind 1000 older messages.
    [Self ! {noise, I} || I <- lists:seq(1, 1000)],
    io:format("call: ~p~n", [call(Echo, hello)]),
    %% The last queued message (the marker's node) is received before the tagged receive.
    io:format("removed marker node: ~p~n", [take_last_then_call(Echo)]),
    %% Many references outstanding at once (more than a process keeps markers for).
    Refs = [begin R = make_ref(), Echo ! {Self, R, I}, R end || I <- lists:seq(1, 20)],
    io:format("out of order: ~p~n", [[receive {R, V} -> V end || R <- lists:reverse(Refs)]]),
    %% Nested: a second call between making a reference and receiving it.
    io:format("nested: ~p~n", [nested(Echo)]),
    %% A receive that times out, then one that gets its reply.
    io:format("timeout: ~p~n", [call_timeout(spawn(fun() -> receive _ -> ok end end), 10)]),
    io:format("after timeout: ~p~n", [call(Echo, again)]),
    %% An exception between reserving the marker and the receive.
    io:format("exception: ~p~n", [try crash_between(Echo) catch C:E -> {C, E} end]),
    io:format("after exception: ~p~n", [call(Echo, fine)]),
    %% A reply that was sent to us before the reference existed cannot match: older messages stay.
    Self ! {stale, 1},
    io:format("self call: ~p~n", [self_call()]),
    Noise = flush([]),
    io:format("left in queue: ~p messages, first ~p, last ~p~n", [length(Noise), hd(Noise), lists:last(Noise)]),
    ok.

echo() ->
    receive
        {From, Ref, Msg} -> From ! {Ref, {echo, Msg}}, echo();
        stop -> ok
    end.

call(Server, Msg) ->
    Ref = make_ref(),
    Server ! {self(), Ref, Msg},
    receive {Ref, Reply} -> Reply end.

call_timeout(Server, T) ->
    Ref = make_ref(),
    Server ! {self(), Ref, hello},
    receive {Ref, Reply} -> Reply after T -> timeout end.

take_last_then_call(Server) ->
    self() ! last_one,
    Ref = make_ref(),
    Server ! {self(), Ref, second},
    receive last_one -> ok end,
    receive {Ref, Reply} -> Reply end.

nested(Server) ->
    Ref = make_ref(),
    Server ! {self(), Ref, outer},
    Inner = call(Server, inner),
    receive {Ref, Reply} -> {Inner, Reply} end.

crash_between(Server) ->
    Ref = make_ref(),
    Server ! {self(), Ref, lost},
    _ = list_to_integer(atom_to_list(Server ! nope)),
    receive {Ref, Reply} -> Reply end.

self_call() ->
    Ref = make_ref(),
    self() ! {Ref, mine},
    receive {Ref, X} -> X end.

flush(Acc) ->
    receive M -> flush([M | Acc]) after 0 -> lists:reverse(Acc) end.
