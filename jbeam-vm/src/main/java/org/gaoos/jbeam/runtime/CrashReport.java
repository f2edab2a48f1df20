package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Term;

/**
 * What ERTS does when a process dies with an uncaught error or throw (beam_common.c,
 * terminate_proc): an error event "Error in process ~p with exit value:~n~p~n" to the system
 * logger. A JVM-level failure inside the VM is a jbeam bug and goes to standard error.
 */
final class CrashReport {
    private CrashReport() {}

    static void processCrashed(Proc p, Term reason) {
        SystemLogger.error(p, "Error in process ~p with exit value:~n~p~n", Lists.of(p.pid, reason),
                "Error in process " + p.pid + " with exit value:\n" + reason);
    }

    static void internal(Proc p, Throwable t) {
        System.err.println("jbeam: internal error in process " + p.pid + ": " + t);
        t.printStackTrace();
    }
}
