package org.gaoos.jbeam.beam;

import java.util.List;

/**
 * One generic instruction: its opcode and resolved operands (as many as {@link Opcode#arity()}, a
 * trailing list being one {@link Operand.OperandList}), and its byte offset in the {@code Code}
 * chunk's code (for diagnostics). The loader has checked every operand against
 * {@link Opcode#operandKinds()}, so the typed accessors below cannot fail on a loaded module.
 */
public record Instruction(Opcode op, List<Operand> args, int offset) {

    public Operand arg(int i) {
        return args.get(i);
    }

    /** Operand {@code i} as an unsigned number that fits an int. */
    public int u(int i) {
        return ((Operand.Unsigned) args.get(i)).intValue();
    }

    public Operand.Label label(int i) {
        return (Operand.Label) args.get(i);
    }

    public Operand.OperandList list(int i) {
        return (Operand.OperandList) args.get(i);
    }

    public Operand.ImportRef importRef(int i) {
        return (Operand.ImportRef) args.get(i);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{").append(op.opName());
        for (Operand a : args) {
            sb.append(',').append(a);
        }
        return sb.append('}').toString();
    }
}
