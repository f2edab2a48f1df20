package org.gaoos.jbeam.corpus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.gaoos.otp.Command;

/**
 * Runs one launcher (the reference {@code erl} or {@code bin/jbeam}) on one command line in a fixed
 * environment, so that both VMs see the same locale and no user flags.
 */
final class VmRun {

    /** How a run ended: exit status (-1 when killed on timeout), stdout, stderr. */
    record Result(int exit, String stdout, String stderr, boolean timedOut) {}

    private VmRun() {}

    static Result run(List<String> argv, Path dir, Duration timeout) {
        try {
            Command.Result r = Command.run(argv, dir, timeout, VmRun::fixEnvironment);
            return new Result(r.exit(), r.stdout(), r.stderr(), false);
        } catch (Command.TimedOut t) {
            return new Result(-1, t.stdout(), t.stderr() + "\n[killed after " + timeout + "]", true);
        }
    }

    private static void fixEnvironment(Map<String, String> env) {
        // Same locale for both VMs: io's encoding of stdout follows it.
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        // No user flags, and no crash dump (a program that crashes on purpose would write one).
        env.remove("ERL_FLAGS");
        env.remove("ERL_AFLAGS");
        env.remove("ERL_ZFLAGS");
        env.put("ERL_CRASH_DUMP_SECONDS", "0");
    }
}
