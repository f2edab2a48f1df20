package org.gaoos.jbeam.ets;

import java.util.Iterator;
import java.util.Map;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * Table traversals driven by a match specification: select (whole table or in chunks with a
 * continuation), select_count, select_delete, select_replace; match and match_object are select
 * with the bodies {@code ['$$']} and {@code ['$_']}.
 *
 * <p>A traversal walks the table's skip list weakly consistently: objects inserted or deleted
 * meanwhile may or may not be seen, none is seen twice. When every clause's head binds the key to
 * one constant, only that key is visited. A continuation is
 * {@code {'$jbeam_ets_select', Tid, {LastKey}, Limit, MatchSpec, Reverse}}; chunks end on a key
 * boundary, so a bag's chunk may exceed the limit by the rest of its last key's objects.
 */
public final class Select {
    private Select() {}

    public enum Mode { SELECT, COUNT, DELETE, REPLACE }

    private static final Atom CONT = Atom.of("$jbeam_ets_select");
    private static final Atom END_OF_TABLE = Atom.of("$end_of_table");

    /** A whole-table traversal in {@code mode}: the result list, or the count. */
    public static Term all(Proc p, Table t, MatchSpec ms, boolean reverse, Mode mode) {
        ListBuilder out = new ListBuilder();
        long count = 0;
        Term key = ms.boundKey(t.keypos);
        Iterator<Map.Entry<Object, Object>> it;
        if (key != null) {
            Map.Entry<Object, Object> e = t.entry(key);
            it = e == null ? java.util.Collections.emptyIterator() : java.util.List.of(e).iterator();
        } else {
            it = t.entries(null, reverse);
        }
        int budget = 0;
        while (it.hasNext()) {
            Map.Entry<Object, Object> e = it.next();
            switch (mode) {
                case DELETE -> count += t.removeMatching(e.getKey(), obj -> ms.run(p, obj) == Atom.TRUE);
                case REPLACE -> count += t.replaceMatching(e.getKey(), obj -> {
                    Term r = ms.run(p, obj);
                    return r instanceof Tuple n && n.arity() >= t.keypos && sameKey(t, obj, n) ? n : null;
                });
                default -> {
                    for (Tuple obj : Table.objects(e.getValue())) {
                        Term r = ms.run(p, obj);
                        if (r == null) continue;
                        if (mode == Mode.SELECT) out.add(r);
                        else if (r == Atom.TRUE) count++;
                    }
                }
            }
            if ((++budget & 255) == 0) p.bump(100); // long traversals cost reductions
        }
        return mode == Mode.SELECT ? out.build() : Int.of(count);
    }

    private static boolean sameKey(Table t, Tuple old, Tuple n) {
        Term a = old.get(t.keypos - 1), b = n.get(t.keypos - 1);
        return t.isOrdered() ? a.eq(b) : a.equals(b);
    }

    /** select/3 and friends: the first chunk of at most about {@code limit} results. */
    public static Term chunk(Proc p, Table t, MatchSpec ms, Term msSource, boolean reverse, long limit, Term after) {
        ListBuilder out = new ListBuilder();
        long n = 0;
        Term key = ms.boundKey(t.keypos);
        Term last = null;
        if (key != null) {
            if (after == null) {
                for (Tuple obj : t.lookup(key)) {
                    Term r = ms.run(p, obj);
                    if (r != null) {
                        out.add(r);
                        n++;
                    }
                }
            }
            return n == 0 ? END_OF_TABLE : Tuple.of(out.build(), END_OF_TABLE);
        }
        Iterator<Map.Entry<Object, Object>> it = t.entries(after, reverse);
        boolean more = false;
        while (it.hasNext()) {
            if (n >= limit) {
                more = true;
                break;
            }
            Map.Entry<Object, Object> e = it.next();
            last = Table.keyTerm(e.getKey());
            for (Tuple obj : Table.objects(e.getValue())) {
                Term r = ms.run(p, obj);
                if (r != null) {
                    out.add(r);
                    n++;
                }
            }
        }
        if (n == 0) return END_OF_TABLE;
        Term cont = more || n >= limit
                ? Tuple.adopt(new Term[] {CONT, t.tid, Tuple.of(last), Int.of(limit), msSource, Atom.of(reverse)})
                : END_OF_TABLE;
        return Tuple.of(out.build(), cont);
    }

    /** select/1, match/1, match_object/1: the next chunk after continuation {@code cont}. */
    public static Term resume(Proc p, Term cont) {
        if (cont == END_OF_TABLE) return END_OF_TABLE;
        if (!(cont instanceof Tuple c) || c.arity() != 6 || c.get(0) != CONT || !(c.get(1) instanceof Ref tid)
                || !(c.get(2) instanceof Tuple last) || last.arity() != 1 || !(c.get(3) instanceof Small limit)) {
            throw Errors.badarg();
        }
        Table t = Tables.get(tid);
        t.checkRead(p.pid());
        MatchSpec ms;
        try {
            ms = MatchSpec.compile(c.get(4));
        } catch (MatchSpec.Invalid e) {
            throw Errors.badarg();
        }
        return chunk(p, t, ms, c.get(4), c.get(5) == Atom.TRUE, limit.value, last.get(0));
    }

    /** info(T, safe_fixed | safe_fixed_monotonic_time): false, or {Time, [{Pid, Count}]}. */
    public static Term fixInfo(Table t, boolean monotonic) {
        synchronized (t.fixes) {
            if (t.fixes.isEmpty()) return Atom.FALSE;
            Term l = Nil.NIL;
            var entries = new java.util.ArrayList<>(t.fixes.entrySet());
            for (int i = entries.size() - 1; i >= 0; i--) {
                Map.Entry<Pid, Integer> e = entries.get(i);
                l = new Cons(Tuple.of(e.getKey(), Small.of(e.getValue())), l);
            }
            Term time;
            if (monotonic) {
                time = Int.of(t.fixedSince);
            } else {
                long micros = System.currentTimeMillis() * 1000 - (System.nanoTime() - t.fixedSince) / 1000;
                time = Tuple.of(Small.of(micros / 1_000_000_000_000L), Small.of(micros / 1_000_000 % 1_000_000),
                        Small.of(micros % 1_000_000));
            }
            return Tuple.of(time, l);
        }
    }
}
