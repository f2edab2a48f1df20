package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** The BIFs of module {@code maps} and the map BIFs of {@code erts_internal}. */
public final class MapsBifs {
    private MapsBifs() {}

    private static MapTerm map(Term m) {
        if (m instanceof MapTerm mt) return mt;
        throw Errors.badmap(m);
    }

    @Bif(module = "maps", value = "get")
    public static Term get(Term k, Term m) {
        Term v = map(m).get(k);
        if (v == null) throw Errors.badkey(k);
        return v;
    }

    @Bif(module = "maps", value = "find")
    public static Term find(Term k, Term m) {
        Term v = map(m).get(k);
        return v == null ? Atom.ERROR : Tuple.of(Atom.OK, v);
    }

    @Bif(module = "maps", value = "put")
    public static Term put(Term k, Term v, Term m) { return map(m).put(k, v); }

    @Bif(module = "maps", value = "remove")
    public static Term remove(Term k, Term m) { return map(m).remove(k); }

    @Bif(module = "maps", value = "update")
    public static Term update(Term k, Term v, Term m) {
        MapTerm mt = map(m);
        if (mt.get(k) == null) throw Errors.badkey(k);
        return mt.put(k, v);
    }

    @Bif(module = "maps", value = "take")
    public static Term take(Term k, Term m) {
        MapTerm mt = map(m);
        Term v = mt.get(k);
        return v == null ? Atom.ERROR : Tuple.of(v, mt.remove(k));
    }

    @Bif(module = "maps", value = "is_key")
    public static Term isKey(Term k, Term m) { return Atom.of(map(m).get(k) != null); }

    @Bif(module = "maps", value = "keys")
    public static Term keys(Term m) { return map(m).keyList(); }

    @Bif(module = "maps", value = "values")
    public static Term values(Term m) { return map(m).valueList(); }

    @Bif(module = "maps", value = "from_list")
    public static Term fromList(Term l) {
        MapTerm m = MapTerm.EMPTY;
        Term t = l;
        while (t instanceof Cons c) {
            if (!(c.head() instanceof Tuple kv) || kv.arity() != 2) throw Errors.badarg();
            m = m.put(kv.get(0), kv.get(1));
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return m;
    }

    @Bif(module = "maps", value = "from_keys")
    public static Term fromKeys(Term l, Term v) {
        MapTerm m = MapTerm.EMPTY;
        Term t = l;
        while (t instanceof Cons c) {
            m = m.put(c.head(), v);
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return m;
    }

    @Bif(module = "maps", value = "merge")
    public static Term merge(Term a, Term b) {
        MapTerm x = map(a), y = map(b);
        if (x.size() == 0) return y;
        MapTerm[] r = {x};
        y.forEach((k, v) -> r[0] = r[0].put(k, v));
        return r[0];
    }

    /**
     * erts_internal:map_next(Path, Map, Acc | iterator), as maps:to_list/1 and maps:next/1 use it.
     * Path is the position reached in iteration order (an integer). With a list accumulator it
     * returns all remaining pairs as {K, V} in front of Acc (BEAM may return [Path, Map | Acc] to
     * continue in chunks; doing it at once is allowed by the caller's loop). With {@code iterator}
     * it returns {K, V, [Path' | Map]} or none.
     * TODO: iteration by position costs O(n) per step for large maps; keep a cursor instead.
     */
    @Bif(module = "erts_internal", value = "map_next")
    public static Term mapNext(Term path, Term m, Term acc) {
        MapTerm mt = map(m);
        if (!(path instanceof Small s) || s.value < 0) throw Errors.badarg();
        int pos = (int) Math.min(s.value, mt.size());
        if (acc == Atom.of("iterator")) {
            if (pos >= mt.size()) return Atom.NONE;
            Term[] keys = mt.keysInIteratorOrder();
            Term[] values = mt.valuesInIteratorOrder();
            return Tuple.of(keys[pos], values[pos], new Cons(Small.of(pos + 1), mt));
        }
        if (!(acc instanceof Cons) && acc != Nil.NIL) throw Errors.badarg();
        Term[] keys = mt.keysInIteratorOrder();
        Term[] values = mt.valuesInIteratorOrder();
        Term out = acc;
        for (int i = keys.length - 1; i >= pos; i--) out = new Cons(Tuple.of(keys[i], values[i]), out);
        return out;
    }

    @SuppressWarnings("unused")
    private static Term list(Term... ts) { return Lists.of(ts); }
}
