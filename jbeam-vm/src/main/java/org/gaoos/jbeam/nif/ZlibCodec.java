package org.gaoos.jbeam.nif;

/**
 * One direction of a zlib stream (deflate or inflate) driven like zlib's {@code deflate()} /
 * {@code inflate()}: each {@link #call} consumes what it can of the input it is given, writes what it
 * can into the output buffer and answers a zlib result code, so {@link Zlib}'s queue loop can follow
 * zlib_nif.c's {@code zlib_flush_queue} step by step.
 */
abstract class ZlibCodec {
    static final int Z_OK = 0, Z_STREAM_END = 1, Z_NEED_DICT = 2,
            Z_STREAM_ERROR = -2, Z_DATA_ERROR = -3, Z_MEM_ERROR = -4, Z_BUF_ERROR = -5;
    static final int Z_NO_FLUSH = 0, Z_PARTIAL_FLUSH = 1, Z_SYNC_FLUSH = 2, Z_FULL_FLUSH = 3,
            Z_FINISH = 4, Z_BLOCK = 5;

    static final byte[] NO_BYTES = new byte[0];

    /** The output buffer of one NIF call ({@code next_out}/{@code avail_out}). */
    static final class Out {
        final byte[] buf;
        int pos;

        Out(int size) { buf = new byte[size]; }

        int avail() { return buf.length - pos; }
    }

    /** Bytes of the input consumed by the last {@link #call}. */
    int consumed;

    /** Runs the codec on {@code in[off, off+len)} into {@code out}; a zlib result code. */
    abstract int call(byte[] in, int off, int len, Out out, int flush);

    /** The checksum zlib reports in {@code strm->adler} (the dictionary id on {@code Z_NEED_DICT}). */
    abstract long adler();

    /** Frees the native state ({@code deflateEnd}/{@code inflateEnd}). */
    abstract void end();

    /** Back to the state after init, keeping the parameters (deflateReset/inflateReset). */
    abstract void reset();

    /** zlib's adler32 of {@code b}. */
    static long adler32(byte[] b) {
        return adler32(1, b);
    }

    /** zlib's {@code adler32(adler, b, len)}, from any start value (zlib_nif.c uses 0 for raw streams). */
    static long adler32(long adler, byte[] b) {
        long s1 = adler & 0xffff, s2 = (adler >>> 16) & 0xffff;
        for (byte x : b) {
            s1 = (s1 + (x & 0xff)) % 65521;
            s2 = (s2 + s1) % 65521;
        }
        return s2 << 16 | s1;
    }
}
