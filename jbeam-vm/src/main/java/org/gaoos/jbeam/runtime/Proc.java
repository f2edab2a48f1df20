package org.gaoos.jbeam.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * An Erlang process: a virtual thread running translated code, its signal queue, its reduction
 * budget, its links and monitors, and the few registers the calling convention keeps outside JVM
 * locals.
 *
 * <p>Generated code reads and writes the public fields directly:
 * <ul>
 *   <li>{@link #reds}: decremented at every function entry (which covers calls and, since loops
 *       are recursion, back-edges); below zero the code calls {@link #preempt()}, which acts on
 *       pending signals (an exit signal may terminate the process there) and yields the carrier
 *       thread: virtual threads are not time-sliced.</li>
 *   <li>{@link #args} and {@link #tail}: the trampoline. A tail call that must not grow the JVM
 *       stack stores its arguments in {@code args}, its target in {@code tail} and returns
 *       {@link #TAIL}; the nearest non-tail call site runs {@link #trampoline()}.</li>
 * </ul>
 *
 * <p>Concurrency: the process's own thread alone receives (the mailbox's private side), and alone
 * changes its trap_exit flag, dictionary and aliases. Links, monitors and exit hooks are also
 * changed by other processes (link/unlink, monitor/demonitor, the other side's exit), always under
 * {@code synchronized (this)}; a process that is marked dead under that lock takes no new ones.
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
    /**
     * Direct tail calls (remote, fun, mutually recursive local) whose JVM frames are still on
     * the stack: generated code calls directly while this is below {@link #TAIL_DEPTH} and goes
     * through the trampoline at the limit, which unwinds those frames. A frame that catches an
     * exception restores the value it saw on entry (frames above it are gone).
     */
    public int tailDepth;
    /** See {@link #tailDepth}: bounds the JVM stack a chain of tail calls can build. */
    public static final int TAIL_DEPTH = 100;

    public final org.gaoos.jbeam.term.Pid pid;
    final Mailbox mailbox = new Mailbox(this);
    private volatile Thread thread;
    private volatile boolean waiting;
    private volatile boolean running;
    /** Hibernated: waiting for a message with its stack discarded (erlang:hibernate/3). */
    volatile boolean hibernating;
    /** Blocked in {@link #await} for another process's answer (still acting on its own signals). */
    private volatile boolean awaiting;
    private long totalReductions;

    volatile Term groupLeader;
    HashMap<Term, Term> dictionary;
    /** The exit reason once the process has finished, else null. */
    volatile Term exitReason;
    /** The function the process was spawned with, {M, F, Arity} (process_info initial_call). */
    volatile Term initialCall = Tuple.of(Atom.of("erlang"), Atom.of("apply"), Small.of(2));
    volatile Atom registeredName;
    volatile boolean trapExit;
    volatile Term priority = Atom.NORMAL;
    /**
     * Who traces this process (erlang:trace/3, trace sessions), or null: every traced event checks
     * this one field first, so an untraced process pays a field read and nothing else.
     */
    public volatile org.gaoos.jbeam.trace.ProcTrace trace;
    /** Set by a function-entry breakpoint that runs the function's body itself: skip it once. */
    public boolean traceSkip;

    // Guarded by this:
    /** Linked processes by pid. */
    private HashMap<Term, Proc> links;
    /** Monitors this process holds, by reference. */
    private HashMap<Term, Monitor> monitors;
    /** Monitors on this process: reference -> monitoring process. */
    private HashMap<Term, Proc> monitoredBy;
    /** Timers whose destination is this process (cancelled when it exits). */
    private HashSet<Timers.Timer> timers;
    /** Requests sent to this process and not yet answered (answered at exit if still here). */
    private ArrayList<Request> requests;
    /** Run once at exit (see {@link ExitHook}); null once run. */
    private ArrayList<ExitHook> exitHooks = new ArrayList<>(0);

    /** Flags set by process_flag/2 that only tune BEAM's internals (own thread writes). */
    final java.util.concurrent.ConcurrentHashMap<Term, Term> flags = new java.util.concurrent.ConcurrentHashMap<>(4);

    /** Aliases this process owns (own thread only). */
    private HashSet<Term> aliases;

    Proc(org.gaoos.jbeam.term.Pid pid, Term groupLeader) {
        this.pid = pid;
        this.groupLeader = groupLeader;
    }

    public org.gaoos.jbeam.term.Pid pid() { return pid; }

    public Term groupLeader() { return groupLeader; }

    public void setGroupLeader(Term gl) { this.groupLeader = gl; }

    public Mailbox mailbox() { return mailbox; }

    public boolean isAlive() { return exitReason == null; }

    public boolean trapExit() { return trapExit; }

    public Term priority() { return priority; }

    public Term initialCall() { return initialCall; }

    /** The process that spawned this one (process_info parent), or undefined (boot, system processes). */
    volatile Term parent = org.gaoos.jbeam.term.Atom.UNDEFINED;

    public Term parent() { return parent; }

    /** The arguments of the M:F(Args) a hibernated process will call (its only live data). */
    volatile Term hibernatedArgs;

    /** The hibernation's arguments while hibernated, else null. */
    public Term hibernatedArgs() { return hibernatedArgs; }

    /** True while hibernated (erlang:hibernate/3): no stack, waiting for a message. */
    public boolean isHibernating() { return hibernating; }

    /** The registered name, or null. */
    public Atom registeredName() { return registeredName; }

    /** A process_flag value that only tunes BEAM's internals, or {@code dflt}. */
    public Term flag(Term name, Term dflt) { return flags.getOrDefault(name, dflt); }

    void bindThread(Thread t) { this.thread = t; }

    Thread thread() { return thread; }

    /** The monitor a spawn set up, handed back to the spawner (its own thread, before the child runs). */
    Term spawnMonitorRef;

    // ---- suspension (Suspensions) ----

    /** The sum of the suspend counts all suspenders hold on this process (under its lock). */
    volatile int suspendCount;
    /** True while stopped in {@link Suspensions#stopWhileSuspended}. */
    volatile boolean suspendedNow;
    boolean inSuspension;
    private ArrayList<Suspensions.Ack> suspendAcks;
    private java.util.Map<Proc, int[]> suspending;

    /** Replies owed to suspenders once suspended (under this process's lock). */
    List<Suspensions.Ack> suspendAcks() {
        if (suspendAcks == null) suspendAcks = new ArrayList<>(1);
        return suspendAcks;
    }

    List<Suspensions.Ack> suspendAcksOrNull() { return suspendAcks; }

    /** The processes this one suspends, with its counts (own thread only). */
    java.util.Map<Proc, int[]> suspending() {
        if (suspending == null) suspending = Suspensions.newTable();
        return suspending;
    }

    java.util.Map<Proc, int[]> suspendingOrNull() { return suspending; }

    /** Parks until a signal arrives or it is woken (resume), acting on signals before and after. */
    void parkForSignals() {
        awaiting = true;
        running = false;
        try {
            mailbox.handleSignals();
            if (!mailbox.hasIncoming() && suspendCount > 0) LockSupport.park(this);
        } finally {
            awaiting = false;
            running = true;
        }
        mailbox.handleSignals();
    }

    /** process_info status: waiting (in receive), running (on a thread now) or runnable. */
    public Atom status() {
        if (exitReason != null) return Atom.of("exiting");
        if (suspendedNow && suspendCount > 0) return Atom.of("suspended");
        if (waiting) return Atom.of("waiting");
        return running ? Atom.of("running") : Atom.of("runnable");
    }

    void setRunning(boolean r) { running = r; }

    /** The process dictionary, created on first use. */
    public HashMap<Term, Term> dictionary() {
        HashMap<Term, Term> d = dictionary;
        if (d == null) dictionary = d = new HashMap<>();
        return d;
    }

    /** The dictionary if one was created (process_info of another process reads it as a snapshot). */
    public HashMap<Term, Term> dictionaryOrNull() { return dictionary; }

    HashSet<Term> aliases() {
        HashSet<Term> a = aliases;
        if (a == null) aliases = a = new HashSet<>();
        return a;
    }

    HashSet<Term> aliasesOrNull() { return aliases; }

    /** Ensures {@link #args} holds at least {@code n} registers and returns it. */
    public Object[] args(int n) {
        Object[] a = args;
        if (a.length < n) args = a = java.util.Arrays.copyOf(a, Math.max(n, a.length * 2));
        return a;
    }

    // ---- exit hooks ----

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

    // ---- links ----

    /** Adds the other side's half of a link, if this process is alive. Returns false if it is dead. */
    boolean addLink(Proc other) {
        synchronized (this) {
            if (exitReason != null || exitHooks == null) return false;
            if (links == null) links = new HashMap<>();
            links.put(other.pid, other);
            return true;
        }
    }

    /** Removes a link half; true if it was there (an exit signal due to it is then acted on). */
    boolean dropLink(Term other) {
        synchronized (this) {
            return links != null && links.remove(other) != null;
        }
    }

    /** Pids this process is linked to (process_info links). */
    public List<Term> links() {
        synchronized (this) {
            return links == null ? List.of() : List.copyOf(links.keySet());
        }
    }

    // ---- monitors ----

    /** Records a monitor on this process if alive; false if it is dead. */
    boolean addMonitoredBy(Term ref, Proc watcher) {
        synchronized (this) {
            if (exitReason != null || exitHooks == null) return false;
            if (monitoredBy == null) monitoredBy = new HashMap<>();
            monitoredBy.put(ref, watcher);
            return true;
        }
    }

    void removeMonitoredBy(Term ref) {
        synchronized (this) {
            if (monitoredBy != null) monitoredBy.remove(ref);
        }
    }

    void addMonitor(Term ref, Monitor m) {
        synchronized (this) {
            if (monitors == null) monitors = new HashMap<>();
            monitors.put(ref, m);
        }
    }

    /** Removes and returns the monitor {@code ref} this process holds (a 'DOWN' arrived), or null. */
    Monitor takeMonitor(Term ref) {
        Monitor m;
        synchronized (this) {
            m = monitors == null ? null : monitors.remove(ref);
        }
        if (m != null) Aliases.monitorRemoved(this, ref);
        return m;
    }

    /** demonitor: removes the monitor {@code ref} on both sides; true if it was active. */
    boolean demonitor(Term ref) {
        Monitor m = takeMonitor(ref);
        if (m == null) return false;
        if (m.target() != null) m.target().removeMonitoredBy(ref);
        return true;
    }

    /** The monitors this process holds (process_info monitors). */
    public List<Monitor> monitorList() {
        synchronized (this) {
            return monitors == null ? List.of() : List.copyOf(monitors.values());
        }
    }

    /** The monitors this process holds, by reference (a snapshot). */
    public java.util.Map<Term, Monitor> monitorsByRef() {
        synchronized (this) {
            return monitors == null ? java.util.Map.of() : java.util.Map.copyOf(monitors);
        }
    }

    /** The processes monitoring this one, by monitor reference (a snapshot). */
    public java.util.Map<Term, Proc> monitoredByRef() {
        synchronized (this) {
            return monitoredBy == null ? java.util.Map.of() : java.util.Map.copyOf(monitoredBy);
        }
    }

    /** Processes monitoring this one (process_info monitored_by). */
    public List<Proc> monitoredByList() {
        synchronized (this) {
            return monitoredBy == null ? List.of() : List.copyOf(monitoredBy.values());
        }
    }

    // ---- timers ----

    /** Ties a timer to this destination process; false if it is dead (the timer is then cancelled). */
    boolean addTimer(Timers.Timer t) {
        synchronized (this) {
            if (exitReason != null || exitHooks == null) return false;
            if (timers == null) timers = new HashSet<>();
            timers.add(t);
            return true;
        }
    }

    void removeTimer(Timers.Timer t) {
        synchronized (this) {
            if (timers != null) timers.remove(t);
        }
    }

    // ---- requests answered by the process itself (system tasks, process_info) ----

    /**
     * Sends {@code r} to this process, which answers it when it next handles signals (at a
     * preemption point or in receive). Returns false, sending nothing, if the process is dead: the
     * caller answers it as for a missing process. A request still unanswered when the process
     * exits is answered then ({@link Request#noproc}).
     */
    boolean request(Request r) {
        synchronized (this) {
            if (exitReason != null || exitHooks == null) return false;
            if (requests == null) requests = new ArrayList<>(2);
            requests.add(r);
        }
        deliverSignal(r);
        return true;
    }

    /** Garbage-collection requests put off while this process's collections are off (own thread). */
    private ArrayList<Request> collectionsPutOff;

    /**
     * erts_debug:set_internal_state(gc_state, On) by this process: BEAM's per-process switch of
     * its garbage collections. While off, garbage_collect requests wait; switching on answers them
     * (true). Returns the old state.
     */
    public boolean collections(boolean on) {
        boolean was = collectionsPutOff == null;
        if (on && !was) {
            ArrayList<Request> waiting = collectionsPutOff;
            collectionsPutOff = null;
            for (Request r : waiting) r.answer(this, Atom.TRUE);
        } else if (!on && was) {
            collectionsPutOff = new ArrayList<>(0);
        }
        return was;
    }

    /** Keeps a garbage_collect request for when collections are switched on; false if they are on. */
    boolean putOffCollection(Request r) {
        if (collectionsPutOff == null) return false;
        collectionsPutOff.add(r);
        return true;
    }

    void requestDone(Request r) {
        synchronized (this) {
            if (requests != null) requests.remove(r);
        }
    }

    /**
     * True if a frame of module version {@code code} is on this process's stack: the process runs
     * it now or will return into it (BEAM: the instruction pointer or a continuation pointer in
     * the code). Only on the process's own thread.
     */
    boolean runs(ModuleCode code) {
        Class<?> c = code.getClass();
        // Only frames BEAM would have count: not a frame waiting in a direct tail call (it only
        // returns what its callee returns; BEAM has replaced it), nor the class's dispatch entry.
        return STACK.walk(s -> s.anyMatch(f -> f.getDeclaringClass() == c
                && f.getLineNumber() != StackTraces.TAIL_CALL_LINE && code.functionOfMethod(f.getMethodName()) >= 0));
    }

    private static final StackWalker STACK = StackWalker.getInstance(java.util.Set.of(
            StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

    // ---- exit ----

    /** What the process leaves to others when it dies, taken atomically with its death. */
    record Remains(List<ExitHook> hooks, List<Proc> links, List<java.util.Map.Entry<Term, Proc>> monitoredBy,
                   List<java.util.Map.Entry<Term, Monitor>> monitors, List<Timers.Timer> timers,
                   List<Request> requests) {}

    /** Marks the process dead with {@code reason} and takes what must be signalled or released. */
    Remains die(Term reason) {
        synchronized (this) {
            exitReason = reason;
            Remains r = new Remains(exitHooks,
                    links == null ? List.of() : List.copyOf(links.values()),
                    monitoredBy == null ? List.of() : List.copyOf(monitoredBy.entrySet()),
                    monitors == null ? List.of() : List.copyOf(monitors.entrySet()),
                    timers == null ? List.of() : List.copyOf(timers),
                    requests == null ? List.of() : List.copyOf(requests));
            requests = null;
            exitHooks = null;
            links = null;
            monitoredBy = null;
            monitors = null;
            timers = null;
            return r;
        }
    }

    // ---- reductions and preemption ----

    /**
     * Called by generated code when {@link #reds} runs out: acts on pending signals (an exit
     * signal terminates the process here, by throwing {@link ProcessExit}) and yields to other
     * processes.
     */
    public void preempt() {
        newSlice();
        mailbox.handleSignals();
        Timers.preempted();
        running = false;
        if (trace != null) org.gaoos.jbeam.trace.Tracing.scheduled(this, false);
        Schedulers.yieldProcess();
        running = true;
        if (trace != null) org.gaoos.jbeam.trace.Tracing.scheduled(this, true);
        mailbox.handleSignals();
        if (suspendCount > 0) Suspensions.stopWhileSuspended(this);
    }

    /** Acts on signals that have arrived (exit signals, 'DOWN's): used after sending to oneself. */
    public void handleSignals() {
        mailbox.handleSignals();
    }

    /** Counts the reductions of the slice that ends and starts a fresh one. */
    private void newSlice() {
        totalReductions += BUDGET - reds;
        reds = BUDGET;
        CONTEXT_SWITCHES.increment();
    }

    /** statistics(context_switches): slices ended by a wait or a preemption, all processes. */
    public static final java.util.concurrent.atomic.LongAdder CONTEXT_SWITCHES = new java.util.concurrent.atomic.LongAdder();

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
        int depth = tailDepth;
        try {
            Term r = code.invoke(this);
            return r == TAIL ? trampoline() : r;
        } finally {
            tailDepth = depth; // an exception may have skipped the decrements of direct tail calls
        }
    }

    // ---- messages ----

    /** Delivers a message to this process (any thread). Messages to dead processes vanish. */
    public void deliver(Term msg) {
        if (exitReason != null) return;
        if (trace != null) org.gaoos.jbeam.trace.Tracing.received(this, msg);
        deliverSignal(new Message(msg));
    }

    /** Delivers a trace message to a tracer: not itself a traced 'receive' event. */
    public void deliverUntraced(Term msg) {
        if (exitReason != null) return;
        deliverSignal(new Message(msg));
    }

    void deliverSignal(Signal s) {
        if (exitReason != null) return;
        mailbox.put(s);
        if (waiting || awaiting) {
            Thread t = thread;
            if (t != null) LockSupport.unpark(t);
        }
    }

    /** The deadline (nanoTime) of the receive-after being waited on; valid while {@link #timerSet}. */
    private long receiveDeadline;
    /** True from a receive's first wait_timeout until it matches a message or times out (BEAM keeps one timer). */
    boolean timerSet;
    /** The wake-up at {@link #receiveDeadline} once the receive has parked (cancelled when it ends). */
    private Timers.Due receiveWake;

    /** The receive matched a message or timed out: its timer is over. */
    void receiveOver() {
        timerSet = false;
        var w = receiveWake;
        if (w != null) {
            receiveWake = null;
            Timers.cancel(w);
        }
    }

    /**
     * {@code wait}: parks until a new message arrives, one not yet in the message queue when the
     * wait began (BEAM suspends until a message arrives; wait is reached with the save pointer at
     * the end of the queue, or from an empty receive). Signals that arrive meanwhile are acted on
     * (an exit signal may terminate the process here).
     */
    public void waitMessage() {
        Object mark = mailbox.lastMessage();
        while (!mailbox.hasNewMessage(mark)) {
            if (suspendCount > 0) {
                Suspensions.stopWhileSuspended(this);
                continue;
            }
            waiting = true;
            running = false;
            if (trace != null) org.gaoos.jbeam.trace.Tracing.scheduled(this, false);
            if (!mailbox.hasIncoming()) LockSupport.park(this);
            waiting = false;
            running = true;
            if (trace != null) org.gaoos.jbeam.trace.Tracing.scheduled(this, true);
        }
        newSlice(); // a process that waited starts a fresh slice
    }

    /**
     * {@code wait_timeout}: parks until a new message arrives (true) or the receive's timeout, in
     * milliseconds or {@code infinity}, expires (false). The timer starts at the receive's first
     * wait and keeps running while non-matching messages arrive, as BEAM's does; matching a message
     * or the {@code timeout} instruction ends it.
     *
     * @throws ErlangException timeout_value if the timeout is not a non-negative integer or infinity
     */
    public boolean waitMessage(Term timeout) {
        if (timeout == Atom.INFINITY) {
            waitMessage();
            return true;
        }
        if (!timerSet) {
            long ms;
            if (timeout instanceof Small s && s.value >= 0) {
                ms = s.value;
            } else if (timeout instanceof Int i && i.signum() > 0) {
                ms = Long.MAX_VALUE / 2_000_000; // beyond any practical wait
            } else {
                mailbox.resetSave();  // the receive ends here: the next one scans from the start
                throw Errors.error(Atom.of("timeout_value"));
            }
            if (ms == 0) return false;
            receiveDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            timerSet = true;
        }
        Object mark = mailbox.lastMessage();
        while (!mailbox.hasNewMessage(mark)) {
            if (suspendCount > 0) {
                Suspensions.stopWhileSuspended(this);
                continue;
            }
            long left = receiveDeadline - System.nanoTime();
            if (left <= 0) return false;
            if (receiveWake == null) receiveWake = Timers.wakeAt(this, receiveDeadline);
            waiting = true;
            running = false;
            if (trace != null) org.gaoos.jbeam.trace.Tracing.scheduled(this, false);
            if (!mailbox.hasIncoming()) LockSupport.park(this);
            waiting = false;
            running = true;
            if (trace != null) org.gaoos.jbeam.trace.Tracing.scheduled(this, true);
        }
        newSlice();
        return true;
    }

    /**
     * Waits for {@code answer} (completed by another process, which then unparks this one) while
     * acting on this process's own signals, so two processes asking each other cannot deadlock
     * and an exit signal still terminates the waiter.
     */
    <T> T await(java.util.concurrent.CompletableFuture<T> answer) {
        while (!answer.isDone()) {
            awaiting = true;
            mailbox.handleSignals();
            if (!answer.isDone() && !mailbox.hasIncoming()) LockSupport.park(this);
            awaiting = false;
        }
        return answer.join();
    }

    /** Waits until any message is in the queue (erlang:hibernate/3). */
    void waitAnyMessage() {
        tailDepth = 0; // the stack is gone
        mailbox.resetSave();
        hibernating = true;
        try {
            if (mailbox.peek() == null) waitMessage();
        } finally {
            hibernating = false;
        }
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
