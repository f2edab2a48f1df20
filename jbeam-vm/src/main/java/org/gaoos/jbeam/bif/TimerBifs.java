package org.gaoos.jbeam.bif;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Timers;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * Erlang time (ERTS's "no time warp" mode): monotonic time in nanoseconds (the native unit, as on
 * Linux BEAMs) starting, like BEAM's, near -2^59; a fixed time offset, so system_time =
 * monotonic_time + time_offset; unit conversion with floor rounding; unique integers; and the
 * timer BIFs over {@link Timers}.
 */
public final class TimerBifs {
    private TimerBifs() {}

    static {
        // Start the timer service with this class, not inside the first send_after: its start-up
        // (tens of ms on a cold JVM) would otherwise fall between a timer's "now" and its scheduling.
        Timers.count();
    }

    private static final long START = System.nanoTime();
    /** BEAM's monotonic clock starts close to -2^59 native units (ERTS_MONOTONIC_BEGIN). */
    private static final long MONO_BEGIN = -(1L << 59);
    private static final long OFFSET = systemNanos() - MONO_BEGIN;
    private static final AtomicLong UNIQUE = new AtomicLong();
    private static final long UNIQUE_BASE = -(1L << 59); // like BEAM: unique_integer() values are negative at first

    private static long systemNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** os:system_time/0,1 and os:timestamp/0: the OS clock itself, not Erlang system time. */
    static Term osSystemTime(Term unit) { return inUnit(systemNanos(), unit); }

    static Term osTimestamp() {
        long us = systemNanos() / 1000;
        return Tuple.of(Small.of(us / 1_000_000_000_000L), Small.of((us / 1_000_000) % 1_000_000), Small.of(us % 1_000_000));
    }

    /** Erlang monotonic time in nanoseconds. */
    private static long monotonic() { return MONO_BEGIN + (System.nanoTime() - START); }

    /** A time unit in parts per second, or badarg. */
    private static long unit(Term u) {
        if (u instanceof Small s && s.value > 0) return s.value;
        if (!(u instanceof Atom a)) throw Errors.badarg();
        return switch (a.name()) {
            case "native", "nanosecond", "nano_seconds", "perf_counter" -> 1_000_000_000L;
            case "microsecond", "micro_seconds" -> 1_000_000L;
            case "millisecond", "milli_seconds" -> 1_000L;
            case "second", "seconds" -> 1L;
            default -> throw Errors.badarg();
        };
    }

    /** floor(value * to / from), exact for any integer. */
    private static Term convert(Term value, long from, long to) {
        if (value instanceof Small s) {
            long hi = Math.multiplyHigh(s.value, to), lo = s.value * to;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return Int.of(Math.floorDiv(lo, from));
        }
        if (!(value instanceof Int i)) throw Errors.badarg();
        BigInteger[] qr = i.bigValue().multiply(BigInteger.valueOf(to)).divideAndRemainder(BigInteger.valueOf(from));
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return Int.of(q);
    }

    private static Term inUnit(long nanos, Term unit) {
        return convert(Small.of(nanos), 1_000_000_000L, unit(unit));
    }

    @Bif("monotonic_time") public static Term monotonicTime() { return Small.of(monotonic()); }

    @Bif("monotonic_time") public static Term monotonicTime(Term unit) { return inUnit(monotonic(), unit); }

    @Bif("system_time") public static Term systemTime() { return Small.of(monotonic() + OFFSET); }

    @Bif("system_time") public static Term systemTime(Term unit) { return inUnit(monotonic() + OFFSET, unit); }

    @Bif("time_offset") public static Term timeOffset() { return Small.of(OFFSET); }

    @Bif("time_offset") public static Term timeOffset(Term unit) { return inUnit(OFFSET, unit); }

    @Bif("convert_time_unit")
    public static Term convertTimeUnit(Term time, Term from, Term to) {
        if (!(time instanceof Int)) throw Errors.badarg();
        return convert(time, unit(from), unit(to));
    }

    @Bif("timestamp")
    public static Term timestamp() {
        long us = (monotonic() + OFFSET) / 1000;
        return Tuple.of(Small.of(us / 1_000_000_000_000L), Small.of((us / 1_000_000) % 1_000_000), Small.of(us % 1_000_000));
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_NOW = new java.util.concurrent.atomic.AtomicLong();

    /** erlang:now/0 (deprecated): the system time in microseconds, strictly increasing across calls, as BEAM's. */
    @Bif("now")
    public static Term now() {
        long t = (monotonic() + OFFSET) / 1000;
        long us = LAST_NOW.updateAndGet(last -> Math.max(last + 1, t));
        return Tuple.of(Small.of(us / 1_000_000_000_000L), Small.of((us / 1_000_000) % 1_000_000), Small.of(us % 1_000_000));
    }

    @Bif("unique_integer") public static Term uniqueInteger() { return Small.of(UNIQUE_BASE + UNIQUE.getAndIncrement()); }

    @Bif("unique_integer")
    public static Term uniqueInteger(Term options) {
        boolean positive = false;
        for (Term o : ErlangBifs.properList(options)) {
            if (o == Atom.of("positive")) positive = true;
            else if (o != Atom.of("monotonic")) throw Errors.badarg();
        }
        // One counter: every value is unique and later calls get larger values (monotonic).
        long v = UNIQUE.getAndIncrement();
        return Small.of(positive ? v + 1 : UNIQUE_BASE + v);
    }

    // ---- timers ----

    private static final Atom TIMEOUT = Atom.of("timeout");

    @Bif("send_after")
    public static Term sendAfter(Proc p, Term time, Term dest, Term msg) {
        return start(time, dest, msg, org.gaoos.jbeam.term.Nil.NIL, false);
    }

    @Bif("send_after")
    public static Term sendAfter(Proc p, Term time, Term dest, Term msg, Term opts) {
        return start(time, dest, msg, opts, false);
    }

    @Bif("start_timer")
    public static Term startTimer(Proc p, Term time, Term dest, Term msg) {
        return start(time, dest, msg, org.gaoos.jbeam.term.Nil.NIL, true);
    }

    @Bif("start_timer")
    public static Term startTimer(Proc p, Term time, Term dest, Term msg, Term opts) {
        return start(time, dest, msg, opts, true);
    }

    private static Term start(Term time, Term dest, Term msg, Term opts, boolean timeoutMessage) {
        boolean abs = false;
        for (Term o : ErlangBifs.properList(opts)) {
            if (o instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("abs")
                    && (t.get(1) == Atom.TRUE || t.get(1) == Atom.FALSE)) {
                abs = t.get(1) == Atom.TRUE;
            } else {
                throw Errors.badarg();
            }
        }
        if (!(dest instanceof Pid) && !(dest instanceof Atom)) throw Errors.badarg();
        if (!(time instanceof Int t)) throw Errors.badarg();
        long deadline;
        long now = System.nanoTime();
        // Like BEAM's, a timer must end within the monotonic clock's range (erl_hl_timer.c
        // parse_timeout_pos; OTP 27's system_info(end_time) is 8646911283000 ms).
        BigInteger endMs = t.bigValue().add(BigInteger.valueOf(abs ? 0 : Math.floorDiv(monotonic(), 1_000_000L)));
        if (endMs.compareTo(END_MS) > 0) throw Errors.badarg();
        if (abs) {
            // Time is Erlang monotonic time in milliseconds.
            BigInteger target = t.bigValue().multiply(BigInteger.valueOf(1_000_000L));
            if (target.compareTo(BigInteger.valueOf(MONO_BEGIN)) < 0) throw Errors.badarg(); // before the clock began
            BigInteger delta = target.subtract(BigInteger.valueOf(monotonic()));
            deadline = delta.signum() <= 0 ? now : now + clampDelay(delta);
        } else {
            if (t.signum() < 0) throw Errors.badarg();
            deadline = now + clampDelay(t.bigValue().multiply(BigInteger.valueOf(1_000_000L)));
        }
        if (timeoutMessage) {
            // The message names the timer's own reference: make the reference first.
            return Timers.startTimeout(dest, TIMEOUT, msg, deadline);
        }
        return Timers.start(dest, msg, deadline);
    }

    private static final BigInteger END_MS = BigInteger.valueOf(8_646_911_283_000L);

    /** Delays beyond ~146 years are as good as never. */
    private static long clampDelay(BigInteger nanos) {
        return nanos.bitLength() > 62 ? Long.MAX_VALUE / 2 : nanos.longValue();
    }

    @Bif("cancel_timer") public static Term cancelTimer(Proc p, Term ref) { return cancelTimer(p, ref, org.gaoos.jbeam.term.Nil.NIL); }

    @Bif("cancel_timer")
    public static Term cancelTimer(Proc p, Term ref, Term opts) {
        boolean[] f = timerOptions(opts);
        if (!(ref instanceof Ref)) throw Errors.badarg();
        long left = Timers.cancel(ref);
        return reply(p, "cancel_timer", ref, left, f[0], f[1]);
    }

    @Bif("read_timer") public static Term readTimer(Proc p, Term ref) { return readTimer(p, ref, org.gaoos.jbeam.term.Nil.NIL); }

    @Bif("read_timer")
    public static Term readTimer(Proc p, Term ref, Term opts) {
        boolean[] f = timerOptions(opts);
        if (!(ref instanceof Ref)) throw Errors.badarg();
        return reply(p, "read_timer", ref, Timers.read(ref), f[0], f[1]);
    }

    /** {async, Bool} and {info, Bool}: defaults false and true. */
    private static boolean[] timerOptions(Term opts) {
        boolean async = false, info = true;
        for (Term o : ErlangBifs.properList(opts)) {
            if (o instanceof Tuple t && t.arity() == 2 && (t.get(1) == Atom.TRUE || t.get(1) == Atom.FALSE)) {
                if (t.get(0) == Atom.of("async")) async = t.get(1) == Atom.TRUE;
                else if (t.get(0) == Atom.of("info")) info = t.get(1) == Atom.TRUE;
                else throw Errors.badarg();
            } else {
                throw Errors.badarg();
            }
        }
        return new boolean[] {async, info};
    }

    private static Term reply(Proc p, String op, Term ref, long left, boolean async, boolean info) {
        Term result = left < 0 ? Atom.FALSE : Int.of(left);
        if (!async) return info ? result : Atom.OK;
        if (info) p.deliver(Tuple.of(Atom.of(op), ref, result));
        return Atom.OK;
    }
}
