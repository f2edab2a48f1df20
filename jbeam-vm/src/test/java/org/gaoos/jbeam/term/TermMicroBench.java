package org.gaoos.jbeam.term;

import java.util.Random;

/**
 * Rough throughput figures for docs/terms.md (not a test; no assertions on time). Run:
 * {@code java -cp jbeam-vm/target/classes:jbeam-vm/target/test-classes org.gaoos.jbeam.term.TermMicroBench}
 */
public final class TermMicroBench {
    static volatile Object sink;

    interface Body { Object run(int i); }

    static void bench(String name, int n, Body body) {
        for (int w = 0; w < 5; w++) for (int i = 0; i < n; i++) sink = body.run(i); // warm-up
        long t0 = System.nanoTime();
        for (int r = 0; r < 5; r++) for (int i = 0; i < n; i++) sink = body.run(i);
        double ns = (System.nanoTime() - t0) / (5.0 * n);
        System.out.printf("%-44s %10.1f ns/op%n", name, ns);
    }

    public static void main(String[] args) {
        Term[] smalls = new Term[1024];
        for (int i = 0; i < smalls.length; i++) smalls[i] = Small.of(i - 300);
        bench("Arith.add small+small (cached range)", 10_000_000, i -> Arith.add(smalls[i & 1023], smalls[(i >> 3) & 1023]));
        bench("Arith.add small+small (allocating)", 10_000_000, i -> Arith.add(Small.of(i), smalls[5]));
        bench("compareTo small/small", 10_000_000, i -> smalls[i & 1023].compareTo(smalls[(i * 7) & 1023]));
        Atom[] atoms = {Atom.OK, Atom.ERROR, Atom.TRUE, Atom.FALSE};
        bench("Atom.of (existing)", 5_000_000, i -> Atom.of("ok"));
        bench("atom identity eq", 10_000_000, i -> atoms[i & 3] == Atom.OK);
        MapTerm small = MapTerm.EMPTY;
        for (int i = 0; i < 10; i++) small = small.put(Small.of(i), Small.of(i));
        MapTerm fsmall = small;
        bench("FlatMap(10).get small key", 10_000_000, i -> fsmall.get(smalls[(i & 7) + 300]));
        MapTerm big = MapTerm.EMPTY;
        for (int i = 0; i < 100_000; i++) big = big.put(Small.of(i), Small.of(i));
        MapTerm fbig = big;
        bench("HashTrieMap(100k).get small key", 5_000_000, i -> fbig.get(Small.of(i % 100_000)));
        bench("HashTrieMap(100k).put small key", 1_000_000, i -> fbig.put(Small.of(i % 100_000), Atom.OK));
        Term tuple = Tuple.of(Atom.OK, Lists.fromString("hello world"), Small.of(42), Flonum.of(3.14), Binary.utf8("bin"));
        bench("term_to_binary {ok,\"hello world\",42,3.14,<<\"bin\">>}", 1_000_000, i -> ExternalTermFormat.encode(tuple));
        byte[] enc = ExternalTermFormat.encode(tuple);
        bench("binary_to_term of the same", 1_000_000, i -> ExternalTermFormat.decode(enc, false));
        bench("phash2 of the same", 1_000_000, i -> Phash.phash2(tuple));
        bench("BitWriter append byte to accumulator", 1_000_000, new Body() {
            Bitstring acc = Binary.EMPTY;
            public Object run(int i) {
                if ((i & 0xFFFF) == 0) acc = Binary.EMPTY;
                BitWriter w = BitWriter.appendTo(acc, 8);
                w.putLong(i, 8, false);
                return acc = w.finish();
            }
        });
        Random rnd = new Random(1);
        double[] ds = rnd.doubles(1024).map(d -> d * 1e6).toArray();
        bench("FloatFormat.shortest", 1_000_000, i -> FloatFormat.shortest(ds[i & 1023]));
    }
}
