package org.gaoos.jbeam.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;

/**
 * BEAM's timer service (erlang:send_after/start_timer/cancel_timer/read_timer) and the timeouts
 * of {@code receive ... after}: one queue of deadlines for the whole VM, in millisecond ticks
 * ({@link Deadlines}), so a million timers cost a million small objects, never a thread each.
 * Active timers are also in a
 * table by reference; whoever removes a timer from the table first (firing, cancel, or the exit of
 * its destination process) owns its outcome, so a timer fires at most once and a cancelled one
 * never fires.
 *
 * <p>Who fires what is due: running processes, when they are preempted ({@link #preempted}), as
 * BEAM's schedulers check their timer wheels between processes; and the timer thread when no
 * process is being preempted. The split matters: a wake-up made by the timer thread (not a
 * carrier) is an external submission to the virtual-thread scheduler, which a carrier busy with
 * preempted processes does not take until its own queue is empty (measured: a process in
 * {@code receive after 500} with 80 spinning processes slept for seconds); a wake-up made by a
 * running process is queued on its carrier behind the others, so timeouts stay on time under load.
 */
public final class Timers {
    private Timers() {}

    /** Something due at a deadline ({@link System#nanoTime()}): a timer's message, a receive's timeout. */
    abstract static class Due {
        final long due;
        // its place in the queue (Deadlines), under its tick's lock
        Deadlines.Tick tick;
        Due prev, next;

        Due(long due) { this.due = due; }

        abstract void fire();
    }

    /** An active timer. */
    static final class Timer extends Due {
        final Ref ref;
        final Term dest;
        final Proc destProc; // null when dest is a registered name
        final Term msg;

        Timer(Ref ref, Term dest, Proc destProc, Term msg, long deadline) {
            super(deadline);
            this.ref = ref;
            this.dest = dest;
            this.destProc = destProc;
            this.msg = msg;
        }

        @Override
        void fire() {
            if (!TABLE.remove(ref, this)) return;
            if (destProc != null) {
                destProc.removeTimer(this);
                destProc.deliver(msg);
            } else {
                Proc p = Processes.whereis((Atom) dest); // a name not registered then: dropped
                if (p != null) p.deliver(msg);
            }
        }
    }

    /** A receive's timeout: unparks the waiting process. */
    static final class Wake extends Due {
        private final Proc proc;

        Wake(Proc proc, long due) {
            super(due);
            this.proc = proc;
        }

        @Override
        void fire() {
            Thread t = proc.thread();
            if (t != null) LockSupport.unpark(t);
        }
    }

    /** Runtime work due at a deadline (BEAM's timer callbacks); runs on whichever thread fires it. */
    static final class Callback extends Due {
        private final Runnable action;

        Callback(long due, Runnable action) {
            super(due);
            this.action = action;
        }

        @Override
        void fire() {
            action.run();
        }
    }

    private static final ConcurrentHashMap<Term, Timer> TABLE = new ConcurrentHashMap<>();
    private static final Deadlines QUEUE = new Deadlines();

    /**
     * When the earliest tick in the queue may fire, or {@link Long#MAX_VALUE}: a cheap test for
     * {@link #preempted}. Never later than the queue's first tick: lowered by whoever queues an
     * earlier one, set to the queue's first by {@link #fireDue} (see there).
     */
    private static volatile long nextDue = Long.MAX_VALUE;
    private static final VarHandle NEXT_DUE;
    static {
        try {
            NEXT_DUE = MethodHandles.lookup().findStaticVarHandle(Timers.class, "nextDue", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * How recent a preemption must be for the timer thread to leave what is due to the processes.
     * Generous, because on a loaded machine the OS itself deschedules the carriers for
     * milliseconds (at 1 ms the timer thread took over and the woken process starved).
     */
    private static final long BUSY_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** nanoTime of the latest preemption of any process. */
    private static volatile long lastPreempt = System.nanoTime() - BUSY_NS;

    private static final Thread TIMER_THREAD = Thread.ofPlatform().name("jbeam-timers").daemon().start(Timers::timerLoop);

    private static void timerLoop() {
        for (;;) {
            long next = nextDue;
            long now = System.nanoTime();
            if (next == Long.MAX_VALUE) {
                LockSupport.park();
            } else if (now < next) {
                LockSupport.parkNanos(next - now);
            } else if (now - lastPreempt < BUSY_NS) {
                LockSupport.parkNanos(BUSY_NS / 4); // the running processes fire it
            } else {
                fireDue(now);
            }
        }
    }

    private static void enqueue(Due d) {
        long fires = QUEUE.add(d);
        long n;
        while (fires < (n = nextDue)) {
            if (NEXT_DUE.compareAndSet(n, fires)) {
                LockSupport.unpark(TIMER_THREAD); // a new earliest deadline: the timer thread re-plans
                break;
            }
        }
    }

    /**
     * Fires everything due by {@code now}, then sets {@link #nextDue} to the queue's first tick,
     * until the two agree. One look is not enough: a process that queues a deadline between this
     * thread's reading of the queue and its setting of nextDue sees the old, earlier nextDue, so
     * does not lower it, and its deadline would be lost (a receive ... after that never times out).
     * Its entry is in the queue before it reads nextDue, so the second look here finds it.
     */
    private static void fireDue(long now) {
        QUEUE.fireDue(now);
        for (;;) {
            long n = nextDue, first = QUEUE.first();
            if (n == first) return;
            if (NEXT_DUE.compareAndSet(n, first) && first < n) {
                LockSupport.unpark(TIMER_THREAD); // earlier than the timer thread may be waiting for
            }
        }
    }

    /** Unparks {@code p} at {@code deadline} (its receive ... after); {@link #cancel(Due)} it when the receive ends. */
    static Due wakeAt(Proc p, long deadline) {
        Wake w = new Wake(p, deadline);
        enqueue(w);
        return w;
    }

    /** Runs {@code action} at {@code deadline} (nanoTime), as BEAM's erts_start_timer_callback. */
    public static void callbackAt(long deadline, Runnable action) {
        enqueue(new Callback(deadline, action));
    }

    static void cancel(Due d) {
        QUEUE.remove(d);
    }

    /**
     * Called by a process being preempted: notes that the carriers are busy and fires what is
     * due on the calling thread (see the class comment).
     */
    public static void preempted() {
        long now = System.nanoTime();
        lastPreempt = now;
        if (now >= nextDue) fireDue(now);
    }

    /**
     * Starts a timer that sends {@code msg} to {@code dest} (a pid or a registered name) at
     * {@code deadline} (nanoTime). A timer to a pid is cancelled when that process exits (at once
     * if it is not alive), as BEAM does.
     */
    public static Ref start(Term dest, Term msg, long deadline) {
        return start(Processes.makeRef(), dest, msg, deadline);
    }

    /** start_timer: like {@link #start} with the message {@code {Tag, TimerRef, Msg}}. */
    public static Ref startTimeout(Term dest, Atom tag, Term msg, long deadline) {
        Ref ref = Processes.makeRef();
        return start(ref, dest, org.gaoos.jbeam.term.Tuple.of(tag, ref, msg), deadline);
    }

    private static Ref start(Ref ref, Term dest, Term msg, long deadline) {
        Proc destProc = dest instanceof Atom ? null : Processes.lookup(dest);
        Timer t = new Timer(ref, dest, destProc, msg, deadline);
        if (destProc == null && !(dest instanceof Atom)) return ref; // dead (or remote) pid: never fires
        TABLE.put(ref, t);
        enqueue(t);
        if (destProc != null) {
            if (!destProc.addTimer(t)) cancel(t);
            else if (!TABLE.containsKey(ref)) destProc.removeTimer(t); // fired meanwhile
        }
        return ref;
    }

    /** cancel_timer: the milliseconds that were left, or -1 if no such timer is active. */
    public static long cancel(Term ref) {
        Timer t = TABLE.remove(ref);
        if (t == null) return -1;
        QUEUE.remove(t);
        if (t.destProc != null) t.destProc.removeTimer(t);
        return left(t);
    }

    /** Cancels a timer whose destination process has exited. */
    static void cancel(Timer t) {
        if (TABLE.remove(t.ref, t)) QUEUE.remove(t);
    }

    /** read_timer: the milliseconds left, or -1 if no such timer is active. */
    public static long read(Term ref) {
        Timer t = TABLE.get(ref);
        return t == null ? -1 : left(t);
    }

    private static long left(Timer t) {
        long ns = t.due - System.nanoTime();
        return ns <= 0 ? 0 : (ns + 999_999) / 1_000_000;
    }

    /** Active timers (tests: no leak). */
    public static int count() { return TABLE.size(); }

    /** Milliseconds with something queued (tests: cancelled timers leave nothing in the queue). */
    static int queuedTicks() { return QUEUE.ticks(); }
}
