package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * What BEAM's error logger prints when a process dies with an exception: for now straight to
 * standard error, in the shape of the default logger's report. (With the real logger running, this
 * becomes a log event.)
 */
final class CrashReport {
    private CrashReport() {}

    static void processCrashed(Proc p, Term reason) {
        System.err.println("=ERROR REPORT==== Error in process " + p.pid + " with exit value:\n" + reason);
    }

    static void internal(Proc p, Throwable t) {
        System.err.println("jbeam: internal error in process " + p.pid + ": " + t);
        t.printStackTrace();
    }
}
