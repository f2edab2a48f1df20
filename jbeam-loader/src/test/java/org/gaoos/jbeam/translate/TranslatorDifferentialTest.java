package org.gaoos.jbeam.translate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gaoos.jbeam.testing.ErlVsJbeam;
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
    private static final ReferenceOtp OTP = ErlVsJbeam.OTP;

    @TempDir
    Path out;

    private void compile(String module) throws Exception {
        new ErlVsJbeam(out).compile(SOURCES.resolve(module + ".erl"));
    }

    private void sameAsErl(String... args) throws Exception {
        new ErlVsJbeam(out).sameAsErl(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"basics", "deep", "append"})
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
