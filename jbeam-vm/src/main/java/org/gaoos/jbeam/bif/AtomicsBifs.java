package org.gaoos.jbeam.bif;

import java.util.concurrent.atomic.AtomicLongArray;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.MagicRefs;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/**
 * The atomics BIFs ({@code erl_bif_atomics.c}): arrays of 64-bit atomics behind a magic reference,
 * signed or unsigned, wrapping around on overflow exactly as BEAM's (two's complement in a
 * {@link AtomicLongArray}; every operation is a full-fence atomic, like BEAM's {@code _mb}
 * operations). {@code atomics:new/2}, {@code sub/3} and {@code sub_get/3} are OTP's Erlang code
 * on top of these.
 */
public final class AtomicsBifs {
    private AtomicsBifs() {}

    /** One atomics array. */
    static final class Atomics {
        final boolean signed;
        final AtomicLongArray v;

        Atomics(boolean signed, int size) {
            this.signed = signed;
            this.v = new AtomicLongArray(size);
        }

        Term term(long value) {
            return signed ? Int.of(value) : Int64.unsigned(value);
        }

        /** get_value: a value this array can hold (signed or unsigned 64-bit). */
        boolean holds(Term t) {
            return signed ? Int64.isSint64(t) : Int64.isUint64(t);
        }
    }

    /** The most atomics one array may hold: beyond this jbeam answers system_limit (BEAM: out of memory). */
    static long maxElements() {
        return Math.min(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory() / 4 / Long.BYTES);
    }

    private static final int OPT_SIGNED = 1;

    @Bif(module = "erts_internal", value = "atomics_new")
    public static Term atomicsNew(Term arity, Term opts) {
        long n = Int64.size(arity, maxElements());
        if (n < 0) throw Errors.systemLimit();
        if (n == 0) throw Errors.badarg();
        long flags; // term_to_UWord
        if (Int64.isUint64(opts)) flags = Int64.bits(opts);
        else if (opts instanceof org.gaoos.jbeam.term.Big b && b.signum() > 0) throw Errors.systemLimit();
        else throw Errors.badarg();
        return MagicRefs.create(new Atomics((flags & OPT_SIGNED) != 0, (int) n));
    }

    private static Atomics array(Term ref) {
        Atomics a = MagicRefs.get(ref, Atomics.class);
        if (a == null) throw Errors.badarg();
        return a;
    }

    private static int index(Atomics a, Term ix) {
        int i = Int64.index(ix, a.v.length());
        if (i < 0) throw Errors.badarg();
        return i;
    }

    private static long value(Atomics a, Term t) {
        if (!a.holds(t)) throw Errors.badarg();
        return Int64.bits(t);
    }

    /** get_incr: any integer in [-2^63, 2^64-1], added modulo 2^64. */
    private static long incr(Term t) {
        if (!Int64.isSint64(t) && !Int64.isUint64(t)) throw Errors.badarg();
        return Int64.bits(t);
    }

    @Bif(module = "atomics", value = "put")
    public static Term put(Term ref, Term ix, Term value) {
        Atomics a = array(ref);
        int i = index(a, ix);
        a.v.set(i, value(a, value));
        return Atom.OK;
    }

    @Bif(module = "atomics", value = "get")
    public static Term get(Term ref, Term ix) {
        Atomics a = array(ref);
        return a.term(a.v.get(index(a, ix)));
    }

    @Bif(module = "atomics", value = "add")
    public static Term add(Term ref, Term ix, Term incr) {
        Atomics a = array(ref);
        int i = index(a, ix);
        a.v.getAndAdd(i, incr(incr));
        return Atom.OK;
    }

    @Bif(module = "atomics", value = "add_get")
    public static Term addGet(Term ref, Term ix, Term incr) {
        Atomics a = array(ref);
        int i = index(a, ix);
        return a.term(a.v.addAndGet(i, incr(incr)));
    }

    @Bif(module = "atomics", value = "exchange")
    public static Term exchange(Term ref, Term ix, Term desired) {
        Atomics a = array(ref);
        int i = index(a, ix);
        return a.term(a.v.getAndSet(i, value(a, desired)));
    }

    @Bif(module = "atomics", value = "compare_exchange")
    public static Term compareExchange(Term ref, Term ix, Term expected, Term desired) {
        Atomics a = array(ref);
        int i = index(a, ix);
        long e = value(a, expected), d = value(a, desired);
        long was = a.v.compareAndExchange(i, e, d);
        return was == e ? Atom.OK : a.term(was);
    }

    /** #{size, max, min, memory}; memory as BEAM reports it (its magic binary: 40 + 8 per atomic). */
    @Bif(module = "atomics", value = "info")
    public static Term info(Term ref) {
        Atomics a = array(ref);
        int n = a.v.length();
        return MapTerm.of(Atom.of("max"), a.signed ? Int.of(Long.MAX_VALUE) : Int64.unsigned(-1L),
                Atom.of("min"), a.signed ? Int.of(Long.MIN_VALUE) : Small.ZERO,
                Atom.of("size"), Int.of(n),
                Atom.of("memory"), Int.of(40L + 8L * n));
    }
}
