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

    @Bif("is_alive")
    public static Term isAlive() {
        return Atom.FALSE;
    }

    private static final Atom VISIBLE = Atom.of("visible"), HIDDEN = Atom.of("hidden"), KNOWN = Atom.of("known"),
            THIS = Atom.of("this"), CONNECTED = Atom.of("connected"), CONNECTION_ID = Atom.of("connection_id"),
            NODE_TYPE = Atom.of("node_type");

    /**
     * nodes/0,1,2 (dist.c): jbeam has no distribution, so no node is connected; {@code this} and
     * {@code known} list only the local node. (BEAM's {@code known} also lists remote nodes whose
     * pids, ports or refs this node has seen in terms; jbeam keeps no such table.)
     */
    @Bif("nodes") public static Term nodes() { return nodes(VISIBLE); }

    @Bif("nodes") public static Term nodes(Term types) { return nodes(types, null); }

    @Bif("nodes")
    public static Term nodes(Term types, Term options) {
        boolean self = false;
        Term l = types instanceof Atom ? new Cons(types, Nil.NIL) : types;
        for (; l instanceof Cons c; l = c.tail()) {
            if (c.head() == THIS || c.head() == KNOWN) self = true;
            else if (c.head() != VISIBLE && c.head() != HIDDEN && c.head() != CONNECTED) throw Errors.badarg();
        }
        if (l != Nil.NIL) throw Errors.badarg();
        boolean connectionId = false, nodeType = false;
        if (options != null) {
            if (!(options instanceof MapTerm m)) throw Errors.badarg();
            int known = 0;
            Term cid = m.get(CONNECTION_ID), nt = m.get(NODE_TYPE);
            if (cid != null) { connectionId = ErlangBifs.bool(cid); known++; }
            if (nt != null) { nodeType = ErlangBifs.bool(nt); known++; }
            if (known != m.size()) throw Errors.badarg();
        }
        if (!self) return Nil.NIL;
        Term name = LocalNode.name();
        if (options == null) return new Cons(name, Nil.NIL);
        MapTerm info = MapTerm.EMPTY;
        if (connectionId) info = info.put(CONNECTION_ID, Atom.UNDEFINED);
        if (nodeType) info = info.put(NODE_TYPE, THIS);
        return new Cons(Tuple.of(name, info), Nil.NIL);
    }
}
