package org.gaoos.jbeam.term;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@code <<Acc/binary, X>>} loops reuse the accumulator's buffer without breaking immutability. */
class BitWriterAppendTest {
    private static Bitstring append(Bitstring acc, int value) {
        BitWriter w = BitWriter.appendTo(acc, 8);
        w.putLong(value, 8, false);
        return w.finish();
    }

    @Test
    void appendLoopReusesTheBufferAndIsCorrect() {
        Bitstring acc = Binary.EMPTY;
        int copies = 0;
        byte[] lastData = null;
        for (int i = 0; i < 100_000; i++) {
            acc = append(acc, i & 0xFF);
            if (acc.data != lastData) copies++;
            lastData = acc.data;
        }
        assertEquals(100_000, ((Binary) acc).byteSize());
        for (int i = 0; i < 100_000; i++) assertEquals(i & 0xFF, ((Binary) acc).at(i));
        assertTrue(copies < 20, "buffer copied " + copies + " times: append is not amortised O(1)");
    }

    @Test
    void appendingTwiceToTheSameAccumulatorCopiesTheSecondTime() {
        Bitstring acc = append(Binary.EMPTY, 1);
        Bitstring a = append(acc, 2);
        Bitstring b = append(acc, 3); // acc's end is no longer the buffer's end: must copy
        assertEquals(Binary.of(new byte[] {1, 2}), a);
        assertEquals(Binary.of(new byte[] {1, 3}), b);
        assertEquals(Binary.of(new byte[] {1}), acc);
        assertNotSame(a.data, b.data);
    }

    @Test
    void unalignedAppends() {
        Bitstring acc = Binary.EMPTY;
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            int n = 1 + i % 13;
            BitWriter w = BitWriter.appendTo(acc, n);
            w.putLong(i, n, false);
            acc = w.finish();
            for (int k = n - 1; k >= 0; k--) bits.append((i >> k) & 1);
        }
        assertEquals(bits.length(), acc.bitSize());
        for (int k = 0; k < bits.length(); k++) assertEquals(bits.charAt(k) - '0', acc.bit(k));
    }

    @Test
    void subBinaryOfAnAppendedBinaryStaysIntact() {
        Bitstring acc = Binary.EMPTY;
        for (int i = 0; i < 10; i++) acc = append(acc, i);
        Binary prefix = ((Binary) acc).sub(0, 5);
        for (int i = 10; i < 1000; i++) acc = append(acc, i & 0xFF);
        assertEquals(Binary.of(new byte[] {0, 1, 2, 3, 4}), prefix);
        Bitstring fromPrefix = append(prefix, 99); // prefix does not end at the buffer's end
        assertEquals(Binary.of(new byte[] {0, 1, 2, 3, 4, 99}), fromPrefix);
        assertEquals(5, ((Binary) acc).at(5));
    }
}
