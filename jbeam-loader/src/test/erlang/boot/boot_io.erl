%% What a program sees of the booted system: init's arguments, the kernel's processes and
%% applications, files, the code server, os:cmd and the logger. Run from a fresh directory as
%% erl -noshell -pa Dir -s boot_io main -s erlang halt -extra x y
-module(boot_io).
-export([main/0, args/1, log/2]).

p(T) -> io:format("~p~n", [T]).

main() ->
    p(init:get_plain_arguments()),
    p(init:get_argument(noshell)),
    p(init:get_argument(nosuch)),
    p(lists:sort([A || {A, _, _} <- application:which_applications()])),
    Kernel = [application_controller, code_server, erl_prim_loader, erts_code_purger,
              file_server_2, global_name_server, init, inet_db, kernel_refc, kernel_safe_sup,
              kernel_sup, logger, logger_sup, rex, standard_error, user, user_drv],
    p([R || R <- Kernel, not is_pid(whereis(R))]),
    files(),
    code(),
    p(os:cmd("echo from a shell")),
    p(is_list(os:getenv("HOME"))),
    io:format(standard_error, "to standard_error~n", []),
    logger(),
    ok.

files() ->
    {ok, Cwd} = file:get_cwd(),
    F = filename:join(Cwd, "data.txt"),
    p(file:write_file(F, <<"line1\nline2\n">>)),
    p(file:read_file(F)),
    {ok, Info} = file:read_file_info(F),
    p({element(2, Info), element(3, Info), element(4, Info)}),
    p(file:read_file("no_such_file")),
    p(file:read_file_info("no_such_file")),
    p(file:make_dir("sub")),
    p(file:make_dir("sub")),
    p(file:write_file("sub/a.txt", "a")),
    p(lists:sort(filelib:wildcard("*.txt"))),
    p(lists:sort(filelib:wildcard("sub/*"))),
    p(file:del_dir("sub")),
    p(file:delete("sub/a.txt")),
    p(file:del_dir("sub")),
    p(file:list_dir("sub")),
    {ok, D} = file:open("terms.txt", [write]),
    io:format(D, "~p.~n~p.~n", [{a, 1}, [x, "y"]]),
    p(file:close(D)),
    p(file:consult("terms.txt")),
    {ok, R} = file:open(F, [read, binary]),
    p(file:read_line(R)),
    p(file:position(R, {bof, 2})),
    p(file:read(R, 3)),
    p(file:read(R, 100)),
    p(file:read(R, 1)),
    p(file:close(R)),
    {ok, A} = file:open(F, [append]),
    p(file:write(A, "line3\n")),
    p(file:close(A)),
    p(file:read_file(F)),
    p(file:rename(F, "renamed.txt")),
    p(file:read_file(F)),
    p(lists:sort([N || N <- element(2, file:list_dir(Cwd)), filename:extension(N) =:= ".txt"])),
    p(filelib:is_dir(Cwd)),
    p(filelib:is_regular("renamed.txt")),
    p(filelib:file_size("renamed.txt")).

code() ->
    p(code:which(boot_io) =:= filename:join(element(2, file:get_cwd()), "boot_io.beam")),
    p(filename:basename(code:which(lists))),
    p(code:which(no_such_module)),
    p(code:ensure_loaded(boot_io)),
    p(code:ensure_loaded(no_such_module)),
    p(code:is_loaded(lists) =/= false),
    p(erlang:module_loaded(boot_io)),
    p(lists:member(element(2, file:get_cwd()), code:get_path())).

%% The default handler with a template without time stamps, so the output is deterministic; then
%% a crash report as the VM sends it to the logger (the pid in it differs between VMs).
logger() ->
    ok = logger:set_handler_config(default, formatter,
                                   {logger_formatter, #{template => [level, ": ", msg, "\n"]}}),
    logger:notice("a notice ~p", [42]),
    logger:info("not shown at the default level"),
    logger:error(#{what => report}),
    _ = sys:get_state(logger),
    ok = logger_std_h:filesync(default),
    ok = logger:add_handler(capture, ?MODULE, #{config => self()}),
    ok = logger:remove_handler(default),
    {Pid, Ref} = spawn_monitor(fun() -> error(boom) end),
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    receive
        {logged, Level, Format, [Pid, Reason], Tags} -> p({Level, Format, Reason, Tags})
    after 10000 -> p(no_crash_report)
    end.

%% logger handler callback: forwards events to the test process.
log(#{level := Level, msg := {Format, Args}, meta := Meta}, #{config := To}) ->
    To ! {logged, Level, Format, Args, maps:get(error_logger, Meta, none)};
log(_, _) ->
    ok.

args(Args) ->
    p({args, Args}).
