package org.gaoos.jbeam.bif;

import java.util.concurrent.atomic.AtomicLongArray;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.MagicRefs;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Term;

/**
 * The {@code write_concurrency} counters ({@code erl_bif_counters.c}); OTP's {@code counters}
 * module puts the default ({@code atomics}) kind on {@link AtomicsBifs}. As in BEAM, each counter
 * is a base value plus one slot per scheduler: {@code add} touches only the calling thread's slot
 * (an atomic add: virtual threads share carriers, so a slot may have several writers), {@code get}
 * sums them all, {@code put} writes the base so that the sum is the value (not atomic with
 * concurrent adds, as documented). Values are signed 64-bit and wrap around.
 */
public final class CountersBifs {
    private CountersBifs() {}

    /** One array: slot {@code s} (0 = base, 1..stripes) of counter {@code i} is {@code v[s * size + i]}. */
    static final class Counters {
        final int size;
        final int stripes;
        final AtomicLongArray v;

        Counters(int size, int stripes) {
            this.size = size;
            this.stripes = stripes;
            this.v = new AtomicLongArray((stripes + 1) * size);
        }

        long sum(int i, int fromSlot) {
            long acc = 0;
            for (int s = fromSlot; s <= stripes; s++) acc += v.get(s * size + i);
            return acc;
        }
    }

    /** BEAM's schedulers: one per processor (jbeam's carrier threads). */
    private static int schedulers() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Bif(module = "erts_internal", value = "counters_new")
    public static Term countersNew(Term size) {
        int stripes = schedulers();
        long n = Int64.size(size, AtomicsBifs.maxElements() / (stripes + 1));
        if (n < 0) throw Errors.systemLimit();
        if (n == 0) throw Errors.badarg();
        return MagicRefs.create(new Counters((int) n, stripes));
    }

    private static Counters array(Term ref) {
        Counters c = MagicRefs.get(ref, Counters.class);
        if (c == null) throw Errors.badarg();
        return c;
    }

    private static int index(Counters c, Term ix) {
        int i = Int64.index(ix, c.size);
        if (i < 0) throw Errors.badarg();
        return i;
    }

    @Bif(module = "erts_internal", value = "counters_get")
    public static Term countersGet(Term ref, Term ix) {
        Counters c = array(ref);
        return Int.of(c.sum(index(c, ix), 0));
    }

    @Bif(module = "erts_internal", value = "counters_add")
    public static Term countersAdd(Term ref, Term ix, Term incr) {
        Counters c = array(ref);
        int i = index(c, ix);
        if (!Int64.isSint64(incr) && !Int64.isUint64(incr)) throw Errors.badarg();
        int slot = 1 + (int) (Thread.currentThread().threadId() % c.stripes);
        c.v.getAndAdd(slot * c.size + i, Int64.bits(incr));
        return Atom.OK;
    }

    @Bif(module = "erts_internal", value = "counters_put")
    public static Term countersPut(Term ref, Term ix, Term value) {
        Counters c = array(ref);
        int i = index(c, ix);
        if (!Int64.isSint64(value)) throw Errors.badarg();
        c.v.set(i, Int64.bits(value) - c.sum(i, 1));
        return Atom.OK;
    }

    /**
     * #{size, memory}; memory as BEAM reports it: its magic binary of cache lines, one per
     * scheduler and the base for each group of 8 counters (plus 32 bytes of header).
     */
    @Bif(module = "erts_internal", value = "counters_info")
    public static Term countersInfo(Term ref) {
        Counters c = array(ref);
        long lines = (long) (c.stripes + 1) * ((c.size + 7) / 8);
        return MapTerm.of(Atom.of("memory"), Int.of(32 + 64 * lines), Atom.of("size"), Int.of(c.size));
    }
}
