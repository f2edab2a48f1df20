package org.gaoos.jbeam.beam;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A big-endian cursor over a slice of a byte array. Every read is bounds-checked and fails with a
 * {@link BadBeamException}, so corrupt input can never index past its slice; counts read from the
 * file are checked against the bytes that remain before anything is allocated for them.
 */
final class ByteReader {
    private final byte[] data;
    private final int end;
    private int pos;

    ByteReader(byte[] data, int offset, int length) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    boolean atEnd() {
        return pos >= end;
    }

    private void need(int n, String what) throws BadBeamException {
        if (n < 0 || n > end - pos) {
            throw new BadBeamException("truncated: " + what + " needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    int u8() throws BadBeamException {
        need(1, "byte");
        return data[pos++] & 0xFF;
    }

    int u16() throws BadBeamException {
        need(2, "16-bit word");
        int v = (data[pos] & 0xFF) << 8 | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int i32() throws BadBeamException {
        need(4, "32-bit word");
        int v = (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16 | (data[pos + 2] & 0xFF) << 8
                | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long i64() throws BadBeamException {
        long hi = i32();
        return hi << 32 | (i32() & 0xFFFFFFFFL);
    }

    /** A 32-bit field that must be in {@code [0, max]}. */
    int i32(String what, int max) throws BadBeamException {
        int v = i32();
        if (v < 0 || v > max) {
            throw new BadBeamException(what + " " + Integer.toUnsignedString(v) + " out of range 0.." + max);
        }
        return v;
    }

    /**
     * An item count whose items take at least {@code minItemBytes} each: it must fit in what remains,
     * which bounds every allocation by the input's size.
     */
    int count(String what, int minItemBytes) throws BadBeamException {
        int n = i32();
        if (n < 0 || (long) n * minItemBytes > remaining()) {
            throw new BadBeamException(what + " count " + Integer.toUnsignedString(n) + " exceeds the "
                    + remaining() + " bytes left");
        }
        return n;
    }

    byte[] bytes(int n, String what) throws BadBeamException {
        need(n, what);
        byte[] b = new byte[n];
        System.arraycopy(data, pos, b, 0, n);
        pos += n;
        return b;
    }

    void skip(int n, String what) throws BadBeamException {
        need(n, what);
        pos += n;
    }

    /** A reader over the next {@code n} bytes; this reader moves past them. */
    ByteReader slice(int n, String what) throws BadBeamException {
        need(n, what);
        ByteReader r = new ByteReader(data, pos, n);
        pos += n;
        return r;
    }

    /** The next {@code n} bytes as strict UTF-8. */
    String utf8(int n, String what) throws BadBeamException {
        need(n, what);
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, pos, n))
                    .toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw new BadBeamException(what + " is not valid UTF-8");
        }
    }
}
