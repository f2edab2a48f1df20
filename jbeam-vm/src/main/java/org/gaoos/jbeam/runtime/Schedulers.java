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

    static {
        Schedulers s = new Schedulers(Runtime.getRuntime().availableProcessors());
        ThreadFactory factory = null;
        MethodHandle carrier = null;
        try {
            Constructor<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            builder.setAccessible(true);
            factory = ((Thread.Builder.OfVirtual) builder.newInstance(s)).factory();
            carrier = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            factory = null; // not opened: the JDK's default scheduler (see the class comment)
        }
        FACTORY = factory;
        CURRENT_CARRIER = carrier;
    }

    private final ForkJoinPool pool;

    private Schedulers(int count) {
        ForkJoinPool.ForkJoinWorkerThreadFactory carriers = p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("jbeam-scheduler-" + t.getPoolIndex());
            return t;
        };
        // FIFO local queues (asyncMode), as the JDK's virtual-thread scheduler: a yielding process
        // goes behind the others.
        this.pool = new ForkJoinPool(count, carriers, null, true, 0, count + 256, 1, null, 30, TimeUnit.SECONDS);
    }

    /** A new, unstarted virtual thread for a process. */
    static Thread newThread(String name, Runnable body) {
        Thread t = FACTORY == null ? Thread.ofVirtual().unstarted(body) : FACTORY.newThread(body);
        t.setName(name);
        return t;
    }

    /** Makes a virtual thread runnable: called by the JDK when it starts, is unparked or yields. */
    @Override
    public void execute(Runnable continuation) {
        ForkJoinTask<?> task = ForkJoinTask.adapt(continuation);
        if (onScheduler() && pool.getQueuedTaskCount() == 0) {
            pool.lazySubmit(task); // the waker's queue, no wake-up: it runs when the waker waits or yields
        } else {
            pool.execute(task);
        }
    }

    private boolean onScheduler() {
        Thread carrier;
        try {
            carrier = (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return carrier instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }
}
