package org.gaoos.jbeam.term;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * binary_to_term on hostile input: whatever the bytes, decoding either returns a term or throws
 * {@link ExternalTermFormat.MalformedException} (the BIF's badarg) — never another exception, and
 * never an allocation sized by an unchecked length field.
 */
class ExternalTermFormatRobustnessTest {
    private static Term sample() {
        return Tuple.of(Atom.of("ok"), Lists.of(Small.of(1), Flonum.of(2.5), Binary.utf8("bin")),
                MapTerm.of(Small.of(1), Lists.fromString("abc"), Binary.utf8("k"), Tuple.of()),
                Int.of(new java.math.BigInteger("123456789012345678901234567890")),
                new ExportFun(Atom.of("lists"), Atom.of("map"), 2),
                new LocalFun(Atom.of("m"), 3, 3, 77, new byte[16], 1, new Pid(Atom.NONODE, 0, 0, 0),
                        new Term[] {Small.of(5)}),
                Bitstring.of(new byte[] {(byte) 0xF0}, 4));
    }

    private static void decodeOrMalformed(byte[] data) {
        try {
            ExternalTermFormat.decodeWithUsed(data, 0, data.length, false);
        } catch (ExternalTermFormat.MalformedException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    @Test
    void randomMutationsNeverEscape() {
        byte[] good = ExternalTermFormat.encode(sample());
        byte[] compressed = ExternalTermFormat.encode(sample(), new ExternalTermFormat.Options(2, 9, false));
        Random rnd = new Random(12345);
        for (int round = 0; round < 50_000; round++) {
            byte[] base = (round & 1) == 0 ? good : compressed;
            byte[] m = base.clone();
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int pos = 1 + rnd.nextInt(m.length - 1);
                switch (rnd.nextInt(3)) {
                    case 0 -> m[pos] = (byte) rnd.nextInt(256);
                    case 1 -> m = java.util.Arrays.copyOf(m, pos);
                    default -> {
                        if (pos + 4 <= m.length) { m[pos] = 0x7F; m[pos + 1] = (byte) 0xFF; m[pos + 2] = (byte) 0xFF; m[pos + 3] = (byte) 0xF0; }
                    }
                }
                if (m.length < 2) break;
            }
            decodeOrMalformed(m);
        }
    }

    @Test
    void randomGarbageNeverEscapes() {
        Random rnd = new Random(99);
        for (int round = 0; round < 50_000; round++) {
            byte[] m = new byte[1 + rnd.nextInt(40)];
            rnd.nextBytes(m);
            m[0] = (byte) 131;
            decodeOrMalformed(m);
        }
    }

    @Test
    void hugeClaimedLengthsAreRejectedWithoutAllocating() {
        int[][] inputs = {
            {131, 108, 0x7F, 0xFF, 0xFF, 0xFF, 106},           // LIST_EXT of 2^31-1 elements
            {131, 105, 0xFF, 0xFF, 0xFF, 0xFF},                // LARGE_TUPLE_EXT of 2^32-1
            {131, 109, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2},          // BINARY_EXT of 2 GB
            {131, 116, 0x7F, 0xFF, 0xFF, 0xFF},                // MAP_EXT
            {131, 111, 0x7F, 0xFF, 0xFF, 0xFF, 0},             // LARGE_BIG_EXT
            {131, 80, 0xFF, 0xFF, 0xFF, 0xFF, 0x78, 0x9C, 3, 0}, // compressed, claims 4 GB
            {131, 80, 0x10, 0, 0, 0, 0x78, 0x9C, 3, 0},        // compressed, claims 256 MB, holds 0
        };
        for (int[] in : inputs) {
            byte[] b = new byte[in.length];
            for (int i = 0; i < in.length; i++) b[i] = (byte) in[i];
            assertThrows(ExternalTermFormat.MalformedException.class,
                    () -> ExternalTermFormat.decodeWithUsed(b, 0, b.length, false));
        }
    }

    @Test
    void deeplyNestedTermsDecodeAndEncode() {
        int depth = 300_000;
        byte[] b = new byte[1 + 2 * depth + 1];
        b[0] = (byte) 131;
        for (int i = 0; i < depth; i++) { b[1 + 2 * i] = 104; b[2 + 2 * i] = 1; } // {{{...{[]}...}}}
        b[b.length - 1] = 106;
        Term t = ExternalTermFormat.decode(b, false);
        int levels = 0;
        while (t instanceof Tuple tu) { t = tu.get(0); levels++; }
        assertEquals(depth, levels);
        assertSame(Nil.NIL, t);
        assertArrayEquals(b, ExternalTermFormat.encode(ExternalTermFormat.decode(b, false)));
        // [[[...]]] nests through list heads
        byte[] l = new byte[1 + 6 * depth + 1 + depth];
        int p = 0;
        l[p++] = (byte) 131;
        for (int i = 0; i < depth; i++) { l[p++] = 108; l[p++] = 0; l[p++] = 0; l[p++] = 0; l[p++] = 1; }
        l[p++] = 106;
        for (int i = 0; i < depth; i++) l[p++] = 106;
        Term list = ExternalTermFormat.decodeWithUsed(l, 0, p, false).term();
        levels = 0;
        while (list instanceof Cons c) { list = c.head(); levels++; }
        assertEquals(depth, levels);
        assertArrayEquals(java.util.Arrays.copyOf(l, p),
                ExternalTermFormat.encode(ExternalTermFormat.decodeWithUsed(l, 0, p, false).term()));
    }

    @Test
    void safeRejectsNewAtomsButAcceptsExistingOnes() {
        byte[] known = ExternalTermFormat.encode(Atom.of("already_here"));
        assertSame(Atom.of("already_here"), ExternalTermFormat.decode(known, true));
        String fresh = "never_seen_" + System.nanoTime();
        byte[] unknown = {(byte) 131, 119, (byte) fresh.length()};
        byte[] all = java.util.Arrays.copyOf(unknown, 3 + fresh.length());
        System.arraycopy(fresh.getBytes(), 0, all, 3, fresh.length());
        assertThrows(ExternalTermFormat.MalformedException.class, () -> ExternalTermFormat.decode(all, true));
        assertNull(Atom.existing(fresh), "a rejected safe decode must not create the atom");
        assertEquals(fresh, ((Atom) ExternalTermFormat.decode(all, false)).name());
    }

    @Test
    void internalAtomReferencesResolveByBeamAtomIndex() {
        // BEAM's binary_to_term accepts ATOM_INTERNAL_REF2/3 (an atom by table index); the
        // seeded atom table gives BEAM's indices: 0 is false, 1 is true.
        assertSame(Atom.FALSE, ExternalTermFormat.decode(new byte[] {(byte) 131, 73, 0, 0}, true));
        assertSame(Atom.TRUE, ExternalTermFormat.decode(new byte[] {(byte) 131, 75, 0, 0, 1}, true));
        assertThrows(ExternalTermFormat.MalformedException.class,
                () -> ExternalTermFormat.decode(new byte[] {(byte) 131, 75, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, false));
    }

    @Test
    void usedCountsOnlyTheTerm() {
        byte[] t = ExternalTermFormat.encode(sample());
        byte[] padded = java.util.Arrays.copyOf(t, t.length + 7);
        ExternalTermFormat.Decoded d = ExternalTermFormat.decodeWithUsed(padded, 0, padded.length, false);
        assertEquals(t.length, d.used());
        assertEquals(sample(), d.term());
    }
}
