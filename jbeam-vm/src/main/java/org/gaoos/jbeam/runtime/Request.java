package org.gaoos.jbeam.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

import org.gaoos.jbeam.term.Term;

/**
 * A request another process makes of a process and that only the process itself can answer,
 * because it is about its own stack: BEAM's system tasks ({@code check_process_code}) and
 * {@code process_info} of the current function. It travels as a signal (in order with the
 * requester's other signals) and is answered when the target handles signals: at its next
 * preemption point or in receive. Answered exactly once: by the target, or as for a missing
 * process if the target exits first.
 */
abstract class Request extends ControlSignal {
    private final AtomicBoolean answered = new AtomicBoolean();

    /** Computes the answer on the target's own thread. */
    abstract Term execute(Proc target);

    /**
     * True if the target puts the request off instead (it stays among the target's requests:
     * answered with {@link #answer} later, or at its exit).
     */
    boolean putOff(Proc target) {
        return false;
    }

    /** Delivers the answer (any thread). */
    abstract void reply(Term answer);

    /** The answer when the target no longer exists. */
    abstract Term noprocAnswer();

    @Override
    final Term receive(Proc p) {
        if (!putOff(p)) answer(p, execute(p));
        return null;
    }

    /** The target's answer, now or after putting it off. */
    final void answer(Proc p, Term a) {
        p.requestDone(this);
        if (answered.compareAndSet(false, true)) reply(a);
    }

    /** Answers as for a missing process (the target exited, or never existed). */
    final void noproc() {
        if (answered.compareAndSet(false, true)) reply(noprocAnswer());
    }

    /** Sends this request to {@code target}, or answers it at once if there is no such process. */
    final void sendTo(Proc target) {
        if (target == null || !target.request(this)) noproc();
    }
}
