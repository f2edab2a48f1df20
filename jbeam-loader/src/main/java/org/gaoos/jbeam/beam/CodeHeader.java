package org.gaoos.jbeam.beam;

/**
 * The {@code Code} chunk's header: the instruction-set format (always 0), the highest opcode the
 * module uses (which the compiler inflates on purpose to keep older runtimes from loading it), the
 * number of labels (label numbers are below it) and the number of functions.
 */
public record CodeHeader(int format, int maxOpcode, int labelCount, int functionCount) {
}
