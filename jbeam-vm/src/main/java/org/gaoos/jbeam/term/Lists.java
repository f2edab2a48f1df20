package org.gaoos.jbeam.term;

import java.util.ArrayList;
import java.util.List;

/** Helpers to build and take apart Erlang lists from Java. */
public final class Lists {
    private Lists() {}

    public static Term of(Term... elements) {
        Term l = Nil.NIL;
        for (int i = elements.length - 1; i >= 0; i--) l = new Cons(elements[i], l);
        return l;
    }

    public static Term of(List<? extends Term> elements) {
        Term l = Nil.NIL;
        for (int i = elements.size() - 1; i >= 0; i--) l = new Cons(elements.get(i), l);
        return l;
    }

    /** A string as a list of code points (Erlang's "..." literal). */
    public static Term fromString(String s) {
        int[] cps = s.codePoints().toArray();
        Term l = Nil.NIL;
        for (int i = cps.length - 1; i >= 0; i--) l = new Cons(Small.of(cps[i]), l);
        return l;
    }

    /** The list of bytes (binary_to_list). */
    public static Term fromBytes(byte[] bytes, int off, int len) {
        Term l = Nil.NIL;
        for (int i = off + len - 1; i >= off; i--) l = new Cons(Small.of(bytes[i] & 0xFF), l);
        return l;
    }

    /** Length of a proper list, or -1 if {@code t} is not a proper list. */
    public static int length(Term t) {
        int n = 0;
        while (t instanceof Cons c) {
            n++;
            t = c.tail();
        }
        return t == Nil.NIL ? n : -1;
    }

    /** The elements of a proper list, or null if it is not one. */
    public static List<Term> toJava(Term t) {
        ArrayList<Term> out = new ArrayList<>();
        while (t instanceof Cons c) {
            out.add(c.head());
            t = c.tail();
        }
        return t == Nil.NIL ? out : null;
    }

    /** The elements of a proper list as an array, or null if it is not one. */
    public static Term[] toArray(Term t) {
        int n = length(t);
        if (n < 0) return null;
        Term[] out = new Term[n];
        for (int i = 0; i < n; i++) {
            Cons c = (Cons) t;
            out[i] = c.head();
            t = c.tail();
        }
        return out;
    }

    /** lists:reverse(L, Tail); null if L is not a proper list. */
    public static Term reverse(Term list, Term tail) {
        Term acc = tail;
        Term t = list;
        while (t instanceof Cons c) {
            acc = new Cons(c.head(), acc);
            t = c.tail();
        }
        return t == Nil.NIL ? acc : null;
    }

    /**
     * A flat string from a proper list of Unicode code points, or null if {@code t} is not one.
     */
    public static String toStringOrNull(Term t) {
        StringBuilder sb = new StringBuilder();
        while (t instanceof Cons c) {
            if (!(c.head() instanceof Small s) || s.value < 0 || s.value > 0x10FFFF
                    || (s.value >= 0xD800 && s.value <= 0xDFFF)) return null;
            sb.appendCodePoint((int) s.value);
            t = c.tail();
        }
        return t == Nil.NIL ? sb.toString() : null;
    }
}
