package org.gaoos.jbeam.beam;

import static org.gaoos.jbeam.beam.Compact.a;
import static org.gaoos.jbeam.beam.Compact.f;
import static org.gaoos.jbeam.beam.Compact.op;
import static org.gaoos.jbeam.beam.Compact.u;
import static org.gaoos.jbeam.beam.Compact.x;
import static org.gaoos.jbeam.beam.Compact.z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Each kind of malformed input is refused with a BadBeamException that names the module and the problem. */
class MalformedBeamTest {

    static BadBeamException refused(byte[] file, String... fragments) {
        BadBeamException e = assertThrows(BadBeamException.class, () -> BeamFile.read(file));
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' mentions '" + s + "'");
        }
        return e;
    }

    static BadBeamException refusedCode(byte[] body, String... fragments) {
        BadBeamException e = refused(TinyBeam.withCode(body).write(), fragments);
        assertEquals("tiny", e.module());
        assertTrue(e.getMessage().startsWith("module 'tiny': "), e.getMessage());
        return e;
    }

    @Test
    void theTinyModuleIsValid() throws Exception {
        BeamFile b = BeamFile.read(TinyBeam.valid().write());
        assertEquals("tiny", b.module().name());
        assertEquals(1, b.functions().size());
        assertEquals("{move,{atom,ok},{x,0}}", b.functions().getFirst().code().get(3).toString());
    }

    @Test
    void container() {
        refused(new byte[0], "not a BEAM file");
        refused("FOR1\0\0\0\4BEAM".getBytes(), "missing code chunk");
        refused("FOR2\0\0\0\4BEAM".getBytes(), "not a BEAM file");
        refused("FOR1\0\0\0\4BEAN".getBytes(), "IFF form type is not 'BEAM'");
        byte[] ok = TinyBeam.valid().write();
        refused(Arrays.copyOf(ok, ok.length - 1), "form size");
        byte[] bigForm = ok.clone();
        bigForm[4] = 0x7F;
        refused(bigForm, "form size");
        byte[] bigChunk = ok.clone();
        bigChunk[16] = (byte) 0xFF; // the first chunk's size
        refused(bigChunk, "chunk 'AtU8' at byte", "declares");
    }

    @Test
    void missingAndObsoleteChunks() {
        refused(TinyBeam.valid().remove("Code").write(), "missing code chunk");
        refused(TinyBeam.valid().remove("AtU8").write(), "missing atom table");
        Chunks old = TinyBeam.valid();
        old.put("Atom", old.get("AtU8")).remove("AtU8");
        refused(old.write(), "re-compile");
        refused(TinyBeam.valid().remove("ImpT").write(), "module 'tiny'", "missing import table");
        refused(TinyBeam.valid().remove("ExpT").write(), "module 'tiny'", "missing export table");
    }

    @Test
    void tables() {
        refused(TinyBeam.valid().put("AtU8", Chunks.u32(Integer.MAX_VALUE)).write(), "corrupt atom table", "atom count");
        refused(TinyBeam.valid().put("AtU8", Chunks.concat(Chunks.u32(1), new byte[] {2, (byte) 0xC3, 0x28})).write(),
                "not valid UTF-8");
        refused(TinyBeam.valid().put("ImpT", Chunks.concat(Chunks.u32(1), Chunks.u32(9), Chunks.u32(5), Chunks.u32(0))).write(),
                "module 'tiny'", "import 0 module atom index 9 out of range");
        refused(TinyBeam.valid().put("ImpT", Chunks.u32(1 << 30)).write(), "import count");
        refused(TinyBeam.valid().put("ExpT", Chunks.concat(Chunks.u32(1), Chunks.u32(2), Chunks.u32(0), Chunks.u32(1))).write(),
                "export f/0: label 1 is not the entry of that function");
        refused(TinyBeam.valid().put("ExpT", Chunks.concat(Chunks.u32(1), Chunks.u32(2), Chunks.u32(300), Chunks.u32(2))).write(),
                "arity 300 out of range");
        refused(TinyBeam.valid().put("FunT", Chunks.concat(Chunks.u32(1), new byte[20])).write(), "lambda table");
        refused(TinyBeam.valid().put("Attr", new byte[] {(byte) 131, 104, 9}).write(), "attributes (Attr chunk) is not a valid external term");
        refused(TinyBeam.valid().put("Line", Chunks.concat(Chunks.u32(0), Chunks.u32(0), Chunks.u32(1), Chunks.u32(1),
                Chunks.u32(0), x(3))).write(), "illegal line item tag x");
        refused(TinyBeam.valid().put("Type", Chunks.concat(Chunks.u32(3), Chunks.u32(1), new byte[] {0, 0})).write(),
                "type 0 is the empty type");
    }

    @Test
    void literalTable() throws Exception {
        refused(TinyBeam.valid().put("LitT", Chunks.concat(Chunks.u32(Integer.MAX_VALUE), new byte[] {0x78, (byte) 0x9C, 1, 2})).write(),
                "corrupt literal table", "impossible");
        refused(TinyBeam.valid().put("LitT", Chunks.concat(Chunks.u32(12), new byte[] {0x78, (byte) 0x9C, 1, 2, 3, 4, 5, 6})).write(),
                "zlib");
        // OTP 28's uncompressed form: one literal that is not an external term.
        refused(TinyBeam.valid().put("LitT", Chunks.concat(Chunks.u32(0), Chunks.u32(1), Chunks.u32(2), new byte[] {(byte) 131, 0})).write(),
                "literal 0 is not a valid external term");
        refused(TinyBeam.valid().put("LitT", Chunks.concat(Chunks.u32(0), Chunks.u32(1), Chunks.u32(100), new byte[] {(byte) 131, 97, 1})).write(),
                "literal 0 size 100 out of range");
    }

    @Test
    void inflatedSizeMustCoverTheData() throws Exception {
        byte[] table = Chunks.concat(Chunks.u32(1), Chunks.u32(3), new byte[] {(byte) 131, 97, 42});
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(table);
        d.finish();
        byte[] z = new byte[256];
        z = Arrays.copyOf(z, d.deflate(z));
        d.end();
        refused(TinyBeam.valid().put("LitT", Chunks.concat(Chunks.u32(table.length - 1), z)).write(),
                "inflates to more than the declared " + (table.length - 1) + " bytes");
        for (int declared : new int[] {table.length, table.length + 100}) {
            BeamFile b = BeamFile.read(TinyBeam.valid().put("LitT", Chunks.concat(Chunks.u32(declared), z)).write());
            assertEquals("42", b.literals().getFirst().value().toString(), "declared " + declared);
        }
    }

    @Test
    void codeHeader() {
        Chunks later = TinyBeam.valid();
        later.put("Code", TinyBeam.codeChunk(185, 3, 1, new byte[0]));
        refused(later.write(), "compiled for a later version", "opcode 185");
        Chunks older = TinyBeam.valid();
        older.put("Code", TinyBeam.codeChunk(168, 3, 1, new byte[0]));
        refused(older.write(), "compiled for an old version");
        Chunks badHeader = TinyBeam.valid();
        badHeader.put("Code", Chunks.u32(1 << 20));
        refused(badHeader.write(), "corrupt code chunk header");
    }

    @Test
    void opcodes() {
        refusedCode(new byte[] {0}, "unknown opcode 0");
        refusedCode(new byte[] {(byte) 185}, "unknown opcode 185");
        refusedCode(op(Opcode.of(14), u(1), u(0)), "opcode 14 (allocate_zero/2) is obsolete", "re-compile");
        refusedCode(op(Opcode.MOVE, a(3)), "truncated");
        // No int_code_end: the code just stops.
        byte[] code = Chunks.concat(TinyBeam.functionHead(), TinyBeam.body());
        refused(TinyBeam.valid().put("Code", TinyBeam.codeChunk(Opcode.MAX, 3, 1, code)).write(), "truncated");
    }

    @Test
    void operands() {
        refusedCode(op(Opcode.MOVE, a(9), x(0)), "atom 9 out of range");
        refusedCode(op(Opcode.MOVE, a(3), x(1024)), "x register 1024 out of range");
        refusedCode(op(Opcode.JUMP, f(3)), "label 3 out of range");
        refusedCode(op(Opcode.JUMP, f(0)), "jump/1: operand 1 is {f,0}, expected a label other than 0");
        BadBeamException e = refusedCode(op(Opcode.MOVE, a(3), f(1)), "move/2: operand 2 is {f,1}, expected a register");
        assertEquals("module 'tiny': code at byte 8 (after label): move/2: operand 2 is {f,1}, expected a register",
                e.getMessage(), "the message names the module, the place and the problem");
        refusedCode(op(Opcode.MOVE, z(4, u(0)), x(0)), "literal 0 out of range (0 entries)");
        refusedCode(op(Opcode.MOVE, z(0, u(0)), x(0)), "superseded");
        refusedCode(op(Opcode.MOVE, z(9), x(0)), "unknown extended tag 9");
        refusedCode(op(Opcode.MOVE, Compact.encode(CompactTerm.H, 65), x(0)), "tag h");
        refusedCode(op(Opcode.MOVE, z(5, a(1), u(0)), x(0)), "typed register operand holds tag a");
        refusedCode(op(Opcode.CALL_EXT, u(0), u(1)), "import 1 out of range (1 entries)");
        refusedCode(op(Opcode.MAKE_FUN3, u(0), x(0), z(1, u(0))), "fun (FunT entry) 0 out of range");
        refusedCode(op(Opcode.BS_PUT_STRING, u(6), u(0)), "string of 6 bytes at offset 0 overruns the 5-byte string table");
        refusedCode(op(Opcode.SELECT_VAL, x(0), f(2), z(1, u(3), a(3), f(2), a(3))), "is not a list of pairs");
        refusedCode(op(Opcode.SELECT_VAL, z(1, u(0)), f(2), x(0)), "list operand is not the last operand");
        refusedCode(op(Opcode.SELECT_VAL, x(0), f(2), z(1, u(2), a(3), z(1, u(0)))), "list operand nested in a list");
        refusedCode(op(Opcode.SELECT_VAL, x(0), f(2), z(1, u(1_000_000))), "list length 1000000 out of range");
        refusedCode(op(Opcode.BS_MATCH, f(2), x(0), z(1, u(2), a(3), u(1))), "invalid sub instruction 'ok'");
        refusedCode(op(Opcode.TEST_HEAP, z(3, u(4), u(0), u(1)), u(0)), "allocation list length 4 out of range 0..3");
    }

    @Test
    void functionsAndLabels() {
        // A label used but never defined.
        Chunks undefined = TinyBeam.valid();
        byte[] code = Chunks.concat(TinyBeam.functionHead(), op(Opcode.JUMP, f(3)), op(Opcode.INT_CODE_END));
        undefined.put("Code", TinyBeam.codeChunk(Opcode.MAX, 4, 1, code));
        refused(undefined.write(), "label 3 is referenced but never defined");
        // The header's function count disagrees with the code.
        Chunks count = TinyBeam.valid();
        code = Chunks.concat(TinyBeam.functionHead(), TinyBeam.body(), op(Opcode.INT_CODE_END));
        count.put("Code", TinyBeam.codeChunk(Opcode.MAX, 3, 2, code));
        refused(count.write(), "1 functions in the code, but the header says 2");
        // Code before the first function.
        Chunks before = TinyBeam.valid();
        code = Chunks.concat(TinyBeam.body(), TinyBeam.functionHead(), TinyBeam.body(), op(Opcode.INT_CODE_END));
        before.put("Code", TinyBeam.codeChunk(Opcode.MAX, 3, 1, code));
        refused(before.write(), "code does not start with a function");
        // A label defined twice.
        refusedCode(op(Opcode.LABEL, u(2)), "label 2 defined more than once");
        // A local call to something that is not a function entry.
        refusedCode(op(Opcode.CALL_ONLY, u(0), f(1)), "does not call a function entry of arity 0");
    }
}
