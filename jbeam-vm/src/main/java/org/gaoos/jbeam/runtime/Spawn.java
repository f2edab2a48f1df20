package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * spawn/spawn_link/spawn_monitor/spawn_opt: a new process, linked or monitored before it runs
 * (so even an immediate crash is seen), with spawn_opt's options validated like BEAM's. Options
 * that tune BEAM's per-process heaps ({@code min_heap_size}, {@code fullsweep_after},
 * {@code message_queue_data}...) are accepted and recorded for process_info; jbeam's terms live on
 * the JVM's shared heap.
 */
public final class Spawn {
    private Spawn() {}

    public static final Term LINK = Lists.of(Atom.of("link"));
    public static final Term MONITOR = Lists.of(Atom.of("monitor"));

    /** spawn with a fun of arity 0. */
    public static Term spawn(Proc parent, Term fun, Term opts) {
        if (!(fun instanceof Fun f) || f.arity() != 0) throw Errors.badarg();
        return spawn(parent, opts, Tuple.of(Atom.of("erlang"), Atom.of("apply"), Small.of(2)),
                Tuple.of(Atom.of("erlang"), Atom.of("apply"), Lists.of(fun, Nil.NIL)), q -> Funs.call(q, fun, 0));
    }

    /** spawn of M:F(Args). */
    public static Term spawn(Proc parent, Term m, Term f, Term args, Term opts) {
        if (!(m instanceof Atom) || !(f instanceof Atom) || !Ops.isList(args)) throw Errors.badarg();
        int arity = Lists.length(args);
        if (arity < 0) throw Errors.badarg();
        // As BEAM, the process starts in the version that is current now, even if it first runs
        // after a reload or a delete (a purge then kills it); still current, it enters through the
        // export (call trace). Over 255 arguments the child fails with badarg when it starts.
        Export export = arity <= 255 ? (Export) Funs.resolveApply(m, f, arity) : null;
        Code version = export == null ? null : export.function();
        return spawn(parent, opts, Tuple.of(m, f, Small.of(arity)), Tuple.of(m, f, args), q -> {
            Funs.spreadArgs(q, args);
            return (version == null || export.function() == version ? export : version).invoke(q);
        });
    }

    private static Term spawn(Proc parent, Term opts, Term initialCall, Term spawnMfa, Code entry) {
        boolean link = false;
        Term monitorOpts = null;
        Term priority = Atom.NORMAL;
        var flags = new java.util.HashMap<Term, Term>();  // the heap flags, recorded on the child
        for (Term o = opts; o != Nil.NIL; ) {
            if (!(o instanceof Cons c)) throw Errors.badarg();
            Term opt = c.head();
            if (opt == Atom.of("link")) link = true;
            else if (opt == Atom.of("monitor")) monitorOpts = Nil.NIL;
            else if (opt instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom k) {
                Term v = t.get(1);
                switch (k.name()) {
                    case "monitor" -> {
                        if (!Ops.isList(v)) throw Errors.badarg();
                        monitorOpts = v;
                    }
                    case "priority" -> {
                        if (!isPriority(v)) throw Errors.badarg();
                        priority = v;
                    }
                    case "min_heap_size", "min_bin_vheap_size", "fullsweep_after" -> {
                        if (!(v instanceof Int i) || i.signum() < 0) throw Errors.badarg();
                        flags.put(k, v);
                    }
                    case "max_heap_size" -> flags.put(k, ProcessFlags.maxHeapSizeOf(v, ProcessFlags.systemMaxHeapSize()));
                    case "message_queue_data" -> {
                        if (v != Atom.of("on_heap") && v != Atom.of("off_heap")) throw Errors.badarg();
                        flags.put(k, v);
                    }
                    case "scheduler" -> {  // 0: any scheduler; virtual threads run on any carrier
                        if (!(v instanceof Small n) || n.value() < 0
                                || n.value() > Runtime.getRuntime().availableProcessors()) throw Errors.badarg();
                    }
                    case "async_dist" -> {
                        if (v != Atom.TRUE && v != Atom.FALSE) throw Errors.badarg();
                    }
                    default -> throw Errors.badarg();
                }
            } else {
                throw Errors.badarg();
            }
            o = c.tail();
        }
        Proc child = Processes.create(parent.groupLeader());
        child.initialCall = initialCall;
        child.priority = priority;
        child.parent = parent.pid;
        child.flags.put(ProcessFlags.MAX_HEAP_SIZE, ProcessFlags.systemMaxHeapSize());  // BEAM: the default when spawned
        child.flags.putAll(flags);
        if (parent.trace != null || org.gaoos.jbeam.trace.Tracing.newProcsTraced()) {
            org.gaoos.jbeam.trace.Tracing.spawned(parent, child, spawnMfa);
        }
        if (link) Processes.link(parent, child.pid);
        Term ref = null;
        if (monitorOpts != null) ref = SignalOptions.monitor(parent, child.pid, monitorOpts);
        Processes.start(child, () -> child.call(entry));
        return ref == null ? child.pid : Tuple.of(child.pid, ref);
    }

    static boolean isPriority(Term v) {
        return v == Atom.of("low") || v == Atom.NORMAL || v == Atom.of("high") || v == Atom.of("max");
    }
}
