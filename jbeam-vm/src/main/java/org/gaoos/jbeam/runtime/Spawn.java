package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Ref;
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
        return spawn(parent, opts, Tuple.of(m, f, Small.of(arity)), Tuple.of(m, f, args), entry(m, f, args, arity));
    }

    /**
     * The start of a process running M:F(Args). As BEAM, the process starts in the version that is
     * current now, even if it first runs after a reload or a delete (a purge then kills it); still
     * current, it enters through the export (call trace). Over 255 arguments the child fails with
     * badarg when it starts.
     */
    private static Code entry(Term m, Term f, Term args, int arity) {
        Export export = arity <= 255 ? (Export) Funs.resolveApply(m, f, arity) : null;
        Code version = export == null ? null : export.function();
        return q -> {
            Funs.spreadArgs(q, args);
            return (version == null || export.function() == version ? export : version).invoke(q);
        };
    }

    /** spawn_opt's options, parsed. */
    private static final class Options {
        boolean link;
        Term monitorOpts;
        Term priority = Atom.NORMAL;
        final java.util.HashMap<Term, Term> flags = new java.util.HashMap<>(); // the heap flags, recorded on the child
    }

    private static Term spawn(Proc parent, Term opts, Term initialCall, Term spawnMfa, Code entry) {
        Options so = new Options();
        for (Term o = opts; o != Nil.NIL; ) {
            if (!(o instanceof Cons c)) throw Errors.badarg();
            option(so, c.head());
            o = c.tail();
        }
        Proc child = start(parent, so, initialCall, spawnMfa, entry, null, null);
        Term ref = so.monitorOpts == null ? null : child.spawnMonitorRef;
        child.spawnMonitorRef = null;
        return ref == null ? child.pid : Tuple.of(child.pid, ref);
    }

    /** One spawn_opt option into {@code so}; badarg if it is not one. */
    private static void option(Options so, Term opt) {
        boolean link = so.link;
        Term monitorOpts = so.monitorOpts;
        Term priority = so.priority;
        var flags = so.flags;
        {
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
        }
        so.link = link;
        so.monitorOpts = monitorOpts;
        so.priority = priority;
    }

    /**
     * Creates and starts the child with its link and monitor (the monitor's reference is
     * {@code monitorRef} if given). {@code reply}, if not null, is delivered to the parent before
     * the child runs, so it precedes any signal from the child.
     */
    private static Proc start(Proc parent, Options so, Term initialCall, Term spawnMfa, Code entry, Ref monitorRef,
                              Term reply) {
        Proc child = Processes.create(parent.groupLeader());
        child.initialCall = initialCall;
        child.priority = so.priority;
        child.parent = parent.pid;
        child.flags.put(ProcessFlags.MAX_HEAP_SIZE, ProcessFlags.systemMaxHeapSize());  // BEAM: the default when spawned
        child.flags.putAll(so.flags);
        if (parent.trace != null || org.gaoos.jbeam.trace.Tracing.newProcsTraced()) {
            org.gaoos.jbeam.trace.Tracing.spawned(parent, child, spawnMfa);
        }
        if (so.link) Processes.link(parent, child.pid);
        if (so.monitorOpts != null) {
            SignalOptions.MonitorOptions mo = SignalOptions.monitorOptions(so.monitorOpts);
            child.spawnMonitorRef = Processes.monitor(parent, child.pid, mo.tag(), mo.alias(), monitorRef);
        }
        if (reply instanceof Tuple t) parent.deliver(t.with(3, child.pid));
        Processes.start(child, () -> child.call(entry));
        return child;
    }

    private static final Atom SPAWN_REPLY = Atom.of("spawn_reply");

    /**
     * erts_internal:spawn_request/4 (the local node): a reference, or badarg (M or F not an atom,
     * Args or Opts not a proper list). A bad option is reported in the reply, {@code {Tag, ReqId,
     * error, badopt}}, and no process is created; otherwise {@code {Tag, ReqId, ok, Pid}} comes
     * before anything from the child. The request id is the monitor's reference.
     */
    public static Term spawnRequest(Proc parent, Term m, Term f, Term args, Term opts) {
        if (!(m instanceof Atom) || !(f instanceof Atom) || !Ops.isList(args) || Lists.length(args) < 0
                || !Ops.isList(opts) || Lists.length(opts) < 0) return Atom.of("badarg");
        Request rq = request(opts);
        Ref ref = Processes.makeRef();
        if (rq.bad) {
            if (rq.replyError) parent.deliver(Tuple.of(rq.tag, ref, Atom.of("error"), Atom.of("badopt")));
            return ref;
        }
        int arity = Lists.length(args);
        Term reply = rq.replyOk ? Tuple.of(rq.tag, ref, Atom.OK, Atom.UNDEFINED) : null;
        start(parent, rq.options, Tuple.of(m, f, Small.of(arity)), Tuple.of(m, f, args), entry(m, f, args, arity), ref, reply);
        return ref;
    }

    /**
     * erts_internal:dist_spawn_request/4 for another node: no distribution yet, so the reply is
     * {@code {Tag, ReqId, error, noconnection}} (badopt for a bad option).
     */
    public static Term distSpawnRequest(Proc parent, Term node, Term mfa, Term opts, Term type) {
        if (!(node instanceof Atom) || !(mfa instanceof Tuple t) || t.arity() != 3 || !(t.get(0) instanceof Atom)
                || !(t.get(1) instanceof Atom) || !Ops.isList(t.get(2)) || Lists.length(t.get(2)) < 0
                || !Ops.isList(opts) || Lists.length(opts) < 0) return Atom.of("badarg");
        if (node == org.gaoos.jbeam.term.LocalNode.name() && type == Atom.of("spawn_request")) {
            return spawnRequest(parent, t.get(0), t.get(1), t.get(2), opts);
        }
        if (type != Atom.of("spawn_request")) return Atom.of("badarg");
        Request rq = request(opts);
        Ref ref = Processes.makeRef();
        if (rq.replyError) {
            parent.deliver(Tuple.of(rq.tag, ref, Atom.of("error"), Atom.of(rq.bad ? "badopt" : "noconnection")));
        }
        return ref;
    }

    /** spawn_request's options: spawn_opt's plus {reply_tag, T} and {reply, yes|no|error_only|success_only}. */
    private static final class Request {
        final Options options = new Options();
        Term tag = SPAWN_REPLY;
        boolean replyOk = true, replyError = true, bad;
    }

    private static Request request(Term opts) {
        Request rq = new Request();
        for (Term o = opts; o instanceof Cons c; o = c.tail()) {
            Term opt = c.head();
            if (opt instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("reply_tag")) {
                rq.tag = t.get(1);
            } else if (opt instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("reply")) {
                switch (t.get(1) instanceof Atom a ? a.name() : "") {
                    case "yes" -> { rq.replyOk = true; rq.replyError = true; }
                    case "no" -> { rq.replyOk = false; rq.replyError = false; }
                    case "error_only" -> { rq.replyOk = false; rq.replyError = true; }
                    case "success_only" -> { rq.replyOk = true; rq.replyError = false; }
                    default -> rq.bad = true;
                }
            } else {
                try {
                    option(rq.options, opt);
                    if (rq.options.monitorOpts != null) SignalOptions.monitorOptions(rq.options.monitorOpts);
                } catch (ErlangException e) {
                    rq.bad = true;
                }
            }
        }
        return rq;
    }

    static boolean isPriority(Term v) {
        return v == Atom.of("low") || v == Atom.NORMAL || v == Atom.of("high") || v == Atom.of("max");
    }
}
