package org.gaoos.jbeam.trace;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;

/**
 * Process trace flags as bits (erl_process.h's F_TRACE_*), their names, and the sets BEAM
 * groups them in: {@code all} (TRACEE_FLAGS), the modifier flags that make sense on processes
 * and ports alike, and the flags each kind of tracee takes.
 */
public final class TraceFlags {
    private TraceFlags() {}

    public static final int SEND = 1;
    public static final int RECEIVE = 1 << 1;
    public static final int SET_ON_SPAWN = 1 << 2;
    public static final int SET_ON_FIRST_SPAWN = 1 << 3;
    public static final int SET_ON_LINK = 1 << 4;
    public static final int SET_ON_FIRST_LINK = 1 << 5;
    public static final int CALL = 1 << 6;
    public static final int PROCS = 1 << 7;
    public static final int RUNNING = 1 << 8;
    public static final int GARBAGE_COLLECTION = 1 << 9;
    public static final int ARITY = 1 << 10;
    public static final int RETURN_TO = 1 << 11;
    public static final int SILENT = 1 << 12;
    public static final int RUNNING_PORTS = 1 << 13;
    public static final int RUNNING_PROCS = 1 << 14;
    public static final int PORTS = 1 << 15;
    public static final int SCHEDULER_ID = 1 << 16;
    public static final int EXITING = 1 << 17;
    public static final int TIMESTAMP = 1 << 18;
    public static final int MONOTONIC_TIMESTAMP = 1 << 19;
    public static final int STRICT_MONOTONIC_TIMESTAMP = 1 << 20;

    public static final int TIMESTAMPS = TIMESTAMP | MONOTONIC_TIMESTAMP | STRICT_MONOTONIC_TIMESTAMP;
    /** {@code all}: every tracee flag. */
    public static final int ALL = (1 << 21) - 1;
    /** Flags that modify events rather than enable kinds of events, for processes and ports alike. */
    public static final int MODIFIERS = SILENT | TIMESTAMPS | SCHEDULER_ID | RECEIVE | SEND;
    public static final int PORT_FLAGS = MODIFIERS | PORTS | RUNNING_PORTS;
    public static final int PROC_FLAGS = (ALL & ~PORT_FLAGS) | MODIFIERS;

    /** Names in the order trace_info/2 lists them (erl_bif_trace.c builds the list back to front). */
    private static final Object[][] NAMES = {
        {RUNNING_PROCS, "running_procs"}, {RUNNING_PORTS, "running_ports"}, {PORTS, "ports"},
        {SCHEDULER_ID, "scheduler_id"}, {SILENT, "silent"}, {RETURN_TO, "return_to"}, {ARITY, "arity"},
        {GARBAGE_COLLECTION, "garbage_collection"}, {EXITING, "exiting"}, {RUNNING, "running"},
        {SET_ON_FIRST_LINK, "set_on_first_link"}, {SET_ON_LINK, "set_on_link"},
        {SET_ON_FIRST_SPAWN, "set_on_first_spawn"}, {PROCS, "procs"}, {CALL, "call"},
        {SET_ON_SPAWN, "set_on_spawn"}, {RECEIVE, "receive"}, {SEND, "send"},
        {MONOTONIC_TIMESTAMP, "monotonic_timestamp"}, {STRICT_MONOTONIC_TIMESTAMP, "strict_monotonic_timestamp"},
        {TIMESTAMP, "timestamp"},
    };

    /** The bit of a flag name ({@code all} gives all), or 0 if it is not one. */
    public static int bit(Term name) {
        if (!(name instanceof Atom a)) return 0;
        if (a.name().equals("all")) return ALL;
        for (Object[] n : NAMES) if (n[1].equals(a.name())) return (int) n[0];
        return 0;
    }

    /** The flags as trace_info/2's list. */
    public static Term list(int flags) {
        Term l = Nil.NIL;
        for (int i = NAMES.length - 1; i >= 0; i--) {
            if ((flags & (int) NAMES[i][0]) != 0) l = new Cons(Atom.of((String) NAMES[i][1]), l);
        }
        return l;
    }
}
