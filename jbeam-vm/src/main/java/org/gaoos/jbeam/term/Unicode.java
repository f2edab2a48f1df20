package org.gaoos.jbeam.term;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Unicode codecs for the unicode module's BIFs and the external format: decoding with BEAM's
 * distinction between invalid input ({@code error}) and a valid but truncated final character
 * ({@code incomplete}), and encoding to every encoding the unicode module names.
 */
public final class Unicode {
    private Unicode() {}

    /** The encodings of unicode:encoding(). */
    public enum Encoding { LATIN1, UTF8, UTF16_BIG, UTF16_LITTLE, UTF32_BIG, UTF32_LITTLE }

    /** How a decode ended. */
    public enum Status { OK, ERROR, INCOMPLETE }

    /**
     * Code points decoded from the start of the input; {@code consumed} bytes were used. For
     * ERROR and INCOMPLETE, decoding stopped at byte {@code consumed}.
     */
    public record Decoded(int[] codePoints, int consumed, Status status) {}

    public static boolean isCodePoint(long cp) {
        return cp >= 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    }

    /** Strict UTF-8 decoding (no overlongs, surrogates or code points above 0x10FFFF); null if invalid. */
    public static String decodeUtf8Strict(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) { ascii = false; break; }
        }
        if (ascii) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Decodes {@code b[off, off+len)} in {@code enc}. */
    public static Decoded decode(byte[] b, int off, int len, Encoding enc) {
        int[] out = new int[len];
        int n = 0;
        int i = off, end = off + len;
        Status status = Status.OK;
        loop:
        while (i < end) {
            int avail = end - i;
            switch (enc) {
                case LATIN1 -> { out[n++] = b[i] & 0xFF; i++; }
                case UTF8 -> {
                    int b0 = b[i] & 0xFF;
                    int need, cp;
                    if (b0 < 0x80) { out[n++] = b0; i++; continue; }
                    else if (b0 >= 0xC2 && b0 <= 0xDF) { need = 2; cp = b0 & 0x1F; }
                    else if ((b0 & 0xF0) == 0xE0) { need = 3; cp = b0 & 0x0F; }
                    else if (b0 >= 0xF0 && b0 <= 0xF4) { need = 4; cp = b0 & 0x07; }
                    else { status = Status.ERROR; break loop; }
                    int k = 1;
                    for (; k < need && k < avail; k++) {
                        int c = b[i + k] & 0xFF;
                        if ((c & 0xC0) != 0x80) { status = Status.ERROR; break loop; }
                        cp = (cp << 6) | (c & 0x3F);
                        // reject overlong/surrogate/too-large prefixes as soon as they are visible
                        if (k == 1 && ((need == 3 && b0 == 0xE0 && c < 0xA0) || (need == 3 && b0 == 0xED && c >= 0xA0)
                                || (need == 4 && b0 == 0xF0 && c < 0x90) || (need == 4 && b0 == 0xF4 && c >= 0x90))) {
                            status = Status.ERROR;
                            break loop;
                        }
                    }
                    if (k < need) { status = Status.INCOMPLETE; break loop; }
                    out[n++] = cp;
                    i += need;
                }
                case UTF16_BIG, UTF16_LITTLE -> {
                    boolean little = enc == Encoding.UTF16_LITTLE;
                    if (avail < 2) { status = Status.INCOMPLETE; break loop; }
                    int w1 = u16(b, i, little);
                    if (w1 >= 0xDC00 && w1 <= 0xDFFF) { status = Status.ERROR; break loop; }
                    if (w1 >= 0xD800 && w1 <= 0xDBFF) {
                        if (avail < 4) { status = Status.INCOMPLETE; break loop; }
                        int w2 = u16(b, i + 2, little);
                        if (w2 < 0xDC00 || w2 > 0xDFFF) { status = Status.ERROR; break loop; }
                        out[n++] = 0x10000 + ((w1 - 0xD800) << 10) + (w2 - 0xDC00);
                        i += 4;
                    } else {
                        out[n++] = w1;
                        i += 2;
                    }
                }
                case UTF32_BIG, UTF32_LITTLE -> {
                    if (avail < 4) { status = Status.INCOMPLETE; break loop; }
                    long cp = enc == Encoding.UTF32_LITTLE
                            ? (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                            : (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
                    if (!isCodePoint(cp)) { status = Status.ERROR; break loop; }
                    out[n++] = (int) cp;
                    i += 4;
                }
            }
        }
        return new Decoded(java.util.Arrays.copyOf(out, n), i - off, status);
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    /**
     * Encodes code points; returns the number of code points encoded before the first one the
     * encoding cannot represent (all of them on success), writing the bytes to {@code out}.
     */
    public static int encode(int[] cps, int off, int len, Encoding enc, ByteArrayOutputStream out) {
        for (int k = 0; k < len; k++) {
            int cp = cps[off + k];
            if (!isCodePoint(cp) || (enc == Encoding.LATIN1 && cp > 0xFF)) return k;
            switch (enc) {
                case LATIN1 -> out.write(cp);
                case UTF8 -> {
                    if (cp < 0x80) out.write(cp);
                    else if (cp < 0x800) { out.write(0xC0 | cp >> 6); out.write(0x80 | cp & 0x3F); }
                    else if (cp < 0x10000) { out.write(0xE0 | cp >> 12); out.write(0x80 | cp >> 6 & 0x3F); out.write(0x80 | cp & 0x3F); }
                    else { out.write(0xF0 | cp >> 18); out.write(0x80 | cp >> 12 & 0x3F); out.write(0x80 | cp >> 6 & 0x3F); out.write(0x80 | cp & 0x3F); }
                }
                case UTF16_BIG, UTF16_LITTLE -> {
                    boolean little = enc == Encoding.UTF16_LITTLE;
                    if (cp < 0x10000) w16(out, cp, little);
                    else { int v = cp - 0x10000; w16(out, 0xD800 | v >> 10, little); w16(out, 0xDC00 | v & 0x3FF, little); }
                }
                case UTF32_BIG -> { out.write(cp >>> 24); out.write(cp >> 16); out.write(cp >> 8); out.write(cp); }
                case UTF32_LITTLE -> { out.write(cp); out.write(cp >> 8); out.write(cp >> 16); out.write(cp >>> 24); }
            }
        }
        return len;
    }

    private static void w16(ByteArrayOutputStream out, int v, boolean little) {
        if (little) { out.write(v & 0xFF); out.write(v >> 8 & 0xFF); }
        else { out.write(v >> 8 & 0xFF); out.write(v & 0xFF); }
    }
}
