package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code erlang:memory/0,1} from the JVM's point of view. Every jbeam term, process stack, mailbox
 * and ETS table lives on the one shared JVM heap, and only a collection tells live data from
 * garbage, so each call first runs a full collection ({@code System.gc()}: tens of milliseconds,
 * where BEAM's answer is cheap) and then reports:
 * <ul>
 *   <li>{@code total}, {@code processes}, {@code processes_used}: the live Java heap (processes'
 *       stacks, mailboxes and terms, but also ETS tables and binaries: the JVM cannot tell them
 *       apart without walking the heap);</li>
 *   <li>{@code system}, {@code atom}, {@code atom_used}, {@code binary}, {@code code},
 *       {@code ets}: 0 (counted above, or outside the Java heap, which {@code java.base} alone
 *       does not measure; the board's JVM has only {@code java.base}).</li>
 * </ul>
 * So {@code memory(processes)} grows by what a new process really costs once it is idle, the
 * figure {@code bench/workloads/bench_idle_memory.erl} compares with BEAM's.
 */
public final class MemoryBifs {
    private MemoryBifs() {}

    private static final String[] TYPES = {"total", "processes", "processes_used", "system", "atom", "atom_used",
            "binary", "code", "ets"};

    @Bif("memory")
    public static Term memory() {
        long[] v = measure();
        ListBuilder lb = new ListBuilder();
        for (int i = 0; i < TYPES.length; i++) lb.add(Tuple.of(Atom.of(TYPES[i]), Int.of(v[i])));
        return lb.build();
    }

    @Bif("memory")
    public static Term memory(Term type) {
        if (type instanceof Atom a) return Int.of(measure()[index(a)]);
        long[] v = null;
        ListBuilder lb = new ListBuilder();
        Term t = type;
        while (t instanceof Cons c) {
            if (!(c.head() instanceof Atom a)) throw Errors.badarg();
            int i = index(a);
            if (v == null) v = measure();
            lb.add(Tuple.of(a, Int.of(v[i])));
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return lb.build();
    }

    private static int index(Atom a) {
        for (int i = 0; i < TYPES.length; i++) if (TYPES[i].equals(a.name())) return i;
        throw Errors.badarg(); // including 'maximum' (BEAM: only in instrumented mode)
    }

    /** The values in {@link #TYPES} order, after a full collection. */
    private static long[] measure() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        return new long[] {heap, heap, heap, 0, 0, 0, 0, 0, 0};
    }
}
