package org.gaoos.jbeam.runtime;

import java.lang.invoke.MethodHandles;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.TermSize;

/**
 * Which objects live in a literal area, as BEAM would have them: the literals of every loaded
 * module version (until it is purged) and the values stored in persistent_term (until erased or
 * replaced). Only {@code erts_debug:size_shared/1} asks (BEAM does not count literals), so the
 * index is built on its first call and kept up to date from then on; until then loading and
 * persistent_term pay nothing. jbeam shares terms by reference where BEAM copies them into the
 * process heap, so "leaving the literal area" (purge, erase) is simply leaving the index: the
 * objects are then counted, as BEAM counts the copies a purge makes.
 */
public final class LiteralAreas {
    private LiteralAreas() {}

    /** The lock of the index; persistent_term's put and erase hold it too (they are serialised on BEAM). */
    public static final Object LOCK = new Object();

    private static volatile boolean tracking;
    /** Boxed objects in some literal area, with the number of areas holding them. */
    private static final IdentityHashMap<Object, int[]> INDEX = new IdentityHashMap<>();
    /** Every module version not yet purged (weakly: a dropped version goes with its class). */
    private static final Map<ModuleCode, Boolean> MODULES = Collections.synchronizedMap(new WeakHashMap<>());
    private static Supplier<List<Term>> persistentValues = List::of;

    /** Called by persistent_term at start-up: how to list its stored values. */
    public static void setPersistentValues(Supplier<List<Term>> values) { persistentValues = values; }

    /** erts_debug:size_shared/1 of {@code t} (the index is built on the first call). */
    public static long sizeShared(Term t) {
        if (!tracking) enable();
        synchronized (LOCK) {
            releaseDue();
            return TermSize.sharedSize(t, INDEX::containsKey);
        }
    }

    static void loaded(ModuleCode code) {
        synchronized (LOCK) {
            MODULES.put(code, Boolean.TRUE);
            if (tracking) addAll(literals(code), +1);
        }
    }

    static void purged(ModuleCode code) {
        synchronized (LOCK) {
            if (MODULES.remove(code) != null && tracking) addAll(literals(code), -1);
        }
    }

    /**
     * How long an erased or replaced persistent term stays in the index: BEAM copies it into the
     * processes that hold it only when its literal area is released, after thread progress, so
     * right after {@code erase} it is still a literal (persistent_term_SUITE's off_heap_values
     * relies on that, purging waits for the copy).
     */
    private static final long RELEASE_DELAY_NANOS = 50_000_000;
    private record Pending(long due, Term term) {}
    private static final java.util.ArrayDeque<Pending> PENDING = new java.util.ArrayDeque<>();

    /** persistent_term replaced {@code old} (null if none) by {@code now} (null when erased); holds {@link #LOCK}. */
    public static void replaced(Term old, Term now) {
        if (!tracking) return;
        releaseDue();
        if (old != null) PENDING.add(new Pending(System.nanoTime() + RELEASE_DELAY_NANOS, old));
        if (now != null) add(now, +1);
    }

    /** Releases the erased terms whose delay has passed; holds {@link #LOCK}. */
    private static void releaseDue() {
        long now = System.nanoTime();
        while (!PENDING.isEmpty() && PENDING.peekFirst().due() - now <= 0) add(PENDING.pollFirst().term(), -1);
    }

    private static void enable() {
        synchronized (LOCK) {
            if (tracking) return;
            for (ModuleCode c : List.copyOf(MODULES.keySet())) addAll(literals(c), +1);
            for (Term t : persistentValues.get()) add(t, +1);
            tracking = true;
        }
    }

    private static List<?> literals(ModuleCode code) {
        try {
            List<?> data = MethodHandles.classData(code.lookup(), "_", List.class);
            return data == null ? List.of() : data;
        } catch (IllegalAccessException e) {
            return List.of();
        }
    }

    private static void addAll(List<?> constants, int delta) {
        for (Object o : constants) if (o instanceof Term t) add(t, delta);
    }

    private static void add(Term t, int delta) {
        TermSize.forEachBoxed(t, o -> {
            int[] n = INDEX.computeIfAbsent(o, k -> new int[1]);
            n[0] += delta;
            if (n[0] <= 0) INDEX.remove(o);
        });
    }
}
