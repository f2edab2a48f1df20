package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.beam.Operand.AtomOperand;
import org.gaoos.jbeam.beam.Operand.LineRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTP 28's formats, made by rewriting a module erlc 27 compiled (no OTP 28 compiler is at hand): the
 * negative-count {@code AtU8} with compact-term lengths and atoms longer than 255 bytes, the
 * uncompressed {@code LitT}, and the {@code debug_line/4} instruction.
 */
class Otp28FormatTest {
    @TempDir
    static Path work;
    static byte[] original;
    static BeamFile reference;

    @BeforeAll
    static void compile() throws Exception {
        original = CompiledCorpus.beam(CompiledCorpus.compile(work, List.of(), "ld_misc"), "ld_misc");
        reference = BeamFile.read(original);
    }

    /** Reads the OTP 27 atom table. */
    static List<String> atoms(byte[] chunk) {
        ByteBuffer b = ByteBuffer.wrap(chunk);
        int n = b.getInt();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] s = new byte[b.get() & 0xFF];
            b.get(s);
            out.add(new String(s, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Writes an OTP 28 atom table: negated count, each length a compact u term. */
    static byte[] longAtomTable(List<String> atoms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Chunks.u32(-atoms.size()));
        for (String a : atoms) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(Compact.u(b.length));
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void negativeCountAtomTableWithLongAtoms() throws Exception {
        Chunks c = Chunks.parse(original);
        List<String> atoms = new ArrayList<>(atoms(c.get("AtU8")));
        String longName = "ü".repeat(255); // 255 characters, 510 bytes: beyond OTP 27's u8 lengths
        int at = atoms.indexOf("ünïcödé");
        atoms.set(at, longName);
        BeamFile b = BeamFile.read(c.put("AtU8", longAtomTable(atoms)).write());
        assertEquals(atoms.size(), b.atomCount());
        assertEquals(longName, b.atom(at + 1).name());
        assertEquals(longName, b.function(longName, 1).name().name(), "the renamed function");
        assertTrue(b.exports().stream().anyMatch(e -> e.function().name().equals(longName)));
        assertEquals(reference.functions().size(), b.functions().size());

        atoms.set(at, "ü".repeat(256));
        BadBeamException e = MalformedBeamTest.refused(Chunks.parse(original).put("AtU8", longAtomTable(atoms)).write(),
                "longer than 255 characters");
        assertNull(e.module(), "the module name is not known while its atom table is refused");
    }

    @Test
    void uncompressedLiteralTable() throws Exception {
        Chunks c = Chunks.parse(original);
        byte[] litt = c.get("LitT");
        int size = ByteBuffer.wrap(litt).getInt();
        assertTrue(size > 0, "erlc 27 compresses");
        byte[] table = Chunks.inflate(litt, 4, size);
        BeamFile b = BeamFile.read(c.put("LitT", Chunks.concat(Chunks.u32(0), table)).write());
        assertEquals(reference.literals().size(), b.literals().size());
        for (int i = 0; i < b.literals().size(); i++) {
            assertArrayEquals(reference.literals().get(i).externalForm(), b.literals().get(i).externalForm());
            assertEquals(reference.literals().get(i).value(), b.literals().get(i).value());
        }
    }

    @Test
    void debugLineInstructions() throws Exception {
        Chunks c = Chunks.parse(original);
        List<String> atoms = new ArrayList<>(atoms(c.get("AtU8")));
        atoms.add("entry");
        int entryAtom = atoms.size();
        byte[] code = c.get("Code");
        int headerEnd = 4 + ByteBuffer.wrap(code).getInt();
        // Insert "debug_line {atom,entry} Location Index Live" after every function's entry label.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(code, 0, headerEnd);
        int from = 0;
        int index = 1;
        for (BeamFunction f : reference.functions()) {
            int insertAt = f.code().get(f.entryIndex()).offset();
            out.write(code, headerEnd + from, insertAt - from);
            int location = f.code().stream().filter(in -> in.op() == Opcode.LINE).map(in -> ((LineRef) in.arg(0)).index())
                    .findFirst().orElse(0);
            out.writeBytes(Compact.op(Opcode.DEBUG_LINE, Compact.a(entryAtom), Compact.u(location), Compact.u(index++),
                    Compact.u(f.arity())));
            from = insertAt;
        }
        out.write(code, headerEnd + from, code.length - headerEnd - from);
        byte[] newCode = out.toByteArray();
        ByteBuffer.wrap(newCode).putInt(8, Opcode.MAX); // the header's highest opcode: debug_line
        BeamFile b = BeamFile.read(c.put("AtU8", longAtomTable(atoms)).put("Code", newCode).write());
        assertEquals(reference.functions().size(), b.functions().size());
        for (int i = 0; i < b.functions().size(); i++) {
            BeamFunction f = b.functions().get(i);
            Instruction debug = f.code().get(f.entryIndex());
            assertEquals(Opcode.DEBUG_LINE, debug.op());
            assertTrue(debug.op().isMetadata());
            assertEquals("entry", ((AtomOperand) debug.arg(0)).atom().name());
            assertEquals(i + 1, debug.u(2));
            assertEquals(f.arity(), debug.u(3));
            List<String> without = f.code().stream().filter(in -> in.op() != Opcode.DEBUG_LINE).map(Instruction::toString).toList();
            assertEquals(reference.functions().get(i).code().stream().map(Instruction::toString).toList(), without);
        }
    }
}
