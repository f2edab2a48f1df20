package org.gaoos.jbeam.term;

/** integer_to_list/binary in bases 2..36 (upper-case digits, as BEAM prints them). */
public final class IntFormat {
    private IntFormat() {}

    public static String toString(Int i, int base) {
        if (base < 2 || base > 36) throw new IllegalArgumentException("base " + base);
        String s = i instanceof Small sm ? Long.toString(sm.value, base) : i.bigValue().toString(base);
        return base > 10 ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }

    public static String toString(Int i) {
        return i instanceof Small sm ? Long.toString(sm.value) : i.bigValue().toString();
    }
}
