package org.gaoos.jbeam.runtime;

import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * An Erlang process: a virtual thread running translated code, its mailbox, its reduction
 * budget and the few registers the calling convention keeps outside JVM locals.
 *
 * <p>Generated code reads and writes the public fields directly:
 * <ul>
 *   <li>{@link #reds}: decremented at every function entry (which covers calls and, since loops
 *       are recursion, back-edges); below zero the code calls {@link #preempt()}, which yields
 *       the carrier thread: virtual threads are not time-sliced.</li>
 *   <li>{@link #args} and {@link #tail}: the trampoline. A tail call that must not grow the JVM
 *       stack stores its arguments in {@code args}, its target in {@code tail} and returns
 *       {@link #TAIL}; the nearest non-tail call site runs {@link #trampoline()}.</li>
 * </ul>
 */
public final class Proc {
    /** BEAM's time slice (CONTEXT_REDS in erts). */
    public static final int BUDGET = 4000;

    /**
     * The marker a function returns instead of a value when it has left a tail call in
     * {@link #tail}. A private tuple: Erlang code can never produce this reference.
     */
    public static final Term TAIL = Tuple.adopt(new Term[] {Atom.of("$jbeam_tail_call")});

    public int reds = BUDGET;
    public Object[] args = new Object[8];
    public Code tail;

    public final Pid pid;
    final Mailbox mailbox = new Mailbox();
    private volatile Thread thread;
    private volatile boolean waiting;
    private long totalReductions;

    Term groupLeader;
    HashMap<Term, Term> dictionary;
    /** The exit reason once the process has finished, else null. */
    volatile Term exitReason;
    /** Monitors on this process: reference -> monitoring pid. Guarded by {@code this}. */
    final HashMap<Term, Proc> monitoredBy = new HashMap<>();
    Atom registeredName;
    private HashMap<Term, Proc> monitors;
    boolean trapExit;
    /** Run once at exit (see {@link ExitHook}). Guarded by {@code this}; null once run. */
    private java.util.ArrayList<ExitHook> exitHooks = new java.util.ArrayList<>(0);

    Proc(Pid pid, Term groupLeader) {
        this.pid = pid;
        this.groupLeader = groupLeader;
    }

    public Pid pid() { return pid; }

    public Term groupLeader() { return groupLeader; }

    public void setGroupLeader(Term gl) { this.groupLeader = gl; }

    public Mailbox mailbox() { return mailbox; }

    public boolean isAlive() { return exitReason == null; }

    void bindThread(Thread t) { this.thread = t; }

    /** The process dictionary, created on first use. */
    public HashMap<Term, Term> dictionary() {
        HashMap<Term, Term> d = dictionary;
        if (d == null) dictionary = d = new HashMap<>();
        return d;
    }

    /** Monitors this process holds: reference -> monitored process. */
    HashMap<Term, Proc> monitors() {
        HashMap<Term, Proc> m = monitors;
        if (m == null) monitors = m = new HashMap<>();
        return m;
    }

    /**
     * Registers {@code hook} to run when this process exits (see {@link ExitHook} for when and
     * where). Returns false, without registering, if the process has already exited: the caller
     * then acts at once (e.g. ETS gives the table to the heir or deletes it).
     */
    public boolean addExitHook(ExitHook hook) {
        synchronized (this) {
            if (exitHooks == null) return false;
            exitHooks.add(hook);
            return true;
        }
    }

    /** Removes a hook added with {@link #addExitHook} (e.g. a table deleted or given away). */
    public void removeExitHook(ExitHook hook) {
        synchronized (this) {
            if (exitHooks != null) exitHooks.remove(hook);
        }
    }

    /** Takes the hooks to run at exit; afterwards {@link #addExitHook} refuses. Under {@code this}. */
    java.util.List<ExitHook> takeExitHooks() {
        java.util.List<ExitHook> h = exitHooks;
        exitHooks = null;
        return h;
    }

    /** Ensures {@link #args} holds at least {@code n} registers and returns it. */
    public Object[] args(int n) {
        Object[] a = args;
        if (a.length < n) args = a = java.util.Arrays.copyOf(a, Math.max(n, a.length * 2));
        return a;
    }

    // ---- reductions and preemption ----

    /** Called by generated code when {@link #reds} runs out: yield to other processes. */
    public void preempt() {
        totalReductions += BUDGET - reds;
        reds = BUDGET;
        Thread.yield();
    }

    /** Reductions executed so far (process_info(P, reductions)). */
    public long reductions() {
        return totalReductions + (BUDGET - reds);
    }

    /** Charges extra reductions (erlang:bump_reductions/1, costly BIFs). */
    public void bump(int n) {
        reds -= n;
    }

    // ---- trampoline ----

    /** Runs pending tail calls until a real value comes back. */
    public Term trampoline() {
        Term r;
        do {
            Code c = tail;
            tail = null;
            r = c.invoke(this);
        } while (r == TAIL);
        return r;
    }

    /** Calls {@code code} with {@code argv} from Java (BIFs, the launcher) and returns its value. */
    public Term call(Code code, Object... argv) {
        Object[] a = args(argv.length);
        System.arraycopy(argv, 0, a, 0, argv.length);
        Term r = code.invoke(this);
        return r == TAIL ? trampoline() : r;
    }

    // ---- messages ----

    /** Delivers a message to this process (any thread). Messages to dead processes vanish. */
    public void deliver(Term msg) {
        if (exitReason != null) return;
        deliverSignal(new Message(msg));
    }

    void deliverSignal(Signal s) {
        mailbox.put(s);
        if (waiting) {
            Thread t = thread;
            if (t != null) LockSupport.unpark(t);
        }
    }

    /**
     * Parks until a message is at or after the save pointer ({@code wait}). Returns when one has
     * arrived; spurious wake-ups loop.
     */
    public void waitMessage() {
        while (!mailbox.hasMessageAtSave()) {
            waiting = true;
            if (!mailbox.hasIncoming()) LockSupport.park(this);
            waiting = false;
        }
        reds = BUDGET; // a process that waited starts a fresh slice
    }

    /**
     * {@code wait_timeout}: parks until a message arrives (true) or the timeout, in milliseconds or
     * {@code infinity}, expires (false).
     *
     * @throws ErlangException timeout_value if the timeout is not a non-negative integer or infinity
     */
    public boolean waitMessage(Term timeout) {
        if (timeout == Atom.INFINITY) {
            waitMessage();
            return true;
        }
        long ms;
        if (timeout instanceof Small s && s.value >= 0) {
            ms = s.value;
        } else if (timeout instanceof Int i && i.signum() > 0) {
            ms = Long.MAX_VALUE / 2_000_000; // beyond any practical wait
        } else {
            throw Errors.error(Atom.of("timeout_value"));
        }
        if (mailbox.hasMessageAtSave()) return true;
        if (ms == 0) return false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!mailbox.hasMessageAtSave()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            waiting = true;
            if (!mailbox.hasIncoming()) LockSupport.parkNanos(this, left);
            waiting = false;
        }
        reds = BUDGET;
        return true;
    }

    /** Receives the first message, waiting as long as needed (for processes written in Java). */
    public Term receive() {
        mailbox.resetSave();
        Term m;
        while ((m = mailbox.peek()) == null) waitMessage();
        mailbox.remove();
        return m;
    }

    @Override
    public String toString() {
        return "Proc" + pid;
    }
}
