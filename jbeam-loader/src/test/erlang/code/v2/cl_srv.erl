-module(cl_srv).
-behaviour(gen_server).
-vsn(2).
-export([init/1, handle_call/3, handle_cast/2, code_change/3]).

init([]) -> {ok, #{count => 0}}.

handle_call(inc, _From, S = #{count := N}) -> {reply, N + 1, S#{count := N + 1}};
handle_call(get, _From, S) -> {reply, {vsn2, S}, S}.

handle_cast(_, S) -> {noreply, S}.

%% The state changes shape on the upgrade from version 1.
code_change(OldVsn, {count, N}, Extra) -> {ok, #{count => N, from => OldVsn, extra => Extra}}.
