%% calendar and base64 beyond the basics: ISO weeks, leap years, RFC 3339 both ways with offsets
%% and units, time differences; base64's url-safe mode, padding options, MIME decoding and errors.
%% Library coverage only: compiled by erlc 27 alone (erlc 25 adds nothing here; keeps the corpus quick).
%% corpus: erlc27-only
-module(calendar_base64_more).
-export([main/0]).
-include("corpus.hrl").

main() ->
    ?W([calendar:iso_week_number({Y, 1, 1}) || Y <- [2004, 2005, 2010, 2021, 2026]]),
    ?W([calendar:is_leap_year(Y) || Y <- [1900, 2000, 2024, 2100]]),
    ?W([calendar:last_day_of_the_month(2024, M) || M <- lists:seq(1, 12)]),
    ?W(calendar:day_of_the_week(1970, 1, 1)),
    ?W(calendar:date_to_gregorian_days(2000, 2, 29)),
    ?W(calendar:gregorian_days_to_date(739000)),
    ?W(calendar:datetime_to_gregorian_seconds({{2026, 11, 21}, {12, 34, 56}})),
    ?W(calendar:gregorian_seconds_to_datetime(63000000000)),
    ?W(calendar:seconds_to_daystime(100000)),
    ?W(calendar:seconds_to_time(3725)),
    ?W(calendar:time_to_seconds({1, 2, 3})),
    ?W(calendar:time_difference({{2024, 1, 1}, {0, 0, 0}}, {{2024, 3, 1}, {12, 0, 1}})),
    ?W(calendar:valid_date(2023, 2, 29)),
    ?W(calendar:valid_date({2024, 2, 29})),
    ?W(calendar:system_time_to_rfc3339(1700000000)),
    ?W(calendar:system_time_to_rfc3339(1700000000123, [{unit, millisecond}, {offset, "+05:30"}])),
    ?W(calendar:system_time_to_rfc3339(1700000000123456, [{unit, microsecond}, {offset, "Z"}, {time_designator, $\s}])),
    ?W(calendar:system_time_to_rfc3339(-1, [{offset, 3600}])),
    ?W(calendar:rfc3339_to_system_time("2023-11-14T22:13:20Z")),
    ?W(calendar:rfc3339_to_system_time("2023-11-14T22:13:20.123+01:00", [{unit, millisecond}])),
    ?W(calendar:system_time_to_universal_time(1700000000, second)),
    ?W(calendar:now_to_universal_time({1700, 0, 5})),
    ?T(calendar:date_to_gregorian_days(2023, 2, 30)),
    Bin = <<0, 1, 2, 250, 251, 252, 253, 254, 255>>,
    ?W(base64:encode(Bin)),
    ?W(base64:encode(Bin, #{mode => urlsafe})),
    ?W(base64:encode(<<"ab">>, #{padding => false})),
    ?W(base64:encode_to_string("hello")),
    ?W(base64:decode("-_-_", #{mode => urlsafe})),
    ?W(base64:decode(<<"YWI">>, #{padding => false})),
    ?W(base64:mime_decode(<<"YW\r\nJj ZA=!=">>)),
    ?W(base64:decode_to_string(<<"aGVsbG8=">>)),
    ?T(base64:decode(<<"YWI">>)),
    ?T(base64:decode(<<"Y!==">>)),
    ?T(base64:decode(<<"YQ=a">>)),
    ?W([base64:encode(binary:copy(<<"x">>, N)) || N <- lists:seq(0, 5)]),
    ?W(base64:decode(base64:encode(list_to_binary(lists:seq(0, 255)))) =:= list_to_binary(lists:seq(0, 255))),
    ok.
