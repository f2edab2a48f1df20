package org.gaoos.jbeam.term;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Erlang's float printing (float_to_list/2 and friends), following erts' bif.c and ryu/d2s.c. */
public final class FloatFormat {
    private FloatFormat() {}

    /**
     * {@code float_to_list(F, [short])}: the shortest digits that round-trip, in fixed notation
     * when that is not longer than scientific (ryu's to_chars as adapted by OTP), e.g. "0.1",
     * "1.0e15", "123.456", "1.0e-10". This is also how ~w/~p print floats.
     */
    public static String shortest(double d) {
        if (d == 0) return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
        boolean neg = d < 0;
        // Java's Double.toString yields the shortest uniquely-distinguishing decimal (JDK 19+).
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        BigInteger unscaled = bd.unscaledValue();
        long output = unscaled.longValueExact();
        int exponent = -bd.scale();
        if (output >= 10 && output < 100) {
            // Java prints at least two digits; ryu uses one when a single digit round-trips.
            long[] one = oneDigit(Math.abs(d), output, exponent);
            if (one != null) {
                output = one[0];
                exponent = (int) one[1];
            }
        }
        String digits = Long.toString(output);
        int olength = digits.length();
        int sciExp = exponent + olength - 1;
        int lower, upper;
        if (olength == 1) {
            lower = -4;
            upper = 2;
        } else if (sciExp >= 10) {
            lower = -(olength + 2);
            upper = 2;
        } else {
            lower = -(olength + 2);
            upper = 1;
        }
        boolean fixed;
        if (lower <= exponent && exponent <= upper) {
            fixed = !((output >= (1L << 53) && exponent == 0)
                    || (output > ((1L << 52) / 5) && exponent == 1)
                    || (output > ((1L << 51) / 25) && exponent == 2));
        } else {
            fixed = false;
        }
        StringBuilder sb = new StringBuilder(28);
        if (neg) sb.append('-');
        if (fixed) {
            int whole = olength + exponent;
            if (exponent >= 0) {
                sb.append(digits);
                for (int i = 0; i < exponent; i++) sb.append('0');
                sb.append(".0");
            } else if (whole > 0) {
                sb.append(digits, 0, whole).append('.').append(digits, whole, olength);
            } else {
                sb.append("0.");
                for (int i = 0; i < -whole; i++) sb.append('0');
                sb.append(digits);
            }
        } else {
            sb.append(digits.charAt(0)).append('.');
            if (olength == 1) sb.append('0'); else sb.append(digits, 1, olength);
            sb.append('e').append(sciExp);
        }
        return sb.toString();
    }

    /**
     * C's {@code printf("%.{digits}e", d)}: the exact binary value correctly rounded (half-even)
     * to {@code digits} decimals after the point, exponent with sign and at least two digits. This
     * is {@code float_to_list(F)} (digits = 20) and {@code float_to_list(F, [{scientific, N}])}.
     */
    public static String scientific(double d, int digits) {
        boolean neg = Double.doubleToRawLongBits(d) < 0;
        double a = Math.abs(d);
        StringBuilder sb = new StringBuilder(digits + 8);
        if (neg) sb.append('-');
        int exp;
        String ds;
        if (a == 0) {
            exp = 0;
            ds = "0".repeat(digits + 1);
        } else {
            BigDecimal exact = new BigDecimal(a);
            BigDecimal r = exact.round(new java.math.MathContext(digits + 1, java.math.RoundingMode.HALF_EVEN));
            BigInteger unscaled = r.unscaledValue();
            String u = unscaled.toString();
            // r = unscaled * 10^-scale; normalise to exactly digits+1 significant digits
            exp = u.length() - 1 - r.scale();
            if (u.length() < digits + 1) u = u + "0".repeat(digits + 1 - u.length());
            else if (u.length() > digits + 1) u = u.substring(0, digits + 1); // only trailing zeros
            ds = u;
        }
        sb.append(ds.charAt(0));
        if (digits > 0) sb.append('.').append(ds, 1, digits + 1);
        sb.append('e').append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) sb.append('0');
        sb.append(ae);
        return sb.toString();
    }

    /** The FLOAT_EXT / float_to_list/1 format: {@code %.20e}. */
    public static String legacy(double d) {
        return scientific(d, 20);
    }

    /** The 1-digit decimal (digit, exponent) nearest to {@code a} that still round-trips, or null. */
    private static long[] oneDigit(double a, long two, int exp) {
        long lo = two / 10, hi = lo + 1;
        int e = exp + 1;
        BigDecimal exact = new BigDecimal(a);
        long[] best = null;
        BigDecimal bestDist = null;
        for (long c : new long[] {lo, hi}) {
            if (c == 0) continue;
            BigDecimal cand = BigDecimal.valueOf(c).scaleByPowerOfTen(e);
            if (cand.doubleValue() != a) continue;
            BigDecimal dist = cand.subtract(exact).abs();
            if (bestDist == null || dist.compareTo(bestDist) < 0) {
                bestDist = dist;
                best = c == 10 ? new long[] {1, e + 1} : new long[] {c, e};
            }
        }
        return best;
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18
    };

    /** C's round(): half away from zero (for non-negative x). */
    private static double cRound(double x) {
        double f = Math.floor(x);
        return x - f >= 0.5 ? f + 1 : f;
    }

    /**
     * {@code float_to_list(F, [{decimals, N}])} and with {@code compact}: BEAM's
     * sys_double_to_chars_fast, including its double-precision rounding of the fraction, and
     * C's {@code %.Nf} for |F| &gt; 2^53 or N &gt;= 19. Returns null where BEAM raises badarg
     * (negative N, or more than 255 characters).
     */
    public static String decimals(double f, int decimals, boolean compact) {
        if (decimals < 0) return null;
        boolean neg = Double.doubleToRawLongBits(f) < 0;
        double af = Math.abs(f);
        String s;
        if (af > 0x1p53 || decimals >= POW10.length) {
            BigDecimal exact = new BigDecimal(f).setScale(decimals, java.math.RoundingMode.HALF_EVEN);
            s = exact.toPlainString();
            if (neg && exact.signum() == 0) s = "-" + s;
            if (s.length() >= 256) return null;
            if (compact) s = stripTrailingZeros(s, false);
            return s;
        }
        StringBuilder sb = new StringBuilder(32);
        long intPart;
        String frac = null;
        if (decimals > 0) {
            double intF = Math.floor(af);
            double fracF = cRound((af - intF) * POW10[decimals]);
            intPart = (long) intF;
            long fracPart = (long) fracF;
            if (fracF >= POW10[decimals]) {
                intPart++;
                fracPart = 0;
            }
            String digits = fracPart == 0 ? "" : Long.toString(fracPart);
            frac = "0".repeat(decimals - digits.length()) + digits;
        } else {
            intPart = (long) cRound(af);
        }
        if (neg) sb.append('-');
        sb.append(Long.toUnsignedString(intPart));
        if (frac != null) sb.append('.').append(frac);
        s = sb.toString();
        if (compact && decimals > 0) s = stripTrailingZeros(s, true);
        return s;
    }

    /** find_first_trailing_zero: drop trailing zeros but keep one digit after the point. */
    private static String stripTrailingZeros(String s, boolean hasPoint) {
        if (s.indexOf('.') < 0) return s;
        int end = s.length();
        while (s.charAt(end - 1) == '0') end--;
        if (s.charAt(end - 1) == '.') end++;
        return s.substring(0, end);
    }

    /** {@code float_to_list(F, [{scientific, N}])}; null where BEAM raises badarg. */
    public static String scientificChecked(double f, int digits) {
        if (digits < 0) return null;
        String s = scientific(f, digits);
        return s.length() >= 256 ? null : s;
    }
}
