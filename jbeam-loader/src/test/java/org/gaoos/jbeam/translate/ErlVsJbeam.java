package org.gaoos.jbeam.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;

/**
 * Runs one command line on the reference erl and on jbeam's launcher (a separate JVM) and
 * compares stdout and exit status exactly; compiles test programs with the reference erlc.
 */
final class ErlVsJbeam {
    static final ReferenceOtp OTP = ReferenceOtp.get();

    private final Path dir;

    ErlVsJbeam(Path dir) {
        this.dir = dir;
    }

    Command.Result run(List<String> argv) throws Exception {
        return Command.run(argv, dir, Duration.ofMinutes(3));
    }

    /** Compiles {@code source} into the working directory. */
    void compile(Path source) throws Exception {
        Command.Result r = run(List.of(OTP.erlc().toString(), "-o", dir.toString(), source.toAbsolutePath().toString()));
        assertEquals(0, r.exit(), () -> "erlc failed: " + r.stderr());
    }

    static List<String> jbeam(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        // Deep body recursion needs deep virtual-thread stacks (docs/jbeam.md, "Stacks").
        argv.addAll(List.of("-Xss1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                "-Djbeam.otp.lib=" + OTP.lib(), "-Djbeam.otp.preloaded=" + OTP.preloaded(),
                "org.gaoos.jbeam.Launcher"));
        argv.addAll(List.of(args));
        return argv;
    }

    /** The same command line on both VMs: identical stdout and exit status. Returns erl's stdout. */
    String sameAsErl(String... args) throws Exception {
        List<String> erl = new ArrayList<>(List.of(OTP.erl().toString()));
        erl.addAll(List.of(args));
        Command.Result ref = run(erl);
        Command.Result jb = run(jbeam(args));
        assertEquals(ref.stdout(), jb.stdout(), () -> "stdout differs; jbeam stderr:\n" + jb.stderr());
        assertEquals(ref.exit(), jb.exit(), () -> "exit status differs; jbeam stderr:\n" + jb.stderr());
        return ref.stdout();
    }
}
