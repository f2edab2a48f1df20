package org.gaoos.jbeam.translate;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Bytecode size estimates of emitted instructions, to decide before assembling whether a function
 * fits the JVM's 64 KB method limit and where to cut it. Slightly pessimistic (ldc counted as
 * ldc_w, switches with maximal padding); the assembler remains the final judge.
 */
final class Sizes {
    private Sizes() {}

    /** The estimated size of the instructions from {@code from} to the end of its list. */
    static int estimate(AbstractInsnNode from) {
        int n = 0;
        for (AbstractInsnNode i = from; i != null; i = i.getNext()) n += size(i);
        return n;
    }

    static int size(AbstractInsnNode i) {
        return switch (i.getType()) {
            case AbstractInsnNode.LABEL, AbstractInsnNode.LINE, AbstractInsnNode.FRAME -> 0;
            case AbstractInsnNode.INSN -> 1;
            case AbstractInsnNode.INT_INSN -> ((IntInsnNode) i).getOpcode() == SIPUSH ? 3 : 2;
            case AbstractInsnNode.VAR_INSN -> {
                int v = ((VarInsnNode) i).var;
                yield v < 4 ? 1 : v < 256 ? 2 : 4;
            }
            case AbstractInsnNode.IINC_INSN -> ((IincInsnNode) i).var < 256 ? 3 : 6;
            case AbstractInsnNode.TYPE_INSN, AbstractInsnNode.FIELD_INSN, AbstractInsnNode.LDC_INSN -> 3;
            case AbstractInsnNode.METHOD_INSN -> ((MethodInsnNode) i).getOpcode() == INVOKEINTERFACE ? 5 : 3;
            case AbstractInsnNode.INVOKE_DYNAMIC_INSN -> 5;
            case AbstractInsnNode.JUMP_INSN -> 3;
            case AbstractInsnNode.TABLESWITCH_INSN -> 16 + 4 * ((TableSwitchInsnNode) i).labels.size();
            case AbstractInsnNode.LOOKUPSWITCH_INSN -> 12 + 8 * ((LookupSwitchInsnNode) i).labels.size();
            case AbstractInsnNode.MULTIANEWARRAY_INSN -> 4;
            default -> 5;
        };
    }
}
