package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Term;

/** erlang:crc32, adler32 (zlib's checksums, incl. combine) and md5 (erl_bif_chksum.c). */
public final class ChecksumBifs {
    private ChecksumBifs() {}

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            CRC_TABLE[n] = c;
        }
    }

    /** An unsigned 32-bit argument (term_to_Uint, at most 2^32-1). */
    private static long u32(Term t) {
        long v = BinaryBifs.uint(t);
        if (v < 0 || v > 0xFFFFFFFFL) throw Errors.badarg();
        return v;
    }

    private static byte[] iodata(Term t) {
        return IoLists.toBytes(t); // badarg unless a binary or an iolist
    }

    static long crc32(long crc, byte[] data) {
        int c = ~(int) crc;
        for (byte b : data) c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
        return ~c & 0xFFFFFFFFL;
    }

    static long adler32(long adler, byte[] data) {
        long a = adler & 0xFFFF, b = (adler >>> 16) & 0xFFFF;
        for (byte x : data) {
            a = (a + (x & 0xFF)) % 65521;
            b = (b + a) % 65521;
        }
        return ((b % 65521) << 16) | (a % 65521); // out-of-range starting halves are reduced too, as in BEAM
    }

    @Bif("crc32") public static Term crc32(Term data) { return org.gaoos.jbeam.term.Int.of(crc32(0, iodata(data))); }

    @Bif("crc32")
    public static Term crc32(Term old, Term data) {
        long c = u32(old);
        return org.gaoos.jbeam.term.Int.of(crc32(c, iodata(data)));
    }

    @Bif("adler32") public static Term adler32(Term data) { return org.gaoos.jbeam.term.Int.of(adler32(1, iodata(data))); }

    @Bif("adler32")
    public static Term adler32(Term old, Term data) {
        long a = u32(old);
        byte[] bytes = iodata(data);
        // BEAM leaves out-of-range halves alone when a list holds no bytes, but reduces them for a binary
        if (bytes.length == 0 && !(data instanceof Binary)) return org.gaoos.jbeam.term.Int.of(a);
        return org.gaoos.jbeam.term.Int.of(adler32(a, bytes));
    }

    // crc32_combine: the CRC of A++B from crc(A), crc(B) and |B|, by applying |B| zero bytes to
    // crc(A) as a linear operator over GF(2) (repeated squaring of the one-zero-bit operator).

    private static int gf2Times(int[] mat, int vec) {
        int sum = 0;
        for (int i = 0; vec != 0; i++, vec >>>= 1) if ((vec & 1) != 0) sum ^= mat[i];
        return sum;
    }

    private static void gf2Square(int[] square, int[] mat) {
        for (int n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]);
    }

    static long crc32Combine(long crc1, long crc2, long len2) {
        if (len2 == 0) return crc1;
        int[] even = new int[32], odd = new int[32];
        odd[0] = 0xEDB88320;
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        gf2Square(even, odd); // two zero bits
        gf2Square(odd, even); // four zero bits
        int c1 = (int) crc1;
        do {
            gf2Square(even, odd);
            if ((len2 & 1) != 0) c1 = gf2Times(even, c1);
            len2 >>>= 1;
            if (len2 == 0) break;
            gf2Square(odd, even);
            if ((len2 & 1) != 0) c1 = gf2Times(odd, c1);
            len2 >>>= 1;
        } while (len2 != 0);
        return (c1 ^ (int) crc2) & 0xFFFFFFFFL;
    }

    static long adler32Combine(long adler1, long adler2, long len2) {
        final long base = 65521;
        long rem = len2 % base;
        long sum1 = adler1 & 0xFFFF;
        long sum2 = (rem * sum1) % base;
        sum1 += (adler2 & 0xFFFF) + base - 1;
        sum2 += ((adler1 >>> 16) & 0xFFFF) + ((adler2 >>> 16) & 0xFFFF) + base - rem;
        if (sum1 >= base) sum1 -= base;
        if (sum1 >= base) sum1 -= base;
        if (sum2 >= (base << 1)) sum2 -= (base << 1);
        if (sum2 >= base) sum2 -= base;
        return sum1 | (sum2 << 16);
    }

    @Bif("crc32_combine")
    public static Term crc32Combine(Term crc1, Term crc2, Term len2) {
        long a = u32(crc1), b = u32(crc2), n = u32(len2);
        return org.gaoos.jbeam.term.Int.of(crc32Combine(a, b, n));
    }

    @Bif("adler32_combine")
    public static Term adler32Combine(Term a1, Term a2, Term len2) {
        long a = u32(a1), b = u32(a2), n = u32(len2);
        return org.gaoos.jbeam.term.Int.of(adler32Combine(a, b, n));
    }

    @Bif("md5")
    public static Term md5(Term data) {
        Md5 m = new Md5();
        m.update(iodata(data));
        return Binary.adopt(m.digest());
    }

    @Bif("md5_init")
    public static Term md5Init() { return Binary.adopt(new Md5().context()); }

    private static Md5 context(Term c) {
        if (!(c instanceof Binary b) || b.byteSize() != Md5.CONTEXT_SIZE) throw Errors.badarg();
        return Md5.fromContext(b.toByteArray());
    }

    @Bif("md5_update")
    public static Term md5Update(Term context, Term data) {
        Md5 m = context(context);
        m.update(iodata(data));
        return Binary.adopt(m.context());
    }

    @Bif("md5_final")
    public static Term md5Final(Term context) { return Binary.adopt(context(context).digest()); }
}
