package org.gaoos.jbeam.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * erlang:suspend_process/1,2 and resume_process/1 (erl_proc_sig_queue.c's suspend/resume
 * signals). A suspendee has one suspend count, the sum of what each suspender holds on it; each
 * suspender keeps its own counts (its {@code suspending} table, read and written only by its own
 * thread). While the count is above zero the suspendee, at its next reduction check or receive,
 * stops running Erlang code: it parks, still acting on signals (an exit signal kills it,
 * process_info requests are answered), with status {@code suspended}. A suspender that exits
 * gives back everything it holds, as BEAM's suspend monitors do.
 *
 * <p>A synchronous suspend returns a reference, and the suspendee sends {@code {Ref, true}} once
 * suspended (erlang.erl's wrapper waits for it); {@code {asynchronous, Tag}} gets {@code {Tag,
 * suspended}} then (or {@code {Tag, not_suspended}} if resumed first).
 */
public final class Suspensions {
    private Suspensions() {}

    private static final Atom SUSPENDED = Atom.of("suspended");

    /** A message the suspendee sends once it has suspended (or answers otherwise if it cannot). */
    record Ack(Proc to, Term tag, boolean sync) {
        void send(Term state) {
            Term result = !sync ? state : state == SUSPENDED ? Atom.TRUE : Atom.of("badarg");
            to.deliver(Tuple.of(tag, result));
        }
    }

    /** erts_internal:suspend_process/2: true | false | badarg | badopt | Ref (synchronous). */
    public static Term suspend(Proc self, Term pid, Term opts) {
        boolean async = false, unlessSuspending = false;
        Term tag = null;
        for (Term o = opts; o != Nil.NIL; ) {
            if (!(o instanceof Cons c)) return Atom.of("badarg");
            Term opt = c.head();
            if (opt == Atom.of("asynchronous")) async = true;
            else if (opt == Atom.of("unless_suspending")) unlessSuspending = true;
            else if (opt instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("asynchronous")) {
                async = true;
                tag = t.get(1);
            } else return Atom.of("badopt");
            o = c.tail();
        }
        if (!(pid instanceof Pid) || pid.equals(self.pid)) return Atom.of("badarg");
        Proc p = Processes.lookup(pid);
        if (p == null) {
            if (!async || ((Pid) pid).node != org.gaoos.jbeam.term.LocalNode.name()) return Atom.of("badarg");
            if (tag != null) self.deliver(Tuple.of(tag, Atom.of("badarg")));
            return Atom.TRUE;
        }
        Map<Proc, int[]> held = self.suspending();
        int[] mine = held.get(p);
        boolean increase = !(unlessSuspending && mine != null && mine[0] > 0);
        if (!async && !increase) return Atom.FALSE;
        Term ref = async ? null : Processes.makeRef();
        Ack ack = async ? (tag == null ? null : new Ack(self, tag, false)) : new Ack(self, ref, true);
        synchronized (p) {
            if (!p.isAlive()) {
                if (!async) return Atom.of("badarg");
                if (tag != null) self.deliver(Tuple.of(tag, Atom.of("exited")));
                return Atom.TRUE;
            }
            if (increase) {
                p.suspendCount++;
                if (mine == null) held.put(p, mine = new int[1]);
                mine[0]++;
            }
            if (ack != null) {
                if (p.suspendCount > 0) p.suspendAcks().add(ack);
                else ack.send(Atom.of("not_suspended"));
            }
        }
        wake(p);
        return async ? Atom.of(increase) : ref;
    }

    /** erlang:resume_process/1: badarg unless the caller is suspending the (live) process. */
    public static Term resume(Proc self, Term pid) {
        if (!(pid instanceof Pid) || pid.equals(self.pid)) throw Errors.badarg();
        Proc p = Processes.lookup(pid);
        if (p == null) throw Errors.badarg();
        int[] mine = self.suspending().get(p);
        if (mine == null || mine[0] == 0) throw Errors.badarg();
        if (--mine[0] == 0) self.suspending().remove(p);
        release(p, 1);
        return Atom.TRUE;
    }

    /** The suspender {@code self} exits: everything it holds is given back. */
    static void suspenderExited(Proc self) {
        Map<Proc, int[]> held = self.suspendingOrNull();
        if (held == null) return;
        for (var e : held.entrySet()) release(e.getKey(), e.getValue()[0]);
        held.clear();
    }

    private static void release(Proc p, int n) {
        List<Ack> acks = null;
        synchronized (p) {
            p.suspendCount -= n;
            if (p.suspendCount == 0 && !p.suspendAcks().isEmpty()) {
                acks = new ArrayList<>(p.suspendAcks());
                p.suspendAcks().clear();
            }
        }
        if (acks != null) for (Ack a : acks) a.send(Atom.of("not_suspended"));
        wake(p);
    }

    private static void wake(Proc p) {
        Thread t = p.thread();
        if (t != null) LockSupport.unpark(t);
    }

    /**
     * On the process's own thread, at a reduction check or in receive: while suspended, park
     * (acting on signals: an exit signal ends the process from here).
     */
    static void stopWhileSuspended(Proc p) {
        if (p.suspendCount <= 0 || p.inSuspension) return;
        p.inSuspension = true;
        try {
            while (true) {
                List<Ack> acks;
                synchronized (p) {
                    if (p.suspendCount <= 0) break;
                    p.suspendedNow = true;
                    acks = p.suspendAcks().isEmpty() ? List.of() : new ArrayList<>(p.suspendAcks());
                    p.suspendAcks().clear();
                }
                for (Ack a : acks) a.send(SUSPENDED);
                p.parkForSignals();
            }
        } finally {
            p.suspendedNow = false;
            p.inSuspension = false;
        }
    }

    /** The suspendee exits: waiting suspenders are answered. */
    static void suspendeeExited(Proc p) {
        List<Ack> acks;
        synchronized (p) {
            if (p.suspendAcksOrNull() == null || p.suspendAcks().isEmpty()) return;
            acks = new ArrayList<>(p.suspendAcks());
            p.suspendAcks().clear();
        }
        for (Ack a : acks) a.send(Atom.of("exited"));
    }

    /** For the suspender's table. */
    static Map<Proc, int[]> newTable() { return new HashMap<>(); }
}
