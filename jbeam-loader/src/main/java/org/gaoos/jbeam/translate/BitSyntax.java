package org.gaoos.jbeam.translate;

import org.gaoos.jbeam.beam.Instruction;
import org.gaoos.jbeam.runtime.ModuleLoader.LoadException;

/** Translates the bit syntax instructions (construction and matching). */
final class BitSyntax {
    private final FunctionTranslator ft;

    BitSyntax(FunctionTranslator ft) {
        this.ft = ft;
    }

    void prologue() {}

    /** Translates {@code in} if it is a bit syntax instruction; false if it is not one. */
    boolean instruction(int i, Instruction in) throws LoadException {
        return false;
    }
}
