package org.gaoos.jbeam.term;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;

import org.gaoos.jbeam.runtime.ErlangException;
import org.junit.jupiter.api.Test;

/** Specification of the term layer's basic contracts (order, equality, normalisation). */
class TermBasicsTest {
    private static Term a(String s) { return Atom.of(s); }
    private static Term i(long v) { return Int.of(v); }
    private static Term f(double v) { return Flonum.of(v); }

    @Test
    void atomsAreInterned() {
        assertSame(Atom.of("hello"), Atom.of("hello"));
        assertSame(Atom.TRUE, Atom.of("true"));
    }

    @Test
    void atomLengthLimitIsSystemLimit() {
        Atom.of("x".repeat(255));
        ErlangException e = assertThrows(ErlangException.class, () -> Atom.of("x".repeat(256)));
        assertEquals(Atom.SYSTEM_LIMIT, e.reason());
        Atom.of("é".repeat(255)); // characters, not bytes
    }

    @Test
    void integersAreNormalised() {
        assertInstanceOf(Small.class, Int.of(BigInteger.valueOf(Long.MAX_VALUE)));
        assertInstanceOf(Big.class, Int.of(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)));
        assertSame(Small.of(5), Small.of(5));
        assertSame(Small.of(-256), Small.of(-256));
        assertSame(Small.of(1023), Small.of(1023));
    }

    @Test
    void typeOrder() {
        Term[] ascending = {
            i(1), a("a"), new Ref(Atom.NONODE, 0, 1, 2, 3),
            new ExportFun(Atom.of("m"), Atom.of("f"), 1), new Port(Atom.NONODE, 1, 0),
            new Pid(Atom.NONODE, 1, 0, 0), Tuple.of(), MapTerm.EMPTY, Nil.NIL,
            Lists.of(i(1)), Binary.of(new byte[0])
        };
        for (int x = 0; x < ascending.length; x++) {
            for (int y = 0; y < ascending.length; y++) {
                assertEquals(Integer.signum(Integer.compare(x, y)),
                        Integer.signum(ascending[x].compareTo(ascending[y])), x + " vs " + y);
            }
        }
    }

    @Test
    void numbersCompareByValueButAreNotExactlyEqual() {
        assertEquals(0, i(1).compareTo(f(1.0)));
        assertTrue(i(1).eq(f(1.0)));
        assertNotEquals(i(1), f(1.0));
        assertTrue(f(1.5).compareTo(i(1)) > 0);
        assertTrue(f(-1.5).compareTo(i(-1)) < 0);
        BigInteger huge = BigInteger.TWO.pow(70);
        assertTrue(Int.of(huge).compareTo(f(1e21)) > 0);
        assertTrue(Int.of(huge).compareTo(f(1e22)) < 0);
        assertEquals(0, Int.of(huge).compareTo(f(0x1p70)));
        // OTP 27: 0.0 == -0.0 but not =:=
        assertTrue(f(0.0).eq(f(-0.0)));
        assertNotEquals(f(0.0), f(-0.0));
    }

    @Test
    void listsAndTuples() {
        assertTrue(Tuple.of(i(1), i(2)).compareTo(Tuple.of(i(9))) > 0); // arity first
        assertTrue(Lists.of(i(1), i(2)).compareTo(Lists.of(i(1), i(2), i(3))) < 0);
        assertEquals(Lists.of(i(1), i(2)), Lists.fromString("\u0001\u0002"));
        assertEquals("[1,2|3]", new Cons(i(1), new Cons(i(2), i(3))).toString());
        assertEquals("{a,'B',\"x\"}".replace("\"x\"", "[120]"),
                Tuple.of(a("a"), a("B"), Lists.fromString("x")).toString());
    }

    @Test
    void bitstrings() {
        Bitstring b = Bitstring.of(new byte[] {(byte) 0xAB, (byte) 0xC0}, 11);
        assertFalse(b.isBinary());
        assertEquals("<<171,6:3>>", b.toString());
        Binary bin = Binary.of(new byte[] {1, 2, 3});
        assertEquals(Binary.of(new byte[] {2, 3}), bin.sub(1, 2));
        Bitstring shifted = Bitstring.of(new byte[] {0x0F, (byte) 0xF0}, 16).subBits(4, 8);
        assertEquals(Binary.of(new byte[] {(byte) 0xFF}), shifted);
        assertTrue(Binary.of(new byte[] {1}).compareTo(Binary.of(new byte[] {1, 0})) < 0);
    }

    @Test
    void mapsUseExactKeys() {
        MapTerm m = MapTerm.of(i(1), a("int"), f(1.0), a("float"));
        assertEquals(2, m.size());
        assertEquals(a("int"), m.get(i(1)));
        assertEquals(a("float"), m.get(f(1.0)));
        MapTerm big = MapTerm.EMPTY;
        for (int k = 0; k < 1000; k++) big = big.put(i(k), i(k * 2));
        assertInstanceOf(HashTrieMap.class, big);
        for (int k = 0; k < 1000; k++) assertEquals(i(k * 2), big.get(i(k)));
        MapTerm shrunk = big;
        for (int k = 0; k < 990; k++) shrunk = shrunk.remove(i(k));
        assertInstanceOf(FlatMap.class, shrunk);
        assertEquals(10, shrunk.size());
        assertEquals(i(1990), shrunk.get(i(995)));
    }

    @Test
    void hashTrieStaysCanonicalUnderPutsAndRemoves() {
        java.util.Random rnd = new java.util.Random(3);
        MapTerm m = MapTerm.EMPTY;
        java.util.Map<Term, Term> model = new java.util.HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            Term k = switch (rnd.nextInt(4)) {
                case 0 -> i(rnd.nextInt(400));
                case 1 -> f(rnd.nextInt(100));
                case 2 -> Tuple.of(i(rnd.nextInt(50)));
                default -> Binary.of(new byte[] {(byte) rnd.nextInt(60)});
            };
            if (rnd.nextInt(3) == 0) {
                m = m.remove(k);
                model.remove(k);
            } else {
                m = m.put(k, i(step));
                model.put(k, i(step));
            }
            assertEquals(model.size(), m.size());
            assertEquals(m.size() > MapTerm.FLATMAP_LIMIT, m instanceof HashTrieMap);
            if (step % 500 == 0) {
                // Same key set built from scratch: the canonical trie iterates identically.
                MapTerm fresh = MapTerm.EMPTY;
                for (var e : model.entrySet()) fresh = fresh.put(e.getKey(), e.getValue());
                assertArrayEquals(fresh.keysInIteratorOrder(), m.keysInIteratorOrder());
                assertEquals(fresh, m);
                for (var e : model.entrySet()) assertEquals(e.getValue(), m.get(e.getKey()));
            }
        }
    }

    @Test
    void mapUpdateRequiresAnExistingKey() {
        MapTerm small = MapTerm.of(a("k"), i(1));
        assertNull(small.update(a("other"), i(2)));
        assertEquals(MapTerm.of(a("k"), i(2)), small.update(a("k"), i(2)));
        MapTerm big = MapTerm.EMPTY;
        for (int k = 0; k < 100; k++) big = big.put(i(k), i(k));
        assertNull(big.update(i(1000), i(0)));
        assertEquals(i(-5), big.update(i(50), i(-5)).get(i(50)));
    }

    @Test
    void deeplyNestedTermsCompareEqualAndHashWithoutStackOverflow() {
        Term x = Nil.NIL, y = Nil.NIL, z = Nil.NIL;
        for (int d = 0; d < 300_000; d++) {
            x = Tuple.of(i(d), x);
            y = Tuple.of(i(d), y);
            z = Lists.of(z, MapTerm.of(i(1), z));
        }
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertEquals(0, x.compareTo(y));
        Term w = Tuple.of(i(299_999), Tuple.of(i(299_998), f(1.0)));
        assertTrue(x.compareTo(w) > 0); // at depth 2: a tuple (in x) sorts after a number (in w)
        Term deepList = Nil.NIL;
        for (int d = 0; d < 300_000; d++) deepList = new Cons(deepList, Nil.NIL);
        Term deepList2 = Nil.NIL;
        for (int d = 0; d < 300_000; d++) deepList2 = new Cons(deepList2, Nil.NIL);
        assertEquals(deepList, deepList2);
        assertNotEquals(z.hashCode(), 0);
    }
}
