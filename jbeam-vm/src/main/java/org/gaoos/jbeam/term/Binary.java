package org.gaoos.jbeam.term;

import java.nio.charset.StandardCharsets;

/** A byte-aligned bitstring (a binary). */
public final class Binary extends Bitstring {
    public static final Binary EMPTY = new Binary(new byte[0], 0, 0, null);

    Binary(byte[] data, long bitOffset, long bitSize, AppendBuffer buffer) {
        super(data, bitOffset, bitSize, buffer);
    }

    /** A binary of a copy of {@code bytes}. */
    public static Binary of(byte[] bytes) {
        return new Binary(bytes.clone(), 0, (long) bytes.length << 3, null);
    }

    /**
     * A binary over {@code bytes[off, off+len)} that takes ownership without copying: the caller
     * must never modify that range afterwards.
     */
    public static Binary adopt(byte[] bytes, int off, int len) {
        if (off < 0 || len < 0 || off + len > bytes.length) throw new IndexOutOfBoundsException();
        return new Binary(bytes, (long) off << 3, (long) len << 3, null);
    }

    public static Binary adopt(byte[] bytes) {
        return adopt(bytes, 0, bytes.length);
    }

    /** The UTF-8 encoding of {@code s}. */
    public static Binary utf8(String s) {
        return adopt(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The Latin-1 encoding of {@code s} (characters above 255 are not allowed). */
    public static Binary latin1(String s) {
        return adopt(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** byte_size/1. */
    public int byteSize() { return (int) (bitSize >>> 3); }

    /** Byte {@code i} as 0..255. */
    public int at(int i) {
        if ((bitOffset & 7) == 0) return data[(int) (bitOffset >>> 3) + i] & 0xFF;
        return byteAt(i);
    }

    /** The sub-binary of {@code len} bytes at byte {@code start}, sharing data. */
    public Binary sub(int start, int len) {
        return (Binary) subBits((long) start << 3, (long) len << 3);
    }

    /** Decodes the bytes as UTF-8 (malformed sequences replaced). */
    public String utf8String() {
        return new String(toByteArray(), StandardCharsets.UTF_8);
    }

    /** The bytes as Latin-1 characters. */
    public String latin1String() {
        return new String(toByteArray(), StandardCharsets.ISO_8859_1);
    }
}
