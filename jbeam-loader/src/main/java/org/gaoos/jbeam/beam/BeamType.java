package org.gaoos.jbeam.beam;

/**
 * A {@code Type} chunk entry (version 3, OTP 25+): what the compiler proved about a typed register.
 * {@link #union} is a set of the type bits below; integer/float ranges and a bitstring size unit are
 * optional. {@link #ANY} is what a register carries when it has no type, and what every type becomes
 * when the chunk's version is unknown (as BEAM does).
 */
public record BeamType(int union, boolean hasMin, long min, boolean hasMax, long max, int unit) {
    public static final int ATOM = 1, BITSTRING = 1 << 1, CONS = 1 << 2, FLOAT = 1 << 3, FUN = 1 << 4,
            INTEGER = 1 << 5, MAP = 1 << 6, NIL = 1 << 7, PID = 1 << 8, PORT = 1 << 9, REFERENCE = 1 << 10,
            TUPLE = 1 << 11;
    public static final int ANY_UNION = (1 << 12) - 1;
    static final int HAS_LOWER_BOUND = 1 << 12, HAS_UPPER_BOUND = 1 << 13, HAS_UNIT = 1 << 14;

    public static final BeamType ANY = new BeamType(ANY_UNION, false, 0, false, 0, 1);

    /** True if the value is known to be one of {@code bits} (e.g. {@code is(INTEGER)}). */
    public boolean is(int bits) {
        return (union & ~bits) == 0;
    }

    public boolean isAny() {
        return union == ANY_UNION;
    }
}
