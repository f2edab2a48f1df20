package org.gaoos.jbeam.bif;

/**
 * MD5 (RFC 1321) over a context laid out byte for byte like BEAM's MD5_CTX, because
 * erlang:md5_init/0 and md5_update/2 hand that context to Erlang code as a 92-byte binary:
 * A, B, C, D, the bit count (low, high word), the 64-byte block buffer and the number of buffered
 * bytes, all 32-bit words little-endian. Bytes of the buffer beyond the count are kept zero.
 */
final class Md5 {
    static final int CONTEXT_SIZE = 92;
    private static final int[] S = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    private static final int[] K = new int[64];

    static {
        for (int i = 0; i < 64; i++) K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
    }

    private final int[] h = new int[4];
    private long bits;
    private final byte[] buffer = new byte[64];
    private int num;

    Md5() {
        h[0] = 0x67452301;
        h[1] = 0xefcdab89;
        h[2] = 0x98badcfe;
        h[3] = 0x10325476;
    }

    /** A context from its 92-byte form. */
    static Md5 fromContext(byte[] c) {
        Md5 m = new Md5();
        for (int i = 0; i < 4; i++) m.h[i] = le32(c, 4 * i);
        m.bits = (le32(c, 16) & 0xFFFFFFFFL) | ((long) le32(c, 20) << 32);
        System.arraycopy(c, 24, m.buffer, 0, 64);
        m.num = le32(c, 88) & 63;
        return m;
    }

    byte[] context() {
        byte[] c = new byte[CONTEXT_SIZE];
        for (int i = 0; i < 4; i++) put32(c, 4 * i, h[i]);
        put32(c, 16, (int) bits);
        put32(c, 20, (int) (bits >>> 32));
        System.arraycopy(buffer, 0, c, 24, 64);
        put32(c, 88, num);
        return c;
    }

    void update(byte[] data) {
        bits += (long) data.length << 3;
        int off = 0, len = data.length;
        if (num != 0) {
            if (num + len >= 64) {
                int n = 64 - num;
                System.arraycopy(data, 0, buffer, num, n);
                block(buffer, 0);
                java.util.Arrays.fill(buffer, (byte) 0);
                off += n;
                len -= n;
                num = 0;
            } else {
                System.arraycopy(data, 0, buffer, num, len);
                num += len;
                return;
            }
        }
        while (len >= 64) {
            block(data, off);
            off += 64;
            len -= 64;
        }
        if (len > 0) {
            System.arraycopy(data, off, buffer, 0, len);
            num = len;
        }
    }

    byte[] digest() {
        long total = bits;
        byte[] pad = new byte[(num < 56 ? 56 - num : 120 - num) + 8];
        pad[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) pad[pad.length - 8 + i] = (byte) (total >>> (8 * i));
        update(pad);
        byte[] out = new byte[16];
        for (int i = 0; i < 4; i++) put32(out, 4 * i, h[i]);
        return out;
    }

    private void block(byte[] p, int off) {
        int[] x = new int[16];
        for (int i = 0; i < 16; i++) x[i] = le32(p, off + 4 * i);
        int a = h[0], b = h[1], c = h[2], d = h[3];
        for (int i = 0; i < 64; i++) {
            int f, g;
            switch (i >> 4) {
                case 0 -> { f = (b & c) | (~b & d); g = i; }
                case 1 -> { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
                case 2 -> { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
                default -> { f = c ^ (b | ~d); g = (7 * i) & 15; }
            }
            int t = d;
            d = c;
            c = b;
            b = b + Integer.rotateLeft(a + f + K[i] + x[g], S[(i >> 4) * 4 + (i & 3)]);
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static void put32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
