package org.gaoos.jbeam.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;

import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time bit-syntax paths ({@link Bitstring#bitsAt}, {@link BitBuilder},
 * {@link MatchContext}) against a bit-by-bit model, at every bit offset and width, including
 * sub-bitstrings that do not start on a byte boundary.
 */
class BitSyntaxFastPathTest {
    private final Random random = new Random(42);

    private static long modelBits(Bitstring b, long start, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 1) | b.bit(start + i);
        return v;
    }

    @Test
    void bitsAtReadsLikeBitByBit() {
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[1 + random.nextInt(24)];
            random.nextBytes(data);
            Bitstring whole = Bitstring.of(data, data.length * 8L);
            long off = random.nextInt((int) whole.bitSize());
            Bitstring sub = whole.subBits(off, whole.bitSize() - off); // data not byte-aligned
            for (long start = 0; start < sub.bitSize(); start++) {
                for (int n = 0; n <= 64 && start + n <= sub.bitSize(); n++) {
                    assertEquals(modelBits(sub, start, n), sub.bitsAt(start, n), "start " + start + " n " + n);
                }
            }
        }
    }

    @Test
    void integersWrittenAndReadBackAtAnyAlignment() {
        for (int round = 0; round < 3000; round++) {
            int lead = random.nextInt(16);
            int size = 1 + random.nextInt(70);
            boolean little = random.nextBoolean() && size % 8 == 0, signed = random.nextBoolean();
            long raw = random.nextLong();
            BitBuilder b = new BitBuilder();
            b.putInteger(Small.of(0), lead, 0);
            b.putInteger(Small.of(raw), size, little ? MatchContext.LITTLE : 0);
            b.putString(new byte[] {(byte) 0xA5}, 8);
            Bitstring built = (Bitstring) b.finish();
            assertEquals(lead + size + 8L, built.bitSize());
            // The segment's bits, big-endian, as BEAM lays them out: the low size bits of raw.
            BigInteger mod = BigInteger.ONE.shiftLeft(size);
            BigInteger value = BigInteger.valueOf(raw).mod(mod);
            BigInteger stored = BigInteger.ZERO;
            for (int i = 0; i < size; i++) stored = stored.shiftLeft(1).or(BigInteger.valueOf(built.bit(lead + i)));
            BigInteger expectStored = little ? reverseBytes(value, size / 8) : value;
            assertEquals(expectStored, stored, "layout, size " + size + " little " + little);
            MatchContext m = MatchContext.start(built);
            m.skip(lead);
            int flags = (little ? MatchContext.LITTLE : 0) | (signed ? MatchContext.SIGNED : 0);
            Term got = m.getInteger(size, flags);
            BigInteger expect = signed && value.testBit(size - 1) ? value.subtract(mod) : value;
            assertEquals(Int.of(expect), got, "read back, size " + size + " little " + little + " signed " + signed);
            assertEquals(true, m.matchString(8, new byte[] {(byte) 0xA5}));
        }
    }

    @Test
    void floatsAndBinariesAtOddOffsets() {
        for (int round = 0; round < 500; round++) {
            int lead = random.nextInt(8);
            double d = random.nextDouble() * 1e6 - 5e5;
            int fsize = new int[] {32, 64}[random.nextInt(2)];
            boolean little = random.nextBoolean();
            byte[] payload = new byte[random.nextInt(20)];
            random.nextBytes(payload);
            BitBuilder b = new BitBuilder();
            b.putInteger(Small.of(1), lead, 0);
            b.putFloat(org.gaoos.jbeam.term.Flonum.of(d), fsize, little ? MatchContext.LITTLE : 0);
            b.putBinary(Bitstring.of(payload, payload.length * 8L), -1, 1);
            Bitstring built = (Bitstring) b.finish();
            MatchContext m = MatchContext.start(built);
            m.skip(lead);
            Term f = m.getFloat(fsize, little ? MatchContext.LITTLE : 0);
            double expect = fsize == 64 ? d : (float) d;
            assertEquals(expect, ((org.gaoos.jbeam.term.Flonum) f).value);
            Term bin = m.getBinary(payload.length * 8L);
            assertEquals(Bitstring.of(payload, payload.length * 8L), bin);
        }
    }

    private static BigInteger reverseBytes(BigInteger v, int bytes) {
        BigInteger r = BigInteger.ZERO;
        for (int i = 0; i < bytes; i++) r = r.shiftLeft(8).or(v.shiftRight(8 * i).and(BigInteger.valueOf(0xFF)));
        return r;
    }
}
