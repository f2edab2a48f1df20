%% zlib (the zlib NIFs): one-shot compress/zip/gzip and their inverses (the compressed bytes are
%% compared through md5: BEAM's and jbeam's zlib must agree byte for byte at these settings),
%% streaming deflate/inflate with flush modes and chunked output, deflateParams, dictionaries,
%% gzip headers with optional fields, windowBits auto-detection, end-of-stream behaviours, bad
%% data, the controlling process, and compile:file/2 and compile:forms/2 to binaries (beam_asm
%% compresses with zlib) loaded and run.
%% Library code only: erlc 25's output would add nothing but run time.
%% corpus: erlc27-only
-module(zlib_module).
-export([main/0]).
-include("corpus.hrl").

main() ->
    one_shot(),
    streaming(),
    params(),
    dictionaries(),
    gzip_headers(),
    window_bits(),
    eos(),
    bad_data(),
    states(),
    ownership(),
    compiler(),
    ok.

%% Deterministic data: text, runs, and md5-chained "random" bytes.
text() -> list_to_binary([[integer_to_list(I), " bottles of beer\n"] || I <- lists:seq(1, 3000)]).
noise(N) -> noise(N, <<>>, <<>>).
noise(N, _, Acc) when byte_size(Acc) >= N -> binary:part(Acc, 0, N);
noise(N, S, Acc) -> H = erlang:md5(S), noise(N, H, <<Acc/binary, H/binary>>).
datasets() ->
    [{empty, <<>>}, {one, <<"a">>}, {text, text()}, {runs, binary:copy(<<0>>, 100000)},
     {noise, noise(70000)}, {iolist, [<<"abc">>, "def", [$g, [<<"hij">>]]]}].

digest(B) -> {byte_size(B), binary:encode_hex(erlang:md5(B))}.

one_shot() ->
    [begin
         B = iolist_to_binary(D),
         C = zlib:compress(D), Z = zlib:zip(D), G = zlib:gzip(D),
         io:format("~p: compress ~p zip ~p gzip ~p~n", [Name, digest(C), digest(Z), digest(G)]),
         io:format("~p: back ~p~n", [Name, {zlib:uncompress(C) =:= B, zlib:unzip(Z) =:= B,
                                           zlib:gunzip(G) =:= B}])
     end || {Name, D} <- datasets()],
    T = text(),
    ?P(zlib:gunzip([zlib:gzip(T), zlib:gzip(<<"second member">>)]) =:= <<T/binary, "second member">>),
    ?P(zlib:uncompress(<<(zlib:compress(<<"x">>))/binary, "trailing">>)),
    ?P(zlib:uncompress([zlib:compress(<<"split">>)])).

%% Deflate a list of {Data, Flush} steps; the sizes of each step's output and the whole digest.
deflate_steps(Init, Steps) ->
    Z = zlib:open(),
    Init(Z),
    Outs = [iolist_to_binary(zlib:deflate(Z, D, F)) || {D, F} <- Steps],
    ok = zlib:deflateEnd(Z),
    zlib:close(Z),
    {[byte_size(O) || O <- Outs], iolist_to_binary(Outs)}.

streaming() ->
    T = text(),
    <<A:10000/binary, B:20000/binary, C/binary>> = T,
    Flushes = [none, sync, full],
    [begin
         {Sizes, Out} = deflate_steps(fun(Z) -> zlib:deflateInit(Z, default) end,
                                      [{A, F}, {B, F}, {C, F}, {<<>>, finish}]),
         io:format("flush ~p: ~p ~p ~p~n", [F, Sizes, digest(Out), zlib:uncompress(Out) =:= T])
     end || F <- Flushes],
    [begin
         {Sizes, Out} = deflate_steps(fun(Z) -> zlib:deflateInit(Z, L) end, [{T, finish}]),
         io:format("level ~p: ~p ~p~n", [L, Sizes, digest(Out)])
     end || L <- [none, best_speed, best_compression, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [begin
         {_, Out} = deflate_steps(fun(Z) -> zlib:deflateInit(Z, default, deflated, W, 8, S) end,
                                  [{T, finish}]),
         io:format("strategy ~p wbits ~p: ~p~n", [S, W, digest(Out)])
     end || S <- [default, filtered, huffman_only], W <- [15, -15, 31]],
    %% rle compresses differently on jbeam (the JDK's Deflater has no rle): only the round trip
    {_, Rle} = deflate_steps(fun(Z) -> zlib:deflateInit(Z, default, deflated, 15, 8, rle) end,
                             [{T, finish}]),
    ?P(zlib:uncompress(Rle) =:= T),
    %% a small output chunk: deflate and inflate loop over {continue, _}
    N = noise(100000),
    Big = zlib:compress(N),
    ?P(digest(Big)),
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    Chunks = safe_all(Z, zlib:safeInflate(Z, Big), []),
    ok = zlib:inflateEnd(Z),
    zlib:close(Z),
    ?P({length(Chunks), iolist_to_binary(Chunks) =:= N}),
    %% inflate fed a byte at a time
    Z2 = zlib:open(),
    ok = zlib:inflateInit(Z2),
    Out2 = [zlib:inflate(Z2, <<Byte>>) || <<Byte>> <= zlib:compress(T)],
    ok = zlib:inflateEnd(Z2),
    ?P(iolist_to_binary(Out2) =:= T),
    %% deflate after finish, deflateEnd before finish
    Z3 = zlib:open(),
    ok = zlib:deflateInit(Z3),
    _ = zlib:deflate(Z3, <<"abc">>, finish),
    ?T(zlib:deflate(Z3, <<"more">>, none)),
    ?T(zlib:deflateReset(Z3)),
    ?T(iolist_to_binary(zlib:deflate(Z3, <<"again">>, finish))),
    ?T(zlib:deflateEnd(Z3)),
    ok = zlib:deflateInit(Z3),
    _ = zlib:deflate(Z3, <<"abc">>),
    ?T(zlib:deflateEnd(Z3)),
    ok = zlib:deflateInit(Z3),
    ?T(zlib:deflateEnd(Z3)),
    zlib:close(Z3).

safe_all(Z, {continue, O}, Acc) -> safe_all(Z, zlib:safeInflate(Z, []), [O | Acc]);
safe_all(_, {finished, O}, Acc) -> lists:reverse([O | Acc]).

params() ->
    T = text(),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, best_speed),
    O1 = zlib:deflate(Z, binary:part(T, 0, 20000)),
    ?T(zlib:deflateParams(Z, best_compression, filtered)),
    O2 = zlib:deflate(Z, binary:part(T, 20000, byte_size(T) - 20000)),
    ?T(zlib:deflateParams(Z, none, default)),
    O3 = zlib:deflate(Z, <<"tail">>, finish),
    ok = zlib:deflateEnd(Z),
    Out = iolist_to_binary([O1, O2, O3]),
    ?P({digest(Out), zlib:uncompress(Out) =:= <<T/binary, "tail">>}),
    ?T(zlib:deflateParams(Z, 3, default)),
    zlib:close(Z).

dictionaries() ->
    Dict = <<"bottles of beer on the wall ">>,
    T = text(),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    ?T(zlib:deflateSetDictionary(Z, Dict)),
    C = iolist_to_binary(zlib:deflate(Z, T, finish)),
    ok = zlib:deflateEnd(Z),
    ?P(digest(C)),
    ok = zlib:deflateInit(Z),
    _ = zlib:deflate(Z, <<"started">>),
    ?T(zlib:deflateSetDictionary(Z, Dict)),
    _ = zlib:deflate(Z, <<>>, finish),
    ok = zlib:deflateEnd(Z),
    %% the new interface: need_dictionary comes back
    ok = zlib:inflateInit(Z),
    ?T(zlib:inflate(Z, C, [{exception_on_need_dict, false}])),
    ?T(zlib:inflateSetDictionary(Z, <<"wrong dictionary">>)),
    ?T(zlib:inflateSetDictionary(Z, Dict)),
    ?T(zlib:inflateSetDictionary(Z, binary_to_list(Dict))),
    Out = zlib:inflate(Z, [], [{exception_on_need_dict, false}]),
    ?P(iolist_to_binary(Out) =:= T),
    ?T(byte_size(zlib:inflateGetDictionary(Z))),
    ?T(binary:part(zlib:inflateGetDictionary(Z), 32758, 10)),
    ok = zlib:inflateEnd(Z),
    %% the old one: an exception, the output so far kept in the stash
    ok = zlib:inflateInit(Z),
    ?T(zlib:inflate(Z, C)),
    ok = zlib:inflateSetDictionary(Z, Dict),
    ?P(iolist_to_binary(zlib:inflate(Z, [])) =:= T),
    ?T(zlib:inflateSetDictionary(Z, Dict)),
    ok = zlib:inflateEnd(Z),
    %% raw streams: dictionaries without ids
    ok = zlib:deflateInit(Z, default, deflated, -15, 8, default),
    ?T(zlib:deflateSetDictionary(Z, Dict)),
    R = iolist_to_binary(zlib:deflate(Z, T, finish)),
    ok = zlib:deflateEnd(Z),
    ?P(digest(R)),
    ok = zlib:inflateInit(Z, -15),
    ?T(zlib:inflateSetDictionary(Z, Dict)),
    ?P(iolist_to_binary(zlib:inflate(Z, R)) =:= T),
    ok = zlib:inflateEnd(Z),
    ok = zlib:inflateInit(Z),
    ?T(zlib:inflateGetDictionary(Z)),
    ?T(zlib:inflateSetDictionary(Z, Dict)),
    _ = zlib:inflate(Z, zlib:compress(<<"short output">>)),
    ?T(zlib:inflateGetDictionary(Z)),
    ok = zlib:inflateEnd(Z),
    %% gzip streams take no dictionary
    ok = zlib:deflateInit(Z, default, deflated, 31, 8, default),
    ?T(zlib:deflateSetDictionary(Z, Dict)),
    zlib:close(Z).

gzip_headers() ->
    Body = zlib:zip(<<"hello gzip">>),
    Crc = erlang:crc32(<<"hello gzip">>),
    Trailer = <<Crc:32/little, 10:32/little>>,
    H0 = <<31, 139, 8>>,
    Name = <<H0/binary, 8, 1:32, 0, 3, "name.txt", 0>>,
    All = <<H0/binary, (4 + 8 + 16 + 2), 1:32, 0, 3, 5:16/little, "extra", "f.txt", 0, "comment", 0>>,
    HCrc = erlang:crc32(All) band 16#ffff,
    [?T(zlib:gunzip(<<H/binary, Body/binary, Trailer/binary>>))
     || H <- [Name, <<All/binary, HCrc:16/little>>, <<All/binary, (HCrc bxor 1):16/little>>,
              <<H0/binary, 16#20, 0:32, 0, 3>>, <<31, 139, 7, 0, 0:32, 0, 3>>]],
    ?T(zlib:gunzip(<<(zlib:gzip(<<"x">>))/binary, "garbage!">>)),
    G = zlib:gzip(<<"hello gzip">>),
    Bad = binary:part(G, 0, byte_size(G) - 8),
    ?T(zlib:gunzip(<<Bad/binary, (Crc + 1):32/little, 10:32/little>>)),
    ?T(zlib:gunzip(<<Bad/binary, Crc:32/little, 11:32/little>>)),
    ?T(zlib:gunzip(binary:part(G, 0, 5))).

inflate_with(WBits, Data) ->
    Z = zlib:open(),
    try
        ok = zlib:inflateInit(Z, WBits),
        Out = iolist_to_binary(zlib:inflate(Z, Data)),
        ok = zlib:inflateEnd(Z),
        Out
    after
        zlib:close(Z)
    end.

window_bits() ->
    T = <<"window bits, window bits">>,
    C = zlib:compress(T), G = zlib:gzip(T), R = zlib:zip(T),
    [io:format("~p ~p ~p~n", [Kind, W, corpus_catch(fun() -> inflate_with(W, D) end)])
     || {Kind, D, Ws} <- [{zlib, C, [8, 9, 15, 16, 24, 31, 32, 40, 47]}, {gzip, G, [15, 31, 47, 32]},
                          {raw, R, [-15, -8, 15]}],
        W <- Ws],
    Z = zlib:open(),
    [io:format("deflateInit ~p ~p~n", [W, corpus_catch(fun() -> zlib:deflateInit(Z, default, deflated, W, 8, default) end)])
     || W <- [-8, 24, 40, 47, 8]],
    zlib:close(Z),
    [begin
         Zi = zlib:open(),
         io:format("inflateInit ~p ~p~n", [W, corpus_catch(fun() -> zlib:inflateInit(Zi, W) end)]),
         zlib:close(Zi)
     end || W <- [17, 33, 16, 8, -8]],
    ok.

eos() ->
    C = zlib:compress(<<"first">>),
    [begin
         Z = zlib:open(),
         ok = zlib:inflateInit(Z, 15, B),
         R = corpus_catch(fun() -> iolist_to_binary(zlib:inflate(Z, [C, C])) end),
         E = corpus_catch(fun() -> zlib:inflateEnd(Z) end),
         zlib:close(Z),
         io:format("eos ~p: ~p ~p~n", [B, R, E])
     end || B <- [cut, reset, error]].

bad_data() ->
    ?T(zlib:uncompress(<<"this is not zlib data">>)),
    ?T(zlib:uncompress(<<1, 2, 3>>)),
    ?T(zlib:uncompress(binary:part(zlib:compress(text()), 0, 500))),
    C = zlib:compress(<<"checksum">>),
    <<Body:(byte_size(C) - 1)/binary, Last>> = C,
    ?T(zlib:uncompress(<<Body/binary, (Last bxor 1)>>)),
    ?T(zlib:unzip(<<255, 255, 255, 255>>)),
    ?T(zlib:gunzip(<<"not gzip at all">>)),
    ?T(zlib:compress(an_atom)),
    ?T(zlib:uncompress(an_atom)),
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    ?T(zlib:inflate(Z, <<120, 156, 255, 255, 255>>)),
    ?T(zlib:inflate(Z, C)),
    ?T(zlib:inflateEnd(Z)),
    ok = zlib:inflateInit(Z),
    _ = zlib:inflate(Z, binary:part(C, 0, 4)),
    ?T(zlib:inflateEnd(Z)),
    zlib:close(Z).

states() ->
    Z = zlib:open(),
    ?T(zlib:deflate(Z, <<"x">>)),
    ?T(zlib:inflate(Z, <<"x">>)),
    ?T(zlib:deflateEnd(Z)),
    ?T(zlib:inflateReset(Z)),
    ?T(zlib:inflateInit(Z)),
    ?T(zlib:deflateInit(Z)),
    ?T(zlib:deflate(Z, <<"x">>)),
    ?T(zlib:inflateEnd(Z)),
    ?T(zlib:deflateInit(Z, 10)),
    ?T(zlib:deflate(Z, <<"x">>, sideways)),
    ?T(zlib:inflateInit(Z, 7)),
    ?T(zlib:close(Z)),
    ?T(zlib:close(Z)),
    ?T(zlib:deflateInit(Z)),
    ?T(zlib:close(make_ref())),
    ?T(zlib:deflateInit(not_a_stream)).

ownership() ->
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Self = self(),
    Other = fun(F) -> spawn(fun() -> Self ! {self(), corpus_catch(F)} end) end,
    Ask = fun(F) -> P = Other(F), receive {P, R} -> R end end,
    ?P(Ask(fun() -> zlib:deflate(Z, <<"x">>) end)),
    ?P(Ask(fun() -> zlib:close(Z) end)),
    ?P(Ask(fun() -> zlib:set_controlling_process(Z, self()) end)),
    Parent = self(),
    Worker = spawn(fun() ->
                           receive go -> ok end,
                           Out = iolist_to_binary(zlib:deflate(Z, <<"from the worker">>, finish)),
                           ok = zlib:set_controlling_process(Z, Parent),
                           Parent ! {done, Out}
                   end),
    ?T(zlib:set_controlling_process(Z, Worker)),
    ?T(zlib:deflate(Z, <<"x">>)),
    Worker ! go,
    Out = receive {done, O} -> O end,
    ?P(zlib:uncompress(Out)),
    ?T(zlib:deflateEnd(Z)),
    ?T(zlib:set_controlling_process(Z, not_a_pid)),
    ?T(zlib:close(Z)),
    %% a stream whose owner died is unusable
    P = spawn(fun() -> Z2 = zlib:open(), Parent ! {z, Z2} end),
    Z2 = receive {z, Zd} -> Zd end,
    Mon = monitor(process, P),
    receive {'DOWN', Mon, _, _, _} -> ok end,
    ?T(zlib:deflateInit(Z2)).

compiler() ->
    Src = "-module(zmod).\n-export([go/1]).\ngo(X) -> {zipped, lists:reverse(X), ?LINE}.\n",
    ok = file:write_file("zmod.erl", Src),
    {ok, zmod, Bin, Warnings} = compile:file("zmod.erl", [binary, return, deterministic]),
    ?P(Warnings),
    ?P(digest(Bin)),
    {module, zmod} = code:load_binary(zmod, "zmod.erl", Bin),
    ?P(zmod:go([1, 2, 3])),
    {ok, zmod, Gz} = compile:file("zmod.erl", [binary, compressed, deterministic]),
    ?P({digest(Gz), Gz =:= Bin}),
    {ok, Toks, _} = erl_scan:string("-module(zform). -export([f/0]). f() -> forms_ok.", {1, 1}),
    Forms = split_forms(Toks, []),
    {ok, zform, FBin} = compile:forms(Forms, [binary]),
    ?P(digest(FBin)),
    {module, zform} = code:load_binary(zform, "zform", FBin),
    ?P(zform:f()),
    ok = file:write_file("zbad.erl", "-module(zbad).\nf( -> 1.\n"),
    ?P(compile:file("zbad.erl", [binary, return])),
    file:delete("zmod.erl"),
    file:delete("zbad.erl").

split_forms([], Acc) -> lists:reverse(Acc);
split_forms(Toks, Acc) ->
    {Form, [Dot | Rest]} = lists:splitwith(fun(T) -> element(1, T) =/= dot end, Toks),
    {ok, F} = erl_parse:parse_form(Form ++ [Dot]),
    split_forms(Rest, [F | Acc]).
