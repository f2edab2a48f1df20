package org.gaoos.jbeam.ets;

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
 * ETS against the reference BEAM: the programs in src/test/erlang/ets are compiled by the reference
 * erlc and run by erl 27 and by jbeam's launcher; stdout and exit status must be identical.
 * {@code ets_basic} covers the four table types, ordered_set term order over mixed key types,
 * traversal, select/match with continuations, counters, update_element, match specifications
 * (guards, bodies, fun2ms, match_spec_test/run), access rights, ownership, heir, give_away and
 * info; {@code ets_concurrent} has 8 processes writing shared public tables at once and prints
 * the exact final state.
 */
class EtsDifferentialTest {
    private static final Path SOURCES = Path.of("src/test/erlang/ets");
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
    @ValueSource(strings = {"ets_basic", "ets_concurrent"})
    void programRunsLikeErl(String module) throws Exception {
        Command.Result c = run(List.of(OTP.erlc().toString(), "-o", out.toString(),
                SOURCES.resolve(module + ".erl").toAbsolutePath().toString()));
        assertEquals(0, c.exit(), () -> "erlc failed: " + c.stderr());
        String[] args = {"-noshell", "-pa", out.toString(), "-s", module, "main"};
        List<String> erl = new ArrayList<>(List.of(OTP.erl().toString()));
        erl.addAll(List.of(args));
        Command.Result ref = run(erl);
        assertEquals(0, ref.exit(), () -> "erl failed: " + ref.stdout() + ref.stderr());
        Command.Result jb = run(jbeam(args));
        assertEquals(ref.stdout(), jb.stdout(), () -> "stdout differs; jbeam stderr:\n" + jb.stderr());
        assertEquals(ref.exit(), jb.exit(), () -> "exit status differs; jbeam stderr:\n" + jb.stderr());
    }
}
