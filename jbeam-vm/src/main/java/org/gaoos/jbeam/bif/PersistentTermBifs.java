package org.gaoos.jbeam.bif;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.LiteralAreas;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Big;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.LocalFun;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * persistent_term ({@code erl_bif_persistent.c}): one VM-wide table, keys compared with
 * {@code =:=}. Terms are immutable and shared on the JVM heap, so {@code put} publishes the term
 * itself and {@code get} returns it without copying: BEAM's cost model (cheap get, put and erase
 * that may be expensive) without its global GC, which a shared heap does not need.
 * {@code info/0}'s memory is an estimate in BEAM's terms (the words the terms would take in a
 * literal area plus the hash table); the count is exact.
 */
public final class PersistentTermBifs {
    private PersistentTermBifs() {}

    private static final ConcurrentHashMap<Term, Term> TABLE = new ConcurrentHashMap<>();

    static {
        LiteralAreas.setPersistentValues(() -> java.util.List.copyOf(TABLE.values()));
    }

    /** Updates are serialised (as on BEAM) so the literal index follows the table. */
    @Bif(module = "persistent_term", value = "put")
    public static Term put(Term key, Term value) {
        synchronized (LiteralAreas.LOCK) {
            Term old = TABLE.put(key, value);
            if (old != value) LiteralAreas.replaced(old, value);
        }
        return Atom.OK;
    }

    @Bif(module = "persistent_term", value = "get")
    public static Term get(Term key) {
        Term v = TABLE.get(key);
        if (v == null) throw Errors.badarg();
        return v;
    }

    @Bif(module = "persistent_term", value = "get")
    public static Term get(Term key, Term dflt) {
        Term v = TABLE.get(key);
        return v == null ? dflt : v;
    }

    /** get/0 costs a reduction per term (BEAM's traps as it walks the table), so loops of it get preempted. */
    @Bif(module = "persistent_term", value = "get")
    public static Term get(Proc self) {
        ListBuilder lb = new ListBuilder();
        int[] n = {0};
        TABLE.forEach((k, v) -> { lb.add(Tuple.of(k, v)); n[0]++; });
        self.bump(n[0]);
        return lb.build();
    }

    @Bif(module = "persistent_term", value = "erase")
    public static Term erase(Term key) {
        synchronized (LiteralAreas.LOCK) {
            Term old = TABLE.remove(key);
            LiteralAreas.replaced(old, null);
            return Atom.of(old != null);
        }
    }

    @Bif(module = "persistent_term", value = "info")
    public static Term info() {
        long words = 0;
        int count = 0;
        for (var e : TABLE.entrySet()) {
            count++;
            words += 3 + words(e.getKey()) + words(e.getValue()); // entry tuple {K, V} + both terms
        }
        long table = 8 + tableSlots(count);
        return MapTerm.of(Atom.of("count"), Int.of(count), Atom.of("memory"), Int.of(8 * (words + table)));
    }

    /**
     * The slots of the hash table BEAM would have for the current count (a power of two, at least
     * its initial 64, kept under half full): {@code erts_debug:get_internal_state(persistent_term)}'s
     * {@code table}, and part of info/0's memory.
     */
    static long tableSlots(int count) {
        long need = Math.max(1, count) * 2L; // at most half full: the smallest power of two >= 2 * count
        return Math.max(64, Long.highestOneBit(need - 1) << 1);
    }

    static long tableSlots() {
        return tableSlots(TABLE.size());
    }

    /** erts_internal:erase_persistent_terms/0 (erl_init:restart/0): empties the table. */
    @Bif(module = "erts_internal", value = "erase_persistent_terms")
    public static Term eraseAll() {
        synchronized (LiteralAreas.LOCK) {
            for (Term v : TABLE.values()) LiteralAreas.replaced(v, null);
            TABLE.clear();
        }
        return Atom.TRUE;
    }

    /** The heap words a term takes on a 64-bit BEAM (immediates 0; walks iteratively). */
    static long words(Term root) {
        long w = 0;
        ArrayDeque<Term> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Term t = todo.pop();
            switch (t) {
                case Cons c -> {
                    w += 2;
                    todo.push(c.head());
                    todo.push(c.tail());
                }
                case Tuple u -> {
                    w += 1 + u.arity();
                    for (int i = 0; i < u.arity(); i++) todo.push(u.get(i));
                }
                case MapTerm m -> {
                    w += 3 + 2L * m.size();
                    m.forEach((k, v) -> { todo.push(k); todo.push(v); });
                }
                case Bitstring b -> w += b.byteSizeCeil() <= 64 ? 2 + (b.byteSizeCeil() + 7) / 8 : 6;
                case Big b -> w += 1 + (b.value().bitLength() + 63) / 64;
                case Flonum f -> w += 2;
                case Ref r -> w += 1 + r.idCount();
                case LocalFun f -> {
                    w += 3 + f.env().length;
                    for (Term e : f.env()) todo.push(e);
                }
                case org.gaoos.jbeam.term.Small s -> w += (s.value() >> 59 == 0 || s.value() >> 59 == -1) ? 0 : 2;
                default -> { } // atoms, local pids and ports, export funs: immediates or shared
            }
        }
        return w;
    }
}
