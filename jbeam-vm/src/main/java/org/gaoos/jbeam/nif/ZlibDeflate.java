package org.gaoos.jbeam.nif;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The deflate side of a zlib stream on {@link Deflater} (the JDK's zlib, so one {@code Deflater.deflate}
 * call is one zlib {@code deflate()} call and the bytes are zlib's). Raw streams use {@code nowrap},
 * zlib streams the Deflater's own wrapper; gzip streams (windowBits 16+N) are a raw Deflater with the
 * header and trailer written here as zlib writes them (no name, mtime 0, OS 3 = Unix).
 *
 * <p>Gaps, all compressing correctly but to different bytes than BEAM's: the Deflater's window is
 * always 32K and its memLevel 8, so windowBits below 15 (and a zlib header then) and memLevel other
 * than 8 do not shape the output as zlib's would; the {@code rle} and {@code fixed} strategies and the
 * partial/block flushes, which the Deflater lacks, compress with the default strategy and sync flush.
 */
final class ZlibDeflate extends ZlibCodec {
    private static final int RAW = 0, ZLIB = 1, GZIP = 2;

    private final Deflater deflater;
    private final int wrap;
    private int level, strategy;
    private boolean started, finishing, trailerQueued;
    private final CRC32 crc = new CRC32();
    private long total;
    /** Header/trailer bytes waiting for output space (zlib's {@code pending}). */
    private byte[] pending = NO_BYTES;
    private int pendingPos;

    private ZlibDeflate(int level, int wrap, int strategy) {
        this.level = level;
        this.wrap = wrap;
        this.strategy = strategy;
        this.deflater = new Deflater(level, wrap != ZLIB);
        if (javaStrategy(strategy) != Deflater.DEFAULT_STRATEGY) {
            deflater.setStrategy(javaStrategy(strategy));
            applyParams();
        }
    }

    /** deflateInit2's checks; null for {@code Z_STREAM_ERROR}. */
    static ZlibDeflate init(int level, int method, int windowBits, int memLevel, int strategy) {
        if (level == -1) level = 6;
        int wrap = ZLIB;
        if (windowBits < 0) {
            if (windowBits < -15) return null;
            wrap = RAW;
            windowBits = -windowBits;
        } else if (windowBits > 15) {
            wrap = GZIP;
            windowBits -= 16;
        }
        if (memLevel < 1 || memLevel > 9 || method != 8 || windowBits < 8 || windowBits > 15
                || level < 0 || level > 9 || strategy < 0 || strategy > 4 || (windowBits == 8 && wrap != ZLIB)) {
            return null;
        }
        return new ZlibDeflate(level, wrap, strategy);
    }

    private static int javaStrategy(int strategy) {
        return strategy <= Deflater.HUFFMAN_ONLY ? strategy : Deflater.DEFAULT_STRATEGY;
    }

    /** Makes the Deflater run the deflateParams it has pending; the bytes it wrote (expected none). */
    private int applyParams() {
        deflater.setInput(NO_BYTES);
        return deflater.deflate(new byte[1], 0, 1, Deflater.NO_FLUSH);
    }

    @Override
    int call(byte[] in, int off, int len, Out out, int flush) {
        consumed = 0;
        if (flush < 0 || flush > Z_BLOCK) return Z_STREAM_ERROR;
        if (finishing && flush != Z_FINISH) return Z_STREAM_ERROR;
        if (out.avail() == 0) return Z_BUF_ERROR;
        if (!started && wrap == GZIP) queue(gzipHeader());
        started = true;
        drain(out);
        if (pendingPos < pending.length) return Z_OK;
        if (trailerQueued) return Z_STREAM_END;
        deflater.setInput(in, off, len);
        if (flush == Z_FINISH) {
            deflater.finish();
            finishing = true;
        }
        int javaFlush = switch (flush) {
            case Z_NO_FLUSH, Z_FINISH -> Deflater.NO_FLUSH;
            case Z_FULL_FLUSH -> Deflater.FULL_FLUSH;
            default -> Deflater.SYNC_FLUSH;
        };
        long read = deflater.getBytesRead();
        out.pos += deflater.deflate(out.buf, out.pos, out.avail(), javaFlush);
        consumed = (int) (deflater.getBytesRead() - read);
        crc.update(in, off, consumed);
        total += consumed;
        deflater.setInput(NO_BYTES); // drop the reference to the caller's bytes
        if (!deflater.finished()) return Z_OK;
        if (wrap == GZIP && !trailerQueued) {
            queue(gzipTrailer());
            trailerQueued = true;
            drain(out);
        } else if (wrap != GZIP) {
            trailerQueued = true;
        }
        return pendingPos < pending.length ? Z_OK : Z_STREAM_END;
    }

    private void queue(byte[] b) {
        pending = b;
        pendingPos = 0;
    }

    private void drain(Out out) {
        int n = Math.min(out.avail(), pending.length - pendingPos);
        System.arraycopy(pending, pendingPos, out.buf, out.pos, n);
        out.pos += n;
        pendingPos += n;
    }

    private byte[] gzipHeader() {
        int xfl = level == 9 ? 2 : (strategy >= 2 || level < 2 ? 4 : 0);
        return new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, 3};
    }

    private byte[] gzipTrailer() {
        long c = crc.getValue();
        return new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) total, (byte) (total >> 8), (byte) (total >> 16), (byte) (total >> 24)};
    }

    /** deflateSetDictionary: the dictionary's adler32, or -1 for {@code Z_STREAM_ERROR}. */
    long setDictionary(byte[] dict) {
        if (wrap == GZIP) return -1;
        try {
            deflater.setDictionary(dict);
        } catch (IllegalArgumentException e) {
            return -1; // zlib refused it: the stream has started
        }
        // zlib's strm->adler (adler32 from 1); raw streams keep none and zlib_nif.c sums from 0
        return adler32(wrap == ZLIB ? 1 : 0, dict);
    }

    /** deflateParams after the Erlang side's sync flush; a zlib result code. */
    int params(int newLevel, int newStrategy) {
        if (newLevel == -1) newLevel = 6;
        if (newLevel < 0 || newLevel > 9 || newStrategy < 0 || newStrategy > 4) return Z_STREAM_ERROR;
        level = newLevel;
        strategy = newStrategy;
        deflater.setLevel(newLevel);
        deflater.setStrategy(javaStrategy(newStrategy));
        // zlib_nif.c hands deflateParams a one-byte buffer: anything written means data was pending
        return applyParams() == 0 ? Z_OK : Z_STREAM_ERROR;
    }

    @Override
    void reset() {
        deflater.reset();
        started = finishing = trailerQueued = false;
        crc.reset();
        total = 0;
        pending = NO_BYTES;
        pendingPos = 0;
    }

    /** deflateEnd's answer: a stream started but not finished discards data ({@code Z_DATA_ERROR}). */
    int endResult() {
        return started && !finishing ? Z_DATA_ERROR : Z_OK;
    }

    @Override
    long adler() {
        return deflater.getAdler();
    }

    @Override
    void end() {
        deflater.end();
    }
}
