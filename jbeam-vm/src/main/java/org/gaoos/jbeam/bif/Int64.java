package org.gaoos.jbeam.bif;

import java.math.BigInteger;

import org.gaoos.jbeam.term.Big;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/**
 * ERTS's conversions between integer terms and machine words (term_to_UWord, term_to_Sint64,
 * term_to_Uint64, erts_bld_uint64) for the atomics and counters BIFs. 64-bit values are kept in a
 * long (two's complement); unsigned ones are converted back with {@link #unsigned}.
 */
final class Int64 {
    private Int64() {}

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** term_to_Sint64: true if {@code t} is an integer in [-2^63, 2^63-1] (a Small). */
    static boolean isSint64(Term t) {
        return t instanceof Small;
    }

    /** term_to_Uint64: true if {@code t} is an integer in [0, 2^64-1]. */
    static boolean isUint64(Term t) {
        if (t instanceof Small s) return s.value() >= 0;
        return t instanceof Big b && b.signum() > 0 && b.value().bitLength() <= 64;
    }

    /** The low 64 bits of an integer term that {@link #isSint64} or {@link #isUint64}. */
    static long bits(Term t) {
        return t instanceof Small s ? s.value() : ((Big) t).value().longValue();
    }

    /** An integer 1..max as an index 0..max-1, or -1 (term_to_UWord, then bounds). */
    static int index(Term t, int max) {
        if (t instanceof Small s && s.value() >= 1 && s.value() <= max) return (int) (s.value() - 1);
        return -1;
    }

    /**
     * term_to_UWord for a size: the size if it is an integer 1..{@code max}; 0 for 0 or a
     * non-integer or negative one (badarg); -1 beyond (system_limit).
     */
    static long size(Term t, long max) {
        if (t instanceof Small s) return s.value() < 0 ? 0 : s.value() <= max ? s.value() : -1;
        if (t instanceof Big b) return b.signum() < 0 ? 0 : -1;
        return 0;
    }

    /** The unsigned 64-bit value as a term. */
    static Term unsigned(long v) {
        return v >= 0 ? Int.of(v) : Int.of(BigInteger.valueOf(v).add(TWO_64));
    }
}
