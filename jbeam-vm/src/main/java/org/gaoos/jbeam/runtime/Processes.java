package org.gaoos.jbeam.runtime;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The process table and the signal world between processes: spawning processes as virtual
 * threads, finding them by pid or registered name, sending, links, monitors, exit signals, and a
 * process's end (exit hooks, then exit signals to links and 'DOWN' signals to monitors).
 *
 * <p>Link and monitor <em>set-up</em> is done directly under the target's lock (a dead target is
 * seen at once: noproc); everything a process must <em>receive</em> (messages, exit signals,
 * 'DOWN's, messages to aliases) travels as a {@link Signal} through its one queue, so signals from
 * one sender arrive in the order sent, and is acted on by the receiver itself.
 */
public final class Processes {
    private Processes() {}

    private static final ConcurrentHashMap<Integer, Proc> TABLE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Atom, Proc> NAMES = new ConcurrentHashMap<>();
    /** Pids are numbered in creation order from 0, as on BEAM: the first process, init, is <0.0.0>. */
    private static final AtomicInteger NEXT = new AtomicInteger(0);
    private static final AtomicInteger NEXT_REF = new AtomicInteger(1);
    private static final Atom NOCONNECTION = Atom.of("noconnection");

    private static final ScopedValue<Proc> CURRENT = ScopedValue.newInstance();

    /** Creates a process (not yet running): it inherits {@code groupLeader}. */
    public static Proc create(Term groupLeader) {
        int n = NEXT.getAndIncrement();
        Pid pid = new Pid(LocalNode.name(), n, 0, LocalNode.creation());
        Proc p = new Proc(pid, groupLeader);
        TABLE.put(n, p);
        return p;
    }

    /** Spawns a process running {@code entry} with {@code args} on a new virtual thread. */
    public static Proc spawn(Term groupLeader, Code entry, Object... args) {
        Proc p = create(groupLeader);
        start(p, () -> p.call(entry, args));
        return p;
    }

    /** Body of a process written in Java: returns its exit value. */
    public interface Body {
        Term run();
    }

    /** Starts {@code p} running {@code body} on a new virtual thread. */
    public static void start(Proc p, Body body) {
        Thread t = Schedulers.newThread(p.pid.toString(), () -> ScopedValue.where(CURRENT, p).run(() -> run(p, body)));
        p.bindThread(t);
        t.start();
    }

    private static void run(Proc p, Body body) {
        Term reason = Atom.NORMAL;
        p.setRunning(true);
        try {
            Body b = body;
            while (true) {
                try {
                    b.run();
                    break;
                } catch (Hibernate h) {
                    // The stack is gone; wait for a message, then start over in M:F(Args).
                    p.hibernatedArgs = h.args;
                    try {
                        p.waitAnyMessage();
                    } finally {
                        p.hibernatedArgs = null;
                    }
                    b = () -> p.call(q -> Funs.apply(q, h.module, h.function, h.args));
                }
            }
        } catch (ErlangException e) {
            reason = exitReason(e);
            if (e.kind() != Atom.EXIT) CrashReport.processCrashed(p, reason);
        } catch (ProcessExit e) {
            reason = e.reason(); // an exit signal: no crash report, as on BEAM
        } catch (StackOverflowError e) {
            reason = Tuple.of(Atom.SYSTEM_LIMIT, Atom.of("stack_overflow"));
            CrashReport.internal(p, e);
        } catch (RuntimeException | Error e) {
            reason = Tuple.of(Atom.of("jbeam_internal_error"), Atom.of(String.valueOf(e)));
            CrashReport.internal(p, e);
        } finally {
            terminate(p, reason);
        }
    }

    /** The exit reason of a process that ends with exception {@code e}. */
    public static Term exitReason(ErlangException e) {
        Atom k = e.kind();
        if (k == Atom.EXIT) return e.reason();
        if (k == Atom.THROW) return Tuple.of(Tuple.of(Atom.NOCATCH, e.reason()), StackTraces.build(e));
        return Tuple.of(e.reason(), StackTraces.build(e));
    }

    /**
     * A process's end, on its own thread: dead and unregistered first, then exit hooks (ETS), its
     * aliases, timers and monitors released, then exit signals to linked processes and 'DOWN's to
     * monitoring ones.
     */
    private static void terminate(Proc p, Term reason) {
        if (p.trace != null) org.gaoos.jbeam.trace.Tracing.exited(p, reason);
        // The name goes before the process is seen dead (a monitor set from now on gets its
        // 'DOWN' at once): whoever sees it dead may register the name, as on BEAM. register/2
        // refuses p while its registeredName is set, and once it is dead.
        Atom had;
        synchronized (p) {
            had = p.registeredName;
            if (p.registeredName != null) NAMES.remove(p.registeredName, p);
        }
        if (had != null && p.trace != null) org.gaoos.jbeam.trace.Tracing.unregistered(p, had);
        Proc.Remains r = p.die(reason);
        Atom name = p.registeredName; // registered between the two (it had no name): free it
        if (name != null) NAMES.remove(name, p);
        TABLE.remove(p.pid.number);
        EXITED_REDUCTIONS.add(p.reductions());
        for (ExitHook h : r.hooks()) {
            try {
                h.exited(p, reason);
            } catch (RuntimeException | Error e) {
                CrashReport.internal(p, e);
            }
        }
        for (Request q : r.requests()) q.noproc();
        Suspensions.suspenderExited(p);
        Suspensions.suspendeeExited(p);
        Aliases.exited(p);
        for (Timers.Timer t : r.timers()) Timers.cancel(t);
        for (var m : r.monitors()) {
            if (m.getValue().target() != null) m.getValue().target().removeMonitoredBy(m.getKey());
        }
        for (Proc l : r.links()) l.deliverSignal(new ExitSignal(p.pid, reason, true));
        for (var m : r.monitoredBy()) m.getValue().deliverSignal(new DownSignal(m.getKey(), reason));
        if (p.trace != null) org.gaoos.jbeam.trace.Tracing.outExited(p);
    }

    /** The calling process, when running on a process thread. */
    public static Proc current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    public static Proc lookup(Term pid) {
        if (pid instanceof Pid p && p.node == LocalNode.name()) {
            Proc proc = TABLE.get(p.number);
            return proc != null && proc.pid.equals(p) ? proc : null;
        }
        if (pid instanceof Atom a) return NAMES.get(a);
        return null;
    }

    /** {@code To ! Msg}: badarg for a name not registered or a destination that is not one. */
    public static void send(Term to, Term msg) {
        if (to instanceof Pid) {
            Proc p = lookup(to);
            if (p != null) p.deliver(msg);
            return;
        }
        if (to instanceof Atom a) {
            Proc p = NAMES.get(a);
            if (p == null) throw Errors.badarg();
            p.deliver(msg);
            return;
        }
        if (to instanceof Ref) {
            Aliases.send(to, msg);
            return;
        }
        if (to instanceof org.gaoos.jbeam.term.Port) {
            org.gaoos.jbeam.port.PortBifs.send(to, msg);
            return;
        }
        if (to instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom name && t.get(1) instanceof Atom) {
            if (t.get(1) != LocalNode.name()) return; // other nodes: not connected (no distribution yet)
            Proc p = NAMES.get(name);
            if (p != null) p.deliver(msg);
            return;
        }
        throw Errors.badarg();
    }

    /** register/2: badarg if the name is taken, the process has a name or is dead. */
    public static void register(Atom name, Proc p) {
        if (name == Atom.UNDEFINED || p == null || !p.isAlive()) throw Errors.badarg();
        synchronized (p) {
            if (p.registeredName != null || !p.isAlive() || NAMES.putIfAbsent(name, p) != null) throw Errors.badarg();
            p.registeredName = name;
        }
        if (p.trace != null) org.gaoos.jbeam.trace.Tracing.registered(p, name);
    }

    public static boolean unregister(Atom name) {
        Proc p = NAMES.remove(name);
        if (p == null) return false;
        p.registeredName = null;
        if (p.trace != null) org.gaoos.jbeam.trace.Tracing.unregistered(p, name);
        return true;
    }

    public static Proc whereis(Atom name) {
        return NAMES.get(name);
    }

    public static List<Atom> registered() {
        return List.copyOf(NAMES.keySet());
    }

    public static List<Proc> all() {
        return List.copyOf(TABLE.values());
    }

    /** The reductions of processes that have exited (statistics(reductions)). */
    private static final java.util.concurrent.atomic.LongAdder EXITED_REDUCTIONS = new java.util.concurrent.atomic.LongAdder();

    /** statistics(reductions): every process's reductions, those that exited included. */
    public static long totalReductions() {
        long sum = EXITED_REDUCTIONS.sum();
        for (Proc p : TABLE.values()) sum += p.reductions();
        return sum;
    }

    /** statistics(run_queue_lengths): see {@link Schedulers#queueLengths}. */
    public static long[] runQueueLengths(int schedulers, boolean active) {
        return Schedulers.queueLengths(schedulers, active);
    }

    /** Number of live processes (tests: back to baseline, no leak). */
    public static int count() {
        return TABLE.size();
    }

    public static Ref makeRef() {
        int n = NEXT_REF.getAndIncrement();
        return new Ref(LocalNode.name(), LocalNode.creation(), n, 0, 0);
    }

    // ---- links ----

    /**
     * link/1. A dead (or, without distribution, remote) linkee: a trapping caller gets
     * {@code {'EXIT', Pid, noproc}}; otherwise link/1 raises noproc (BEAM's documented
     * "semi-synchronous" behaviour for local pids).
     */
    public static void link(Proc self, Term pid) {
        if (pid.equals(self.pid)) return;
        Proc t = lookup(pid);
        if (t == null || !bothLocked(self, t, () -> t.addLink(self) && self.addLink(t))) {
            boolean local = ((Pid) pid).node == LocalNode.name();
            Term reason = local ? Atom.NOPROC : NOCONNECTION;
            if (self.trapExit) self.deliver(Tuple.of(Atom.EXIT_TAG, pid, reason));
            else if (local) throw Errors.error(Atom.NOPROC);
            else throw new ProcessExit(reason);
            return;
        }
        if (self.trace != null || t.trace != null) org.gaoos.jbeam.trace.Tracing.linked(self, t);
    }

    /** unlink/1: afterwards the link has no effect on the caller (in-flight exit signals are dropped). */
    public static void unlink(Proc self, Term pid) {
        Proc t = lookup(pid);
        if (t == null || t == self) {
            self.dropLink(pid);
        } else {
            bothLocked(self, t, () -> self.dropLink(pid) | t.dropLink(self.pid));
        }
        if (self.trace != null || t != null && t.trace != null) org.gaoos.jbeam.trace.Tracing.unlinked(self, t);
    }

    /**
     * Changes both halves of a link at once, under both processes' locks (taken in pid order), so
     * that a link and an unlink made at the same moment from the two ends leave both halves or
     * neither (erl_link_SUITE's otp_17127 cases), never a one-sided link.
     */
    private static boolean bothLocked(Proc a, Proc b, java.util.function.BooleanSupplier change) {
        Proc first = a.pid.number < b.pid.number ? a : b;
        Proc second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                return change.getAsBoolean();
            }
        }
    }

    /** exit/2: sends an exit signal (not due to a link) to {@code pid}; to oneself it acts at once. */
    public static void exit(Proc self, Term pid, Term reason) {
        Proc t = lookup(pid);
        if (t == null) return;
        t.deliverSignal(new ExitSignal(self.pid, reason, false));
        if (t == self) self.handleSignals();
    }

    // ---- monitors ----

    /**
     * monitor(process, Target): Target is a pid, a registered name or {Name, Node}. A target that
     * does not exist gives a 'DOWN' with noproc at once (noconnection for other nodes).
     */
    public static Ref monitor(Proc self, Term target, Term tag, Aliases.Mode alias) {
        return monitor(self, target, tag, alias, null);
    }

    /** monitor/3 with a given reference (spawn_request's request id), or a new one if null. */
    public static Ref monitor(Proc self, Term target, Term tag, Aliases.Mode alias, Ref given) {
        Ref ref = given != null ? given : makeRef();
        Term who = target;
        Proc t;
        Term reason = Atom.NOPROC;
        if (target instanceof Pid) {
            t = lookup(target);
            if (t == null && ((Pid) target).node != LocalNode.name()) reason = NOCONNECTION;
        } else if (target instanceof Atom a) {
            who = Tuple.of(a, LocalNode.name());
            t = NAMES.get(a);
        } else if (target instanceof Tuple tu && tu.arity() == 2 && tu.get(0) instanceof Atom a && tu.get(1) instanceof Atom node) {
            if (node == LocalNode.name()) t = NAMES.get(a);
            else {
                t = null;
                reason = NOCONNECTION;
            }
        } else {
            throw Errors.badarg();
        }
        if (alias != null) Aliases.create(self, ref, alias);
        if (t == self) return ref;  // as BEAM: a monitor on oneself is not set up, and never fires
        if (t != null) {
            // Record on our side first: the 'DOWN' signal, if the target dies right away, finds it.
            self.addMonitor(ref, new Monitor(t, who, tag));
            if (t.addMonitoredBy(ref, self)) return ref;
        }
        monitorGone(self, ref, new Monitor(null, who, tag), reason);
        return ref;
    }

    /**
     * A monitor whose target does not exist: active until its 'DOWN' with {@code reason} is taken
     * (as on BEAM, where the 'DOWN' is a signal to oneself: process_info lists the monitor until
     * then, and a demonitor before that returns true and drops the 'DOWN'). Own thread.
     */
    public static void monitorGone(Proc self, Term ref, Monitor m, Term reason) {
        self.addMonitor(ref, m);
        self.deliverSignal(new DownSignal(ref, reason));
    }

    /** demonitor: true if the monitor was active (it is removed and no 'DOWN' will come for it). */
    public static boolean demonitor(Proc self, Term ref) {
        return self.demonitor(ref);
    }
}
