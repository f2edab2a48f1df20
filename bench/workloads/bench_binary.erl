%% Binary construction and matching: build a 1 MB binary of length-prefixed records by appending,
%% then parse it back, plus a byte-wise checksum with a binary comprehension.
-module(bench_binary).
-export([run/0]).

run() ->
    Bin = build(20000, <<>>),
    {Count, Sum} = parse(Bin, 0, 0),
    Bytes = lists:sum([B || <<B>> <= binary:part(Bin, 0, 100000)]),
    {byte_size(Bin), Count, Sum, Bytes}.

build(0, Acc) -> Acc;
build(N, Acc) ->
    Payload = <<N:32, (N * 3):16/little, "payload-", (N rem 251):8, 0:3, 1:5, (N * 1.5):64/float>>,
    build(N - 1, <<Acc/binary, (byte_size(Payload)):16, Payload/binary, (N rem 7):8, "x", 16#ABCD:16>>).

parse(<<Len:16, Payload:Len/binary, Tag:8, "x", 16#ABCD:16, Rest/binary>>, Count, Sum) ->
    <<N:32, M:16/little, "payload-", R:8, _:3, 1:5, F:64/float>> = Payload,
    parse(Rest, Count + 1, Sum + N + M + R + Tag + trunc(F));
parse(<<>>, Count, Sum) -> {Count, Sum}.
