package org.gaoos.jbeam.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;
import org.junit.jupiter.api.Test;

/** Exit hooks: run once at exit with the reason, the process already dead; refused afterwards. */
class ExitHookTest {
    static final class Recorder implements ExitHook {
        volatile boolean ran;

        @Override
        public void exited(Proc proc, Term reason) { ran = true; }
    }

    @Test
    void hookRunsOnceWithTheExitReasonAfterTheProcessIsDead() throws Exception {
        Proc p = Processes.create(Atom.UNDEFINED);
        CompletableFuture<Term> seen = new CompletableFuture<>();
        CompletableFuture<Boolean> aliveInHook = new CompletableFuture<>();
        assertTrue(p.addExitHook((proc, reason) -> {
            aliveInHook.complete(proc.isAlive() || Processes.lookup(proc.pid()) != null);
            seen.complete(reason);
        }));
        Recorder removed = new Recorder();
        assertTrue(p.addExitHook(removed));
        p.removeExitHook(removed);
        Processes.start(p, () -> { throw Errors.exit(Atom.of("bye")); });
        assertEquals(Atom.of("bye"), seen.get(30, TimeUnit.SECONDS));
        assertFalse(aliveInHook.get());
        assertFalse(removed.ran);
        assertFalse(p.addExitHook((proc, reason) -> {}), "a dead process refuses hooks");
    }
}
