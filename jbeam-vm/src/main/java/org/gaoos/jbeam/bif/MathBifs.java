package org.gaoos.jbeam.bif;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Big;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/**
 * The BIFs of module {@code math} (erl_math.c): arguments are numbers (badarg otherwise; a bignum
 * too large for a double is badarith), the C library function is applied, and a NaN or infinite
 * result is badarith. The functions come from {@link StrictMath} (fdlibm, the same on every
 * platform); those the JDK lacks (asinh, acosh, atanh, log2, erf, erfc) follow fdlibm's formulas
 * or are computed in high precision and rounded once.
 */
public final class MathBifs {
    private MathBifs() {}

    private static double arg(Term t) {
        if (t instanceof Flonum f) return f.value;
        if (t instanceof Small s) return s.value;
        if (t instanceof Big b) {
            double d = b.toDouble();
            if (Double.isInfinite(d)) throw Errors.badarith();
            return d;
        }
        throw Errors.badarg();
    }

    private static Term call(DoubleUnaryOperator f, Term x) {
        double r = f.applyAsDouble(arg(x));
        if (Double.isNaN(r) || Double.isInfinite(r)) throw Errors.badarith();
        return Flonum.of(r);
    }

    private static Term call(DoubleBinaryOperator f, Term x, Term y) {
        double a = arg(x), b = arg(y);
        double r = f.applyAsDouble(a, b);
        if (Double.isNaN(r) || Double.isInfinite(r)) throw Errors.badarith();
        return Flonum.of(r);
    }

    @Bif(module = "math", value = "cos") public static Term cos(Term x) { return call(StrictMath::cos, x); }
    @Bif(module = "math", value = "cosh") public static Term cosh(Term x) { return call(StrictMath::cosh, x); }
    @Bif(module = "math", value = "sin") public static Term sin(Term x) { return call(StrictMath::sin, x); }
    @Bif(module = "math", value = "sinh") public static Term sinh(Term x) { return call(StrictMath::sinh, x); }
    @Bif(module = "math", value = "tan") public static Term tan(Term x) { return call(StrictMath::tan, x); }
    @Bif(module = "math", value = "tanh") public static Term tanh(Term x) { return call(StrictMath::tanh, x); }
    @Bif(module = "math", value = "acos") public static Term acos(Term x) { return call(StrictMath::acos, x); }
    @Bif(module = "math", value = "asin") public static Term asin(Term x) { return call(StrictMath::asin, x); }
    @Bif(module = "math", value = "atan") public static Term atan(Term x) { return call(StrictMath::atan, x); }
    @Bif(module = "math", value = "acosh") public static Term acosh(Term x) { return call(MathBifs::acosh, x); }
    @Bif(module = "math", value = "asinh") public static Term asinh(Term x) { return call(MathBifs::asinh, x); }
    @Bif(module = "math", value = "atanh") public static Term atanh(Term x) { return call(MathBifs::atanh, x); }
    @Bif(module = "math", value = "exp") public static Term exp(Term x) { return call(StrictMath::exp, x); }
    @Bif(module = "math", value = "log") public static Term log(Term x) { return call(StrictMath::log, x); }
    @Bif(module = "math", value = "log2") public static Term log2(Term x) { return call(MathBifs::log2, x); }
    @Bif(module = "math", value = "log10") public static Term log10(Term x) { return call(StrictMath::log10, x); }
    @Bif(module = "math", value = "sqrt") public static Term sqrt(Term x) { return call(StrictMath::sqrt, x); }
    @Bif(module = "math", value = "ceil") public static Term ceil(Term x) { return call(StrictMath::ceil, x); }
    @Bif(module = "math", value = "floor") public static Term floor(Term x) { return call(StrictMath::floor, x); }
    @Bif(module = "math", value = "erf") public static Term erf(Term x) { return call(MathBifs::erf, x); }
    @Bif(module = "math", value = "erfc") public static Term erfc(Term x) { return call(MathBifs::erfc, x); }
    @Bif(module = "math", value = "atan2") public static Term atan2(Term y, Term x) { return call(StrictMath::atan2, y, x); }
    @Bif(module = "math", value = "pow") public static Term pow(Term x, Term y) { return call(StrictMath::pow, x, y); }
    /** C fmod: Java's % on doubles is the same truncating remainder. */
    @Bif(module = "math", value = "fmod") public static Term fmod(Term x, Term y) { return call((a, b) -> a % b, x, y); }

    // ---- functions the JDK lacks ----

    private static final double LN2 = 6.93147180559945286227e-01;
    private static final double TWO28 = 0x1p28;

    static double asinh(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x) || Double.isInfinite(x)) return x + x;
        if (a < 0x1p-28) return x;
        double w;
        if (a > TWO28) w = StrictMath.log(a) + LN2;
        else if (a > 2.0) w = StrictMath.log(2.0 * a + 1.0 / (StrictMath.sqrt(x * x + 1.0) + a));
        else {
            double t = x * x;
            w = StrictMath.log1p(a + t / (1.0 + StrictMath.sqrt(1.0 + t)));
        }
        return x > 0 ? w : -w;
    }

    static double acosh(double x) {
        if (x < 1.0 || Double.isNaN(x)) return Double.NaN;
        if (x >= TWO28) return Double.isInfinite(x) ? x : StrictMath.log(x) + LN2;
        if (x == 1.0) return 0.0;
        if (x > 2.0) return StrictMath.log(2.0 * x - 1.0 / (x + StrictMath.sqrt(x * x - 1.0)));
        double t = x - 1.0;
        return StrictMath.log1p(t + StrictMath.sqrt(2.0 * t + t * t));
    }

    static double atanh(double x) {
        double a = Math.abs(x);
        if (a > 1.0 || Double.isNaN(x)) return Double.NaN;
        if (a == 1.0) return x / 0.0;
        if (a < 0x1p-28) return x;
        double t;
        if (a < 0.5) {
            t = a + a;
            t = 0.5 * StrictMath.log1p(t + t * a / (1.0 - a));
        } else {
            t = 0.5 * StrictMath.log1p((a + a) / (1.0 - a));
        }
        return x >= 0 ? t : -t;
    }

    /** log2, exact for powers of two and otherwise rounded once from a high-precision value. */
    static double log2(double x) {
        if (Double.isNaN(x) || x < 0) return Double.NaN;
        if (x == 0) return Double.NEGATIVE_INFINITY;
        if (Double.isInfinite(x)) return x;
        int e = Math.getExponent(x);
        if (e < Double.MIN_EXPONENT) { // subnormal: scale into the normal range first
            x *= 0x1p54;
            e = Math.getExponent(x) - 54;
        }
        double m = Math.scalb(x, -Math.getExponent(x)); // [1, 2)
        if (m == 1.0) return e;
        BigDecimal l = ln(new BigDecimal(m), MC).divide(LN2_BIG, MC).add(BigDecimal.valueOf(e));
        return l.doubleValue();
    }

    // ---- erf and erfc, computed with BigDecimal and rounded once ----

    private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
    private static final BigDecimal LN2_BIG = new BigDecimal(
            "0.693147180559945309417232121458176568075500134360255254120680009493393621969694715605863326996418687");
    private static final BigDecimal TWO_OVER_SQRT_PI = new BigDecimal(
            "1.128379167095512573896158903121545171688101258657997713688171443421284936882986828973487320404214727");
    private static final BigDecimal ONE_OVER_SQRT_PI = TWO_OVER_SQRT_PI.divide(BigDecimal.TWO, MC);

    /** erf(x) for |x| < 6 by its Taylor series; precision covers the cancellation (terms up to e^36). */
    private static BigDecimal erfSeries(double x, MathContext mc) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, mc).negate();
        BigDecimal term = bx; // (-1)^n x^(2n+1) / n!
        BigDecimal sum = bx;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 5);
        for (int n = 1; n < 10_000; n++) {
            term = term.multiply(x2, mc).divide(BigDecimal.valueOf(n), mc);
            BigDecimal t = term.divide(BigDecimal.valueOf(2L * n + 1), mc);
            sum = sum.add(t, mc);
            if (t.abs().compareTo(eps) < 0) break;
        }
        return sum.multiply(TWO_OVER_SQRT_PI, mc);
    }

    /** erfc(x) for x >= 6 by the continued fraction erfc x = e^-x^2/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))). */
    private static BigDecimal erfcFraction(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal f = bx;
        for (int k = 120; k >= 1; k--) {
            f = bx.add(BigDecimal.valueOf(k).divide(BigDecimal.TWO.multiply(f, MC), MC), MC);
        }
        return exp(bx.multiply(bx, MC).negate()).multiply(ONE_OVER_SQRT_PI, MC).divide(f, MC);
    }

    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        if (x == 0) return x;
        double a = Math.abs(x);
        if (a >= 6.0) return x > 0 ? 1.0 : -1.0;
        return erfSeries(x, new MathContext(80, RoundingMode.HALF_EVEN)).doubleValue();
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x == Double.POSITIVE_INFINITY) return 0.0;
        if (x == Double.NEGATIVE_INFINITY) return 2.0;
        if (x >= 27.3) return 0.0; // below the smallest subnormal
        if (x >= 6.0) return erfcFraction(x).doubleValue();
        if (x <= -6.0) return 2.0;
        MathContext mc = new MathContext(100, RoundingMode.HALF_EVEN);
        return BigDecimal.ONE.subtract(erfSeries(x, mc), mc).doubleValue();
    }

    /** e^y for y <= 0 with |y| up to ~750: e^(y/2^k) by its series, squared k times. */
    private static BigDecimal exp(BigDecimal y) {
        int k = 0;
        BigDecimal r = y;
        while (r.abs().compareTo(BigDecimal.ONE.movePointLeft(3)) > 0) {
            r = r.divide(BigDecimal.TWO, MC);
            k++;
        }
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        for (int n = 1; n < 40; n++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < k; i++) sum = sum.multiply(sum, MC);
        return sum;
    }

    /** ln(m) for m in [1, 2) by atanh's series: ln m = 2 atanh((m-1)/(m+1)). */
    private static BigDecimal ln(BigDecimal m, MathContext mc) {
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), mc);
        BigDecimal z2 = z.multiply(z, mc);
        BigDecimal term = z, sum = z;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int n = 1; n < 2000; n++) {
            term = term.multiply(z2, mc);
            BigDecimal t = term.divide(BigDecimal.valueOf(2L * n + 1), mc);
            sum = sum.add(t, mc);
            if (t.abs().compareTo(eps) < 0) break;
        }
        return sum.multiply(BigDecimal.TWO, mc);
    }
}
