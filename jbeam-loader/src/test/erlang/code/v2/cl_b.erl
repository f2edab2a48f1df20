-module(cl_b).
-export([vsn/0]).
vsn() -> b2.
