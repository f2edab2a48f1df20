package org.gaoos.jbeam.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * BEAM's schedulers for jbeam's processes: one carrier thread per core (a work-stealing pool),
 * running the processes' virtual threads.
 *
 * <p>The JDK's own virtual-thread scheduler wakes an idle carrier for every thread it makes
 * runnable, so two processes exchanging messages end up on two cores and every message costs a
 * cross-core wake-up (a round trip took 2.3 times as long as with one carrier). BEAM instead
 * puts a process woken by another on the waker's scheduler, and idle schedulers take work only
 * when a run queue grows. Here a process made runnable by a process goes, while no other work is
 * queued, to the waker's own queue without waking anyone: it runs when the waker waits or
 * yields (at the latest at the end of its reduction budget). With work already queued, or from a
 * thread that is not a scheduler (timers, ports), the submission wakes an idle scheduler, which
 * steals.
 *
 * <p>A process that yields (its reductions are spent, or erlang:yield/0) goes back to its
 * scheduler's own queue, behind what is there, and behind one process made runnable from outside
 * the schedulers (a timeout, a port), which it takes from the pool's shared submission queues. A
 * scheduler runs its own queue until it is empty and drains one submission queue before it looks
 * at the next, so without this a busy process per scheduler starved everything woken by a timer
 * (a process in {@code receive after 1} waited minutes behind two loops; re-submitting the
 * yielder to a shared queue, as the JDK's scheduler does, starved them too: the scheduler kept
 * draining the queue the yielder was re-submitted to).
 *
 * <p>A virtual thread with its own scheduler needs the JDK's hidden builder constructor and
 * {@code Thread.currentCarrierThread()}: {@code --add-opens java.base/java.lang=ALL-UNNAMED}
 * (bin/jbeam passes it). Without it processes run on the JDK's default scheduler, correctly,
 * only slower at message passing. There is one scheduler per processor the JVM sees
 * ({@code -XX:ActiveProcessorCount=N} plays erl's {@code +S N}).
 */
final class Schedulers implements Executor {
    /** Makes the processes' virtual threads, or null on the JDK's default scheduler. */
    private static final ThreadFactory FACTORY;
    /** {@code Thread.currentCarrierThread()}: which scheduler a process runs on. */
    private static final MethodHandle CURRENT_CARRIER;

    private static final Schedulers INSTANCE = new Schedulers(Runtime.getRuntime().availableProcessors());

    /** The scheduler threads alive (statistics). */
    private static final java.util.List<Carrier> CARRIERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        ThreadFactory factory = null;
        MethodHandle carrier = null;
        try {
            Constructor<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            builder.setAccessible(true);
            factory = ((Thread.Builder.OfVirtual) builder.newInstance(INSTANCE)).factory();
            carrier = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            factory = null; // not opened: the JDK's default scheduler (see the class comment)
        }
        FACTORY = factory;
        CURRENT_CARRIER = carrier;
    }

    /** The schedulers' pool, which lets a yielding process take a waiting submission. */
    private static final class Pool extends ForkJoinPool {
        Pool(int count) {
            // FIFO local queues (asyncMode), as the JDK's virtual-thread scheduler
            super(count, Carrier::new, null, true, 0, count + 256, 1, null, 30, TimeUnit.SECONDS);
        }

        ForkJoinTask<?> takeSubmission() {
            return pollSubmission();
        }
    }

    private final Pool pool;

    /** A scheduler thread; {@code yielding} is set by the process on it that is about to yield. */
    private static final class Carrier extends ForkJoinWorkerThread {
        boolean yielding;

        Carrier(ForkJoinPool pool) {
            super(pool);
        }

        @Override
        protected void onStart() {
            super.onStart();
            setName("jbeam-scheduler-" + getPoolIndex()); // the index is known once it runs
            CARRIERS.add(this);
        }

        @Override
        protected void onTermination(Throwable exception) {
            CARRIERS.remove(this);
            super.onTermination(exception);
        }
    }

    /**
     * statistics(run_queue_lengths) and (active_tasks): per scheduler, the processes queued on it,
     * plus (with {@code active}) the one it runs; the shared submission queue is counted on the
     * first. Zeros on the JDK's scheduler, which does not show its queues.
     */
    static long[] queueLengths(int schedulers, boolean active) {
        long[] n = new long[schedulers];
        if (FACTORY == null) return n;
        java.util.List<Carrier> cs = new java.util.ArrayList<>(CARRIERS);
        cs.sort(java.util.Comparator.comparingInt(Carrier::getPoolIndex));
        for (int i = 0; i < cs.size() && i < schedulers; i++) {
            Carrier c = cs.get(i);
            n[i] = c.getQueuedTaskCount() + (active && c.getState() == Thread.State.RUNNABLE ? 1 : 0);
        }
        if (schedulers > 0) n[0] += INSTANCE.pool.getQueuedSubmissionCount();
        return n;
    }

    private Schedulers(int count) {
        this.pool = new Pool(count);
    }

    /** A new, unstarted virtual thread for a process. */
    static Thread newThread(String name, Runnable body) {
        Thread t = FACTORY == null ? Thread.ofVirtual().unstarted(body) : FACTORY.newThread(body);
        t.setName(name);
        return t;
    }

    /** Lets the other runnable processes run before the calling one goes on (see the class comment). */
    static void yieldProcess() {
        Carrier c = FACTORY == null ? null : carrier();
        if (c != null) c.yielding = true;
        Thread.yield();
        if (c != null && carrier() == c) c.yielding = false; // not yielded after all (a pinned thread)
    }

    /** Makes a virtual thread runnable: called by the JDK when it starts, is unparked or yields. */
    @Override
    public void execute(Runnable continuation) {
        ForkJoinTask<?> task = ForkJoinTask.adapt(continuation);
        Carrier c = carrier();
        if (c != null && c.getPool() == pool) {
            if (c.yielding) { // the process that just yielded on this scheduler (see the class comment)
                c.yielding = false;
                ForkJoinTask<?> woken = pool.takeSubmission();
                if (woken != null) pool.execute(woken); // this queue; an idle scheduler may steal it
                pool.lazySubmit(task);
                return;
            }
            if (pool.getQueuedTaskCount() == 0) {
                pool.lazySubmit(task); // the waker's queue, no wake-up: it runs when the waker waits or yields
                return;
            }
        }
        pool.execute(task);
    }

    /** The scheduler the calling (virtual or carrier) thread runs on, or null. */
    private static Carrier carrier() {
        Thread carrier;
        try {
            carrier = (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return carrier instanceof Carrier c ? c : null;
    }
}
