package org.gaoos.jbeam.beam;

import java.util.List;

import org.gaoos.jbeam.term.Atom;

/**
 * One function of a module: {@code name/arity}, the label of its {@code func_info} (where a
 * {@code function_clause} error is raised), the label of its entry point (what calls, exports and funs
 * refer to), and its instructions in order. The instructions start with the {@code label} before
 * {@code func_info}, then possibly a {@code line}, the {@code func_info} and the entry {@code label},
 * and run to the last instruction before the next function.
 */
public record BeamFunction(Atom name, int arity, int infoLabel, int entryLabel, List<Instruction> code) {

    /** Index in {@link #code()} of the instruction after the entry label: where execution starts. */
    public int entryIndex() {
        for (int i = 0; i < code.size(); i++) {
            Instruction in = code.get(i);
            if (in.op() == Opcode.LABEL && in.u(0) == entryLabel) {
                return i + 1;
            }
        }
        throw new IllegalStateException("unreachable: a loaded function has its entry label");
    }

    @Override
    public String toString() {
        return name.name() + "/" + arity;
    }
}
