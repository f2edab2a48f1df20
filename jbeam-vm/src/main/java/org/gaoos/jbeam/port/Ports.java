package org.gaoos.jbeam.port;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Term;

/** The port table: open ports by number (erlang:ports/0 lists them). */
public final class Ports {
    private Ports() {}

    private static final ConcurrentHashMap<Long, OpenPort> TABLE = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(0);

    static Port newId() {
        return new Port(LocalNode.name(), NEXT.getAndIncrement(), LocalNode.creation());
    }

    static void add(OpenPort p) {
        TABLE.put(p.id.number, p);
    }

    static void remove(OpenPort p) {
        TABLE.remove(p.id.number, p);
    }

    /** The open port {@code id} names, or null. */
    public static OpenPort lookup(Term id) {
        if (!(id instanceof Port p) || p.node != LocalNode.name() || p.creation != LocalNode.creation()) return null;
        OpenPort o = TABLE.get(p.number);
        return o != null && o.isOpen() ? o : null;
    }

    public static List<OpenPort> all() {
        return List.copyOf(TABLE.values());
    }
}
