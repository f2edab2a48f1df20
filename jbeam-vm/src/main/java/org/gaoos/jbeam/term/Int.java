package org.gaoos.jbeam.term;

import java.math.BigInteger;

/**
 * An Erlang integer: {@link Small} when it fits in a {@code long}, otherwise {@link Big}. The
 * representation is always normalised, so each value has exactly one representation and
 * {@code instanceof Small} is a sound fast-path test.
 */
public abstract sealed class Int extends Term permits Small, Big {
    Int() {}

    public static Int of(long value) {
        return Small.of(value);
    }

    /** BEAM's largest bignum: 65535 64-bit digits (BIG_ARITY_MAX on 64-bit). */
    public static final int MAX_BITS = 64 * 65535;

    /**
     * The normalised integer: Small when the value fits in a long.
     *
     * @throws org.gaoos.jbeam.runtime.ErlangException system_limit beyond {@link #MAX_BITS}
     */
    public static Int of(BigInteger value) {
        int bits = value.bitLength();
        if (bits < 64) return Small.of(value.longValue());
        if (bits > MAX_BITS) throw org.gaoos.jbeam.runtime.Errors.systemLimit();
        return new Big(value);
    }

    /** The value as a BigInteger (allocates for Small). */
    public abstract BigInteger bigValue();

    /** -1, 0 or 1. */
    public abstract int signum();

    /** True if the value fits in a Java int. */
    public abstract boolean fitsInt();

    /** The value as a double, correctly rounded; may be infinite for huge bignums. */
    public abstract double toDouble();

    @Override
    final int typeRank() { return RANK_NUMBER; }
}
