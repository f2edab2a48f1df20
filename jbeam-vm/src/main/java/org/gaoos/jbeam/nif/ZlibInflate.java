package org.gaoos.jbeam.nif;

import java.io.ByteArrayOutputStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The inflate side of a zlib stream: a raw {@link Inflater} for the deflate data, with the zlib and
 * gzip wrappers read here the way zlib's inflate.c reads them (header checks, window size, preset
 * dictionary id, adler32/crc32 and length trailers, windowBits 32+N detecting either), so the errors
 * and {@code Z_NEED_DICT} come at the same points. The last window's worth of output is kept for
 * {@code inflateGetDictionary}, which the JDK lacks.
 *
 * <p>Gap: the Inflater's window is always 32K, so a raw stream that refers further back than a
 * smaller windowBits allows inflates here where zlib reports "invalid distance too far back".
 */
final class ZlibInflate extends ZlibCodec {
    /** zlib's {@code wrap} bits: 1 = zlib header allowed, 2 = gzip header allowed. */
    private static final int ZLIB = 1, GZIP = 2;
    private enum Mode { HEAD, DICT, BODY, TRAILER, DONE, BAD }

    private final Inflater raw = new Inflater(true);
    private final int wrapInit, wbitsInit;
    private Mode mode;
    /** The wrapper found in the header: 0 raw, {@link #ZLIB} or {@link #GZIP}. */
    private int wrap;
    private int wbits;
    /** Header or trailer bytes read so far. */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private long dictId;
    private boolean haveDict;
    private Checksum check;
    private long total;
    private byte[] window = NO_BYTES;
    /** The current call has read the trailer's check value. */
    private boolean checked;
    private int whave, wnext;

    private ZlibInflate(int wrap, int wbits) {
        this.wrapInit = wrap;
        this.wbitsInit = wbits;
        reset();
    }

    /** inflateInit2's checks; null for {@code Z_STREAM_ERROR}. */
    static ZlibInflate init(int windowBits) {
        int wrap;
        if (windowBits < 0) {
            if (windowBits < -15) return null;
            wrap = 0;
            windowBits = -windowBits;
        } else {
            wrap = (windowBits >> 4) + 1; // zlib's (windowBits >> 4) + 5 without the check bit (always on)
            if (windowBits < 48) windowBits &= 15;
        }
        if (windowBits != 0 && (windowBits < 8 || windowBits > 15)) return null;
        if (wrap > (ZLIB | GZIP)) return null;
        return new ZlibInflate(wrap, windowBits);
    }

    @Override
    void reset() {
        raw.reset();
        mode = wrapInit == 0 ? Mode.BODY : Mode.HEAD;
        wrap = 0;
        wbits = wbitsInit;
        held.reset();
        haveDict = false;
        check = null;
        total = 0;
        whave = wnext = 0;
    }

    @Override
    int call(byte[] in, int off, int len, Out out, int flush) {
        int start = out.pos;
        checked = false;
        try {
            return run(in, off, len, out);
        } finally {
            // inflate.c's CHECK state sets out = left: a call that reads the trailer's check value
            // leaves its own output out of the window
            if (!checked) toWindow(out.buf, start, out.pos - start);
        }
    }

    private int run(byte[] in, int off, int len, Out out) {
        int p = off, end = off + len, produced = out.pos;
        try {
            loop:
            while (true) {
                switch (mode) {
                    case HEAD -> {
                        int before = held.size();
                        held.write(in, p, end - p);
                        int h = header(held.toByteArray());
                        if (h == 0) {
                            p = end;
                            break loop;
                        }
                        p += h - before;
                        held.reset();
                        if (mode == Mode.DICT) {
                            consumed = p - off;
                            return Z_NEED_DICT;
                        }
                    }
                    case DICT -> {
                        if (!haveDict) {
                            consumed = p - off;
                            return Z_NEED_DICT;
                        }
                        mode = Mode.BODY;
                    }
                    case BODY -> {
                        p = body(in, p, end, out);
                        if (!raw.finished()) break loop;
                        mode = wrap == 0 ? Mode.DONE : Mode.TRAILER;
                    }
                    case TRAILER -> {
                        int need = (wrap == ZLIB ? 4 : 8) - held.size(), n = Math.min(need, end - p);
                        held.write(in, p, n);
                        p += n;
                        if (held.size() >= 4 && held.size() - n < 4) checked = true;
                        if (n < need) break loop;
                        trailer(held.toByteArray());
                        held.reset();
                        mode = Mode.DONE;
                    }
                    case DONE -> {
                        consumed = p - off;
                        return Z_STREAM_END;
                    }
                    case BAD -> {
                        consumed = p - off;
                        return Z_DATA_ERROR;
                    }
                }
            }
        } catch (DataFormatException e) {
            mode = Mode.BAD;
            consumed = p - off;
            return Z_DATA_ERROR;
        }
        consumed = p - off;
        return consumed == 0 && out.pos == produced ? Z_BUF_ERROR : Z_OK;
    }

    /** Inflates {@code in[p, end)} into {@code out}; the new input position. */
    private int body(byte[] in, int p, int end, Out out) throws DataFormatException {
        raw.setInput(in, p, end - p);
        while (true) {
            int before = raw.getRemaining(), at = out.pos;
            int n = raw.inflate(out.buf, out.pos, out.avail());
            out.pos += n;
            produced(out.buf, at, n);
            if (raw.finished() || (n == 0 && raw.getRemaining() == before)) break;
        }
        int rest = raw.getRemaining();
        raw.setInput(NO_BYTES);
        return end - rest;
    }

    private void produced(byte[] b, int off, int n) {
        if (n == 0) return;
        if (check != null) check.update(b, off, n);
        total += n;
    }

    /**
     * Reads a zlib or gzip header from {@code h}: its length once complete, 0 while more bytes are
     * needed; a bad header is a {@link DataFormatException} as in inflate.c.
     */
    private int header(byte[] h) throws DataFormatException {
        if (h.length < 2) return 0;
        int b0 = h[0] & 0xff, b1 = h[1] & 0xff;
        if ((wrapInit & GZIP) != 0 && b0 == 0x1f && b1 == 0x8b) return gzipHeader(h);
        if ((wrapInit & ZLIB) == 0 || ((b0 << 8) | b1) % 31 != 0) throw new DataFormatException("incorrect header check");
        if ((b0 & 0xf) != 8) throw new DataFormatException("unknown compression method");
        int len = (b0 >> 4) + 8;
        if (wbits == 0) wbits = len;
        if (len > 15 || len > wbits) throw new DataFormatException("invalid window size");
        if ((b1 & 0x20) != 0) {
            if (h.length < 6) return 0;
            dictId = ((h[2] & 0xffL) << 24) | ((h[3] & 0xff) << 16) | ((h[4] & 0xff) << 8) | (h[5] & 0xff);
            start(ZLIB, new Adler32());
            mode = Mode.DICT;
            return 6;
        }
        start(ZLIB, new Adler32());
        return 2;
    }

    private int gzipHeader(byte[] h) throws DataFormatException {
        if (h.length < 4) return 0;
        if (h[2] != 8) throw new DataFormatException("unknown compression method");
        int flags = h[3] & 0xff;
        if ((flags & 0xe0) != 0) throw new DataFormatException("unknown header flags set");
        int p = 10;
        if (h.length < p) return 0;
        if ((flags & 4) != 0) { // FEXTRA
            if (h.length < p + 2) return 0;
            p += 2 + ((h[p] & 0xff) | (h[p + 1] & 0xff) << 8);
            if (h.length < p) return 0;
        }
        for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & bit) == 0) continue;
            while (p < h.length && h[p] != 0) p++;
            if (p == h.length) return 0;
            p++;
        }
        if ((flags & 2) != 0) { // FHCRC: the low 16 bits of the header's crc32
            if (h.length < p + 2) return 0;
            CRC32 c = new CRC32();
            c.update(h, 0, p);
            if (((h[p] & 0xff) | (h[p + 1] & 0xff) << 8) != (c.getValue() & 0xffff)) {
                throw new DataFormatException("header crc mismatch");
            }
            p += 2;
        }
        if (wbits == 0) wbits = 15;
        start(GZIP, new CRC32());
        return p;
    }

    private void start(int wrap, Checksum check) {
        this.wrap = wrap;
        this.check = check;
        if (mode == Mode.HEAD) mode = Mode.BODY;
    }

    private void trailer(byte[] t) throws DataFormatException {
        if (wrap == ZLIB) {
            long want = ((t[0] & 0xffL) << 24) | ((t[1] & 0xff) << 16) | ((t[2] & 0xff) << 8) | (t[3] & 0xff);
            if (want != check.getValue()) throw new DataFormatException("incorrect data check");
            return;
        }
        if (le32(t, 0) != check.getValue()) throw new DataFormatException("incorrect data check");
        if (le32(t, 4) != (total & 0xffffffffL)) throw new DataFormatException("incorrect length check");
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    /** inflateSetDictionary; a zlib result code. */
    int setDictionary(byte[] dict) {
        if (wrapInit != 0 && mode != Mode.DICT) return Z_STREAM_ERROR;
        if (mode == Mode.DICT && adler32(dict) != dictId) return Z_DATA_ERROR;
        try {
            raw.setDictionary(dict);
        } catch (IllegalArgumentException e) {
            return Z_STREAM_ERROR;
        }
        toWindow(dict, 0, dict.length);
        haveDict = true; // the stream stays in DICT (zlib's havedict) until the next inflate call
        return Z_OK;
    }

    /** inflateGetDictionary: the window, oldest byte first. */
    byte[] dictionary() {
        byte[] d = new byte[whave];
        int older = whave - wnext; // bytes before the wrap point: window[wnext + (size - whave) ...]
        if (whave < window.length) {
            System.arraycopy(window, 0, d, 0, whave);
        } else {
            System.arraycopy(window, wnext, d, 0, older);
            System.arraycopy(window, 0, d, older, wnext);
        }
        return d;
    }

    /** Appends to the sliding window of {@code 1 << wbits} bytes (zlib's updatewindow). */
    private void toWindow(byte[] b, int off, int n) {
        if (n == 0) return;
        int size = 1 << (wbits == 0 ? 15 : wbits);
        if (window.length != size) {
            window = new byte[size];
            whave = wnext = 0;
        }
        if (n >= size) {
            System.arraycopy(b, off + n - size, window, 0, size);
            wnext = 0;
            whave = size;
            return;
        }
        int first = Math.min(n, size - wnext);
        System.arraycopy(b, off, window, wnext, first);
        System.arraycopy(b, off + first, window, 0, n - first);
        wnext = (wnext + n) % size;
        whave = Math.min(size, whave + n);
    }

    @Override
    long adler() {
        return mode == Mode.DICT ? dictId : check == null ? 1 : check.getValue();
    }

    @Override
    void end() {
        raw.end();
    }
}
