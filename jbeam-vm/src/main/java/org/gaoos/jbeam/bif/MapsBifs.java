package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.FlatMap;
import org.gaoos.jbeam.term.HashTrieMap;
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
     * erts_internal:map_next(Path, Map, Acc | iterator), which maps:to_list/1 and maps:next/1
     * use, with erl_map.c's result shapes: a small map gives all its associations at once; a
     * large map gives a chunk sized by the reductions left (at most 32 from path 0) and the path
     * to continue from; an ordered iterator's path is the list of keys still to visit.
     */
    @Bif(module = "erts_internal", value = "map_next")
    public static Term mapNext(Proc p, Term path, Term m, Term acc) {
        if (!(m instanceof MapTerm mt)) throw Errors.badarg();
        boolean iterator = acc == ITERATOR;
        if (!iterator && !(acc instanceof Cons) && acc != Nil.NIL) throw Errors.badarg();
        if (iterator && (path instanceof Cons || path == Nil.NIL)) return orderedNext(p, path, mt);
        if (mt instanceof FlatMap f) {
            if (!(path instanceof Small s) || s.value < 0 || s.value > f.size()) throw Errors.badarg();
            Term r = iterator ? Atom.NONE : acc;
            for (int i = f.size() - 1; i >= 0; i--) {
                r = iterator ? Tuple.of(f.keyAt(i), f.valueAt(i), r) : new Cons(Tuple.of(f.keyAt(i), f.valueAt(i)), r);
            }
            return r;
        }
        int budget = Math.max(p.reds / 4, 1);
        int[] taken = new int[1];
        Term r = ((HashTrieMap) mt).next(path, Math.min(budget, mt.size()), iterator ? null : acc, taken);
        if (r == null) throw Errors.badarg();
        p.bump(4 * taken[0]);
        return r;
    }

    private static final Atom ITERATOR = Atom.of("iterator");
    private static final int ORDERED_ITER_FACTOR = 32;

    /** An ordered iterator's step: {K,V,...} for a reductions-sized run of the listed keys. */
    private static Term orderedNext(Proc p, Term path, MapTerm m) {
        int elems = Math.max(1, p.reds / ORDERED_ITER_FACTOR);
        java.util.ArrayList<Term> ks = new java.util.ArrayList<>(), vs = new java.util.ArrayList<>();
        while (path instanceof Cons c && ks.size() < elems) {
            Term v = m.get(c.head());
            if (v == null) throw Errors.badarg();
            ks.add(c.head());
            vs.add(v);
            path = c.tail();
        }
        Term r;
        if (path instanceof Cons) {
            r = new Cons(path, m);
        } else if (path == Nil.NIL) {
            r = Atom.NONE;
        } else {
            throw Errors.badarg();
        }
        for (int i = ks.size() - 1; i >= 0; i--) r = Tuple.of(ks.get(i), vs.get(i), r);
        p.bump(ORDERED_ITER_FACTOR * ks.size());
        return r;
    }

    @SuppressWarnings("unused")
    private static Term list(Term... ts) { return Lists.of(ts); }
}
