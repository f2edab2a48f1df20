%% ct:capture_start/0, capture_stop/0, capture_get/0: the caller's group leader is replaced
%% by a proxy that passes every I/O request on to the original group leader (which answers
%% it) and keeps the characters written, one string per request, for capture_get/0.
-module(conformance_capture).

-export([start/0, stop/0, get/0]).

-define(PROXY, '$conformance_capture').

start() ->
    case erlang:get(?PROXY) of
        undefined ->
            Original = group_leader(),
            Proxy = spawn(fun() -> loop(Original, true, []) end),
            erlang:put(?PROXY, Proxy),
            group_leader(Proxy, self()),
            ok;
        Proxy ->
            Proxy ! capture,
            ok
    end.

%% Stops capturing; what was captured stays available to get/0.
stop() ->
    case erlang:get(?PROXY) of
        undefined -> ok;
        Proxy -> Proxy ! stop, ok
    end.

get() ->
    case erlang:get(?PROXY) of
        undefined -> [];
        Proxy ->
            Ref = make_ref(),
            Proxy ! {get, self(), Ref},
            receive {Ref, Strings} -> Strings end
    end.

loop(Original, Capturing, Acc) ->
    receive
        {io_request, _From, _ReplyAs, Request} = Msg ->
            Original ! Msg,
            case Capturing of
                true -> loop(Original, Capturing, lists:reverse(written(Request), Acc));
                false -> loop(Original, Capturing, Acc)
            end;
        capture -> loop(Original, true, Acc);
        stop -> loop(Original, false, Acc);
        {get, From, Ref} ->
            From ! {Ref, lists:reverse(Acc)},
            loop(Original, Capturing, [])
    end.

%% The strings an I/O request writes.
written({put_chars, Encoding, Chars}) -> [to_list(Chars, Encoding)];
written({put_chars, Encoding, M, F, A}) -> [to_list(catch apply(M, F, A), Encoding)];
written({put_chars, Chars}) -> [to_list(Chars, latin1)];
written({put_chars, M, F, A}) -> [to_list(catch apply(M, F, A), latin1)];
written({requests, Requests}) -> lists:append([written(R) || R <- Requests]);
written(_) -> [].

to_list(Chars, Encoding) ->
    case catch unicode:characters_to_list(Chars, Encoding) of
        List when is_list(List) -> List;
        _ -> []
    end.
