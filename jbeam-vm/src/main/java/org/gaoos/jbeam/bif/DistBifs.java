package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The distribution BIFs as they answer on a node that is not distributed (jbeam has no
 * distribution yet): not alive, connected to no other node. {@code this} and {@code known} name
 * only the local node.
 */
public final class DistBifs {
    private DistBifs() {}

    private static final java.util.Set<String> KINDS = java.util.Set.of("visible", "hidden", "connected", "this", "known");

    @Bif("is_alive")
    public static Term isAlive() {
        return Atom.FALSE;
    }

    @Bif("nodes")
    public static Term nodes() {
        return Nil.NIL;
    }

    @Bif("nodes")
    public static Term nodes(Term kinds) {
        boolean self = false;
        Term l = kinds instanceof Atom ? Lists.of(kinds) : kinds;
        if (l == Nil.NIL && !(kinds instanceof Atom)) throw Errors.badarg();
        for (Term t = l; t != Nil.NIL; ) {
            if (!(t instanceof Cons c) || !(c.head() instanceof Atom a) || !KINDS.contains(a.name())) throw Errors.badarg();
            if (a.name().equals("this") || a.name().equals("known")) self = true;
            t = c.tail();
        }
        return self ? Lists.of(LocalNode.name()) : Nil.NIL;
    }

    /** nodes(Kinds, InfoOpts): {Node, #{}} for each node (the local node has no connection info). */
    @Bif("nodes")
    public static Term nodes(Term kinds, Term infoOpts) {
        if (!(infoOpts instanceof MapTerm)) throw Errors.badarg();
        ListBuilder lb = new ListBuilder();
        for (Term n : Lists.toJava(nodes(kinds))) lb.add(Tuple.of(n, MapTerm.of()));
        return lb.build();
    }
}
