package org.gaoos.jbeam.translate;

import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.beam.Instruction;
import org.gaoos.jbeam.beam.Opcode;
import org.gaoos.jbeam.beam.Operand;
import org.gaoos.jbeam.term.Atom;

/**
 * OTP 24's binary construction, rewritten into OTP 25's before translation. erlc 24 (and later
 * erlc with {@code +r24}) builds a binary with a head instruction that makes the binary
 * ({@code bs_init2}, {@code bs_init_bits}, or {@code bs_append}/{@code bs_private_append}, which
 * extend an accumulator) followed by one {@code bs_put_*} instruction per segment, each writing
 * at the position the previous one left. That run of instructions is one {@code bs_create_bin}
 * with the same segments in the same order, which is how it is translated. The head's size
 * operands are the compiler's precomputed total; the segments determine it again, so they are
 * not needed. The size helpers {@code bs_add}, {@code bs_utf8_size} and {@code bs_utf16_size}
 * stay instructions of their own ({@link BitSyntax}).
 */
final class LegacyConstruction {
    private LegacyConstruction() {}

    private static final Operand.Unsigned ZERO = new Operand.Unsigned(0);
    private static final Operand.Unsigned ONE = new Operand.Unsigned(1);

    /** {@code code} with each head-and-puts run replaced by one bs_create_bin; {@code code} itself if it has none. */
    static List<Instruction> rewrite(List<Instruction> code) {
        if (code.stream().noneMatch(in -> isHead(in.op()))) return code;
        List<Instruction> out = new ArrayList<>(code.size());
        for (int i = 0; i < code.size(); i++) {
            Instruction head = code.get(i);
            if (!isHead(head.op())) {
                out.add(head);
                continue;
            }
            Operand fail = head.arg(0);
            List<Operand> segments = new ArrayList<>();
            Operand dst = switch (head.op()) {
                case BS_APPEND -> { // Fail Size Extra Live Unit Bin Flags Dst
                    segment(segments, "append", head.arg(4), head.arg(6), head.arg(5), atom("all"));
                    yield head.arg(7);
                }
                case BS_PRIVATE_APPEND -> { // Fail Size Unit Bin Flags Dst
                    segment(segments, "private_append", head.arg(2), head.arg(4), head.arg(3), atom("all"));
                    yield head.arg(5);
                }
                default -> head.arg(5); // bs_init2, bs_init_bits: Fail Size Words Regs Flags Dst
            };
            int j = i + 1;
            for (; j < code.size() && isPut(code.get(j).op()); j++) {
                Instruction put = code.get(j);
                // every put of a run fails like its head (one bs_create_bin has one Fail)
                if (put.op() != Opcode.BS_PUT_STRING && !put.arg(0).equals(fail)) return code;
                put(segments, put);
            }
            out.add(new Instruction(Opcode.BS_CREATE_BIN,
                    List.of(fail, ZERO, ZERO, ONE, dst, new Operand.OperandList(List.copyOf(segments))), head.offset()));
            i = j - 1;
        }
        return out;
    }

    private static boolean isHead(Opcode op) {
        return op == Opcode.BS_INIT2 || op == Opcode.BS_INIT_BITS || op == Opcode.BS_APPEND
                || op == Opcode.BS_PRIVATE_APPEND;
    }

    private static boolean isPut(Opcode op) {
        return switch (op) {
            case BS_PUT_INTEGER, BS_PUT_BINARY, BS_PUT_FLOAT, BS_PUT_STRING, BS_PUT_UTF8, BS_PUT_UTF16,
                 BS_PUT_UTF32 -> true;
            default -> false;
        };
    }

    /** One put as a bs_create_bin segment. */
    private static void put(List<Operand> segments, Instruction put) {
        switch (put.op()) {
            // Fail Size Unit Flags Src
            case BS_PUT_INTEGER -> segment(segments, "integer", put.arg(2), put.arg(3), put.arg(4), put.arg(1));
            case BS_PUT_BINARY -> segment(segments, "binary", put.arg(2), put.arg(3), put.arg(4), put.arg(1));
            case BS_PUT_FLOAT -> segment(segments, "float", put.arg(2), put.arg(3), put.arg(4), put.arg(1));
            // Length (bytes) String
            case BS_PUT_STRING -> segment(segments, "string", new Operand.Unsigned(8), ZERO, put.arg(1), put.arg(0));
            // Fail Flags Src
            case BS_PUT_UTF8 -> segment(segments, "utf8", ONE, put.arg(1), put.arg(2), atom("undefined"));
            case BS_PUT_UTF16 -> segment(segments, "utf16", ONE, put.arg(1), put.arg(2), atom("undefined"));
            case BS_PUT_UTF32 -> segment(segments, "utf32", ONE, put.arg(1), put.arg(2), atom("undefined"));
            default -> throw new IllegalArgumentException(put.toString());
        }
    }

    /** A segment of bs_create_bin: Type, Seg, Unit, Flags, Src, Size. */
    private static void segment(List<Operand> segments, String type, Operand unit, Operand flags, Operand src,
                                Operand size) {
        segments.addAll(List.of(atom(type), new Operand.Unsigned(segments.size() / 6 + 1), unit, flags, src, size));
    }

    private static Operand atom(String name) {
        return new Operand.AtomOperand(Atom.of(name));
    }
}
