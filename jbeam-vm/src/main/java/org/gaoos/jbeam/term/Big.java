package org.gaoos.jbeam.term;

import java.math.BigInteger;

/** An integer outside the {@code long} range (never constructed for values that fit a long). */
public final class Big extends Int {
    private final BigInteger value;

    /** Use {@link Int#of(BigInteger)}, which normalises. */
    Big(BigInteger value) {
        assert value.bitLength() >= 64;
        this.value = value;
    }

    public BigInteger value() { return value; }

    @Override
    public BigInteger bigValue() { return value; }

    @Override
    public int signum() { return value.signum(); }

    @Override
    public boolean fitsInt() { return false; }

    @Override
    public double toDouble() { return value.doubleValue(); }

    @Override
    public boolean equals(Object other) {
        return other instanceof Big b && b.value.equals(value);
    }

    @Override
    public int hashCode() { return value.hashCode(); }
}
