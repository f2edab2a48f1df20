package org.gaoos.jbeam.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.testing.ErlVsJbeam;
import org.gaoos.otp.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jbeam boots OTP like erl: OTP's own init runs start_clean.boot, the kernel application starts
 * (code server, file server, logger, user_drv/prim_tty, standard_error) and the command line's
 * -eval, -s, -run, -extra, init:stop/1 and halt behave as on erl 27. Each case runs the same
 * command line on erl and on jbeam in the same fresh directory and compares stdout and exit
 * status exactly (standard input, when given, comes from a file). Programs: src/test/erlang/boot.
 */
class BootDifferentialTest {
    private static final Path SOURCES = Path.of("src/test/erlang/boot");

    @TempDir
    Path out;

    /** Files, the code server, os:cmd, init's arguments, the kernel's processes, the logger. */
    @Test
    void programSeesTheBootedKernel() throws Exception {
        ErlVsJbeam vms = new ErlVsJbeam(out);
        vms.compile(SOURCES.resolve("boot_io.erl"));
        String[] args = {"-noshell", "-pa", out.toString(), "-s", "boot_io", "main", "-run", "boot_io", "args", "a", "b",
            "-s", "erlang", "halt", "-extra", "x", "y"};
        Command.Result ref = vms.erl(args);
        assertEquals(0, ref.exit(), ref::stderr);
        clean();
        vms.jbeamSameAs(ref, args);
    }

    /** Standard input reaches io:get_line/get_chars/fread; init:stop/1 sets the exit status. */
    @Test
    void standardInputAndInitStop() throws Exception {
        ErlVsJbeam vms = new ErlVsJbeam(out);
        vms.compile(SOURCES.resolve("boot_input.erl"));
        Files.writeString(out.resolve("input"), "hello\nabcdef\n12 atom\nlast line without newline");
        String[] args = {"-noshell", "-pa", out.toString(), "-s", "boot_input", "main"};
        Command.Result ref = withInput(vms, "input", erl(args));
        assertEquals(5, ref.exit(), ref::stderr);
        Command.Result jb = withInput(vms, "input", ErlVsJbeam.jbeam(args));
        assertEquals(ref.stdout(), jb.stdout(), jb::stderr);
        assertEquals(ref.exit(), jb.exit(), jb::stderr);
    }

    /** Without -noshell: OTP's own Eshell reads expressions from piped standard input. */
    @Test
    void shellEvaluatesPipedInput() throws Exception {
        ErlVsJbeam vms = new ErlVsJbeam(out);
        Files.writeString(out.resolve("input"), "X = 1 + 2, X * 7.\nio:format(\"~p~n\", [lists:seq(1, 3)]).\n"
                + "{ok, T, _} = erl_scan:string(\"a.\"), T.\nfoo(.\n[X, Y] = [1].\n");
        Command.Result ref = withInput(vms, "input", erl());
        Command.Result jb = withInput(vms, "input", ErlVsJbeam.jbeam());
        // The first line is the system version banner, which names the VM.
        assertTrue(ref.stdout().startsWith("Erlang/OTP 27"), ref::stdout);
        assertTrue(jb.stdout().startsWith("Erlang/OTP 27 [erts-15.2.7] [jbeam]"), jb::stdout);
        assertEquals(afterFirstLine(ref.stdout()), afterFirstLine(jb.stdout()), jb::stderr);
        assertEquals(ref.exit(), jb.exit(), jb::stderr);
    }

    /** Boot failures: a failing -eval, a missing -s module; halt/1 and init:stop/0 statuses. */
    @Test
    void failuresAndExitStatuses() throws Exception {
        ErlVsJbeam vms = new ErlVsJbeam(out);
        vms.sameAsErl("-noshell", "-eval", "io:format(\"before~n\"), no_such_module:f()");
        vms.sameAsErl("-noshell", "-s", "no_such_module");
        vms.sameAsErl("-noshell", "-eval", "io:format(\"~p~n\", [init:get_argument(flag)]), halt(7)", "-flag", "v1", "v2");
        vms.sameAsErl("-noshell", "-eval", "io:format(\"stopping~n\"), init:stop()");
    }

    private static String afterFirstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? "" : s.substring(nl + 1);
    }

    private static List<String> erl(String... args) {
        List<String> argv = new ArrayList<>(List.of(ErlVsJbeam.OTP.erl().toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Runs {@code argv} with standard input from {@code file} (in the working directory). */
    private static Command.Result withInput(ErlVsJbeam vms, String file, List<String> argv) throws Exception {
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" < " + file, "sh"));
        sh.addAll(argv);
        return vms.run(sh);
    }

    /** Removes what the first run left behind, so the second starts from the same directory. */
    private void clean() throws Exception {
        for (String f : new String[] {"data.txt", "renamed.txt", "terms.txt", "sub/a.txt", "sub"}) {
            Files.deleteIfExists(out.resolve(f));
        }
    }
}
