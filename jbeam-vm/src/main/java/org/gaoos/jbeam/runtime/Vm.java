package org.gaoos.jbeam.runtime;

import java.io.PrintStream;

/** VM-wide actions: halting with an exit status after flushing standard output. */
public final class Vm {
    private Vm() {}

    private static volatile PrintStream stdout = System.out;

    /** The stream the standard I/O server writes to. */
    public static PrintStream stdout() { return stdout; }

    public static void setStdout(PrintStream out) { stdout = out; }

    /** erlang:halt/1: flushes output and ends the JVM with {@code status}. */
    public static void halt(int status) {
        stdout.flush();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
