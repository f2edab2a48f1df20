package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * Signals from ports to processes. A port's exit reaches the processes linked to it as an exit
 * signal from the port (trapping processes get {@code {'EXIT', Port, Reason}}, others die unless
 * the reason is {@code normal}); the port keeps its side of the links itself (port.OpenPort).
 */
public final class PortSignals {
    private PortSignals() {}

    public static void exit(Proc to, Term port, Term reason) {
        to.deliverSignal(new ExitSignal(port, reason, false));
    }
}
