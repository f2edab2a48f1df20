package org.gaoos.jbeam.term;

import org.gaoos.jbeam.runtime.Errors;

/** An Erlang float: a finite IEEE double (never NaN or infinite). */
public final class Flonum extends Term {
    public static final Flonum ZERO = new Flonum(0.0);

    public final double value;

    private Flonum(double value) {
        this.value = value;
    }

    /**
     * The float {@code value}.
     *
     * @throws org.gaoos.jbeam.runtime.ErlangException badarith if NaN or infinite
     */
    public static Flonum of(double value) {
        if (!Double.isFinite(value)) throw Errors.badarith();
        return new Flonum(value);
    }

    public double value() { return value; }

    /** Exact equality: same bits, so 0.0 =/= -0.0 (OTP 27). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Flonum f
                && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
    }

    @Override
    public int hashCode() { return Double.hashCode(value); }

    @Override
    int typeRank() { return RANK_NUMBER; }
}
