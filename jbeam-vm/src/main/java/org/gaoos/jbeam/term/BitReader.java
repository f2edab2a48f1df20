package org.gaoos.jbeam.term;

import java.math.BigInteger;

/**
 * The bit syntax's matching side: reads segments at a bit offset of a bitstring. Each method
 * returns null (or -1) when the segment does not match, as a failed match must fall through.
 */
public final class BitReader {
    private BitReader() {}

    /** An integer segment of {@code bits} bits at bit {@code offset}; null if out of range. */
    public static Int getInt(Bitstring b, long offset, long bits, boolean little, boolean signed) {
        if (bits < 0 || offset < 0 || offset + bits > b.bitSize) return null;
        if (bits == 0) return Small.ZERO;
        if (bits <= 63) {
            long v = getLong(b, offset, (int) bits, little);
            if (signed && ((v >>> (bits - 1)) & 1) != 0) v |= -1L << bits;
            return Small.of(v);
        }
        // Wide: gather big-endian bytes of the value.
        int nbytes = (int) ((bits + 7) >>> 3);
        byte[] mag = new byte[nbytes + 1];
        if (!little) {
            // Value is the bits read MSB-first; right-align them.
            int lead = (int) (nbytes * 8L - bits);
            long p = offset;
            int firstBits = 8 - lead;
            mag[1] = (byte) readBits(b, p, firstBits);
            p += firstBits;
            for (int k = 2; k <= nbytes; k++, p += 8) mag[k] = (byte) readBits(b, p, 8);
        } else {
            long full = bits >>> 3;
            int rem = (int) (bits & 7);
            long p = offset;
            for (int k = 0; k < full; k++, p += 8) mag[nbytes - k] = (byte) readBits(b, p, 8);
            if (rem != 0) mag[1] = (byte) readBits(b, p, rem);
        }
        BigInteger v = new BigInteger(mag); // mag[0] == 0: non-negative
        if (signed && v.testBit((int) bits - 1)) v = v.subtract(BigInteger.ONE.shiftLeft((int) bits));
        return Int.of(v);
    }

    /** Unsigned value of up to 63 bits (big- or little-endian per BEAM's rules). */
    public static long getLong(Bitstring b, long offset, int bits, boolean little) {
        if (!little || bits <= 8) return readBits(b, offset, bits);
        int full = bits >>> 3;
        long v = 0;
        long p = offset;
        for (int k = 0; k < full; k++, p += 8) v |= readBits(b, p, 8) << (8 * k);
        int rem = bits & 7;
        if (rem != 0) v |= readBits(b, p, rem) << (8 * full);
        return v;
    }

    /** {@code n} (0..64) bits starting at bit {@code offset}, MSB first. */
    static long readBits(Bitstring b, long offset, int n) {
        long v = 0;
        long p = b.bitOffset + offset;
        byte[] data = b.data;
        while (n > 0) {
            int idx = (int) (p >>> 3);
            int used = (int) (p & 7);
            int avail = 8 - used;
            int take = Math.min(avail, n);
            int chunk = ((data[idx] & 0xFF) >>> (avail - take)) & ((1 << take) - 1);
            v = (v << take) | chunk;
            p += take;
            n -= take;
        }
        return v;
    }

    /** A float segment (16, 32 or 64 bits); null if out of range, not a finite float or bad size. */
    public static Flonum getFloat(Bitstring b, long offset, int bits, boolean little) {
        if (offset < 0 || offset + bits > b.bitSize) return null;
        double d;
        switch (bits) {
            case 64 -> {
                long raw = little ? getLittle64(b, offset) : readBits(b, offset, 64);
                d = Double.longBitsToDouble(raw);
            }
            case 32 -> d = Float.intBitsToFloat((int) getLong(b, offset, 32, little));
            case 16 -> d = Float.float16ToFloat((short) getLong(b, offset, 16, little));
            default -> { return null; }
        }
        return Double.isFinite(d) ? Flonum.of(d) : null;
    }

    private static long getLittle64(Bitstring b, long offset) {
        long v = 0;
        for (int k = 0; k < 8; k++) v |= readBits(b, offset + 8L * k, 8) << (8 * k);
        return v;
    }

    /**
     * A utf8 segment: returns {@code (codePoint << 8) | lengthInBytes}, or -1 if no valid UTF-8
     * character starts at {@code offset}.
     */
    public static long getUtf8(Bitstring b, long offset) {
        long avail = (b.bitSize - offset) >>> 3;
        if (offset < 0 || avail < 1) return -1;
        int b0 = (int) readBits(b, offset, 8);
        int len, cp;
        if (b0 < 0x80) return ((long) b0 << 8) | 1;
        else if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
        else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
        else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
        else return -1;
        if (avail < len) return -1;
        for (int k = 1; k < len; k++) {
            int c = (int) readBits(b, offset + 8L * k, 8);
            if ((c & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (c & 0x3F);
        }
        int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        return ((long) cp << 8) | len;
    }

    /** A utf16 segment: {@code (codePoint << 8) | lengthInBytes}, or -1. */
    public static long getUtf16(Bitstring b, long offset, boolean little) {
        if (offset < 0 || offset + 16 > b.bitSize) return -1;
        int w1 = (int) getLong(b, offset, 16, little);
        if (w1 < 0xD800 || w1 > 0xDFFF) return ((long) w1 << 8) | 2;
        if (w1 > 0xDBFF || offset + 32 > b.bitSize) return -1;
        int w2 = (int) getLong(b, offset + 16, 16, little);
        if (w2 < 0xDC00 || w2 > 0xDFFF) return -1;
        int cp = 0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00);
        return ((long) cp << 8) | 4;
    }

    /** A utf32 segment: the code point, or -1. */
    public static long getUtf32(Bitstring b, long offset, boolean little) {
        if (offset < 0 || offset + 32 > b.bitSize) return -1;
        long cp = getLong(b, offset, 32, little);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        return cp;
    }
}
