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
}
