%% Float printing: shortest round-trip form (~p, float_to_list/1), fixed and scientific options.
-module(floats_print).
-export([main/0]).

main() ->
    Fs = [0.0, -0.0, 1.0, -1.5, 0.1, 0.2, 0.1 + 0.2, 1/3, 2/3, 100.0, 1.0e15, 1.0e16, 123456789012345680.0,
          1.0e-5, 1.0e-4, 0.001, 5.0e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
          3.141592653589793, 2.718281828459045, 1.0e22, 1.0e23, 9007199254740993.0, 0.3, 4.35, 299792458.0,
          -123.456, 1.0e100, 6.02214076e23],
    [line(F) || F <- Fs],
    [io:format("~w ~.3f ~.1f ~10.2f|~-10.2f|~e ~.3e ~g ~.10g~n", [F, F, F, F, F, F, F, F, F])
     || F <- [0.5, 1.5, 2.5, -0.5, 1234.5678, 0.000123, 1.0e10]],
    [io:format("~s ~s ~s ~s~n", [float_to_list(F, [{decimals, 4}]), float_to_list(F, [{decimals, 4}, compact]),
                               float_to_list(F, [{scientific, 3}]), float_to_list(F, [short])])
     || F <- [0.1, 1.0, 123.456, 1.0e-10, 2.5e20]],
    io:format("~p~n", [[float_to_binary(F) || F <- [0.1, 1.0e-10, 1.0e300]]]),
    io:format("~p~n", [float_to_binary(3.14159, [{decimals, 2}])]),
    io:format("~p~n", [[list_to_float(S) || S <- ["1.0", "-0.5", "1.0e10", "1.5E-3", "0.1"]]]),
    io:format("~p~n", [[binary_to_float(B) || B <- [<<"2.5">>, <<"1.0e-2">>]]]),
    io:format("~p~n", [[round(X) || X <- [0.5, 1.5, 2.5, -0.5, -1.5, 1.0e20]]]),
    io:format("~p~n", [[trunc(X) || X <- [0.9, -0.9, 1.0e20, 123.999]]]),
    io:format("~p~n", [[{floor(X), ceil(X)} || X <- [1.5, -1.5, 2.0, -0.1]]]),
    io:format("~p~n", [[float(I) || I <- [0, 1, -1, 1 bsl 53 + 1, 1 bsl 100, 12345678901234567890]]]),
    io:format("~p~n", [[0.0 == -0.0, 0.0 =:= -0.0, 1 == 1.0, 1 =:= 1.0, 1.0 < 1, 2 > 1.5]]),
    io:format("~p~n", [[io_lib:format("~w", [F]) || F <- [1.0e-7, 1.0e21, 123.0e20]]]),
    io:format("~p~n", [lists:sort([3, 2.5, 1, 1.0, 2, 0.5, -1, -1.0])]),
    ok.

line(F) -> io:format("~p ~w ~s ~s~n", [F, F, float_to_list(F), io_lib:write(F)]).
