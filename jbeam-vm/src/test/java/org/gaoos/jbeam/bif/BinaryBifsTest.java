package org.gaoos.jbeam.bif;

import static org.gaoos.jbeam.bif.BifOracle.call;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary module's BIFs on seeded subjects, patterns and options, compared with erl 27. */
class BinaryBifsTest {
    private static final Random RND = new Random(27);

    private static Binary bin(String s) { return Binary.latin1(s); }

    /** Short strings over a small alphabet, so that needles overlap and repeat. */
    private static Binary randomBin(int max) {
        StringBuilder sb = new StringBuilder();
        int n = RND.nextInt(max + 1);
        for (int i = 0; i < n; i++) sb.append("abc,"+"\u00ff".charAt(0)).charAt(0);
        for (int i = 0; i < n; i++) sb.setCharAt(i, "aab,c\u00ff".charAt(RND.nextInt(6)));
        return bin(sb.toString());
    }

    private static Term scope(long pos, long len) {
        return Lists.of(Tuple.of(Atom.of("scope"), Tuple.of(Int.of(pos), Int.of(len))));
    }

    private static final Term[] BAD = {
        Atom.of("foo"), Small.of(1), Nil.NIL, Bitstring.of(new byte[] {1}, 3), Lists.of(Binary.EMPTY),
        Lists.of(Small.of(97)), Tuple.of(Atom.of("bm"), Small.of(1)), Int.of(new java.math.BigInteger("123456789012345678901234567890"))};

    @Test
    void searchingAndSplitting(@TempDir Path dir) {
        List<BifOracle.Call> calls = new ArrayList<>();
        String[] fixed = {"a,b,c", ",a,,b,", "", ",", ",,", "aaaa", "abcabc", "banana"};
        List<Term> patterns = new ArrayList<>(List.of(bin(","), bin("a"), bin("aa"), bin("ab"), bin("an"),
                Lists.of(bin("a"), bin("ab")), Lists.of(bin("ab"), bin("b"), bin("ba")), Lists.of(bin("an"), bin("nan"), bin("a")),
                Lists.of(bin(","), bin(",,")), Lists.of(bin("c"), bin("bc"), bin("abc"))));
        List<Term> subjects = new ArrayList<>();
        for (String s : fixed) subjects.add(bin(s));
        for (int i = 0; i < 40; i++) subjects.add(randomBin(12));
        for (int i = 0; i < 30; i++) {
            List<Term> ns = new ArrayList<>();
            int k = 1 + RND.nextInt(4);
            for (int j = 0; j < k; j++) {
                Binary b = randomBin(3);
                ns.add(b.byteSize() == 0 ? bin("a") : b);
            }
            patterns.add(ns.size() == 1 ? ns.get(0) : Lists.of(ns));
        }
        String[][] splitOpts = {{}, {"global"}, {"trim"}, {"trim_all"}, {"global", "trim"}, {"global", "trim_all"},
            {"trim", "trim_all"}};
        for (Term s : subjects) {
            for (Term p : patterns) {
                calls.add(call("binary", "match", s, p));
                calls.add(call("binary", "matches", s, p));
                for (String[] o : splitOpts) {
                    List<Term> os = new ArrayList<>();
                    for (String x : o) os.add(Atom.of(x));
                    calls.add(call("binary", "split", s, p, Lists.of(os)));
                }
            }
            int size = ((Binary) s).byteSize();
            long pos = RND.nextInt(size + 2), len = RND.nextInt(size + 3) - size / 2 - 1;
            Term p = patterns.get(RND.nextInt(patterns.size()));
            calls.add(call("binary", "match", s, p, scope(pos, len)));
            calls.add(call("binary", "matches", s, p, scope(pos, len)));
            List<Term> opts = new ArrayList<>(Lists.toJava(scope(pos, len)));
            opts.add(Atom.of("global"));
            calls.add(call("binary", "split", s, p, Lists.of(opts)));
        }
        for (Term bad : BAD) {
            calls.add(call("binary", "match", bin("abc"), bad));
            calls.add(call("binary", "match", bad, bin("a")));
            calls.add(call("binary", "matches", bin("abc"), bin("a"), bad));
            calls.add(call("binary", "split", bin("abc"), bin("b"), Lists.of(bad)));
            calls.add(call("binary", "compile_pattern", bad));
        }
        calls.add(call("binary", "match", bin("abc"), bin("b"), Lists.of(Tuple.of(Atom.of("scope"), Tuple.of(Small.of(1), Small.of(-1))))));
        calls.add(call("binary", "split", bin("abc"), bin("b"), Atom.of("global")));
        calls.add(call("binary", "matches", bin("abc"), Lists.of()));
        BifOracle.assertSameOutcomes(calls, dir);
    }

    @Test
    void compiledPatternsSearchLikeTheirSource() {
        Term bm = BinaryBifs.compilePattern(bin("an"));
        Term ac = BinaryBifs.compilePattern(Lists.of(bin("an"), bin("nan")));
        org.junit.jupiter.api.Assertions.assertEquals(BinaryBifs.matches(bin("banana"), bin("an")), BinaryBifs.matches(bin("banana"), bm));
        org.junit.jupiter.api.Assertions.assertEquals(
                BinaryBifs.matches(bin("banana"), Lists.of(bin("an"), bin("nan"))), BinaryBifs.matches(bin("banana"), ac));
        Term wrongTag = Tuple.of(Atom.of("ac"), ((Tuple) bm).get(1));
        org.junit.jupiter.api.Assertions.assertEquals(Tuple.of(Atom.ERROR, Atom.BADARG),
                BifOracle.jbeam(call("binary", "match", bin("banana"), wrongTag)));
    }

    @Test
    void partsBytesAndUnsigned(@TempDir Path dir) {
        List<BifOracle.Call> calls = new ArrayList<>();
        Term[] subjects = {bin(""), bin("a"), bin("hello"), Binary.of(new byte[] {0, 1, (byte) 255}), Bitstring.of(new byte[] {1, 2}, 12),
            Atom.of("x"), Lists.of(Small.of(1))};
        Term[] ints = {Small.of(0), Small.of(1), Small.of(2), Small.of(3), Small.of(5), Small.of(6), Small.of(-1), Small.of(-2),
            Small.of(-6), Int.of(new java.math.BigInteger("18446744073709551615")), Atom.of("a"), Flonum(1.0)};
        for (Term s : subjects) {
            calls.add(call("binary", "first", s));
            calls.add(call("binary", "last", s));
            calls.add(call("binary", "copy", s));
            calls.add(call("binary", "referenced_byte_size", s));
            calls.add(call("binary", "decode_unsigned", s));
            calls.add(call("binary", "decode_unsigned", s, Atom.of("little")));
            calls.add(call("binary", "longest_common_prefix", Lists.of(s, bin("hex"))));
            calls.add(call("binary", "longest_common_suffix", Lists.of(s, bin("llo"))));
            for (Term i : ints) {
                calls.add(call("binary", "at", s, i));
                calls.add(call("binary", "copy", s, i));
                for (Term j : ints) {
                    calls.add(call("binary", "part", s, i, j));
                    calls.add(call("binary", "part", s, Tuple.of(i, j)));
                }
            }
        }
        Term[] unsigned = {Small.of(0), Small.of(1), Small.of(255), Small.of(256), Small.of(65535), Small.of(-1),
            Int.of(Long.MAX_VALUE), Int.of(new java.math.BigInteger("340282366920938463463374607431768211457")), Atom.of("a")};
        for (Term u : unsigned) {
            calls.add(call("binary", "encode_unsigned", u));
            calls.add(call("binary", "encode_unsigned", u, Atom.of("little")));
            calls.add(call("binary", "encode_unsigned", u, Atom.of("middle")));
        }
        for (int i = 0; i < 30; i++) {
            byte[] b = new byte[RND.nextInt(20)];
            RND.nextBytes(b);
            calls.add(call("binary", "decode_unsigned", Binary.of(b)));
            calls.add(call("binary", "decode_unsigned", Binary.of(b), Atom.of("little")));
            calls.add(call("binary", "longest_common_prefix", Lists.of(randomBin(6), randomBin(6), randomBin(6))));
            calls.add(call("binary", "longest_common_suffix", Lists.of(randomBin(6), randomBin(6))));
        }
        calls.add(call("binary", "longest_common_prefix", Nil.NIL));
        calls.add(call("binary", "longest_common_prefix", Lists.of(bin("abc"))));
        calls.add(call("binary", "list_to_bin", Lists.of(Small.of(1), bin("ab"), Lists.of(Small.of(2)))));
        calls.add(call("binary", "list_to_bin", bin("ab")));
        calls.add(call("binary", "list_to_bin", Lists.of(Small.of(256))));
        BifOracle.assertSameOutcomes(calls, dir);
    }

    private static Term Flonum(double d) { return org.gaoos.jbeam.term.Flonum.of(d); }
}
