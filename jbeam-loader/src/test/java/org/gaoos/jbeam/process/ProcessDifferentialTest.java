package org.gaoos.jbeam.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process world against the reference BEAM: programs in src/test/erlang/process (links, exit
 * signals, trap_exit, monitors, aliases, registered names, process_info, hibernate, timers, time,
 * and the stress program: a 10^5-process chain killed from one end, exits racing messages,
 * monitors and demonitors racing deaths, process count back to baseline) are compiled by the
 * reference erlc and run by erl and by jbeam; stdout and exit status must be identical. The
 * programs print no pids or absolute times, only what BEAM guarantees.
 */
class ProcessDifferentialTest {
    private static final Path SOURCES = Path.of("src/test/erlang/process");
    private static final ReferenceOtp OTP = ReferenceOtp.get();

    @TempDir
    Path out;

    private Command.Result run(List<String> argv) throws Exception {
        return Command.run(argv, out, Duration.ofMinutes(3));
    }

    private List<String> jbeam(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(List.of("-Xss1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                "-Djbeam.otp.lib=" + OTP.lib(), "-Djbeam.otp.preloaded=" + OTP.preloaded(),
                "org.gaoos.jbeam.Launcher"));
        argv.addAll(List.of(args));
        return argv;
    }

    @ParameterizedTest
    @ValueSource(strings = {"signals", "timers", "stress"})
    void programRunsLikeErl(String module) throws Exception {
        Command.Result c = run(List.of(OTP.erlc().toString(), "-o", out.toString(),
                SOURCES.resolve(module + ".erl").toAbsolutePath().toString()));
        assertEquals(0, c.exit(), () -> "erlc failed: " + c.stderr());
        List<String> erl = List.of(OTP.erl().toString(), "-noshell", "-pa", out.toString(), "-s", module, "main");
        Command.Result ref = run(erl);
        assertEquals(0, ref.exit(), () -> "erl failed: " + ref.stdout() + ref.stderr());
        Command.Result jb = run(jbeam(erl.subList(1, erl.size()).toArray(String[]::new)));
        assertEquals(ref.stdout(), jb.stdout(), () -> "stdout differs; jbeam stderr:\n" + jb.stderr());
        assertEquals(ref.exit(), jb.exit(), () -> "exit status differs; jbeam stderr:\n" + jb.stderr());
    }
}
