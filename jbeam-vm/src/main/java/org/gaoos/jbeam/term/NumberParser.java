package org.gaoos.jbeam.term;

import java.math.BigInteger;

/**
 * list_to_integer/1,2, binary_to_integer/1,2, list_to_float/1 and binary_to_float/1 with BEAM's
 * rules. Each returns null where the BIF raises badarg.
 */
public final class NumberParser {
    private NumberParser() {}

    /** An optional sign then at least one digit of {@code base} (letters in either case). */
    public static Int parseInteger(CharSequence s, int base) {
        if (base < 2 || base > 36) return null;
        int n = s.length();
        int i = 0;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (i == n) return null;
        for (int k = i; k < n; k++) {
            if (Character.digit(s.charAt(k), base) < 0 || s.charAt(k) > 'z') return null;
        }
        String digits = s.subSequence(i, n).toString();
        Int v;
        if (n - i <= 12) {
            long l = Long.parseLong(digits, base);
            v = Int.of(neg ? -l : l);
        } else {
            BigInteger b = new BigInteger(digits, base);
            v = Int.of(neg ? b.negate() : b);
        }
        return v;
    }

    /**
     * BEAM's float syntax (sys_chars_to_double): [+-]digits(.|,)digits[(e|E)[+-]digits], no
     * spaces; finite results only.
     */
    public static Flonum parseFloat(CharSequence s) {
        int n = s.length(), i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int start = i;
        while (i < n && isDigit(s.charAt(i))) i++;
        if (i == start) return null;
        if (i == n || (s.charAt(i) != '.' && s.charAt(i) != ',')) return null;
        int dot = i++;
        start = i;
        while (i < n && isDigit(s.charAt(i))) i++;
        if (i == start) return null;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            start = i;
            while (i < n && isDigit(s.charAt(i))) i++;
            if (i == start) return null;
        }
        if (i != n) return null;
        StringBuilder sb = new StringBuilder(s);
        sb.setCharAt(dot, '.');
        double d = Double.parseDouble(sb.toString());
        if (!Double.isFinite(d)) return null;
        return Flonum.of(d);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
