package org.gaoos.jbeam.beam;

import static org.gaoos.jbeam.beam.Compact.a;
import static org.gaoos.jbeam.beam.Compact.op;
import static org.gaoos.jbeam.beam.Compact.u;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test helper: a minimal module {@code tiny} built by hand, whose code can be replaced to test the
 * decoder on exact bytes. Atoms: 1 tiny, 2 f, 3 ok, 4 erlang, 5 node. Function {@code f/0} (labels 1, 2)
 * is exported; import 0 is {@code erlang:node/0}.
 */
final class TinyBeam {
    static final List<String> ATOMS = List.of("tiny", "f", "ok", "erlang", "node");

    private TinyBeam() {}

    /** f/0's header: label 1, func_info tiny f 0, label 2. */
    static byte[] functionHead() {
        return Chunks.concat(op(Opcode.LABEL, u(1)), op(Opcode.FUNC_INFO, a(1), a(2), u(0)), op(Opcode.LABEL, u(2)));
    }

    /** The default body: {@code move ok x0; return}. */
    static byte[] body() {
        return Chunks.concat(op(Opcode.MOVE, a(3), Compact.x(0)), op(Opcode.RETURN));
    }

    static byte[] codeChunk(int maxOpcode, int labels, int functions, byte[] code) {
        return Chunks.concat(Chunks.u32(16), Chunks.u32(0), Chunks.u32(maxOpcode), Chunks.u32(labels),
                Chunks.u32(functions), code);
    }

    static byte[] atomChunk(List<String> atoms) {
        byte[] out = Chunks.u32(atoms.size());
        for (String s : atoms) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out = Chunks.concat(out, new byte[] {(byte) b.length}, b);
        }
        return out;
    }

    /** A loadable module whose function body is {@code body} (the code must end with int_code_end). */
    static Chunks withCode(byte[] body) {
        byte[] code = Chunks.concat(functionHead(), body, op(Opcode.INT_CODE_END));
        return new Chunks()
                .put("AtU8", atomChunk(ATOMS))
                .put("Code", codeChunk(Opcode.MAX, 3, 1, code))
                .put("StrT", "hello".getBytes(StandardCharsets.ISO_8859_1))
                .put("ImpT", Chunks.concat(Chunks.u32(1), Chunks.u32(4), Chunks.u32(5), Chunks.u32(0)))
                .put("ExpT", Chunks.concat(Chunks.u32(1), Chunks.u32(2), Chunks.u32(0), Chunks.u32(2)));
    }

    static Chunks valid() {
        return withCode(body());
    }
}
