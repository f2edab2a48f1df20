package org.gaoos.jbeam.testing;

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
public final class ErlVsJbeam {
    public static final ReferenceOtp OTP = ReferenceOtp.get();

    private final Path dir;

    /** Works in {@code dir}: the programs' output directory and both VMs' working directory. */
    public ErlVsJbeam(Path dir) {
        this.dir = dir;
    }

    public Command.Result run(List<String> argv) throws Exception {
        return Command.run(argv, dir, Duration.ofMinutes(3));
    }

    /** Compiles {@code source} into the working directory. */
    public void compile(Path source) throws Exception {
        Command.Result r = run(List.of(OTP.erlc().toString(), "-o", dir.toString(), source.toAbsolutePath().toString()));
        assertEquals(0, r.exit(), () -> "erlc failed: " + r.stderr());
    }

    /** jbeam's launcher in a new JVM with this JVM's java and class path, given erl's arguments. */
    public static List<String> jbeam(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        // Deep body recursion needs deep virtual-thread stacks (docs/jbeam.md, "Stacks").
        // java.lang opened for jbeam's schedulers (runtime.Schedulers), as bin/jbeam does.
        argv.addAll(List.of("-Xss1g", "-XX:+UseParallelGC", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "-Djbeam.otp.lib=" + OTP.lib(), "-Djbeam.otp.preloaded=" + OTP.preloaded(),
                "org.gaoos.jbeam.Launcher"));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Runs the reference erl with {@code args}. */
    public Command.Result erl(String... args) throws Exception {
        List<String> erl = new ArrayList<>(List.of(OTP.erl().toString()));
        erl.addAll(List.of(args));
        return run(erl);
    }

    /** Runs jbeam with {@code args}: stdout and exit status identical to erl's run {@code ref}. */
    public void jbeamSameAs(Command.Result ref, String... args) throws Exception {
        Command.Result jb = run(jbeam(args));
        assertEquals(ref.stdout(), jb.stdout(), () -> "stdout differs; jbeam stderr:\n" + jb.stderr());
        assertEquals(ref.exit(), jb.exit(), () -> "exit status differs; jbeam stderr:\n" + jb.stderr());
    }

    /** The same command line on both VMs: identical stdout and exit status. Returns erl's stdout. */
    public String sameAsErl(String... args) throws Exception {
        Command.Result ref = erl(args);
        jbeamSameAs(ref, args);
        return ref.stdout();
    }

    /**
     * Compiles {@code module} from {@code sources} and runs its {@code main/0} on both VMs: erl must
     * exit 0, and jbeam must print the same and exit the same.
     */
    public void mainRunsLikeErl(Path sources, String module) throws Exception {
        compile(sources.resolve(module + ".erl"));
        String[] args = {"-noshell", "-pa", dir.toString(), "-s", module, "main"};
        Command.Result ref = erl(args);
        assertEquals(0, ref.exit(), () -> "erl failed: " + ref.stdout() + ref.stderr());
        jbeamSameAs(ref, args);
    }
}
