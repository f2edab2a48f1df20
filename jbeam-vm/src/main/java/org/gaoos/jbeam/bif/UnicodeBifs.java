package org.gaoos.jbeam.bif;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * unicode:characters_to_list/2, characters_to_binary/2, bin_is_7bit/1. Input is chardata in the
 * given encoding (latin1 | unicode/utf8); errors and incomplete input give BEAM's
 * {error, Converted, Rest} / {incomplete, Converted, Rest} (the rest here is the unconverted
 * remainder as a flat list or binary, a simplification of BEAM's exact rest structure).
 */
public final class UnicodeBifs {
    private UnicodeBifs() {}

    private static final Atom UTF16 = Atom.of("utf16"), UTF32 = Atom.of("utf32");

    /** Decoded code points, plus where decoding stopped. */
    private record Decoded(int[] cps, int count, Term rest, Atom stop) {}

    private static boolean unicodeEncoding(Term enc) {
        if (enc == Atom.UNICODE || enc == Atom.UTF8) return true;
        if (enc == Atom.LATIN1) return false;
        throw Errors.badarg();
    }

    private static Decoded decode(Term data, boolean utf8) {
        int[] cps = new int[16];
        int n = 0;
        ArrayDeque<Term> stack = new ArrayDeque<>();
        Term t = data;
        while (true) {
            Term item;
            if (t instanceof Cons c) {
                item = c.head();
                Term tail = c.tail();
                if (item instanceof Small s) {
                    long v = s.value;
                    boolean ok = utf8 ? v >= 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF) : v >= 0 && v <= 255;
                    if (!ok) return new Decoded(cps, n, rest(c, stack), Atom.ERROR);
                    if (n == cps.length) cps = java.util.Arrays.copyOf(cps, n * 2);
                    cps[n++] = (int) v;
                    t = tail;
                    continue;
                }
                if (item instanceof Cons || item == Nil.NIL || item instanceof Binary) {
                    stack.push(tail);
                    t = item;
                    continue;
                }
                throw Errors.badarg();
            } else if (t == Nil.NIL) {
                if (stack.isEmpty()) return new Decoded(cps, n, null, null);
                t = stack.pop();
            } else if (t instanceof Binary b) {
                byte[] bytes = b.toByteArray();
                int i = 0;
                while (i < bytes.length) {
                    int cp, len;
                    int b0 = bytes[i] & 0xFF;
                    if (!utf8) { cp = b0; len = 1; }
                    else if (b0 < 0x80) { cp = b0; len = 1; }
                    else {
                        if (b0 >= 0xC2 && b0 < 0xE0) { len = 2; cp = b0 & 0x1F; }
                        else if (b0 >= 0xE0 && b0 < 0xF0) { len = 3; cp = b0 & 0x0F; }
                        else if (b0 >= 0xF0 && b0 < 0xF5) { len = 4; cp = b0 & 0x07; }
                        else return new Decoded(cps, n, restBin(b, i, stack), Atom.ERROR);
                        if (i + len > bytes.length) {
                            boolean prefixOk = true;
                            for (int k = i + 1; k < bytes.length; k++) if ((bytes[k] & 0xC0) != 0x80) prefixOk = false;
                            return new Decoded(cps, n, restBin(b, i, stack), prefixOk ? Atom.INCOMPLETE : Atom.ERROR);
                        }
                        boolean bad = false;
                        for (int k = 1; k < len; k++) {
                            int bk = bytes[i + k] & 0xFF;
                            if ((bk & 0xC0) != 0x80) bad = true;
                            cp = (cp << 6) | (bk & 0x3F);
                        }
                        if (bad || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
                                || (cp >= 0xD800 && cp <= 0xDFFF)) {
                            return new Decoded(cps, n, restBin(b, i, stack), Atom.ERROR);
                        }
                    }
                    if (n == cps.length) cps = java.util.Arrays.copyOf(cps, n * 2);
                    cps[n++] = cp;
                    i += len;
                }
                if (stack.isEmpty()) return new Decoded(cps, n, null, null);
                t = stack.pop();
            } else {
                throw Errors.badarg();
            }
        }
    }

    private static Term rest(Term here, ArrayDeque<Term> stack) {
        Term r = here;
        for (Term pending : stack) r = new Cons(r, pending);
        return r;
    }

    private static Term restBin(Binary b, int at, ArrayDeque<Term> stack) {
        Term r = b.sub(at, b.byteSize() - at);
        for (Term pending : stack) r = new Cons(r, pending);
        return r;
    }

    private static Term list(Decoded d) {
        ListBuilder lb = new ListBuilder();
        for (int i = 0; i < d.count; i++) lb.add(Small.of(d.cps[i]));
        return lb.build();
    }

    static byte[] encode(int[] cps, int n, boolean utf8) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        for (int i = 0; i < n; i++) {
            int c = cps[i];
            if (!utf8 || c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (c < 0x10000) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            } else {
                out.write(0xF0 | (c >> 18));
                out.write(0x80 | ((c >> 12) & 0x3F));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        return out.toByteArray();
    }

    @Bif(module = "unicode", value = "characters_to_list")
    public static Term charactersToList(Term data, Term enc) {
        if (enc == UTF16 || enc == UTF32 || enc instanceof Tuple) throw Errors.badarg(); // TODO: utf16/32 input
        Decoded d = decode(data, unicodeEncoding(enc));
        if (d.stop == null) return list(d);
        return Tuple.of(d.stop, list(d), d.rest);
    }

    @Bif(module = "unicode", value = "characters_to_binary")
    public static Term charactersToBinary(Term data, Term enc) {
        if (data instanceof Binary b && unicodeEncoding(enc)) {
            Decoded d = decode(b, true);
            if (d.stop == null) return b;
        }
        Decoded d = decode(data, unicodeEncoding(enc));
        Binary bin = Binary.adopt(encode(d.cps, d.count, true));
        if (d.stop == null) return bin;
        return Tuple.of(d.stop, bin, d.rest);
    }

    @Bif(module = "unicode", value = "bin_is_7bit")
    public static Term binIs7bit(Term b) {
        if (!(b instanceof Binary bin)) return Atom.FALSE; // any other term: false, as in erl_unicode.c
        for (int i = 0; i < bin.byteSize(); i++) if (bin.at(i) > 127) return Atom.FALSE;
        return Atom.TRUE;
    }

    @SuppressWarnings("unused")
    private static boolean isBits(Term t) { return t instanceof Bitstring; }
}
