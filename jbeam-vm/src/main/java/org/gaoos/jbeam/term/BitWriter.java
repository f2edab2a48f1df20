package org.gaoos.jbeam.term;

import java.math.BigInteger;

import org.gaoos.jbeam.runtime.Errors;

/**
 * Builds a bitstring segment by segment (the bit syntax's construction side, bs_create_bin).
 * The total size is declared up front, as BEAM computes it before writing.
 *
 * <p>{@link #appendTo} implements BEAM's writable-binary optimisation for {@code <<Acc/binary, ...>>}:
 * when {@code Acc} was itself produced by an append and nothing has been appended after it, the
 * new bits are written into the spare capacity of its buffer, so a loop that keeps appending to its
 * accumulator runs in amortised O(1) per append instead of copying.
 */
public final class BitWriter {
    private final byte[] data;
    private final long start;    // bit offset where this bitstring starts in data
    private long pos;            // absolute bit position of the next write
    private final long end;      // absolute bit position where writing must stop
    private final AppendBuffer buffer; // non-null when the result may be appended to in place

    private BitWriter(byte[] data, long start, long pos, long end, AppendBuffer buffer) {
        this.data = data;
        this.start = start;
        this.pos = pos;
        this.end = end;
        this.buffer = buffer;
    }

    /** A writer for a fresh bitstring of exactly {@code bits} bits. */
    public static BitWriter create(long bits) {
        if (bits < 0 || bits > (long) Integer.MAX_VALUE * 8 - 64) throw Errors.systemLimit();
        return new BitWriter(new byte[(int) ((bits + 7) >>> 3)], 0, 0, bits, null);
    }

    /**
     * A writer whose result is {@code acc} followed by {@code extraBits} more bits (written
     * through this writer), reusing {@code acc}'s buffer in place when possible.
     */
    public static BitWriter appendTo(Bitstring acc, long extraBits) {
        if (extraBits < 0) throw Errors.badarg();
        long accEnd = acc.bitOffset + acc.bitSize;
        AppendBuffer buf = acc.buffer;
        if (buf != null && buf.bytes == acc.data && buf.claim(accEnd, extraBits)) {
            return new BitWriter(acc.data, acc.bitOffset, accEnd, accEnd + extraBits, buf);
        }
        long total = acc.bitSize + extraBits;
        long capBits = Math.max(total * 2, 256 * 8);
        if (total > (long) Integer.MAX_VALUE * 8 - 64) throw Errors.systemLimit();
        capBits = Math.min(capBits, (long) Integer.MAX_VALUE * 8 - 64);
        byte[] bytes = new byte[(int) ((capBits + 7) >>> 3)];
        AppendBuffer nb = new AppendBuffer(bytes, total);
        BitWriter w = new BitWriter(bytes, 0, 0, total, nb);
        w.putBits(acc, acc.bitSize);
        return w;
    }

    /** Bits still to be written. */
    public long remaining() { return end - pos; }

    private void check(long bits) {
        if (bits < 0 || bits > end - pos) throw new IllegalStateException("segment overflows the declared size");
    }

    /** Writes the low {@code bits} (0..64) bits of {@code v}, big-endian. */
    private void rawBits(long v, int bits) {
        while (bits > 0) {
            int idx = (int) (pos >>> 3);
            int used = (int) (pos & 7);
            int free = 8 - used;
            int n = Math.min(free, bits);
            int chunk = (int) ((v >>> (bits - n)) & ((1 << n) - 1));
            int shift = free - n;
            int mask = ((1 << n) - 1) << shift;
            data[idx] = (byte) ((data[idx] & ~mask) | (chunk << shift));
            pos += n;
            bits -= n;
        }
    }

    /** An integer segment of {@code bits} bits (any sign: the low bits of two's complement). */
    public void putInt(Term value, long bits, boolean little) {
        if (!(value instanceof Int i)) throw Errors.badarg();
        check(bits);
        if (i instanceof Small s && bits <= 64) {
            putLong(s.value, (int) bits, little);
            return;
        }
        BigInteger v = i.bigValue();
        if (!little) {
            for (long k = bits; k > 0; ) {
                int n = (int) Math.min(k, 64);
                k -= n;
                rawBits(v.shiftRight((int) Math.min(k, Integer.MAX_VALUE)).longValue(), n);
            }
        } else {
            long full = bits >>> 3;
            for (long k = 0; k < full; k++) rawBits(v.shiftRight((int) (8 * k)).longValue(), 8);
            int rem = (int) (bits & 7);
            if (rem != 0) rawBits(v.shiftRight((int) (8 * full)).longValue(), rem);
        }
    }

    /**
     * An integer segment of up to 64 bits. Little-endian segments whose size is not a multiple of
     * 8 end with the value's top bits as a short last chunk, as BEAM writes them
     * ({@code <<16#123:12/little>>} is {@code <<16#23, 1:4>>}).
     */
    public void putLong(long v, int bits, boolean little) {
        if (bits < 0 || bits > 64) throw new IllegalArgumentException("bits " + bits);
        check(bits);
        if (!little || bits <= 8) {
            rawBits(v, bits);
            return;
        }
        int full = bits >>> 3;
        for (int k = 0; k < full; k++) rawBits(v >>> (8 * k), 8);
        int rem = bits & 7;
        if (rem != 0) rawBits(v >> (8 * full), rem);
    }

    /** A float segment of 16, 32 or 64 bits; badarg if the value does not fit. */
    public void putFloat(Term value, int bits, boolean little) {
        double d;
        if (value instanceof Flonum f) d = f.value;
        else if (value instanceof Int i) {
            d = i.toDouble();
            if (Double.isInfinite(d)) throw Errors.badarg();
        } else throw Errors.badarg();
        long raw;
        switch (bits) {
            case 64 -> raw = Double.doubleToRawLongBits(d);
            case 32 -> {
                float f = (float) d;
                if (Float.isInfinite(f)) throw Errors.badarg();
                raw = Float.floatToRawIntBits(f) & 0xFFFFFFFFL;
            }
            case 16 -> {
                short h = Float.floatToFloat16((float) d);
                if ((h & 0x7C00) == 0x7C00 || Float.isInfinite((float) d)) throw Errors.badarg();
                raw = h & 0xFFFFL;
            }
            default -> throw Errors.badarg();
        }
        putLong(raw, bits, little);
    }

    /** The first {@code bits} bits of {@code b}. */
    public void putBits(Bitstring b, long bits) {
        if (bits > b.bitSize) throw Errors.badarg();
        check(bits);
        if ((pos & 7) == 0 && b.isAligned()) {
            int whole = (int) (bits >>> 3);
            System.arraycopy(b.data, (int) (b.bitOffset >>> 3), data, (int) (pos >>> 3), whole);
            pos += (long) whole << 3;
            int rest = (int) (bits & 7);
            if (rest != 0) rawBits(b.byteAt(whole) >>> (8 - rest), rest);
            return;
        }
        long whole = bits >>> 3;
        for (long k = 0; k < whole; k++) rawBits(b.byteAt(k), 8);
        int rest = (int) (bits & 7);
        if (rest != 0) rawBits(b.byteAt(whole) >>> (8 - rest), rest);
    }

    /** Bytes from a Java array (string literals). */
    public void putBytes(byte[] bytes, int off, int len) {
        check((long) len << 3);
        if ((pos & 7) == 0) {
            System.arraycopy(bytes, off, data, (int) (pos >>> 3), len);
            pos += (long) len << 3;
        } else {
            for (int k = 0; k < len; k++) rawBits(bytes[off + k] & 0xFF, 8);
        }
    }

    private static int codePoint(Term value) {
        if (value instanceof Small s && s.value >= 0 && s.value <= 0x10FFFF && (s.value < 0xD800 || s.value > 0xDFFF)) {
            return (int) s.value;
        }
        throw Errors.badarg();
    }

    /** Size in bits of a utf8 segment for {@code value}; badarg if not a code point. */
    public static int utf8Bits(Term value) {
        int cp = codePoint(value);
        return cp < 0x80 ? 8 : cp < 0x800 ? 16 : cp < 0x10000 ? 24 : 32;
    }

    public static int utf16Bits(Term value) {
        return codePoint(value) < 0x10000 ? 16 : 32;
    }

    public void putUtf8(Term value) {
        int cp = codePoint(value);
        if (cp < 0x80) rawChecked(cp, 8);
        else if (cp < 0x800) rawChecked(((0xC0 | (cp >> 6)) << 8) | (0x80 | (cp & 0x3F)), 16);
        else if (cp < 0x10000) rawChecked(((0xE0 | (cp >> 12)) << 16) | ((0x80 | ((cp >> 6) & 0x3F)) << 8) | (0x80 | (cp & 0x3F)), 24);
        else rawChecked(((long) (0xF0 | (cp >> 18)) << 24) | ((0x80 | ((cp >> 12) & 0x3F)) << 16)
                | ((0x80 | ((cp >> 6) & 0x3F)) << 8) | (0x80 | (cp & 0x3F)), 32);
    }

    public void putUtf16(Term value, boolean little) {
        int cp = codePoint(value);
        if (cp < 0x10000) {
            putLong(cp, 16, little);
        } else {
            int v = cp - 0x10000;
            putLong(0xD800 | (v >> 10), 16, little);
            putLong(0xDC00 | (v & 0x3FF), 16, little);
        }
    }

    public void putUtf32(Term value, boolean little) {
        putLong(codePoint(value), 32, little);
    }

    private void rawChecked(long v, int bits) {
        check(bits);
        rawBits(v, bits);
    }

    /** The finished bitstring; every declared bit must have been written. */
    public Bitstring finish() {
        if (pos != end) throw new IllegalStateException((end - pos) + " declared bits not written");
        return Bitstring.make(data, start, end - start, buffer);
    }
}
