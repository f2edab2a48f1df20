package org.gaoos.jbeam.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gaoos.jbeam.testing.ErlVsJbeam;
import org.gaoos.otp.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code loading against the reference BEAM: {@code src/test/erlang/code/code_loading.erl} loads
 * versions of the modules in {@code v1/} and {@code v2/} (compiled by the reference erlc and
 * embedded as binaries in a generated module, so no file I/O is needed) with the BIFs OTP's
 * code server uses, and prints what BEAM guarantees: remote calls switching versions while local
 * calls stay, not_purged, soft purge refusing while a process runs old code, purge killing it,
 * delete, atomic finish_loading and its error forms, bad files, on_load success and failure, a
 * gen_server upgraded with sys:change_code, funs of purged code, error_handler, check_process_code,
 * 200 reloads, modules with on_load functions loaded on first call. erl and jbeam must print the same.
 */
class CodeLoadingDifferentialTest {
    private static final Path SOURCES = Path.of("src/test/erlang/code");

    @TempDir
    Path out;

    @Test
    void codeLoadingRunsLikeErl() throws Exception {
        ErlVsJbeam vms = new ErlVsJbeam(out);
        StringBuilder bins = new StringBuilder("-module(cl_bins).\n-export([bin/2]).\n");
        for (int v = 1; v <= 2; v++) {
            Path dir = Files.createDirectories(out.resolve("v" + v));
            List<Path> sources;
            try (Stream<Path> s = Files.list(SOURCES.resolve("v" + v))) {
                sources = s.filter(p -> p.toString().endsWith(".erl")).sorted().toList();
            }
            for (Path src : sources) {
                List<String> argv = new ArrayList<>(List.of(ErlVsJbeam.OTP.erlc().toString(), "-o", dir.toString(),
                        src.toAbsolutePath().toString()));
                Command.Result r = vms.run(argv);
                assertEquals(0, r.exit(), () -> "erlc failed: " + r.stdout() + r.stderr());
                String module = src.getFileName().toString().replace(".erl", "");
                byte[] beam = Files.readAllBytes(dir.resolve(module + ".beam"));
                bins.append("bin(").append(module).append(", ").append(v).append(") -> <<");
                for (int i = 0; i < beam.length; i++) bins.append(i == 0 ? "" : ",").append(beam[i] & 0xff);
                bins.append(">>;\n");
            }
        }
        bins.append("bin(M, V) -> erlang:error({no_such_version, M, V}).\n");
        Path gen = out.resolve("gen");
        Files.createDirectories(gen);
        Files.writeString(gen.resolve("cl_bins.erl"), bins);
        vms.compile(gen.resolve("cl_bins.erl"));
        for (String m : List.of("cl_eh", "ol_auto", "ol_auto_bad")) vms.compile(SOURCES.resolve(m + ".erl"));
        vms.mainRunsLikeErl(SOURCES, "code_loading");
    }
}
