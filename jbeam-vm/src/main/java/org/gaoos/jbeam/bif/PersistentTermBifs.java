package org.gaoos.jbeam.bif;

import java.util.concurrent.ConcurrentHashMap;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * persistent_term: get/put/erase on one VM-wide table. Terms are immutable and shared, so a put
 * publishes the term itself. (The process world issue owns info/0 and the GC semantics.)
 */
public final class PersistentTermBifs {
    private PersistentTermBifs() {}

    private static final ConcurrentHashMap<Term, Term> TABLE = new ConcurrentHashMap<>();

    @Bif(module = "persistent_term", value = "put")
    public static Term put(Term key, Term value) {
        TABLE.put(key, value);
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

    @Bif(module = "persistent_term", value = "get")
    public static Term get() {
        ListBuilder lb = new ListBuilder();
        TABLE.forEach((k, v) -> lb.add(Tuple.of(k, v)));
        return lb.build();
    }

    @Bif(module = "persistent_term", value = "erase")
    public static Term erase(Term key) {
        return Atom.of(TABLE.remove(key) != null);
    }
}
