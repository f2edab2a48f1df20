package org.gaoos.jbeam.bif;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The calendar-time BIFs of {@code erlang} that OTP's calendar module builds on: wall-clock date
 * and time in UTC and in the local time zone (the JVM's default zone, which follows TZ as the C
 * library does), and the conversions between them and POSIX seconds.
 */
public final class TimeBifs {
    private TimeBifs() {}

    private static Term date(LocalDateTime t) {
        return Tuple.of(Small.of(t.getYear()), Small.of(t.getMonthValue()), Small.of(t.getDayOfMonth()));
    }

    private static Term time(LocalDateTime t) {
        return Tuple.of(Small.of(t.getHour()), Small.of(t.getMinute()), Small.of(t.getSecond()));
    }

    private static Term dateTime(LocalDateTime t) { return Tuple.of(date(t), time(t)); }

    private static LocalDateTime nowLocal() { return LocalDateTime.now(ZoneId.systemDefault()); }

    private static LocalDateTime nowUtc() { return LocalDateTime.now(ZoneOffset.UTC); }

    @Bif("date") public static Term date() { return date(nowLocal()); }

    @Bif("time") public static Term time() { return time(nowLocal()); }

    @Bif("localtime") public static Term localtime() { return dateTime(nowLocal()); }

    @Bif("universaltime") public static Term universaltime() { return dateTime(nowUtc()); }

    private static int field(Term t, int min, int max) {
        if (t instanceof Small s && s.value >= min && s.value <= max) return (int) s.value;
        throw Errors.badarg();
    }

    /** A {{Y,M,D},{H,Mi,S}} argument as BEAM validates it (a real date; year from 1600). */
    private static LocalDateTime parse(Term dt) {
        if (!(dt instanceof Tuple t) || t.arity() != 2 || !(t.get(0) instanceof Tuple d) || d.arity() != 3
                || !(t.get(1) instanceof Tuple h) || h.arity() != 3) {
            throw Errors.badarg();
        }
        try {
            return LocalDateTime.of(field(d.get(0), 1600, 9999999), field(d.get(1), 1, 12), field(d.get(2), 1, 31),
                    field(h.get(0), 0, 23), field(h.get(1), 0, 59), field(h.get(2), 0, 59));
        } catch (DateTimeException e) {
            throw Errors.badarg();
        }
    }

    @Bif("universaltime_to_localtime")
    public static Term universaltimeToLocaltime(Term dt) {
        LocalDateTime utc = parse(dt);
        return dateTime(utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime());
    }

    @Bif("localtime_to_universaltime")
    public static Term localtimeToUniversaltime(Term dt, Term isDst) {
        LocalDateTime local = parse(dt);
        if (isDst != Atom.TRUE && isDst != Atom.FALSE && isDst != Atom.UNDEFINED) throw Errors.badarg();
        ZonedDateTime z = local.atZone(ZoneId.systemDefault());
        if (isDst == Atom.TRUE) z = z.withEarlierOffsetAtOverlap();
        else if (isDst == Atom.FALSE) z = z.withLaterOffsetAtOverlap();
        return dateTime(z.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
    }

    @Bif("universaltime_to_posixtime")
    public static Term universaltimeToPosixtime(Term dt) {
        return Int.of(parse(dt).toEpochSecond(ZoneOffset.UTC));
    }

    @Bif("posixtime_to_universaltime")
    public static Term posixtimeToUniversaltime(Term seconds) {
        if (!(seconds instanceof Small s)) throw Errors.badarg();
        try {
            return dateTime(LocalDateTime.ofInstant(Instant.ofEpochSecond(s.value), ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw Errors.badarg();
        }
    }
}
