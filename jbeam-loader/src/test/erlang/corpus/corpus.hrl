%% Shared by the corpus programs: print an expression's source text with its value, or with the
%% exception it raises. The text comes from the preprocessor (??Expr), so it is the same on every VM.
%% Maps are printed with their keys in term order (the k modifier): BEAM orders the atom keys of a
%% small map by atom index, which depends on the order atoms were created in that run.
-compile([nowarn_unused_function]).

-define(P(Expr), io:format("~ts =~n    ~tkp~n", [??Expr, Expr])).
-define(W(Expr), io:format("~ts = ~kw~n", [??Expr, Expr])).
-define(T(Expr), io:format("~ts ->~n    ~tkp~n", [??Expr, corpus_catch(fun() -> Expr end)])).

%% {ok, Value} or {Class, Reason}: the stack trace is left out (see exc_stacktrace for those).
corpus_catch(F) ->
    try {ok, F()} catch Class:Reason -> {Class, Reason} end.
