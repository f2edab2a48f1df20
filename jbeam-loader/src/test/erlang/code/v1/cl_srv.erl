-module(cl_srv).
-behaviour(gen_server).
-vsn(1).
-export([init/1, handle_call/3, handle_cast/2, code_change/3]).

init([]) -> {ok, {count, 0}}.

handle_call(inc, _From, {count, N}) -> {reply, N + 1, {count, N + 1}};
handle_call(get, _From, S) -> {reply, {vsn1, S}, S}.

handle_cast(_, S) -> {noreply, S}.

code_change(_OldVsn, S, _Extra) -> {ok, S}.
