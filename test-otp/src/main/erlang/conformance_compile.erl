%% Compiles OTP test suites and their helper modules with the reference OTP 27 compiler (the
%% compile module erlc drives), several files at once, going on past files that do not compile.
%%
%%   erl -noshell -pa RUNNER_EBIN -run conformance_compile main JOBS_FILE
%%
%% JOBS_FILE holds {compile, Dir, File, Options}. terms. Each file is compiled from its
%% directory by its plain name, as OTP's test Makefiles do: the name is what the line
%% information in stack traces says, and suites check it. Prints one line per file:
%% "compiled<TAB>Dir/File" or "failed<TAB>Dir/File<TAB>Errors" (escaped as in conformance_report).
-module(conformance_compile).

-export([main/1]).

main([JobsFile]) ->
    {ok, Jobs} = file:consult(JobsFile),
    Workers = erlang:system_info(schedulers_online),
    Dirs = lists:usort([Dir || {compile, Dir, _, _} <- Jobs]),
    %% one directory at a time: the working directory is the VM's, shared by the workers
    [begin
         ok = file:set_cwd(Dir),
         run([{Dir, File, Options} || {compile, D, File, Options} <- Jobs, D =:= Dir], Workers, 0)
     end || Dir <- Dirs],
    erlang:halt(0).

run([], _, 0) -> ok;
run([Job | Jobs], Free, Busy) when Free > 0 ->
    Parent = self(),
    spawn_link(fun() -> Parent ! {done, compile(Job)} end),
    run(Jobs, Free - 1, Busy + 1);
run(Jobs, Free, Busy) ->
    receive
        {done, Line} ->
            io:put_chars(Line),
            run(Jobs, Free + 1, Busy - 1)
    end.

compile({Dir, File, Options}) ->
    Path = filename:join(Dir, File),
    case catch compile:file(File, [return_errors, nowarn_missing_spec_documented | Options]) of
        {ok, _Module} ->
            unicode:characters_to_binary(["compiled\t", Path, $\n]);
        Error ->
            Detail = conformance_report:escape(io_lib:format("~tP", [Error, 30])),
            unicode:characters_to_binary(["failed\t", Path, $\t, Detail, $\n])
    end.
