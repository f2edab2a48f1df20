package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;

/**
 * What the reference OTP 27 reads from .beam files (beam_lib and beam_disasm, via
 * {@code src/test/erlang/beam/beam_facts.erl}), and the comparison of a {@link BeamFile} with it.
 */
final class ReferenceFacts {
    static final Path ERLANG_SOURCES = Path.of("src/test/erlang/beam");

    record Function(String name, int arity, int entry, List<String> ops) {}

    record Module(String file, String md5, int exports, int imports, List<String> exportNames, List<Function> functions) {}

    private ReferenceFacts() {}

    /** Compiles {@code sources} with the reference erlc into {@code outDir}, with options (e.g. {@code +r25}). */
    static void erlc(List<Path> sources, Path outDir, List<String> options) {
        List<String> argv = new ArrayList<>(List.of(ReferenceOtp.get().erlc().toString(), "-o", outDir.toString()));
        argv.addAll(options);
        sources.forEach(s -> argv.add(s.toAbsolutePath().toString()));
        Command.run(argv, outDir, Duration.ofMinutes(2)).requireSuccess(argv);
    }

    /** Runs beam_facts on the reference erl over {@code beams}, keyed by file path. */
    static Map<String, Module> of(List<Path> beams, Path work) {
        try {
            Path tool = Files.createDirectories(work.resolve("beam_facts"));
            erlc(List.of(ERLANG_SOURCES.resolve("beam_facts.erl")), tool, List.of());
            Path list = work.resolve("beams.txt");
            Path out = work.resolve("facts.txt");
            Files.writeString(list, String.join("\n", beams.stream().map(p -> p.toAbsolutePath().toString()).toList()) + "\n");
            List<String> argv = List.of(ReferenceOtp.get().erl().toString(), "-noshell", "-pa", tool.toString(),
                    "-run", "beam_facts", "main", list.toString(), out.toString());
            Command.run(argv, work, Duration.ofMinutes(10)).requireSuccess(argv);
            Map<String, Module> modules = new LinkedHashMap<>();
            String[] m = null;
            List<Function> fs = null;
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("M")) {
                    if (m != null) {
                        put(modules, m, fs);
                    }
                    m = f;
                    fs = new ArrayList<>();
                } else {
                    fs.add(new Function(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), List.of(f[4].split(" "))));
                }
            }
            if (m != null) {
                put(modules, m, fs);
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(Map<String, Module> modules, String[] m, List<Function> fs) {
        List<String> exports = m[5].isEmpty() ? List.of() : List.of(m[5].split("\u001f"));
        modules.put(m[1], new Module(m[1], m[2], Integer.parseInt(m[3]), Integer.parseInt(m[4]), exports, fs));
    }

    /** Asserts that {@code beam} agrees with what OTP read from the same file. */
    static void assertAgrees(Module ref, BeamFile beam) {
        String where = ref.file();
        assertEquals(ref.md5(), HexFormat.of().formatHex(beam.md5()), where + ": module MD5");
        assertEquals(ref.exports(), beam.exports().size(), where + ": exports");
        assertEquals(ref.exportNames(), beam.exports().stream()
                .sorted((a, b) -> a.function() == b.function() ? Integer.compare(a.arity(), b.arity())
                        : compareAtoms(a.function().name(), b.function().name()))
                .map(e -> e.function().name() + "/" + e.arity()).toList(), where + ": export names");
        assertEquals(ref.imports(), beam.imports().size(), where + ": imports");
        assertEquals(ref.functions().size(), beam.functions().size(), where + ": function count");
        for (int i = 0; i < ref.functions().size(); i++) {
            Function r = ref.functions().get(i);
            BeamFunction f = beam.functions().get(i);
            String fn = where + ": function " + i + " " + r.name() + "/" + r.arity();
            assertEquals(r.name(), f.name().name(), fn + " name");
            assertEquals(r.arity(), f.arity(), fn + " arity");
            assertEquals(r.entry(), f.entryLabel(), fn + " entry label");
            List<String> expected = normalize(r.ops());
            List<String> actual = normalize(f.code().stream().map(in -> disasmName(in.op())).toList());
            int at = 0;
            while (at < expected.size() && at < actual.size() && expected.get(at).equals(actual.get(at))) {
                at++;
            }
            assertEquals(expected.size() + " instructions", actual.size() + " instructions", fn + ": first difference at "
                    + at + ": " + (at < expected.size() ? expected.get(at) : "end") + " vs " + (at < actual.size() ? actual.get(at) : "end"));
            assertEquals(expected.subList(at, Math.min(at + 1, expected.size())), actual.subList(at, Math.min(at + 1, actual.size())),
                    fn + ": instruction " + at);
        }
    }

    /** beam_disasm's name for an opcode (it shows the bif variants, float arithmetic and raise as bif). */
    static String disasmName(Opcode op) {
        return switch (op) {
            case BIF0, BIF1, BIF2, RAISE, FADD, FSUB, FMUL, FDIV, FNEGATE -> "bif";
            case GC_BIF1, GC_BIF2, GC_BIF3 -> "gc_bif";
            default -> op.opName();
        };
    }

    /** beam_disasm reorders the label and line before func_info; compare that prefix as a sorted list. */
    private static List<String> normalize(List<String> ops) {
        int info = ops.indexOf("func_info");
        List<String> head = new ArrayList<>(ops.subList(0, Math.max(info, 0)));
        head.sort(null);
        List<String> out = new ArrayList<>(head);
        out.addAll(ops.subList(Math.max(info, 0), ops.size()));
        return out;
    }

    private static int compareAtoms(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
