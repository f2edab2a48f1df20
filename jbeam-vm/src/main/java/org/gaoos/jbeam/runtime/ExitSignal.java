package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * An exit signal: from a terminated linked process ({@code link} set) or from exit/2. Acted on when
 * the receiver takes it from its queue, by the rules of the reference manual's "Receiving Exit
 * Signals": dropped if its link is no longer active or for {@code normal} from another process to
 * a process not trapping exits; {@code kill} from exit/2 terminates with {@code killed}; trapping
 * processes get {@code {'EXIT', From, Reason}}; others terminate with the reason.
 */
final class ExitSignal extends ControlSignal {
    private static final Atom KILLED = Atom.of("killed");

    final Term from;
    final Term reason;
    final boolean link;

    ExitSignal(Term from, Term reason, boolean link) {
        this.from = from;
        this.reason = reason;
        this.link = link;
    }

    @Override
    Term receive(Proc p) {
        if (link && !p.dropLink(from)) return null;
        if (!link && reason == Atom.KILL) throw new ProcessExit(KILLED);
        if (p.trapExit) return Tuple.of(Atom.EXIT_TAG, from, reason);
        if (reason == Atom.NORMAL) {
            if (!link && from.equals(p.pid)) throw new ProcessExit(Atom.NORMAL);
            return null;
        }
        throw new ProcessExit(reason);
    }
}
