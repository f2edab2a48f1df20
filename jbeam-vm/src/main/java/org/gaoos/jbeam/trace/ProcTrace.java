package org.gaoos.jbeam.trace;

import org.gaoos.jbeam.term.Term;

/**
 * What traces one process: per session, its flags and tracer (BEAM's ErtsTracerRef list).
 * Immutable: a change publishes a new instance in {@code Proc.trace}, which is null for a process
 * nobody traces, so the untraced paths cost one field read.
 */
public final class ProcTrace {
    /** One session's trace settings on a process. */
    public record Tracee(TraceSession session, int flags, Term tracer) {
        boolean has(int flag) { return (flags & flag) != 0; }
    }

    final Tracee[] entries;

    private ProcTrace(Tracee[] entries) {
        this.entries = entries;
    }

    Tracee get(TraceSession s) {
        for (Tracee t : entries) if (t.session == s) return t;
        return null;
    }

    /** {@code pt} with session {@code s}'s entry replaced by {@code t} (removed if null); null if empty. */
    static ProcTrace with(ProcTrace pt, TraceSession s, Tracee t) {
        Tracee[] old = pt == null ? new Tracee[0] : pt.entries;
        java.util.ArrayList<Tracee> l = new java.util.ArrayList<>(old.length + 1);
        boolean placed = false;
        for (Tracee e : old) {
            if (e.session == s) {
                if (t != null) l.add(t);
                placed = true;
            } else if (e.session.alive) {
                l.add(e);
            }
        }
        if (!placed && t != null) l.add(t);
        return l.isEmpty() ? null : new ProcTrace(l.toArray(new Tracee[0]));
    }
}
