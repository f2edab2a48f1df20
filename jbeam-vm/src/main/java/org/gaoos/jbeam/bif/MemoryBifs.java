package org.gaoos.jbeam.bif;

import java.util.ArrayList;
import java.util.List;

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
 * garbage, so a call that asks for a heap figure first runs a full collection
 * ({@code System.gc()}: tens to hundreds of milliseconds, where BEAM's answer is cheap) and then
 * reports:
 * <ul>
 *   <li>{@code ets}: the tables' own estimates ({@code ets:info(T, memory)}, in bytes), without
 *       a collection: ets_SUITE takes it around every case;</li>
 *   <li>{@code total}: the live Java heap; {@code system}: the ETS part of it, and
 *       {@code processes}, {@code processes_used}: the rest (processes' stacks, mailboxes and
 *       terms, but also binaries: the JVM cannot tell them apart without walking the heap);</li>
 *   <li>{@code atom}, {@code atom_used}, {@code binary}, {@code code}: 0 (counted above, or
 *       outside the Java heap, which {@code java.base} alone does not measure; the board's JVM
 *       has only {@code java.base}).</li>
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
        long[] v = measure(List.of(TOTAL));
        ListBuilder lb = new ListBuilder();
        for (int i = 0; i < TYPES.length; i++) lb.add(Tuple.of(Atom.of(TYPES[i]), Int.of(v[i])));
        return lb.build();
    }

    @Bif("memory")
    public static Term memory(Term type) {
        if (type instanceof Atom a) return Int.of(measure(List.of(index(a)))[index(a)]);
        List<Integer> asked = new ArrayList<>();
        Term t = type;
        while (t instanceof Cons c) {
            if (!(c.head() instanceof Atom a)) throw Errors.badarg();
            asked.add(index(a));
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        long[] v = measure(asked);
        ListBuilder lb = new ListBuilder();
        for (int i : asked) lb.add(Tuple.of(Atom.of(TYPES[i]), Int.of(v[i])));
        return lb.build();
    }

    private static int index(Atom a) {
        for (int i = 0; i < TYPES.length; i++) if (TYPES[i].equals(a.name())) return i;
        throw Errors.badarg(); // including 'maximum' (BEAM: only in instrumented mode)
    }

    private static final int TOTAL = 0, PROCESSES = 1, PROCESSES_USED = 2, SYSTEM = 3, ETS = 8;

    /** The values in {@link #TYPES} order; the heap figures (after a full collection) only if asked for. */
    private static long[] measure(List<Integer> asked) {
        long[] v = new long[TYPES.length];
        long ets = org.gaoos.jbeam.ets.Tables.memoryBytes();
        v[ETS] = ets;
        if (asked.stream().anyMatch(i -> i <= SYSTEM)) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long heap = rt.totalMemory() - rt.freeMemory();
            v[TOTAL] = Math.max(heap, ets);
            v[SYSTEM] = ets;
            v[PROCESSES] = v[PROCESSES_USED] = v[TOTAL] - ets;
        }
        return v;
    }
}
