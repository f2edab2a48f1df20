package org.gaoos.jbeam.term;

import java.math.BigInteger;

import org.gaoos.jbeam.runtime.Errors;

/**
 * Arithmetic with BEAM's semantics (erl_arith.c): integers are unbounded, mixed integer/float
 * operands convert to float, float results that overflow (inf/NaN) raise badarith, as do bad
 * operand types and division by zero. The Small-Small paths do not allocate unless the result
 * leaves the Small cache range.
 */
public final class Arith {
    private Arith() {}

    public static Term add(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) {
            long r = x.value + y.value;
            if (((x.value ^ r) & (y.value ^ r)) < 0) return Int.of(x.bigValue().add(y.bigValue()));
            return Small.of(r);
        }
        if (a instanceof Int x && b instanceof Int y) return Int.of(x.bigValue().add(y.bigValue()));
        return Flonum.of(toDouble(a) + toDouble(b));
    }

    public static Term sub(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) {
            long r = x.value - y.value;
            if (((x.value ^ y.value) & (x.value ^ r)) < 0) return Int.of(x.bigValue().subtract(y.bigValue()));
            return Small.of(r);
        }
        if (a instanceof Int x && b instanceof Int y) return Int.of(x.bigValue().subtract(y.bigValue()));
        return Flonum.of(toDouble(a) - toDouble(b));
    }

    public static Term mul(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) {
            long hi = Math.multiplyHigh(x.value, y.value);
            long lo = x.value * y.value;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return Small.of(lo);
            return Int.of(x.bigValue().multiply(y.bigValue()));
        }
        if (a instanceof Int x && b instanceof Int y) return Int.of(x.bigValue().multiply(y.bigValue()));
        return Flonum.of(toDouble(a) * toDouble(b));
    }

    /** The / operator: always a float. */
    public static Term fdiv(Term a, Term b) {
        double y = toDouble(b);
        double x = toDouble(a);
        if (y == 0.0) throw Errors.badarith();
        return Flonum.of(x / y);
    }

    /** Integer division truncating toward zero. */
    public static Term div(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) {
            if (y.value == 0) throw Errors.badarith();
            if (x.value == Long.MIN_VALUE && y.value == -1) return Int.of(x.bigValue().negate());
            return Small.of(x.value / y.value);
        }
        if (a instanceof Int x && b instanceof Int y) {
            if (y.signum() == 0) throw Errors.badarith();
            return Int.of(x.bigValue().divide(y.bigValue()));
        }
        throw Errors.badarith();
    }

    /** Remainder with the sign of the dividend. */
    public static Term rem(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) {
            if (y.value == 0) throw Errors.badarith();
            if (y.value == -1) return Small.ZERO;
            return Small.of(x.value % y.value);
        }
        if (a instanceof Int x && b instanceof Int y) {
            if (y.signum() == 0) throw Errors.badarith();
            return Int.of(x.bigValue().remainder(y.bigValue()));
        }
        throw Errors.badarith();
    }

    public static Term neg(Term a) {
        if (a instanceof Small x) {
            if (x.value == Long.MIN_VALUE) return Int.of(x.bigValue().negate());
            return Small.of(-x.value);
        }
        if (a instanceof Big x) return Int.of(x.value().negate());
        if (a instanceof Flonum f) return Flonum.of(-f.value);
        throw Errors.badarith();
    }

    /** Unary plus: the operand if it is a number (BEAM computes it as A + 0, so -0.0 becomes 0.0). */
    public static Term plus(Term a) {
        if (a instanceof Int) return a;
        if (a instanceof Flonum f) return Double.doubleToRawLongBits(f.value) == Long.MIN_VALUE ? Flonum.ZERO : f;
        throw Errors.badarith();
    }

    public static Term band(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) return Small.of(x.value & y.value);
        return Int.of(big(a).and(big(b)));
    }

    public static Term bor(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) return Small.of(x.value | y.value);
        return Int.of(big(a).or(big(b)));
    }

    public static Term bxor(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) return Small.of(x.value ^ y.value);
        return Int.of(big(a).xor(big(b)));
    }

    public static Term bnot(Term a) {
        if (a instanceof Small x) return Small.of(~x.value);
        return Int.of(big(a).not());
    }

    public static Term bsl(Term a, Term b) {
        return shift(a, b, false);
    }

    public static Term bsr(Term a, Term b) {
        return shift(a, b, true);
    }

    private static Term shift(Term a, Term b, boolean right) {
        if (!(a instanceof Int x) || !(b instanceof Int y)) throw Errors.badarith();
        if (!(y instanceof Small ys) || ys.value > Integer.MAX_VALUE || ys.value < -Integer.MAX_VALUE) {
            // A huge shift: everything shifts out (0 or -1), or the result cannot exist.
            boolean toZero = right == (y.signum() > 0);
            if (toZero || x.signum() == 0) return x.signum() < 0 ? Small.MINUS_ONE : Small.ZERO;
            throw Errors.systemLimit();
        }
        long n = right ? -ys.value : ys.value; // left shift amount
        if (n <= 0) {
            long r = -n;
            if (x instanceof Small xs) return Small.of(r >= 63 ? (xs.value < 0 ? -1 : 0) : xs.value >> r);
            if (r > Integer.MAX_VALUE) return x.signum() < 0 ? Small.MINUS_ONE : Small.ZERO;
            return Int.of(x.bigValue().shiftRight((int) r));
        }
        if (x.signum() == 0) return Small.ZERO;
        if (x instanceof Small xs && n < 63) {
            long v = xs.value;
            long r = v << n;
            if ((r >> n) == v) return Small.of(r);
        }
        if (n > Int.MAX_BITS) throw Errors.systemLimit();
        return Int.of(x.bigValue().shiftLeft((int) n));
    }

    private static BigInteger big(Term t) {
        if (t instanceof Int i) return i.bigValue();
        throw Errors.badarith();
    }

    /** The number as a double; badarith for non-numbers and integers too large for a float. */
    public static double toDouble(Term t) {
        if (t instanceof Flonum f) return f.value;
        if (t instanceof Small s) return (double) s.value;
        if (t instanceof Big b) {
            double d = b.value().doubleValue();
            if (Double.isInfinite(d)) throw Errors.badarith();
            return d;
        }
        throw Errors.badarith();
    }

    /** abs/1. */
    public static Term abs(Term a) {
        if (a instanceof Small x) return x.value >= 0 ? x : neg(x);
        if (a instanceof Big x) return x.signum() >= 0 ? x : Int.of(x.value().negate());
        if (a instanceof Flonum f) return Flonum.of(Math.abs(f.value));
        throw Errors.badarg();
    }
}
