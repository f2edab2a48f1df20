package org.gaoos.jbeam.runtime;

import java.math.BigInteger;

import org.gaoos.jbeam.term.BitWriter;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/**
 * Builds a bitstring segment by segment ({@code bs_create_bin}). Bad segments raise badarg as in
 * BEAM. An append ({@code <<Acc/binary, ...>>}, the {@code append}/{@code private_append}
 * segment) collects only the new segments here and then extends {@code Acc} with
 * {@link BitWriter#appendTo}, which writes in place into the spare capacity of an accumulator
 * built by an earlier append (BEAM's writable binary): a loop growing an accumulator costs
 * amortised O(1) per append instead of copying the prefix every time.
 */
public final class BitBuilder {
    private byte[] buf;
    private long bits;
    private Bitstring prefix; // the accumulator being appended to, or null

    public BitBuilder() {
        buf = new byte[32];
    }

    private BitBuilder(Bitstring prefix) {
        buf = new byte[16];
        this.prefix = prefix;
    }

    /** Starts with {@code prefix} (append/private_append), which must be a bitstring of {@code unit}. */
    public static BitBuilder appending(Object prefix, int unit) {
        if (!(prefix instanceof Bitstring b) || (unit > 1 && b.bitSize() % unit != 0)) throw Errors.badarg();
        return new BitBuilder(b);
    }

    /** A segment size in bits; badarg if {@code size} is not a non-negative integer. */
    public static long size(Object size, int unit) {
        long b = MatchContext.bits(size, unit);
        if (b < 0 || b == Long.MAX_VALUE) throw Errors.badarg();
        return b;
    }

    /**
     * OTP 24's bs_add: {@code s1 + s2 * unit}, a segment-size sum computed before a construction;
     * null unless both are non-negative integers and the sum is a small integer on BEAM (60 bits).
     */
    public static Term addSizes(Object s1, Object s2, int unit) {
        try {
            return addSizesOrRaise(s1, s2, unit);
        } catch (ErlangException e) {
            return null;
        }
    }

    /** bs_add without a Fail label: badarg for what is not a size, system_limit for a sum too large. */
    public static Term addSizesOrRaise(Object s1, Object s2, int unit) {
        if (!(s1 instanceof Int a) || !(s2 instanceof Int b) || a.signum() < 0 || b.signum() < 0) throw Errors.badarg();
        BigInteger sum = a.bigValue().add(b.bigValue().multiply(BigInteger.valueOf(unit)));
        if (sum.bitLength() > 59) throw Errors.systemLimit();
        return Int.of(sum);
    }

    /**
     * OTP 24's bs_utf8_size: the bytes that encode code point {@code v} in UTF-8. Like BEAM it
     * checks nothing (4 for what is not a small code point): the bs_put_utf8 after it does.
     */
    public static Term utf8Size(Object v) {
        long c = v instanceof Small s && s.value >= 0 ? s.value : Long.MAX_VALUE;
        return Small.of(c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
    }

    /** OTP 24's bs_utf16_size: 2 or 4 bytes, unchecked as {@link #utf8Size}. */
    public static Term utf16Size(Object v) {
        long c = v instanceof Small s && s.value >= 0 ? s.value : Long.MAX_VALUE;
        return Small.of(c < 0x10000 ? 2 : 4);
    }

    private void ensure(long more) {
        long need = (bits + more + 7) >>> 3;
        if (need > Integer.MAX_VALUE - 8) throw Errors.systemLimit();
        if (need > buf.length) buf = java.util.Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 8, buf.length * 2L)));
    }

    private void putBit(int bit) {
        if (bit != 0) buf[(int) (bits >>> 3)] |= (byte) (0x80 >>> (bits & 7));
        bits++;
    }

    /** Writes the low {@code n} (0..64) bits of {@code v}, most significant first (room ensured). */
    private void putLong(long v, int n) {
        if (n == 0) return;
        if (n < 64) v &= (1L << n) - 1;
        int idx = (int) (bits >>> 3), free = 8 - (int) (bits & 7); // free bits in the current byte
        bits += n;
        if (n <= free) {
            buf[idx] |= (byte) (v << (free - n));
            return;
        }
        n -= free;
        buf[idx++] |= (byte) (v >>> n); // the buffer past the written bits is zero
        while (n >= 8) {
            n -= 8;
            buf[idx++] = (byte) (v >>> n);
        }
        if (n > 0) buf[idx] = (byte) (v << (8 - n));
    }

    public void putInteger(Object value, long size, int flags) {
        if (!(value instanceof Int i)) throw Errors.badarg();
        ensure(size);
        boolean little = (flags & (MatchContext.LITTLE | MatchContext.NATIVE)) != 0;
        if (size <= 64 && (!little || (size & 7) == 0) && i instanceof Small s) {
            long v = s.value; // two's complement: the low size bits are the segment
            if (little && size > 0) v = Long.reverseBytes(v) >>> (64 - size);
            putLong(v, (int) size);
            return;
        }
        // Two's complement bytes of the value, truncated/extended to size bits.
        int nbytes = (int) ((size + 7) >>> 3);
        BigInteger v = i.bigValue();
        byte[] be = new byte[nbytes];
        for (int k = 0; k < nbytes; k++) be[nbytes - 1 - k] = v.shiftRight(8 * k).byteValue();
        if (!little) {
            int lead = (int) (size & 7);
            int start = 0;
            if (lead != 0) {
                for (int b = lead - 1; b >= 0; b--) putBit((be[0] >> b) & 1);
                start = 1;
            }
            for (int k = start; k < nbytes; k++) putLong(be[k] & 0xFF, 8);
        } else {
            int whole = (int) (size >>> 3);
            for (int k = 0; k < whole; k++) putLong(be[nbytes - 1 - k] & 0xFF, 8);
            int lead = (int) (size & 7);
            if (lead != 0) for (int b = lead - 1; b >= 0; b--) putBit((be[0] >> b) & 1);
        }
    }

    public void putFloat(Object value, long size, int flags) {
        double d;
        if (value instanceof Flonum f) d = f.value;
        else if (value instanceof Int i) d = i.toDouble();
        else throw Errors.badarg();
        boolean little = (flags & (MatchContext.LITTLE | MatchContext.NATIVE)) != 0;
        long raw;
        if (size == 64) raw = Double.doubleToRawLongBits(d);
        else if (size == 32) {
            float fl = (float) d;
            if (Float.isInfinite(fl)) throw Errors.badarg();
            raw = Float.floatToRawIntBits(fl) & 0xFFFFFFFFL;
        } else if (size == 16) {
            short h = Float.floatToFloat16((float) d);
            if (Float.isInfinite(Float.float16ToFloat(h))) throw Errors.badarg();
            raw = h & 0xFFFF;
        } else throw Errors.badarg();
        ensure(size);
        if (little) raw = Long.reverseBytes(raw) >>> (64 - size);
        putLong(raw, (int) size);
    }

    /** A binary segment: all of it ({@code size < 0}) or its first {@code size} bits. */
    public void putBinary(Object value, long size, int unit) {
        if (!(value instanceof Bitstring b)) throw Errors.badarg();
        if (size < 0) {
            if (unit > 1 && b.bitSize() % unit != 0) throw Errors.badarg();
            putBitstring(b, b.bitSize());
        } else {
            if (b.bitSize() < size) throw Errors.badarg();
            putBitstring(b, size);
        }
    }

    private void putBitstring(Bitstring b, long n) {
        ensure(n);
        if ((bits & 7) == 0 && b.isAligned()) {
            int whole = (int) (n >>> 3);
            b.copyBytes(0, buf, (int) (bits >>> 3), whole);
            bits += (long) whole * 8;
            if (whole * 8L < n) putLong(b.bitsAt(whole * 8L, (int) (n - whole * 8L)), (int) (n - whole * 8L));
        } else {
            long k = 0;
            for (; k + 64 <= n; k += 64) putLong(b.bitsAt(k, 64), 64);
            if (k < n) putLong(b.bitsAt(k, (int) (n - k)), (int) (n - k));
        }
    }

    public void putString(byte[] bytes, long size) {
        ensure(size);
        int whole = (int) (size >>> 3);
        if ((bits & 7) == 0) {
            System.arraycopy(bytes, 0, buf, (int) (bits >>> 3), whole);
            bits += whole * 8L;
        } else {
            for (int k = 0; k < whole; k++) putLong(bytes[k] & 0xFF, 8);
        }
        int rest = (int) (size & 7);
        if (rest > 0) putLong((bytes[whole] & 0xFF) >>> (8 - rest), rest);
    }

    private static int codePoint(Object v) {
        if (v instanceof Small s && s.value >= 0 && s.value <= 0x10FFFF && !(s.value >= 0xD800 && s.value <= 0xDFFF)) {
            return (int) s.value;
        }
        throw Errors.badarg();
    }

    public void putUtf8(Object v) {
        int c = codePoint(v);
        ensure(32);
        if (c < 0x80) putLong(c, 8);
        else if (c < 0x800) { putLong(0xC0 | (c >> 6), 8); putLong(0x80 | (c & 0x3F), 8); }
        else if (c < 0x10000) { putLong(0xE0 | (c >> 12), 8); putLong(0x80 | ((c >> 6) & 0x3F), 8); putLong(0x80 | (c & 0x3F), 8); }
        else {
            putLong(0xF0 | (c >> 18), 8);
            putLong(0x80 | ((c >> 12) & 0x3F), 8);
            putLong(0x80 | ((c >> 6) & 0x3F), 8);
            putLong(0x80 | (c & 0x3F), 8);
        }
    }

    public void putUtf16(Object v, int flags) {
        int c = codePoint(v);
        ensure(32);
        if (c < 0x10000) putUnit16(c, flags);
        else {
            c -= 0x10000;
            putUnit16(0xD800 | (c >> 10), flags);
            putUnit16(0xDC00 | (c & 0x3FF), flags);
        }
    }

    private void putUnit16(int u, int flags) {
        if ((flags & (MatchContext.LITTLE | MatchContext.NATIVE)) != 0) { putLong(u & 0xFF, 8); putLong(u >> 8, 8); }
        else putLong(u, 16);
    }

    public void putUtf32(Object v, int flags) {
        putInteger(Small.of(codePoint(v)), 32, flags);
    }

    public Term finish() {
        if (prefix != null) {
            BitWriter w = BitWriter.appendTo(prefix, bits);
            w.putBits(Bitstring.of(buf, bits), bits);
            return w.finish();
        }
        byte[] out = buf.length == ((bits + 7) >>> 3) ? buf : java.util.Arrays.copyOf(buf, (int) ((bits + 7) >>> 3));
        return Bitstring.of(out, bits);
    }
}
