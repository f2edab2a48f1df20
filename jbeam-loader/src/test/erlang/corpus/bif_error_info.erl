%% BIF failures as BEAM reports them: the failing BIF's own frame {M, F, Args, [{error_info, Map}]}
%% on top of the stack trace, error/2,3 frames with their arguments, and the explanation the shell
%% prints from them (erl_error:format_exception/4 asks erl_erts_errors / erl_stdlib_errors).
-module(bif_error_info).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    Cases = [
        fun() -> atom_to_list(id(1)) end,
        fun() -> list_to_atom(id([a])) end,
        fun() -> element(id(4), {1, 2}) end,
        fun() -> setelement(id(0), {1}, x) end,
        fun() -> id(1) + id(a) end,
        fun() -> id(1) div id(0) end,
        fun() -> abs(id(x)) end,
        fun() -> hd(id([])) end,
        fun() -> tl(id(x)) end,
        fun() -> length(id([a | b])) end,
        fun() -> tuple_size(id([])) end,
        fun() -> binary_to_list(id(<<1, 2, 3>>), 2, 1) end,
        fun() -> list_to_binary(id([1, 2, 300])) end,
        fun() -> iolist_size(id([a])) end,
        fun() -> binary_to_term(id(<<1, 2>>)) end,
        fun() -> binary_to_term(id(<<131, 97, 1>>), [bad]) end,
        fun() -> term_to_binary(x, id([bad])) end,
        fun() -> list_to_integer(id("12x")) end,
        fun() -> list_to_integer(id("12"), 99) end,
        fun() -> binary_to_integer(id(<<"z">>)) end,
        fun() -> integer_to_list(id(1.0)) end,
        fun() -> float_to_list(id(1.0), [bad]) end,
        fun() -> list_to_float(id("1")) end,
        fun() -> atom_to_binary(id(x), id(bad)) end,
        fun() -> binary_to_atom(id(<<255>>), utf8) end,
        fun() -> list_to_existing_atom(id("no_such_atom_xyzzy_corpus")) end,
        fun() -> erlang:make_tuple(id(-1), x) end,
        fun() -> erlang:phash2(x, id(0)) end,
        fun() -> maps:get(id(k), #{}) end,
        fun() -> map_get(k, id(not_map)) end,
        fun() -> maps:put(k, v, id(not_map)) end,
        fun() -> maps:next(id(bad)) end,
        fun() -> lists:keyfind(a, id(0), []) end,
        fun() -> lists:member(a, id(b)) end,
        fun() -> lists:reverse(id(x), []) end,
        fun() -> binary:part(id(<<1>>), 2, 1) end,
        fun() -> binary:split(id(<<1>>), <<>>) end,
        fun() -> math:sqrt(id(-1)) end,
        fun() -> math:log(id(a)) end,
        fun() -> unicode:characters_to_binary(id([a])) end,
        fun() -> unicode:characters_to_list(id(<<1:1>>)) end,
        fun() -> erlang:md5(id(x)) end,
        fun() -> erlang:crc32(id(x)) end,
        fun() -> iolist_to_binary(id([<<1:3>>])) end,
        fun() -> bit_size(id(x)) end,
        fun() -> apply(erlang, atom_to_list, id([1])) end,
        fun() -> (id(fun erlang:atom_to_list/1))(1) end,
        fun() -> erlang:error(id(custom), [1, 2]) end,
        fun() -> error(id(custom), [a], [{error_info, #{module => ?MODULE, cause => c}}]) end,
        fun() -> error(id(custom), none) end,
        fun() -> erlang:raise(id(error), r, [{m, f, 1, []}]) end,
        fun() -> binary_part(id(<<1, 2>>), {1, 5}) end,
        fun() -> split_binary(id(<<1>>), 2) end,
        fun() -> list_to_tuple(id([a | b])) end,
        fun() -> tuple_to_list(id(x)) end,
        fun() -> float(id(1 bsl 1024)) end,
        fun() -> round(id(x)) end,
        fun() -> id(1) bsl id(a) end,
        fun() -> -(id(a)) end,
        fun() -> not id(1) end,
        fun() -> id(true) and id(1) end,
        fun() -> tail_bif(id(7)) end
    ],
    lists:foreach(fun show/1, Cases).

%% A BIF in tail position: BEAM still shows this function under the BIF's frame.
tail_bif(X) -> atom_to_list(X).

show(F) ->
    try F() of
        V -> io:format("returned ~tkp~n", [V])
    catch
        Class:Reason:Stack0 ->
            Stack = upto_show(Stack0),
            io:format("~tkp~n", [hd(Stack)]),
            Text = erl_error:format_exception(Class, Reason, Stack),
            io:format("~ts~n", [Text])
    end.

%% The frames down to show/1 or its fun (the launcher's frames below differ between VMs); a fun
%% that ends in a tail call has no frame of its own any more.
upto_show([{?MODULE, show, 1, _} = Frame | _]) -> [Frame];
upto_show([{?MODULE, Name, _, _} = Frame | Rest]) ->
    case atom_to_list(Name) of
        "-main/0-" ++ _ -> [Frame];
        _ -> [Frame | upto_show(Rest)]
    end;
upto_show([Frame | Rest]) -> [Frame | upto_show(Rest)];
upto_show([]) -> [].
