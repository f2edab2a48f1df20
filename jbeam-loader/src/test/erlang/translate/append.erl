%% Differential test program: binaries grown by appending in a loop (bs_create_bin with
%% private_append/append). jbeam must extend the accumulator in place (amortised O(1) per append):
%% copying it each time would make the 10^6-byte builds quadratic.
-module(append).
-export([main/0]).

main() ->
    B = bytes(1000000, <<>>),
    io:format("~p ~p ~p~n", [byte_size(B), erlang:md5(B), binary:part(B, 999990, 10)]),
    %% Not private: the accumulator escapes to a list, so erlc emits a plain append.
    {B2, Kept} = shared(100000, <<"start">>, []),
    io:format("~p ~p ~p~n", [byte_size(B2), erlang:phash2(B2), [byte_size(K) || K <- Kept]]),
    %% Appending to an older version must not disturb the newer one.
    Old = <<"abc">>,
    New1 = <<Old/binary, "X">>,
    New2 = <<Old/binary, "Y">>,
    New3 = <<New1/binary, "Z">>,
    io:format("~p ~p ~p ~p~n", [Old, New1, New2, New3]),
    %% Unaligned accumulators (bits, not bytes).
    Bits = bits(20001, <<>>),
    io:format("~p ~p~n", [bit_size(Bits), erlang:phash2(Bits)]),
    halt(0).

bytes(0, Acc) -> Acc;
bytes(N, Acc) -> bytes(N - 1, <<Acc/binary, (N band 255)>>).

shared(0, Acc, Kept) -> {Acc, Kept};
shared(N, Acc, Kept) ->
    Next = <<Acc/binary, (N rem 251):8, "ab">>,
    Kept1 = case N rem 25000 of 0 -> [Next | Kept]; _ -> Kept end,
    shared(N - 1, Next, Kept1).

bits(0, Acc) -> Acc;
bits(N, Acc) -> bits(N - 1, <<Acc/bitstring, (N band 7):3>>).
