%% The reference side of jbeam's BIF differential tests (BifOracle.java): reads a list of
%% {Module, Function, Args} from the file named by the first argument (term_to_binary format),
%% applies each one and writes the list of outcomes, {ok, Result} or {Class, Reason}, to the
%% second file.
-module(bif_oracle).
-export([main/1]).

main([In, Out]) ->
    {ok, Bin} = file:read_file(In),
    Calls = binary_to_term(Bin),
    Results = [run(Call) || Call <- Calls],
    ok = file:write_file(Out, term_to_binary(Results)),
    halt().

run({M, F, Args}) ->
    try {ok, apply(M, F, Args)}
    catch Class:Reason -> {Class, Reason}
    end.
