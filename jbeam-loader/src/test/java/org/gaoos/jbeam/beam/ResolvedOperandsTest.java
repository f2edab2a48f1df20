package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.gaoos.jbeam.beam.Operand.BigInt;
import org.gaoos.jbeam.beam.Operand.ImportRef;
import org.gaoos.jbeam.beam.Operand.LambdaRef;
import org.gaoos.jbeam.beam.Operand.LineRef;
import org.gaoos.jbeam.beam.Operand.LiteralRef;
import org.gaoos.jbeam.beam.Operand.OperandList;
import org.gaoos.jbeam.beam.Operand.StringRef;
import org.gaoos.jbeam.beam.Operand.XReg;
import org.gaoos.jbeam.term.Big;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the translator sees: operands resolved to the module's tables, on modules compiled by erlc 27. */
class ResolvedOperandsTest {
    @TempDir
    static Path work;
    static BeamFile misc, bits, bits24, numbers, control;

    @BeforeAll
    static void compile() throws Exception {
        Path def = CompiledCorpus.compile(work.resolve("def"), List.of(), "ld_misc", "ld_bits", "ld_numbers", "ld_control");
        Path r24 = CompiledCorpus.compile(work.resolve("r24"), List.of("+r24"), "ld_bits");
        misc = BeamFile.read(CompiledCorpus.beam(def, "ld_misc"));
        bits = BeamFile.read(CompiledCorpus.beam(def, "ld_bits"));
        numbers = BeamFile.read(CompiledCorpus.beam(def, "ld_numbers"));
        control = BeamFile.read(CompiledCorpus.beam(def, "ld_control"));
        bits24 = BeamFile.read(CompiledCorpus.beam(r24, "ld_bits"));
    }

    static Stream<Operand> operands(BeamFunction f) {
        return f.code().stream().flatMap(in -> in.args().stream())
                .flatMap(o -> o instanceof OperandList l ? Stream.concat(Stream.of(o), l.elements().stream()) : Stream.of(o));
    }

    static <T extends Operand> List<T> all(BeamFile b, Class<T> kind, Predicate<T> p) {
        return b.functions().stream().flatMap(ResolvedOperandsTest::operands).filter(kind::isInstance).map(kind::cast)
                .filter(p).toList();
    }

    @Test
    void moduleLevelTables() {
        assertEquals("ld_misc", misc.module().name());
        assertNotNull(misc.function("ünïcödé", 1), "unicode function names");
        assertNotNull(misc.function("weird name", 0));
        assertTrue(misc.attributes().toString().contains("custom_attribute"), misc.attributes().toString());
        assertTrue(misc.compileInfo().toString().contains("version"), misc.compileInfo().toString());
        assertTrue(misc.chunkIds().containsAll(List.of("AtU8", "Code", "LitT", "Line", "Type", "Meta")), misc.chunkIds().toString());
        assertEquals(null, misc.typesNote());
        assertEquals(BeamType.ANY, misc.types().getFirst());
        BeamFunction nif = misc.function("nif", 1);
        assertEquals(Opcode.NIF_START, nif.code().get(nif.entryIndex()).op(), "nif_start right after the entry label");
        for (Export e : misc.exports()) {
            BeamFunction f = misc.functionAt(e.label());
            assertEquals(e.function(), f.name());
            assertEquals(e.arity(), f.arity());
        }
        BeamFile.LabelSite site = misc.label(misc.exports().getFirst().label());
        assertEquals(Opcode.LABEL, site.function().code().get(site.index()).op());
    }

    @Test
    void importsLambdasLiteralsAndLines() {
        assertTrue(all(misc, ImportRef.class, r -> r.entry().toString().equals("erlang:phash2/1")).size() > 0);
        List<LambdaRef> funs = all(control, LambdaRef.class, r -> r.lambda().function().name().startsWith("-funs/2-fun-"));
        assertTrue(funs.size() > 0, "make_fun3 refers to the fun table");
        for (LambdaRef r : funs) {
            BeamFunction target = control.functionAt(r.lambda().label());
            assertEquals(r.lambda().function(), target.name());
        }
        List<LiteralRef> lits = all(misc, LiteralRef.class, r -> r.literal().value().toString().contains("with space"));
        assertTrue(lits.size() > 0, "the atoms/0 literal list is decoded");
        List<LineRef> lines = all(misc, LineRef.class, r -> r.location().isDefined());
        assertTrue(lines.size() > 10);
        assertTrue(lines.stream().allMatch(r -> r.location().file().endsWith("ld_misc.erl") && r.location().line() > 0),
                lines.toString());
    }

    @Test
    void bignumsInlineAndInTheLiteralTable() {
        BeamFunction huge = numbers.function("huge", 1);
        assertTrue(operands(huge).anyMatch(o -> o instanceof BigInt b && b.value().bitLength() == 91),
                "1 bsl 90 is an inline i-tagged integer");
        assertTrue(operands(huge).anyMatch(o -> o instanceof LiteralRef r && r.literal().value() instanceof Big),
                "2^128 goes to the literal table");
    }

    @Test
    void bitSyntaxStringsAndTypedRegisters() {
        List<StringRef> created = all(bits, StringRef.class, r -> true);
        assertTrue(created.stream().anyMatch(r -> new String(r.bytes(), StandardCharsets.UTF_8).equals("prefix-")),
                "bs_create_bin's string segment: " + created);
        List<Instruction> matches = bits24.functions().stream().flatMap(f -> f.code().stream())
                .filter(in -> in.op() == Opcode.BS_MATCH_STRING).toList();
        assertTrue(matches.size() > 0, "bs_match_string in +r24 code");
        for (Instruction in : matches) {
            StringRef s = (StringRef) in.arg(3);
            assertEquals((in.u(2) + 7) / 8, s.bytes().length, in.toString());
            assertTrue(java.util.Arrays.equals(s.bytes(), java.util.Arrays.copyOfRange(bits24.strings(), s.offset(),
                    s.offset() + s.bytes().length)), in.toString());
        }
        assertTrue(all(bits, XReg.class, r -> !r.type().isAny()).size() > 0, "OTP 25+ typed registers carry types");
    }
}
