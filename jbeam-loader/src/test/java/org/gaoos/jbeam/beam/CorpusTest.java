package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's Erlang corpus ({@code src/test/erlang/beam/corpus}, plus a generated module with a huge
 * function, compiled with the first two option sets), compiled by the reference erlc 27 with the options that select older code generators
 * ({@code +r24}: OTP 24's binary construction; {@code +r25}, {@code +r26}) and other chunk layouts
 * ({@code +line_coverage}, {@code +slim}, {@code +no_type_opt}), loads and agrees with OTP's own reading.
 */
class CorpusTest {
    static final List<List<String>> OPTION_SETS = List.of(List.of(), List.of("+r24"), List.of("+r25"), List.of("+r26"),
            List.of("+line_coverage"), List.of("+slim"), List.of("+no_type_opt", "+deterministic"));

    @TempDir
    static Path work;
    static Map<Path, List<String>> compiled = new LinkedHashMap<>();
    static Map<String, ReferenceFacts.Module> facts;

    @BeforeAll
    static void compile() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (var s = Files.list(ReferenceFacts.ERLANG_SOURCES.resolve("corpus"))) {
            sources.addAll(s.filter(p -> p.toString().endsWith(".erl")).sorted().toList());
        }
        sources.add(ReferenceFacts.ERLANG_SOURCES.resolve("beam_facts.erl"));
        Path huge = HugeModule.write(work);
        List<Path> beams = new ArrayList<>();
        for (int i = 0; i < OPTION_SETS.size(); i++) {
            Path dir = Files.createDirectories(work.resolve("set" + i));
            List<Path> these = new ArrayList<>(sources);
            if (i < 2) {
                these.add(huge); // slow to compile: with the default and the OTP 24 code generators only
            }
            ReferenceFacts.erlc(these, dir, OPTION_SETS.get(i));
            for (Path beam : OtpBeams.list(dir)) {
                beams.add(beam);
                compiled.put(beam, OPTION_SETS.get(i));
            }
        }
        facts = ReferenceFacts.of(beams, work);
    }

    @Test
    void everyCompiledModuleLoadsAndAgreesWithOtp() throws Exception {
        assertTrue(compiled.size() >= 7 * 6 + 2, "compiled " + compiled.size());
        for (Path beam : compiled.keySet()) {
            BeamFile file = BeamFile.read(Files.readAllBytes(beam));
            ReferenceFacts.assertAgrees(facts.get(beam.toAbsolutePath().toString()), file);
        }
    }

    @Test
    void theCorpusCoversTheInstructionFamiliesOfEveryCodeGenerator() throws Exception {
        Set<Opcode> seen = EnumSet.noneOf(Opcode.class);
        for (Path beam : compiled.keySet()) {
            for (BeamFunction f : BeamFile.read(Files.readAllBytes(beam)).functions()) {
                f.code().forEach(in -> seen.add(in.op()));
            }
        }
        // The OTP 24 binary construction ops (+r24), OTP 25/26 bs_create_bin/bs_match, OTP 27 executable_line, etc.
        for (Opcode op : List.of(Opcode.BS_PUT_INTEGER, Opcode.BS_PUT_BINARY, Opcode.BS_PUT_FLOAT, Opcode.BS_PUT_STRING,
                Opcode.BS_INIT_BITS, Opcode.BS_APPEND, Opcode.BS_PRIVATE_APPEND, Opcode.BS_PUT_UTF8, Opcode.BS_PUT_UTF16,
                Opcode.BS_PUT_UTF32, Opcode.BS_UTF8_SIZE, Opcode.BS_ADD, Opcode.BS_CREATE_BIN, Opcode.BS_MATCH,
                Opcode.BS_GET_INTEGER2, Opcode.BS_GET_BINARY2, Opcode.BS_GET_FLOAT2, Opcode.BS_GET_UTF8, Opcode.BS_MATCH_STRING,
                Opcode.BS_START_MATCH4, Opcode.BS_GET_TAIL, Opcode.UPDATE_RECORD, Opcode.BADRECORD, Opcode.CALL_FUN2,
                Opcode.MAKE_FUN3, Opcode.NIF_START, Opcode.ON_LOAD, Opcode.EXECUTABLE_LINE, Opcode.PUT_MAP_ASSOC,
                Opcode.PUT_MAP_EXACT, Opcode.GET_MAP_ELEMENTS, Opcode.HAS_MAP_FIELDS, Opcode.SELECT_VAL,
                Opcode.SELECT_TUPLE_ARITY, Opcode.TRY, Opcode.CATCH, Opcode.RAISE, Opcode.BUILD_STACKTRACE,
                Opcode.LOOP_REC, Opcode.WAIT_TIMEOUT, Opcode.RECV_MARKER_RESERVE, Opcode.FADD, Opcode.FMUL,
                Opcode.FDIV, Opcode.FCONV, Opcode.APPLY, Opcode.GC_BIF2, Opcode.IS_TAGGED_TUPLE, Opcode.SWAP,
                Opcode.INIT_YREGS, Opcode.PUT_TUPLE2, Opcode.TEST_ARITY)) {
            assertTrue(seen.contains(op), "the corpus never produces " + op);
        }
    }

    @Test
    void theHugeFunctionIsOneFunction() throws Exception {
        Path beam = compiled.keySet().stream().filter(p -> p.getFileName().toString().equals(HugeModule.NAME + ".beam"))
                .findFirst().orElseThrow();
        BeamFunction f = BeamFile.read(Files.readAllBytes(beam)).function("huge", 1);
        assertTrue(f.code().size() > 15_000, "instructions: " + f.code().size());
        Instruction select = f.code().stream().filter(in -> in.op() == Opcode.SELECT_VAL).findFirst().orElseThrow();
        assertEquals(2 * HugeModule.CLAUSES, select.list(2).size(), "one value/label pair per clause");
    }
}
