package org.gaoos.otp.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged runtime holds what booting OTP needs, byte-identical to the reference's files. */
class OtpRuntimeTest {

    private final ReferenceOtp otp = ReferenceOtp.get();

    @Test
    void everyModuleTheCleanBootLoadsIsPackaged(@TempDir Path dir) {
        // The reference erl reads its own start_clean.boot and lists every module it loads.
        var run = Command.run(List.of(otp.erl().toString(), "-noshell", "-eval", """
                {ok, B} = file:read_file(filename:join([code:root_dir(), "bin", "start_clean.boot"])),
                {script, _, Cmds} = binary_to_term(B),
                Mods = lists:usort([M || {primLoad, Ms} <- Cmds, M <- Ms]),
                io:format("~s~n", [lists:join(" ", [atom_to_list(M) || M <- Mods])]),
                halt()."""), dir, Duration.ofMinutes(1)).requireSuccess(List.of("erl"));
        var bootModules = new TreeSet<>(Arrays.asList(run.stdout().trim().split(" ")));
        assertTrue(bootModules.size() > 50, "start_clean.boot loads " + bootModules.size() + " modules");
        bootModules.removeAll(OtpRuntime.modules().keySet());
        assertEquals(new TreeSet<String>(), bootModules, "boot modules missing from otp-stdlib");
        assertTrue(OtpRuntime.read("bin/start_clean.boot").isPresent());
    }

    @Test
    void packagedBeamsAreTheReferenceFiles() throws IOException {
        for (String module : List.of("erlang", "init", "erl_init", "prim_file", "lists", "io_lib_format", "gen_server", "compile")) {
            byte[] packaged = OtpRuntime.beam(module).orElseThrow(() -> new AssertionError(module + " not packaged"));
            Path reference = otp.lib().resolve(OtpRuntime.modules().get(module));
            assertArrayEquals(Files.readAllBytes(reference), packaged, module);
        }
    }

    @Test
    void unknownModulesAreAbsent() {
        assertTrue(OtpRuntime.beam("no_such_module").isEmpty());
    }
}
