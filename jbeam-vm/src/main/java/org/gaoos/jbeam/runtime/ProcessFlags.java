package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/**
 * process_flag/2. {@code trap_exit} changes how exit signals are received and {@code priority} is
 * recorded (virtual threads have no priorities: all processes are scheduled alike). The flags that
 * tune BEAM's per-process heaps and tracing are validated, recorded and reported, with BEAM's
 * defaults as the first old values.
 */
public final class ProcessFlags {
    private ProcessFlags() {}

    /** Sets {@code flag} of the calling process; returns the old value. */
    public static Term set(Proc p, Term flag, Term value) {
        if (flag == MONITOR_NODES || flag instanceof org.gaoos.jbeam.term.Tuple t && t.arity() == 2
                && t.get(0) == MONITOR_NODES && (t.get(1) instanceof MapTerm || Ops.isList(t.get(1)))) {
            return monitorNodes(p, flag, value);
        }
        if (!(flag instanceof Atom f)) throw Errors.badarg();
        switch (f.name()) {
            case "trap_exit" -> {
                if (value != Atom.TRUE && value != Atom.FALSE) throw Errors.badarg();
                boolean old = p.trapExit;
                p.trapExit = value == Atom.TRUE;
                return Atom.of(old);
            }
            case "priority" -> {
                if (!Spawn.isPriority(value)) throw Errors.badarg();
                Term old = p.priority;
                p.priority = value;
                return old;
            }
            case "save_calls" -> {
                if (!(value instanceof Small s) || s.value < 0 || s.value > 10000) throw Errors.badarg();
                return record(p, f, value, Small.ZERO);
            }
            case "min_heap_size", "min_bin_vheap_size" -> {
                if (!(value instanceof Int i) || i.signum() < 0) throw Errors.badarg();
                return record(p, f, value, Small.of(f.name().equals("min_heap_size") ? 233 : 46422));
            }
            case "max_heap_size" -> {
                MapTerm old = maxHeapSize(p);
                p.flags.put(f, maxHeapSizeOf(value, old));
                return old;
            }
            case "fullsweep_after" -> {
                if (!(value instanceof Small s) || s.value < 0) throw Errors.badarg();
                return record(p, f, value, Small.of(65535));
            }
            case "message_queue_data" -> {
                if (value != Atom.of("on_heap") && value != Atom.of("off_heap")) throw Errors.badarg();
                return record(p, f, value, Atom.of("on_heap"));
            }
            case "sensitive", "async_dist" -> {
                if (value != Atom.TRUE && value != Atom.FALSE) throw Errors.badarg();
                return record(p, f, value, Atom.FALSE);
            }
            case "scheduler" -> {  // binding to a scheduler: recorded (virtual threads run on any carrier)
                if (!(value instanceof Small s) || s.value < 0
                        || s.value > Runtime.getRuntime().availableProcessors()) throw Errors.badarg();
                return record(p, f, value, Small.ZERO);
            }
            case "error_handler" -> {
                if (!(value instanceof Atom)) throw Errors.badarg();
                return record(p, f, value, Atom.of("error_handler"));
            }
            default -> throw Errors.badarg();
        }
    }

    private static final Atom MONITOR_NODES = Atom.of("monitor_nodes");
    static final Atom MAX_HEAP_SIZE = Atom.of("max_heap_size");

    // max_heap_size is recorded and reported, never enforced: processes share the JVM heap
    private static final Atom SIZE = Atom.of("size"), KILL = Atom.of("kill"), ERROR_LOGGER = Atom.of("error_logger"),
            INCLUDE_SHARED_BINARIES = Atom.of("include_shared_binaries");
    private static volatile MapTerm systemMaxHeapSize = MapTerm.of(ERROR_LOGGER, Atom.TRUE,
            INCLUDE_SHARED_BINARIES, Atom.FALSE, KILL, Atom.TRUE, SIZE, Small.ZERO);

    /**
     * A max_heap_size setting (system_flag/2, process_flag/2, spawn_opt) as BEAM validates it: a size in words, or a map with
     * {@code size} and optionally the booleans {@code kill}, {@code error_logger},
     * {@code include_shared_binaries} (other keys ignored); the size is 0 (no limit) or at least the minimum heap size
     * (233 words); the flags not given keep their values in {@code current}. Returns the full map;
     * badarg otherwise.
     */
    static MapTerm maxHeapSizeOf(Term v, MapTerm current) {
        Term size = v;
        Term kill = current.get(KILL), errorLogger = current.get(ERROR_LOGGER), isb = current.get(INCLUDE_SHARED_BINARIES);
        if (v instanceof MapTerm m) {
            size = m.get(SIZE);
            for (Term k : m.keysInIteratorOrder()) {  // other keys are ignored, as by BEAM
                if (k != KILL && k != ERROR_LOGGER && k != INCLUDE_SHARED_BINARIES) continue;
                Term b = m.get(k);
                if (b != Atom.TRUE && b != Atom.FALSE) throw Errors.badarg();
                if (k == KILL) kill = b;
                else if (k == ERROR_LOGGER) errorLogger = b;
                else isb = b;
            }
        }
        if (!(size instanceof Small s) || s.value < 0 || (s.value != 0 && s.value < 233)) throw Errors.badarg();
        return MapTerm.of(ERROR_LOGGER, errorLogger, INCLUDE_SHARED_BINARIES, isb, KILL, kill, SIZE, size);
    }

    /** The system-wide max_heap_size (system_info, and what new processes start with). */
    public static MapTerm systemMaxHeapSize() {
        return systemMaxHeapSize;
    }

    /** system_flag(max_heap_size, V): validates and sets the system-wide setting; returns the old. */
    public static synchronized MapTerm setSystemMaxHeapSize(Term v) {
        MapTerm old = systemMaxHeapSize;
        systemMaxHeapSize = maxHeapSizeOf(v, old);
        return old;
    }


    /**
     * monitor_nodes and {monitor_nodes, Options}: the process subscribes (true) or unsubscribes
     * (false) to nodeup/nodedown messages; returns how many subscriptions with these options it
     * had. jbeam has no distribution yet, so no node ever comes up or goes down.
     */
    private static Term monitorNodes(Proc p, Term key, Term value) {
        if (value != Atom.TRUE && value != Atom.FALSE) throw Errors.badarg();
        Term old = p.flags.getOrDefault(key, Small.ZERO);
        long n = ((Small) old).value;
        if (value == Atom.TRUE) n++;
        else if (n > 0) n--;
        p.flags.put(key, Small.of(n));
        return old;
    }

    /** The process's max_heap_size: what it set or was spawned with, else the system's. */
    public static MapTerm maxHeapSize(Proc p) {
        return (MapTerm) p.flag(MAX_HEAP_SIZE, systemMaxHeapSize);
    }

    /** process_flag/3 (save_calls, validated by the caller) on another process: recorded; the old value. */
    public static Term setOther(Proc p, Atom flag, Term value) {
        return record(p, flag, value, Small.ZERO);
    }

    private static Term record(Proc p, Atom flag, Term value, Term dflt) {
        Term old = p.flags.put(flag, value);
        return old == null ? dflt : old;
    }
}
