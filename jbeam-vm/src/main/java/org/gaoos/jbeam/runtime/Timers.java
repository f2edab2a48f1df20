package org.gaoos.jbeam.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;

/**
 * BEAM's timer service (erlang:send_after/start_timer/cancel_timer/read_timer): one scheduler
 * thread with a priority queue of deadlines for every timer of the VM, so a million timers cost a
 * million small objects (about 200 bytes each), never a thread each. Active timers are also in a
 * table by reference; whoever removes a timer from the table first (firing, cancel, or the exit of
 * its destination process) owns its outcome, so a timer fires at most once and a cancelled one
 * never fires.
 */
public final class Timers {
    private Timers() {}

    /** An active timer. Deadlines are {@link System#nanoTime()} values. */
    static final class Timer implements Runnable {
        final Ref ref;
        final Term dest;
        final Proc destProc; // null when dest is a registered name
        final Term msg;
        final long deadline;
        volatile ScheduledFuture<?> future;

        Timer(Ref ref, Term dest, Proc destProc, Term msg, long deadline) {
            this.ref = ref;
            this.dest = dest;
            this.destProc = destProc;
            this.msg = msg;
            this.deadline = deadline;
        }

        @Override
        public void run() {
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

    private static final ConcurrentHashMap<Term, Timer> TABLE = new ConcurrentHashMap<>();
    private static final ScheduledThreadPoolExecutor SERVICE = service();

    private static ScheduledThreadPoolExecutor service() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jbeam-timers");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true); // cancelled timers leave the queue at once: memory stays bounded
        // Start the thread and load the scheduling classes now: done lazily inside the first
        // send_after, that start-up (tens of ms on a cold JVM) would delay the timers started next.
        s.schedule(() -> { }, 0, TimeUnit.NANOSECONDS);
        return s;
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
        long delay = Math.max(0, deadline - System.nanoTime());
        t.future = SERVICE.schedule(t, delay, TimeUnit.NANOSECONDS);
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
        t.future.cancel(false);
        if (t.destProc != null) t.destProc.removeTimer(t);
        return left(t);
    }

    /** Cancels a timer whose destination process has exited. */
    static void cancel(Timer t) {
        if (TABLE.remove(t.ref, t)) t.future.cancel(false);
    }

    /** read_timer: the milliseconds left, or -1 if no such timer is active. */
    public static long read(Term ref) {
        Timer t = TABLE.get(ref);
        return t == null ? -1 : left(t);
    }

    private static long left(Timer t) {
        long ns = t.deadline - System.nanoTime();
        return ns <= 0 ? 0 : (ns + 999_999) / 1_000_000;
    }

    /** Active timers (tests: no leak). */
    public static int count() { return TABLE.size(); }
}
