package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** The BIFs of module {@code lists} (the rest of lists is OTP's Erlang code). */
public final class ListsBifs {
    private ListsBifs() {}

    @Bif(module = "lists", value = "reverse")
    public static Term reverse(Term list, Term tail) {
        Term reversed = Lists.reverse(list, tail);
        if (reversed == null) throw Errors.badarg();
        return reversed;
    }

    @Bif(module = "lists", value = "member")
    public static Term member(Term elem, Term list) {
        Term t = list;
        while (t instanceof Cons c) {
            if (Ops.isEqExact(c.head(), elem)) return Atom.TRUE;
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return Atom.FALSE;
    }

    private static Tuple keyfindTuple(Term key, Term n, Term list) {
        if (!(n instanceof Small s) || s.value < 1 || s.value > Integer.MAX_VALUE) throw Errors.badarg();
        int pos = (int) s.value - 1;
        Term t = list;
        while (t instanceof Cons c) {
            // "compares equal": ==, so 1 finds 1.0
            if (c.head() instanceof Tuple tu && pos < tu.arity() && Ops.isEq(tu.get(pos), key)) {
                return tu;
            }
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return null;
    }

    @Bif(module = "lists", value = "keyfind")
    public static Term keyfind(Term key, Term n, Term list) {
        Tuple t = keyfindTuple(key, n, list);
        return t == null ? Atom.FALSE : t;
    }

    @Bif(module = "lists", value = "keymember")
    public static Term keymember(Term key, Term n, Term list) {
        return Atom.of(keyfindTuple(key, n, list) != null);
    }

    @Bif(module = "lists", value = "keysearch")
    public static Term keysearch(Term key, Term n, Term list) {
        Tuple t = keyfindTuple(key, n, list);
        return t == null ? Atom.FALSE : Tuple.of(Atom.of("value"), t);
    }
}
