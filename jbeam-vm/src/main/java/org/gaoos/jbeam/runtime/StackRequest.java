package org.gaoos.jbeam.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Term;

/**
 * process_info of another process's current function, location or stack trace: only the process
 * itself can walk its stack (see {@link ProcessStacks}), so, as BEAM's process_info does, the
 * requester sends this signal and waits (acting on its own signals meanwhile, {@link Proc#await});
 * the target answers with its frames when it next handles signals (a preemption point or receive).
 * A target that exits first answers null.
 */
final class StackRequest extends Request {
    private final Proc requester;
    private final int max;
    final CompletableFuture<Term> answer = new CompletableFuture<>();

    StackRequest(Proc requester, int max) {
        this.requester = requester;
        this.max = max;
    }

    @Override
    Term execute(Proc target) {
        return Lists.of(ProcessStacks.own(target, max));
    }

    @Override
    void reply(Term frames) {
        answer.complete(frames);
        Thread t = requester.thread();
        if (t != null) LockSupport.unpark(t);
    }

    @Override
    Term noprocAnswer() {
        return null;
    }

    /** Asks {@code target} for up to {@code max} frames; null if it has exited. */
    static List<Term> ask(Proc self, Proc target, int max) {
        StackRequest r = new StackRequest(self, max);
        r.sendTo(target);
        Term frames = self.await(r.answer);
        return frames == null ? null : Lists.toJava(frames);
    }
}
