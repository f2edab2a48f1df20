package org.gaoos.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference OTP 27 that tools/otp provides compiles and runs Erlang, and has its sources and tests. */
class ReferenceOtpTest {

    private final ReferenceOtp otp = ReferenceOtp.get();

    @Test
    void erlcCompilesAModuleThatErlRuns(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("greet.erl"), """
                -module(greet).
                -export([main/0]).
                main() -> io:format("~s ~p ~w~n", [erlang:system_info(otp_release), lists:seq(1, 3), 1.5e300 * 2]).
                """);
        Command.run(List.of(otp.erlc().toString(), "greet.erl"), dir, Duration.ofMinutes(2))
                .requireSuccess(List.of("erlc"));
        assertTrue(Files.isRegularFile(dir.resolve("greet.beam")));
        var run = Command.run(List.of(otp.erl().toString(), "-noshell", "-s", "greet", "main", "-s", "init", "stop"),
                dir, Duration.ofMinutes(2));
        assertEquals(new Command.Result(0, "27 [1,2,3] 3.0e300\n", ""), run);
    }

    @Test
    void haltStatusIsTheExitStatus(@TempDir Path dir) {
        var run = Command.run(List.of(otp.erl().toString(), "-noshell", "-eval", "halt(3)."), dir, Duration.ofMinutes(1));
        assertEquals(3, run.exit());
    }

    @Test
    void runtimeBeamsAndSourceTreeArePresent() {
        assertTrue(Files.isRegularFile(otp.preloaded().resolve("erlang.beam")), "erts preloaded modules");
        assertTrue(Files.isRegularFile(otp.preloaded().resolve("init.beam")), "erts preloaded modules");
        assertTrue(Files.isRegularFile(otp.ebin("stdlib").resolve("lists.beam")), "stdlib");
        assertTrue(Files.isRegularFile(otp.ebin("kernel").resolve("code.beam")), "kernel");
        assertTrue(Files.isRegularFile(otp.ebin("compiler").resolve("compile.beam")), "compiler");
        assertTrue(Files.isRegularFile(otp.src().resolve("erts/emulator/test/bs_construct_SUITE.erl")), "erts tests");
        assertTrue(Files.isRegularFile(otp.src().resolve("lib/stdlib/test/lists_SUITE.erl")), "stdlib tests");
        assertTrue(Files.isRegularFile(otp.src().resolve("lib/compiler/src/genop.tab")), "genop.tab");
    }
}
