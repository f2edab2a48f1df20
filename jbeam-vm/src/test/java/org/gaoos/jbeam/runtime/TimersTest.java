package org.gaoos.jbeam.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.junit.jupiter.api.Test;

/** The timer service: a million timers are objects, not threads; cancelled ones leave nothing. */
class TimersTest {
    @Test
    void aMillionTimersCostNoThreadsAndCancelCompletely() {
        int threadsBefore = Thread.activeCount();
        int before = Timers.count();
        int ticksBefore = Timers.queuedTicks();
        long far = System.nanoTime() + 3_600_000_000_000L;
        List<Ref> refs = new ArrayList<>(1_000_000);
        for (int i = 0; i < 1_000_000; i++) refs.add(Timers.start(Atom.of("timers_test_nobody"), Atom.OK, far + i * 1_000L));
        assertEquals(before + 1_000_000, Timers.count());
        assertTrue(Thread.activeCount() <= threadsBefore + 1, "one service thread at most");
        long n = 0;
        for (Ref r : refs) if (Timers.cancel(r) > 0) n++;
        assertEquals(1_000_000, n);
        assertEquals(before, Timers.count());
        assertEquals(ticksBefore, Timers.queuedTicks(), "the queue is back too");
        assertEquals(-1, Timers.cancel(refs.get(0)), "a cancelled timer is gone");
    }

    @Test
    void aTimerToAProcessThatExitsIsCancelled() throws Exception {
        Proc p = Processes.create(Atom.UNDEFINED);
        Term ref = Timers.start(p.pid(), Atom.OK, System.nanoTime() + 3_600_000_000_000L);
        assertTrue(Timers.read(ref) > 0);
        var done = new java.util.concurrent.CountDownLatch(1);
        p.addExitHook((proc, reason) -> done.countDown());
        Processes.start(p, () -> Atom.OK);
        done.await();
        // Timers are released right after the hooks; wait for the exiting thread to get there.
        for (int i = 0; i < 1000 && Timers.read(ref) >= 0; i++) Thread.sleep(5);
        assertEquals(-1, Timers.read(ref));
    }
}
