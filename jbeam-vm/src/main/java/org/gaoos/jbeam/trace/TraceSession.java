package org.gaoos.jbeam.trace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaoos.jbeam.ets.MatchSpec;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * A trace session (OTP 27's ErtsTraceSession): an independent set of process flags, function
 * breakpoints, send/receive patterns and new-process flags. The legacy session is what
 * erlang:trace/3 and trace_pattern/3 use; trace:session_create/3 makes others, each with its own
 * tracer (or none: then each tracee has its own, as in the legacy session).
 *
 * <p>Patterns are {@code null} for "all events" (true), {@link #NONE} for "no events" (false), or a
 * compiled trace match specification.
 */
public final class TraceSession {
    /** The pattern that lets no event through (trace_pattern(send, false)). */
    public static final MatchSpec NONE = null;

    public static final TraceSession LEGACY = new TraceSession(-1, Atom.of("legacy"), null, null);
    private static final CopyOnWriteArrayList<TraceSession> ALL = new CopyOnWriteArrayList<>(List.of(LEGACY));
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    final int id;
    final Atom name;
    /** The session's own tracer, or null (each tracee names its own). */
    final Term tracer;
    /** The handle trace:session_create/3 returned ({Ref, Weak}); null for the legacy session. */
    final Term handle;
    /** The weak handle {Name, Id} (trace:session_info/1); {legacy, default} for the legacy session. */
    final Term weak;
    volatile boolean alive = true;

    /** Send and receive trace patterns: true (all), false, or a match spec. */
    volatile Object sendPattern = Boolean.TRUE;
    volatile Object receivePattern = Boolean.TRUE;

    /** Flags and tracer every new process gets (trace(new_processes, ...)). */
    volatile int newProcFlags;
    volatile Term newProcTracer;
    volatile int newPortFlags;
    volatile Term newPortTracer;

    private TraceSession(int id, Atom name, Term tracer, Ref ref) {
        this.id = id;
        this.name = name;
        this.tracer = tracer;
        this.weak = id < 0 ? Tuple.of(name, Atom.of("default")) : Tuple.of(name, Small.of(id));
        this.handle = ref == null ? null : Tuple.of(ref, weak);
    }

    static TraceSession create(Atom name, Term tracer) {
        TraceSession s = new TraceSession(NEXT_ID.getAndIncrement(), name, tracer, Processes.makeRef());
        ALL.add(0, s);
        return s;
    }

    /** Sessions alive, newest first, the legacy session last (as trace:session_info(all) lists them). */
    static List<TraceSession> all() {
        return ALL;
    }

    void destroyed() {
        alive = false;
        ALL.remove(this);
    }

    /** The session a handle {Ref, {Name, Id}} stands for, or null. */
    static TraceSession of(Term handle) {
        if (!(handle instanceof Tuple t) || t.arity() != 2 || !(t.get(0) instanceof Ref)) return null;
        for (TraceSession s : ALL) if (s.handle != null && s.handle.equals(handle)) return s;
        return null;
    }

    /** True if a handle of the right shape names a session that was destroyed. */
    static boolean isStaleHandle(Term handle) {
        return handle instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Ref
                && t.get(1) instanceof Tuple w && w.arity() == 2 && w.get(0) instanceof Atom && w.get(1) instanceof Small;
    }

    @Override
    public String toString() {
        return "TraceSession" + weak;
    }
}
