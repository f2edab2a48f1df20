package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * Unwinds a process that an exit signal has terminated (or that hibernates: {@link Hibernate}).
 * Not an {@link ErlangException}: translated {@code try}/{@code catch} handlers catch only those,
 * so no Erlang code can catch it and no {@code after} clause runs, as on BEAM. Stackless: thrown
 * from the depths of a recursion it costs only the unwinding.
 */
public class ProcessExit extends Error {
    private final transient Term reason;

    public ProcessExit(Term reason) {
        super(null, null, false, false);
        this.reason = reason;
    }

    /** The reason the process exits with. */
    public Term reason() { return reason; }
}
