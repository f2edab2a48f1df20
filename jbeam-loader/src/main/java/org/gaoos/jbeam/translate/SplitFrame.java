package org.gaoos.jbeam.translate;

import java.util.Arrays;

/**
 * The register frame of a function split into chunk methods (too large for one JVM method): the
 * X and Y registers, the float registers and the int state (current line, active try handler,
 * saved handlers, and the label the next chunk starts at) that the chunks pass to each other.
 * Created by the function's driver method; see {@code FunctionTranslator.translateSplit}.
 */
public final class SplitFrame {
    /** Indexes into {@link #ints}. */
    public static final int LINE = 0, HANDLER = 1, NEXT = 2, SAVES = 3;

    /** X registers, then Y registers. */
    public final Object[] regs;
    public final double[] fregs;
    public final int[] ints;

    public SplitFrame(int regs, int fregs, int ints, int entryLabel) {
        this.regs = new Object[regs];
        this.fregs = new double[fregs];
        this.ints = new int[ints];
        Arrays.fill(this.ints, HANDLER, ints, -1); // no active try, no saved handlers
        this.ints[NEXT] = entryLabel;
    }
}
