-module(cl_eh).
-export([undefined_function/3, undefined_lambda/3]).

%% A process error handler (process_flag(error_handler, cl_eh)).
undefined_function(M, F, A) -> {handled, M, F, A}.

undefined_lambda(M, Fun, A) -> {handled_lambda, M, is_function(Fun), A}.
