%% Reference oracle for the jbeam term layer tests (TermOracleTest).
%% Generates a seeded, reproducible set of terms covering every type and prints, one record per
%% line, what the reference BEAM computes for them. Terms travel as hex term_to_binary/1 output,
%% so the Java side gets the exact terms by decoding.
-module(term_oracle).
-export([main/1]).

main([OutFile]) -> main([OutFile, "42"]);
main([OutFile, Seed]) ->
    rand:seed(exsss, {17, 4711, list_to_integer(Seed)}),
    {ok, F} = file:open(OutFile, [write, raw, binary]),
    Generated = [gen(3) || _ <- lists:seq(1, 800)],
    Terms = fixed_terms() ++ Generated ++ big_maps(),
    lists:foreach(fun(T) -> term_record(F, T) end, Terms),
    lists:foreach(fun(T) -> fuzz_records(F, term_to_binary(T)) end, Generated),
    lists:foreach(fun(T) -> w(F, ["W", hex(term_to_binary(T)), hex(iolist_to_binary(io_lib:format("~w", [T])))]) end,
                  Generated ++ [self(), make_ref(), hd(erlang:ports()), fun lists:map/2, fun(A) -> A + 1 end, fun main/1, 'a b', '\'', 'é', 'ok']),
    compare_records(F, Terms),
    lists:foreach(fun(X) -> float_record(F, X) end, floats()),
    lists:foreach(fun(I) -> int_record(F, I) end, ints()),
    lists:foreach(fun(S) -> parse_record(F, S) end, parse_strings()),
    lists:foreach(fun(_) -> bits_record(F) end, lists:seq(1, 600)),
    Nums = arith_numbers(),
    w(F, ["N", hex(term_to_binary(Nums))]),
    lists:foreach(fun(A) -> lists:foreach(fun(B) -> arith_record(F, A, B) end, Nums) end, Nums),
    file:close(F),
    halt(0).

hex(B) -> binary:encode_hex(B).

w(F, Fields) -> file:write(F, [lists:join(" ", Fields), "\n"]).

opts() ->
    [[], [{minor_version, 0}], [{minor_version, 1}], [{minor_version, 2}], [deterministic],
     [compressed], [{compressed, 1}], [{compressed, 9}], [{compressed, 0}],
     [{minor_version, 1}, deterministic, {compressed, 3}]].

term_record(F, T) ->
    w(F, ["T", hex(term_to_binary(T))]),
    Encs = [hex(term_to_binary(T, O)) || O <- opts()],
    w(F, ["E" | Encs]),
    w(F, ["H", integer_to_list(erlang:phash2(T)), integer_to_list(erlang:phash2(T, 1000)),
          integer_to_list(erlang:phash2(T, 1 bsl 32)), integer_to_list(phash(T, 1 bsl 32)),
          integer_to_list(phash(T, 97))]),
    case is_map(T) of
        true ->
            w(F, ["M", hex(term_to_binary(maps:to_list(T))), hex(term_to_binary(maps:keys(T))),
                  hex(term_to_binary(maps:values(T))), hex(term_to_binary(iter(maps:iterator(T))))]);
        false -> ok
    end.

%% erlang:phash/2 is deprecated but still a BIF jbeam must provide.
phash(T, R) -> erlang:apply(erlang, phash, [T, R]).

%% binary_to_term/2 on mutated encodings (no local pids/refs in Generated, whose validity rules
%% depend on the VM's own process and reference tables).
fuzz_records(F, Bin) ->
    Size = byte_size(Bin),
    Muts = [binary:part(Bin, 0, rand:uniform(Size) - 1),
            flip(Bin, rand:uniform(Size) - 1, rand:uniform(256) - 1),
            flip(Bin, rand:uniform(Size) - 1, rand:uniform(256) - 1),
            huge(Bin, rand:uniform(Size) - 1),
            <<Bin/binary, "trailing">>],
    lists:foreach(fun(M) -> fuzz_record(F, M) end, Muts).

flip(Bin, Pos, Byte) ->
    <<Pre:Pos/binary, _, Post/binary>> = Bin,
    <<Pre/binary, Byte, Post/binary>>.

huge(Bin, Pos) when Pos + 4 =< byte_size(Bin) ->
    <<Pre:Pos/binary, _:32, Post/binary>> = Bin,
    <<Pre/binary, 16#7FFFFFF0:32, Post/binary>>;
huge(Bin, _) -> Bin.

fuzz_record(F, B) ->
    try binary_to_term(B, [used]) of
        {T, Used} -> w(F, ["B", hex(B), "ok", integer_to_list(Used), hex(term_to_binary(T))])
    catch error:badarg -> w(F, ["B", hex(B), "badarg"])
    end.

iter(I) ->
    case maps:next(I) of
        none -> [];
        {K, V, I2} -> [{K, V} | iter(I2)]
    end.

compare_records(F, Terms) ->
    A = list_to_tuple(Terms),
    N = tuple_size(A),
    Pairs = [{rand:uniform(N), rand:uniform(N)} || _ <- lists:seq(1, 20000)]
        ++ [{I, I + 1} || I <- lists:seq(1, N - 1)],
    lists:foreach(
      fun({I, J}) ->
              X = element(I, A), Y = element(J, A),
              C = if X < Y -> "-1"; X == Y -> "0"; true -> "1" end,
              E = if X =:= Y -> "1"; true -> "0" end,
              w(F, ["C", integer_to_list(I - 1), integer_to_list(J - 1), C, E])
      end, Pairs),
    Sorted = lists:sort(Terms),
    w(F, ["S", hex(term_to_binary(Sorted))]).

float_record(F, X) ->
    w(F, ["F", hex(<<X/float>>), float_to_list(X), float_to_list(X, [short]),
          float_to_list(X, [{scientific, 3}]), float_to_list(X, [{scientific, 0}]),
          f2l(X, [{decimals, 4}]), f2l(X, [{decimals, 4}, compact]),
          f2l(X, [{decimals, 0}]), f2l(X, [{decimals, 20}]), io_lib:format("~w", [X])]).

f2l(X, Opts) ->
    try float_to_list(X, Opts) catch error:badarg -> "badarg" end.

%% Bit syntax: an integer segment written and read back with every endianness and signedness,
%% after a random-length prefix so segments land at every bit alignment.
bits_record(F) ->
    Prefix = rand:uniform(9) - 1,
    Size = case rand:uniform(3) of 1 -> rand:uniform(16); 2 -> rand:uniform(70); 3 -> rand:uniform(200) end,
    V = rand_int(),
    P = <<(rand:uniform(1 bsl Prefix) - 1):Prefix>>,
    Big = <<P/bits, V:Size/big>>, Little = <<P/bits, V:Size/little>>,
    <<_:Prefix, BU:Size/big-unsigned>> = Big, <<_:Prefix, BS:Size/big-signed>> = Big,
    <<_:Prefix, LU:Size/little-unsigned>> = Little, <<_:Prefix, LS:Size/little-signed>> = Little,
    Fl = (rand:uniform() - 0.5) * 1000,
    Floats = <<P/bits, Fl:64/float, Fl:32/float-little, Fl:16/float, Fl:64/little-float>>,
    Cp = case rand:uniform(4) of 1 -> rand:uniform(127); 2 -> 128 + rand:uniform(1900);
                                 3 -> 16#E000 + rand:uniform(8000); 4 -> 16#10000 + rand:uniform(16#FFFFF) end,
    Utf = <<P/bits, Cp/utf8, Cp/utf16, Cp/utf16-little, Cp/utf32, Cp/utf32-little>>,
    w(F, ["X", integer_to_list(Prefix), integer_to_list(Size), hex(term_to_binary({P, V, Fl, Cp})),
          hex(term_to_binary({Big, Little, BU, BS, LU, LS, Floats, Utf}))]).

parse_strings() ->
    ["0", "1", "-1", "+1", "", "+", "-", " 1", "1 ", "12a", "ff", "FF", "zz", "ZZ", "1_000", "007",
     "123456789012345678901234567890", "-123456789012345678901234567890", "9223372036854775807",
     "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
     "1.0", "1.5e10", "1.5E+10", "1.5e-10", "-0.0", "+0.0", "1,5", "1.", ".5", "1e10", "1.0e", "1.0e+",
     "1.0e400", "1.0e-400", "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
     "1.7976931348623159e308", "0.1", "3.14159265358979323846264338327950288", "1.0 ", "1.0f",
     "0000.0000", "12.34e5", "1.0e-0", "\x{661}", "1.0e1.0", "١"]
    ++ [integer_to_list(rand_int(), 2 + rand:uniform(34)) || _ <- lists:seq(1, 50)]
    ++ [float_to_list(random_float(), [short]) || _ <- lists:seq(1, 100)]
    ++ [float_to_list(random_float()) || _ <- lists:seq(1, 100)].

parse_record(F, S) ->
    R = fun(Fun) -> try hex(term_to_binary(Fun())) catch error:badarg -> "badarg" end end,
    w(F, ["P", hex(term_to_binary(S)), R(fun() -> list_to_integer(S) end), R(fun() -> list_to_integer(S, 16) end),
          R(fun() -> list_to_integer(S, 36) end), R(fun() -> list_to_float(S) end),
          R(fun() -> binary_to_integer(unicode:characters_to_binary(S)) end),
          R(fun() -> binary_to_float(unicode:characters_to_binary(S)) end)]).

arith_numbers() ->
    [0, 1, -1, 2, 3, -7, 63, 64, 65, 100, -100, 255, 1 bsl 27, 1 bsl 59 - 1, 1 bsl 62, (1 bsl 63) - 1,
     -(1 bsl 63), 1 bsl 63, 1 bsl 64, -(1 bsl 64) + 3, 1 bsl 130 + 17, -(1 bsl 200),
     0.0, -0.0, 1.0, -2.5, 0.1, 1.0e308, -1.0e308, 5.0e-324, 3.0, 1.0e18, 1.0e19, -9.0e18, a, [], <<1>>].

arith_record(F, A, B) ->
    Ops = [fun() -> A + B end, fun() -> A - B end, fun() -> A * B end, fun() -> A / B end,
           fun() -> A div B end, fun() -> A rem B end, fun() -> A band B end, fun() -> A bor B end,
           fun() -> A bxor B end, fun() -> A bsl B end, fun() -> A bsr B end, fun() -> -A end,
           fun() -> bnot A end, fun() -> abs(A) end, fun() -> +A end],
    w(F, ["A" | [arith_result(Op) || Op <- Ops]]).

arith_result(Op) ->
    try hex(term_to_binary(Op())) catch error:R when is_atom(R) -> atom_to_list(R) end.

int_record(F, I) ->
    w(F, ["I", integer_to_list(I), integer_to_list(I, 2), integer_to_list(I, 16),
          integer_to_list(I, 36), integer_to_list(I, 7)]).

floats() ->
    Specials = [0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.0, 10.0, 100.0, 1000.0, 123.456, 1.0e15, 1.0e16,
                1.0e22, 2.0e22, 1.0e-4, 1.0e-5, 0.001234, 12340.0, 1234567890.0, 12345678900.0,
                9007199254740992.0, 9007199254740993.0, 4503599627370496.0, 1.7976931348623157e308,
                5.0e-324, 2.2250738585072014e-308, 3.141592653589793, 2.718281828459045,
                1/3, 2/3, 0.3, 1.0e100, 123456789.0, 0.000123, 1.0e21, 1.0e23, 99.99, 1.0e-10],
    Random = [random_float() || _ <- lists:seq(1, 2000)],
    Scaled = [(rand:uniform() - 0.5) * math:pow(10, rand:uniform(40) - 20) || _ <- lists:seq(1, 500)],
    Ints = [float(rand:uniform(1 bsl 60)) || _ <- lists:seq(1, 100)],
    Specials ++ [-X || X <- Specials] ++ Random ++ Scaled ++ Ints.

random_float() ->
    <<X:64>> = crypto_free_bytes(8),
    case <<X:64>> of
        <<F/float>> -> F;
        _ -> random_float()   % NaN or infinity: not an Erlang float
    end.

crypto_free_bytes(N) -> list_to_binary([rand:uniform(256) - 1 || _ <- lists:seq(1, N)]).

ints() ->
    [0, 1, -1, 7, 255, 256, -256, 1 bsl 27, -(1 bsl 27), 1 bsl 31, -(1 bsl 31), 1 bsl 59, 1 bsl 60,
     -(1 bsl 59) - 1, 1 bsl 63, -(1 bsl 63), 1 bsl 64, (1 bsl 64) - 1, 1 bsl 200, -(1 bsl 200) + 12345]
        ++ [rand_int() || _ <- lists:seq(1, 300)].

rand_int() ->
    Bits = rand:uniform(300),
    V = rand:uniform(1 bsl Bits),
    case rand:uniform(2) of 1 -> V; 2 -> -V end.

%% ---------------------------------------------------------------- term generation

fixed_terms() ->
    Pid = self(),
    ExtPid = binary_to_term(<<131, 88, 119, 8, "x@remote", 0, 0, 0, 42, 0, 0, 0, 3, 0, 0, 0, 7>>),
    ExtPort = binary_to_term(<<131, 120, 119, 8, "x@remote", 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 7>>),
    ExtRef = binary_to_term(<<131, 90, 0, 3, 119, 8, "x@remote", 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3>>),
    X = rand:uniform(1000),
    Y = <<"captured">>,
    [0, 1, -1, 255, 256, -256, 1 bsl 31 - 1, 1 bsl 31, -(1 bsl 31), -(1 bsl 31) - 1,
     1 bsl 59 - 1, 1 bsl 59, -(1 bsl 59), -(1 bsl 59) - 1, 1 bsl 63, 1 bsl 64, -(1 bsl 64),
     1 bsl 2100, -(1 bsl 2100) + 1,
     0.0, -0.0, 1.0, -1.5, 1.0e300, 5.0e-324, 0.1,
     '', a, 'A', 'hello world', 'é', 'ünïcödé', '日本', list_to_atom(lists:duplicate(255, $x)),
     list_to_atom(lists:duplicate(200, 16#65E5)),
     [], "", "abc", lists:seq(0, 255), lists:seq(0, 256), lists:duplicate(70000, $a), [1 | 2],
     [a, b | c], [[]], [1.0], [-1],
     {}, {a}, {a, b, c}, list_to_tuple(lists:seq(1, 300)),
     <<>>, <<1, 2, 3>>, <<0:1>>, <<255:7>>, <<1, 2, 3:5>>, binary:copy(<<"abc">>, 100),
     #{}, #{a => 1}, #{1 => a, 1.0 => b}, #{[] => [], {} => {}, <<>> => <<>>},
     Pid, ExtPid, ExtPort, ExtRef, make_ref(), hd(erlang:ports()),
     fun lists:map/2, fun erlang:abs/1, fun() -> X end, fun(Z) -> {X, Y, Z} end, fun term_record/2,
     {Pid, [ExtRef, {fun() -> Y end}]}].

gen(0) -> leaf();
gen(D) ->
    case rand:uniform(10) of
        1 -> list_to_tuple([gen(D - 1) || _ <- lists:seq(1, rand:uniform(5) - 1)]);
        2 -> [gen(D - 1) || _ <- lists:seq(1, rand:uniform(5) - 1)];
        3 -> [gen(D - 1) | gen(D - 1)];
        4 -> maps:from_list([{key(), gen(D - 1)} || _ <- lists:seq(1, rand:uniform(6) - 1)]);
        5 when D =< 1 -> maps:from_list([{key(), gen(0)} || _ <- lists:seq(1, 30 + rand:uniform(10))]);
        _ -> leaf()
    end.

leaf() ->
    case rand:uniform(12) of
        1 -> rand:uniform(600) - 300;
        2 -> rand_int();
        3 -> (rand:uniform() - 0.5) * math:pow(10, rand:uniform(60) - 30);
        4 -> element(rand:uniform(8), {a, b, ok, error, 'Quoted atom', 'é', true, undefined});
        5 -> crypto_free_bytes(rand:uniform(40) - 1);
        6 -> B = crypto_free_bytes(rand:uniform(6)), N = rand:uniform(7), <<B/binary, 5:N>>;
        7 -> [rand:uniform(256) - 1 || _ <- lists:seq(1, rand:uniform(10) - 1)];
        8 -> [rand:uniform(2000) || _ <- lists:seq(1, rand:uniform(5))];
        9 -> [];
        10 -> {};
        11 -> random_float();
        12 -> <<_:3, Rest/bits>> = crypto_free_bytes(rand:uniform(8)), Rest
    end.

%% Map keys avoid atoms: BEAM orders atom keys by atom-table index (see docs/terms.md).
key() ->
    case rand:uniform(8) of
        1 -> rand:uniform(100000) - 50000;
        2 -> rand_int();
        3 -> (rand:uniform() - 0.5) * 1000;
        4 -> crypto_free_bytes(rand:uniform(10) - 1);
        5 -> {rand:uniform(100), crypto_free_bytes(2)};
        6 -> [rand:uniform(300) || _ <- lists:seq(1, rand:uniform(4) - 1)];
        7 -> float(rand:uniform(100));
        8 -> rand:uniform(100)
    end.

big_maps() ->
    [maps:from_list([{I, I * I} || I <- lists:seq(1, 5000)]),
     maps:from_list([{key(), rand:uniform(1000)} || _ <- lists:seq(1, 3000)]),
     maps:from_list([{integer_to_binary(I), I} || I <- lists:seq(1, 2000)]),
     maps:from_list([{{I, float(I)}, [I]} || I <- lists:seq(1, 1000)]),
     maps:from_list([{I, I} || I <- lists:seq(1, 33)]),
     maps:remove(7, maps:from_list([{I, I} || I <- lists:seq(1, 33)])),
     maps:from_list([{1 bsl (60 + I), I} || I <- lists:seq(1, 100)] ++ [{-I * 1.5, I} || I <- lists:seq(1, 100)])].
