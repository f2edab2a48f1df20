package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * Something the runtime must tell when a process exits: ETS (owner deletion, heir), and any other
 * resource a process owns. Registered per process with {@link Proc#addExitHook}.
 *
 * <p>Hooks run once, on the exiting process's own thread, after the process is dead
 * ({@link Proc#isAlive()} is false, its registered name is free, it is gone from
 * {@code processes()}) and <em>before</em> its links and monitors are signalled, as BEAM cleans up
 * a process's ETS tables before the {@code 'EXIT'}/{@code 'DOWN'} signals go out: a process that
 * receives the {@code 'DOWN'} of a table owner finds the table already gone (or given to its heir).
 * A hook must not block for long; an exception it throws is reported and does not stop the exit.
 */
@FunctionalInterface
public interface ExitHook {
    /** Called once when {@code proc} has exited with {@code reason}. */
    void exited(Proc proc, Term reason);
}
