package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * A monitored process has terminated. Becomes the {@code {'DOWN', Ref, process, Who, Reason}}
 * message (or the monitor's tag instead of 'DOWN') if the monitor is still active when the
 * receiver takes it; dropped after demonitor, as BEAM guarantees.
 */
final class DownSignal extends ControlSignal {
    final Term ref;
    final Term reason;

    DownSignal(Term ref, Term reason) {
        this.ref = ref;
        this.reason = reason;
    }

    @Override
    Term receive(Proc p) {
        Monitor m = p.takeMonitor(ref);
        if (m == null) return null;
        return Tuple.of(m.tag(), ref, m.type(), m.who(), reason);
    }
}
