package org.gaoos.jbeam.term;

import java.util.Arrays;

/**
 * A bitstring: {@code bitSize} bits starting {@code bitOffset} bits into {@code data}. Sub-binaries
 * share {@code data} with their parent (no copy). Byte-aligned sizes are always {@link Binary};
 * this class itself is only instantiated for sizes that are not a multiple of 8.
 *
 * <p>A bitstring produced by an append ({@code <<Acc/binary, X>>}) may own the tail of a growable
 * {@link AppendBuffer}: a later append to it writes into the spare capacity instead of copying,
 * giving BEAM's amortised O(1) append loops. Bytes before {@code bitOffset + bitSize} are never
 * written again, so sharing is safe.
 */
public sealed class Bitstring extends Term permits Binary {
    final byte[] data;
    final long bitOffset;
    final long bitSize;
    /** The append buffer this bitstring ends in, or null. */
    final AppendBuffer buffer;
    private int hash;

    Bitstring(byte[] data, long bitOffset, long bitSize, AppendBuffer buffer) {
        this.data = data;
        this.bitOffset = bitOffset;
        this.bitSize = bitSize;
        this.buffer = buffer;
    }

    /** A bitstring of the first {@code bitSize} bits of {@code data} (adopted, not copied). */
    public static Bitstring of(byte[] data, long bitSize) {
        return make(data, 0, bitSize, null);
    }

    static Bitstring make(byte[] data, long bitOffset, long bitSize, AppendBuffer buffer) {
        if ((bitSize & 7) == 0) return new Binary(data, bitOffset, bitSize, buffer);
        return new Bitstring(data, bitOffset, bitSize, buffer);
    }

    public final long bitSize() { return bitSize; }

    /** Bytes of the storage it lives in: its append buffer's capacity, or its byte array's size. */
    public final int storageBytes() { return buffer != null ? buffer.bytes.length : data.length; }

    /** True if it ends in an append buffer that a later append may extend (BEAM's writable binary). */
    public final boolean isWritable() { return buffer != null; }

    /** Number of whole bytes (byte_size/1 rounds up; this rounds down). */
    public final long wholeBytes() { return bitSize >>> 3; }

    /** byte_size/1: bytes needed to hold the bits. */
    public final long byteSizeCeil() { return (bitSize + 7) >>> 3; }

    public final boolean isBinary() { return (bitSize & 7) == 0; }

    /** True if the data starts on a byte boundary. */
    public final boolean isAligned() { return (bitOffset & 7) == 0; }

    /** Bit {@code i} (0 = most significant bit of the first byte). */
    public final int bit(long i) {
        long p = bitOffset + i;
        return (data[(int) (p >>> 3)] >> (7 - (int) (p & 7))) & 1;
    }

    /**
     * The {@code n} bits (0..64) starting at bit {@code start}, the first one most significant, as
     * the low bits of a long (the bit-syntax fast path: no per-bit loop). The bits must exist.
     */
    public final long bitsAt(long start, int n) {
        if (n == 0) return 0;
        long p = bitOffset + start;
        int idx = (int) (p >>> 3), shift = (int) (p & 7);
        int need = (shift + n + 7) >>> 3; // bytes covering the bits: at most 9
        int k = Math.min(need, 8);
        long v = 0;
        for (int i = 0; i < k; i++) v = (v << 8) | (data[idx + i] & 0xFF);
        long mask = n == 64 ? -1L : (1L << n) - 1;
        if (need <= 8) return (v >>> (8 * k - shift - n)) & mask;
        int drop = 72 - shift - n; // 1..7 bits of the ninth byte not wanted
        return ((v << (8 - drop)) | ((data[idx + 8] & 0xFF) >>> drop)) & mask;
    }

    /**
     * The 8 bits starting at bit {@code 8*i}, as 0..255. For the last, partial byte of a
     * bitstring, the missing low bits read as 0.
     */
    public final int byteAt(long i) {
        long p = bitOffset + (i << 3);
        int idx = (int) (p >>> 3);
        int shift = (int) (p & 7);
        int v;
        if (shift == 0) {
            v = data[idx] & 0xFF;
        } else {
            int hi = (data[idx] & 0xFF) << shift;
            int lo = idx + 1 < data.length ? (data[idx + 1] & 0xFF) >>> (8 - shift) : 0;
            v = (hi | lo) & 0xFF;
        }
        long remaining = bitSize - (i << 3);
        if (remaining < 8) v &= (0xFF << (8 - remaining)) & 0xFF;
        return v;
    }

    /**
     * A fresh array of {@link #byteSizeCeil()} bytes; a trailing partial byte holds its bits in the
     * high end, the rest zero (as bitstring_to_list and term_to_binary see it).
     */
    public final byte[] toByteArray() {
        int n = (int) byteSizeCeil();
        if (isAligned()) {
            int start = (int) (bitOffset >>> 3);
            byte[] out = Arrays.copyOfRange(data, start, start + n);
            int extra = (int) (bitSize & 7);
            if (extra != 0) out[n - 1] &= (byte) (0xFF << (8 - extra));
            return out;
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) byteAt(i);
        return out;
    }

    /** Copies whole bytes [from, from+len) into dst at dstPos. */
    public final void copyBytes(long from, byte[] dst, int dstPos, int len) {
        if (isAligned()) {
            System.arraycopy(data, (int) ((bitOffset >>> 3) + from), dst, dstPos, len);
        } else {
            for (int i = 0; i < len; i++) dst[dstPos + i] = (byte) byteAt(from + i);
        }
    }

    /** The sub-bitstring of {@code len} bits starting at bit {@code start}, sharing data. */
    public final Bitstring subBits(long start, long len) {
        if (start < 0 || len < 0 || start + len > bitSize) throw new IndexOutOfBoundsException();
        AppendBuffer buf = start + len == bitSize ? buffer : null;
        return make(data, bitOffset + start, len, buf);
    }

    @Override
    public final boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof Bitstring b) || b.bitSize != bitSize) return false;
        if (hash != 0 && b.hash != 0 && hash != b.hash) return false;
        return compareBits(this, b) == 0;
    }

    @Override
    public final int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Long.hashCode(bitSize);
            long n = byteSizeCeil();
            if (isAligned()) {
                int start = (int) (bitOffset >>> 3);
                int whole = (int) (bitSize >>> 3);
                for (int i = 0; i < whole; i++) h = h * 31 + data[start + i];
                if (whole < n) h = h * 31 + (byte) byteAt(whole);
            } else {
                for (long i = 0; i < n; i++) h = h * 31 + (byte) byteAt(i);
            }
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    /** Term order of bitstrings: bitwise over the common prefix, then shorter first. */
    static int compareBits(Bitstring a, Bitstring b) {
        long common = Math.min(a.bitSize, b.bitSize);
        long wholeBytes = common >>> 3;
        if (a.isAligned() && b.isAligned()) {
            int ao = (int) (a.bitOffset >>> 3), bo = (int) (b.bitOffset >>> 3);
            int c = Arrays.compareUnsigned(a.data, ao, ao + (int) wholeBytes,
                    b.data, bo, bo + (int) wholeBytes);
            if (c != 0) return c < 0 ? -1 : 1;
        } else {
            for (long i = 0; i < wholeBytes; i++) {
                int x = a.byteAt(i), y = b.byteAt(i);
                if (x != y) return x < y ? -1 : 1;
            }
        }
        for (long i = wholeBytes << 3; i < common; i++) {
            int x = a.bit(i), y = b.bit(i);
            if (x != y) return x < y ? -1 : 1;
        }
        return Long.compare(a.bitSize, b.bitSize);
    }

    @Override
    final int typeRank() { return RANK_BITSTRING; }
}
