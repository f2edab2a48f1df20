package org.gaoos.jbeam.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The translator against the reference BEAM: Erlang programs from src/test/erlang/translate are
 * compiled by the reference erlc, run by the reference erl and by jbeam's launcher (a separate
 * JVM: programs end with halt/1), and their stdout and exit status must be identical. The OTP
 * modules they use (lists, io, io_lib, io_lib_format, string, unicode_util, erl_scan, ...) run
 * from OTP's own .beam files, translated at load time.
 */
class TranslatorDifferentialTest {
    private static final Path SOURCES = Path.of("src/test/erlang/translate");
    private static final ReferenceOtp OTP = ReferenceOtp.get();

    @TempDir
    Path out;

    private Command.Result run(List<String> argv) throws Exception {
        return Command.run(argv, out, Duration.ofMinutes(3));
    }

    private void compile(String module) throws Exception {
        Command.Result r = run(List.of(OTP.erlc().toString(), "-o", out.toString(),
                SOURCES.resolve(module + ".erl").toAbsolutePath().toString()));
        assertEquals(0, r.exit(), () -> "erlc failed: " + r.stderr());
    }

    private List<String> jbeam(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        // Deep body recursion needs deep virtual-thread stacks (docs/jbeam.md, "Stacks").
        argv.addAll(List.of("-Xss1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                "-Djbeam.otp.lib=" + OTP.lib(), "-Djbeam.otp.preloaded=" + OTP.preloaded(),
                "org.gaoos.jbeam.Launcher"));
        argv.addAll(List.of(args));
        return argv;
    }

    private void sameAsErl(String... args) throws Exception {
        List<String> erl = new ArrayList<>(List.of(OTP.erl().toString()));
        erl.addAll(List.of(args));
        Command.Result ref = run(erl);
        Command.Result jb = run(jbeam(args));
        assertEquals(ref.stdout(), jb.stdout(), () -> "stdout differs; jbeam stderr:\n" + jb.stderr());
        assertEquals(ref.exit(), jb.exit(), () -> "exit status differs; jbeam stderr:\n" + jb.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"basics", "deep"})
    void programRunsLikeErl(String module) throws Exception {
        compile(module);
        sameAsErl("-noshell", "-pa", out.toString(), "-s", module, "main");
    }

    @Test
    void evalRunsOnOtpsOwnScannerParserAndEvaluator() throws Exception {
        sameAsErl("-noshell", "-eval",
                "io:format(\"~p ~s~n\", [lists:map(fun(X) -> X * 2 end, [1,2,3]), \"ok\"]), halt(3).");
    }

    @Test
    void runPassesStringsAndInitStopEndsTheVm() throws Exception {
        sameAsErl("-noshell", "-run", "io", "format", "hello", "-s", "init", "stop");
    }

    /** Every class generated for these OTP modules passes ASM's verifier (and the JVM's, on definition). */
    @ParameterizedTest
    @ValueSource(strings = {"lists", "io_lib", "io_lib_format", "string", "unicode", "unicode_util", "maps",
            "erl_scan", "erl_parse", "erl_eval", "io", "proplists", "sets", "gb_trees", "dict", "queue"})
    void translatedOtpModulesVerify(String module) throws Exception {
        byte[] beam = Files.readAllBytes(OTP.ebin("stdlib").resolve(module + ".beam"));
        byte[] cls = BeamModuleLoader.translateOnly(beam);
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(cls), Translator.class.getClassLoader(), false, new PrintWriter(problems));
        assertTrue(problems.toString().isEmpty(), () -> module + ": " + problems);
        new BeamModuleLoader().load(beam, module + ".beam"); // defines the hidden class: the JVM verifies it
    }
}
