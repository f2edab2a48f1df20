package org.gaoos.jbeam.runtime;

import java.math.BigInteger;

import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/**
 * A binary match context (BEAM's match state): the bitstring being matched and the current bit
 * position. It lives in registers and is passed to local functions (the compiler's match-context
 * reuse), so it is a mutable object, not a term. Methods return null / -1 / false for "no match".
 */
public final class MatchContext {
    /** Flag bits as BEAM encodes them in field flags. */
    public static final int LITTLE = 2, SIGNED = 4, NATIVE = 16;

    final Bitstring bin;
    public long pos;
    final long end;

    private MatchContext(Bitstring bin) {
        this.bin = bin;
        this.pos = 0;
        this.end = bin.bitSize();
    }

    /** bs_start_match3/4: a context over {@code src}, the context itself, or null if not a bitstring. */
    public static MatchContext start(Object src) {
        if (src instanceof MatchContext m) return m;
        if (src instanceof Bitstring b) return new MatchContext(b);
        return null;
    }

    public long remaining() { return end - pos; }

    // ---- positions ----

    public Term position() { return Small.of(pos); }

    public void setPosition(Object p) { pos = ((Small) p).value; }

    /** The rest as a (sub-)bitstring, sharing the data. */
    public Term tail() { return bin.subBits(pos, end - pos); }

    // ---- tests ----

    public boolean ensureAtLeast(long bits, int unit) {
        long r = end - pos;
        return r >= bits && (unit <= 1 || (r - bits) % unit == 0);
    }

    public boolean ensureExactly(long bits) { return end - pos == bits; }

    public boolean testUnit(int unit) { return unit <= 1 || (end - pos) % unit == 0; }

    /**
     * A segment size in bits: {@code size * unit}, or -1 if {@code size} is not a non-negative
     * integer (the match then fails, as in BEAM).
     */
    public static long bits(Object size, int unit) {
        if (size instanceof Small s && s.value >= 0) {
            long b = s.value * unit;
            return (unit == 0 || b / unit == s.value) ? b : Long.MAX_VALUE;
        }
        if (size instanceof Int i && i.signum() > 0) return Long.MAX_VALUE;
        return -1;
    }

    public boolean skip(long bits) {
        if (bits < 0 || end - pos < bits) return false;
        pos += bits;
        return true;
    }

    // ---- reads (null = no match) ----

    private int byteAtBit(long p) {
        return (int) bin.bitsAt(p, 8);
    }

    public Term getInteger(long bits, int flags) {
        if (bits < 0 || end - pos < bits) return null;
        boolean little = (flags & (LITTLE | NATIVE)) != 0, signed = (flags & SIGNED) != 0;
        if (bits == 0) return Small.ZERO;
        if (bits <= 64 && (!little || (bits & 7) == 0)) {
            int n = (int) bits;
            long v = bin.bitsAt(pos, n);
            if (little) v = Long.reverseBytes(v) >>> (64 - n);
            pos += bits;
            if (signed) return Small.of(n == 64 ? v : (v << (64 - n)) >> (64 - n)); // sign-extended
            if (v >= 0) return Small.of(v);
            return Int.of(new BigInteger(Long.toUnsignedString(v))); // 64 bits, top bit set
        }
        // General case: gather bytes big-endian (bits may be any length).
        int nbytes = (int) ((bits + 7) >>> 3);
        byte[] b = new byte[nbytes];
        int lead = (int) (bits & 7); // bits in the first (partial) byte for big endian
        long p = pos;
        if (!little) {
            int i = 0;
            if (lead != 0) {
                int v = 0;
                for (int k = 0; k < lead; k++) v = (v << 1) | bin.bit(p++);
                b[i++] = (byte) v;
            }
            for (; i < nbytes; i++, p += 8) b[i] = (byte) byteAtBit(p);
        } else {
            // Little endian: whole bytes first (least significant first), the partial byte last
            // holds the most significant bits.
            int whole = (int) (bits >>> 3);
            for (int k = 0; k < whole; k++, p += 8) b[nbytes - 1 - k] = (byte) byteAtBit(p);
            if (lead != 0) {
                int v = 0;
                for (int k = 0; k < lead; k++) v = (v << 1) | bin.bit(p++);
                b[0] = (byte) v;
            }
        }
        pos += bits;
        BigInteger v = new BigInteger(1, b);
        if (signed && v.testBit((int) bits - 1)) v = v.subtract(BigInteger.ONE.shiftLeft((int) bits));
        return Int.of(v);
    }

    public Term getBinary(long bits) {
        if (bits < 0 || end - pos < bits) return null;
        Term r = bin.subBits(pos, bits);
        pos += bits;
        return r;
    }

    public Term getFloat(long bits, int flags) {
        if (bits != 16 && bits != 32 && bits != 64 || end - pos < bits) return null;
        boolean little = (flags & (LITTLE | NATIVE)) != 0;
        long raw = bin.bitsAt(pos, (int) bits);
        if (little) raw = Long.reverseBytes(raw) >>> (64 - bits);
        double d;
        if (bits == 64) d = Double.longBitsToDouble(raw);
        else if (bits == 32) d = Float.intBitsToFloat((int) raw);
        else d = Float.float16ToFloat((short) raw);
        if (!Double.isFinite(d)) return null;
        pos += bits;
        return Flonum.of(d);
    }

    /** Compares the next bits with an integer ('=:=' command). */
    public boolean matchInteger(long bits, long value) {
        if (end - pos < bits) return false;
        long p = pos;
        Term v = getInteger(bits, 0);
        if (v instanceof Small s && s.value == value) return true;
        pos = p;
        return false;
    }

    public boolean matchString(long bits, byte[] bytes) {
        if (end - pos < bits) return false;
        if ((bits & 7) == 0) { // whole bytes: 8 bits at a time
            for (int k = 0; k < (int) (bits >>> 3); k++) {
                if (bin.bitsAt(pos + 8L * k, 8) != (bytes[k] & 0xFF)) return false;
            }
            pos += bits;
            return true;
        }
        for (long i = 0; i < bits; i++) {
            int want = (bytes[(int) (i >>> 3)] >> (7 - (int) (i & 7))) & 1;
            if (bin.bit(pos + i) != want) return false;
        }
        pos += bits;
        return true;
    }

    // ---- unicode (-1 = no match) ----

    public int getUtf8() {
        long r = end - pos;
        if (r < 8) return -1;
        int b0 = byteAtBit(pos);
        int len, cp;
        if (b0 < 0x80) { pos += 8; return b0; }
        else if (b0 >= 0xC2 && b0 < 0xE0) { len = 2; cp = b0 & 0x1F; }
        else if (b0 >= 0xE0 && b0 < 0xF0) { len = 3; cp = b0 & 0x0F; }
        else if (b0 >= 0xF0 && b0 < 0xF5) { len = 4; cp = b0 & 0x07; }
        else return -1;
        if (r < 8L * len) return -1;
        for (int k = 1; k < len; k++) {
            int bk = byteAtBit(pos + 8L * k);
            if ((bk & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (bk & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        pos += 8L * len;
        return cp;
    }

    public int getUtf16(int flags) {
        boolean little = (flags & (LITTLE | NATIVE)) != 0;
        if (end - pos < 16) return -1;
        int w1 = unit16(pos, little);
        if (w1 < 0xD800 || w1 > 0xDFFF) { pos += 16; return w1; }
        if (w1 > 0xDBFF || end - pos < 32) return -1;
        int w2 = unit16(pos + 16, little);
        if (w2 < 0xDC00 || w2 > 0xDFFF) return -1;
        pos += 32;
        return 0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00);
    }

    private int unit16(long p, boolean little) {
        int a = byteAtBit(p), b = byteAtBit(p + 8);
        return little ? (b << 8) | a : (a << 8) | b;
    }

    public int getUtf32(int flags) {
        if (end - pos < 32) return -1;
        long p = pos;
        Term t = getInteger(32, flags & ~SIGNED);
        long v = ((Small) t).value;
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            pos = p;
            return -1;
        }
        return (int) v;
    }
}
