package org.gaoos.jbeam.term;

import java.math.BigInteger;

/** An integer that fits in a {@code long}. Instances for -256..1023 are cached. */
public final class Small extends Int {
    static final int CACHE_LOW = -256, CACHE_HIGH = 1023;
    private static final Small[] CACHE = new Small[CACHE_HIGH - CACHE_LOW + 1];
    static {
        for (int i = 0; i < CACHE.length; i++) CACHE[i] = new Small(i + CACHE_LOW);
    }

    public static final Small ZERO = of(0), ONE = of(1), MINUS_ONE = of(-1);

    /** The value. */
    public final long value;

    private Small(long value) {
        this.value = value;
    }

    public static Small of(long value) {
        if (value >= CACHE_LOW && value <= CACHE_HIGH) return CACHE[(int) value - CACHE_LOW];
        return new Small(value);
    }

    public long value() { return value; }

    @Override
    public BigInteger bigValue() { return BigInteger.valueOf(value); }

    @Override
    public int signum() { return Long.signum(value); }

    @Override
    public boolean fitsInt() { return value == (int) value; }

    @Override
    public double toDouble() { return (double) value; }

    @Override
    public boolean equals(Object other) {
        return other instanceof Small s && s.value == value;
    }

    @Override
    public int hashCode() { return Long.hashCode(value); }
}
