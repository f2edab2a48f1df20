package org.gaoos.jbeam.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.gaoos.jbeam.term.Term;

/**
 * process_info of something only the target process can read safely: its stack (only a
 * process's own thread can walk it, see {@link ProcessStacks}) and its dictionary (a plain map
 * its owner changes without locks). As BEAM's process_info does, the requester sends this signal
 * and waits, acting on its own signals meanwhile ({@link Proc#await}: two processes asking each
 * other do not deadlock); the target computes the answer on its own thread when it next handles
 * signals (a preemption point or receive). A target that exits first answers null.
 */
public final class InfoRequest extends Request {
    private final Proc requester;
    private final Function<Proc, Term> item;
    private final CompletableFuture<Term> answer = new CompletableFuture<>();

    private InfoRequest(Proc requester, Function<Proc, Term> item) {
        this.requester = requester;
        this.item = item;
    }

    @Override
    Term execute(Proc target) {
        return item.apply(target);
    }

    @Override
    void reply(Term value) {
        answer.complete(value);
        Thread t = requester.thread();
        if (t != null) LockSupport.unpark(t);
    }

    @Override
    Term noprocAnswer() {
        return null;
    }

    /**
     * {@code item} computed by {@code target} on its own thread (at once if the target is the
     * calling process); null if the target has exited.
     */
    public static Term ask(Proc self, Proc target, Function<Proc, Term> item) {
        if (target.thread() == Thread.currentThread()) return item.apply(target);
        InfoRequest r = new InfoRequest(self, item);
        r.sendTo(target);
        return self.await(r.answer);
    }
}
