package org.gaoos.jbeam.term;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests of the term layer against the reference BEAM: term_oracle.erl (a test
 * resource) generates ~900 seeded terms of every type and prints what erl 27 computes for them
 * (term_to_binary with every option combination, phash/phash2, term order, map iteration orders,
 * float and integer printing); each test checks that jbeam reproduces every byte and value.
 */
class TermOracleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<ExternalTermFormat.Options> OPTIONS = List.of(
            ExternalTermFormat.Options.DEFAULT,
            new ExternalTermFormat.Options(0, 0, false),
            new ExternalTermFormat.Options(1, 0, false),
            new ExternalTermFormat.Options(2, 0, false),
            new ExternalTermFormat.Options(2, 0, true),
            new ExternalTermFormat.Options(2, 6, false),
            new ExternalTermFormat.Options(2, 1, false),
            new ExternalTermFormat.Options(2, 9, false),
            new ExternalTermFormat.Options(2, 0, false),
            new ExternalTermFormat.Options(1, 3, true));

    /** One generated term with everything the oracle said about it. */
    record Case(int index, byte[] t2b, String[] encodings, String[] hashes, String[] mapOrders) {}

    static final List<Case> cases = new ArrayList<>();
    static final List<String[]> compares = new ArrayList<>(), floats = new ArrayList<>(), ints = new ArrayList<>(),
            fuzz = new ArrayList<>(), arith = new ArrayList<>(), parses = new ArrayList<>(),
            bits = new ArrayList<>(), printed = new ArrayList<>();
    static Term[] numbers;
    static byte[] sorted;
    static Term[] terms;

    @BeforeAll
    static void runOracle(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("term_oracle.erl");
        try (var in = TermOracleTest.class.getResourceAsStream("/term/term_oracle.erl")) {
            Files.write(src, in.readAllBytes());
        }
        ReferenceOtp otp = ReferenceOtp.get();
        Command.run(List.of(otp.erlc().toString(), "term_oracle.erl"), dir, Duration.ofMinutes(2))
                .requireSuccess(List.of("erlc"));
        Path out = dir.resolve("oracle.txt");
        // A fixed seed keeps the test deterministic; -Dterm.oracle.seed=N explores other terms.
        String seed = System.getProperty("term.oracle.seed", "42");
        Command.run(List.of(otp.erl().toString(), "-noshell", "-pa", dir.toString(), "-run", "term_oracle",
                "main", out.toString(), seed), dir, Duration.ofMinutes(2)).requireSuccess(List.of("erl"));
        Case current = null;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "T" -> {
                    if (current != null) cases.add(current);
                    current = new Case(cases.size(), HEX.parseHex(f[1]), null, null, null);
                }
                case "E" -> current = new Case(current.index, current.t2b, tail(f), current.hashes, current.mapOrders);
                case "H" -> current = new Case(current.index, current.t2b, current.encodings, tail(f), current.mapOrders);
                case "M" -> current = new Case(current.index, current.t2b, current.encodings, current.hashes, tail(f));
                case "C" -> compares.add(tail(f));
                case "S" -> sorted = HEX.parseHex(f[1]);
                case "F" -> floats.add(tail(f));
                case "I" -> ints.add(tail(f));
                case "B" -> fuzz.add(tail(f));
                case "N" -> numbers = Lists.toArray(ExternalTermFormat.decode(HEX.parseHex(f[1]), false));
                case "A" -> arith.add(tail(f));
                case "P" -> parses.add(tail(f));
                case "X" -> bits.add(tail(f));
                case "W" -> printed.add(tail(f));
                default -> fail("unexpected oracle line " + line);
            }
        }
        cases.add(current);
        terms = new Term[cases.size()];
        for (Case c : cases) terms[c.index] = ExternalTermFormat.decode(c.t2b, false);
    }

    private static String[] tail(String[] f) {
        String[] t = new String[f.length - 1];
        System.arraycopy(f, 1, t, 0, t.length);
        return t;
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b).toUpperCase();
    }

    @Test
    void oracleCoversEveryTermType() {
        assertTrue(cases.size() > 800, "cases: " + cases.size());
        boolean[] seen = new boolean[11];
        for (Term t : terms) seen[t.typeRank()] = true;
        for (int r = 0; r < seen.length; r++) assertTrue(seen[r], "no term of rank " + r);
    }

    @Test
    void termToBinaryIsByteIdenticalForEveryOption() {
        int failures = 0;
        StringBuilder report = new StringBuilder();
        for (Case c : cases) {
            Term t = terms[c.index];
            for (int o = 0; o < OPTIONS.size(); o++) {
                String mine = hex(ExternalTermFormat.encode(t, OPTIONS.get(o)));
                if (!mine.equals(c.encodings[o]) && failures++ < 5) {
                    report.append("\nterm #").append(c.index).append(' ').append(abbrev(t))
                            .append(" option ").append(OPTIONS.get(o)).append("\n beam:  ")
                            .append(abbrev(c.encodings[o])).append("\n jbeam: ").append(abbrev(mine));
                }
            }
        }
        assertEquals(0, failures, report.toString());
    }

    @Test
    void binaryToTermRoundTripsEveryEncoding() {
        for (Case c : cases) {
            for (String enc : c.encodings) {
                Term back = ExternalTermFormat.decode(HEX.parseHex(enc), false);
                assertEquals(terms[c.index], back, () -> "term #" + c.index);
            }
        }
    }

    @Test
    void phashValuesMatch() {
        int failures = 0;
        StringBuilder report = new StringBuilder();
        for (Case c : cases) {
            Term t = terms[c.index];
            String[] mine = {
                Integer.toString(Phash.phash2(t)), Long.toString(Phash.phash2(t, 1000)),
                Long.toString(Phash.phash2(t, 1L << 32)), Long.toString(Phash.phash(t, 1L << 32)),
                Long.toString(Phash.phash(t, 97))
            };
            if (!java.util.Arrays.equals(mine, c.hashes) && failures++ < 8) {
                report.append("\nterm #").append(c.index).append(' ').append(abbrev(t)).append(" beam ")
                        .append(String.join(",", c.hashes)).append(" jbeam ").append(String.join(",", mine));
            }
        }
        assertEquals(0, failures, report.toString());
    }

    @Test
    void mapIterationOrdersMatch() {
        int maps = 0;
        for (Case c : cases) {
            if (!(terms[c.index] instanceof MapTerm m)) continue;
            maps++;
            List<Term> iter = new ArrayList<>();
            m.forEach((k, v) -> iter.add(Tuple.of(k, v)));
            String[] mine = {
                hex(ExternalTermFormat.encode(m.toList())), hex(ExternalTermFormat.encode(m.keyList())),
                hex(ExternalTermFormat.encode(m.valueList())), hex(ExternalTermFormat.encode(Lists.of(iter)))
            };
            String[] what = {"maps:to_list", "maps:keys", "maps:values", "maps:next"};
            for (int i = 0; i < 4; i++) {
                assertEquals(c.mapOrders[i], mine[i], what[i] + " of map #" + c.index + " (" + m.size() + " keys)");
            }
        }
        assertTrue(maps > 50);
    }

    @Test
    void termOrderAndEqualityMatch() {
        for (String[] c : compares) {
            Term a = terms[Integer.parseInt(c[0])], b = terms[Integer.parseInt(c[1])];
            assertEquals(Integer.parseInt(c[2]), Integer.signum(a.compareTo(b)), () -> abbrev(a) + " vs " + abbrev(b));
            assertEquals(c[3].equals("1"), a.equals(b), () -> abbrev(a) + " =:= " + abbrev(b));
            if (a.equals(b)) assertEquals(a.hashCode(), b.hashCode());
        }
        Term[] mine = terms.clone();
        java.util.Arrays.sort(mine); // stable, like lists:sort/1 for equal elements
        assertEquals(hex(sorted), hex(ExternalTermFormat.encode(Lists.of(mine))));
    }

    @Test
    void floatPrintingMatches() {
        for (String[] f : floats) {
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
            String[] mine = {
                FloatFormat.legacy(d), FloatFormat.shortest(d), FloatFormat.scientificChecked(d, 3),
                FloatFormat.scientificChecked(d, 0), orBadarg(FloatFormat.decimals(d, 4, false)),
                orBadarg(FloatFormat.decimals(d, 4, true)), orBadarg(FloatFormat.decimals(d, 0, false)),
                orBadarg(FloatFormat.decimals(d, 20, false)), TermPrinter.write(Flonum.of(d))
            };
            String[] what = {"float_to_list/1", "[short]", "{scientific,3}", "{scientific,0}", "{decimals,4}",
                "{decimals,4},compact", "{decimals,0}", "{decimals,20}", "~w"};
            for (int i = 0; i < mine.length; i++) {
                assertEquals(f[i + 1], mine[i], what[i] + " of " + d);
            }
        }
    }

    @Test
    void binaryToTermAcceptsAndRejectsMutatedDataLikeBeam() {
        int accepted = 0, rejected = 0;
        for (String[] b : fuzz) {
            byte[] in = HEX.parseHex(b[0]);
            if (b[1].equals("badarg")) {
                rejected++;
                assertThrows(ExternalTermFormat.MalformedException.class,
                        () -> ExternalTermFormat.decodeWithUsed(in, 0, in.length, false), () -> "input " + b[0]);
            } else {
                accepted++;
                ExternalTermFormat.Decoded d;
                try {
                    d = ExternalTermFormat.decodeWithUsed(in, 0, in.length, false);
                } catch (ExternalTermFormat.MalformedException e) {
                    throw new AssertionError("BEAM decodes " + b[0] + " but jbeam says " + e.getMessage());
                }
                assertEquals(Integer.parseInt(b[2]), d.used(), () -> "used of " + b[0]);
                assertEquals(b[3], hex(ExternalTermFormat.encode(d.term())), () -> "decoding " + b[0]);
            }
        }
        assertTrue(accepted > 500 && rejected > 500, accepted + " accepted, " + rejected + " rejected");
    }

    @Test
    void numberParsingMatches() {
        assertTrue(parses.size() > 250);
        for (String[] p : parses) {
            String s = Lists.toStringOrNull(ExternalTermFormat.decode(HEX.parseHex(p[0]), false));
            // BEAM's erts_internal:list_to_integer/2 truncates characters above 255 to a byte for
            // short inputs (a quirk, see docs/terms.md); NumberParser covers Latin-1 text.
            if (s.chars().anyMatch(c -> c > 255)) continue;
            Term[] mine = {NumberParser.parseInteger(s, 10), NumberParser.parseInteger(s, 16),
                NumberParser.parseInteger(s, 36), NumberParser.parseFloat(s), NumberParser.parseInteger(s, 10),
                NumberParser.parseFloat(s)};
            String[] what = {"list_to_integer", "list_to_integer/16", "list_to_integer/36", "list_to_float",
                "binary_to_integer", "binary_to_float"};
            for (int i = 0; i < mine.length; i++) {
                String got = mine[i] == null ? "badarg" : hex(ExternalTermFormat.encode(mine[i]));
                assertEquals(p[i + 1], got, what[i] + "(\"" + s + "\")");
            }
        }
    }

    @Test
    void bitSyntaxSegmentsMatch() {
        assertTrue(bits.size() >= 600);
        for (String[] x : bits) {
            int prefix = Integer.parseInt(x[0]), size = Integer.parseInt(x[1]);
            Tuple in = (Tuple) ExternalTermFormat.decode(HEX.parseHex(x[2]), false);
            Bitstring p = (Bitstring) in.get(0);
            Term v = in.get(1), fl = in.get(2), cp = in.get(3);
            BitWriter w = BitWriter.create(prefix + size);
            w.putBits(p, prefix);
            w.putInt(v, size, false);
            Bitstring big = w.finish();
            w = BitWriter.create(prefix + size);
            w.putBits(p, prefix);
            w.putInt(v, size, true);
            Bitstring little = w.finish();
            w = BitWriter.create(prefix + 64 + 32 + 16 + 64);
            w.putBits(p, prefix);
            w.putFloat(fl, 64, false);
            w.putFloat(fl, 32, true);
            w.putFloat(fl, 16, false);
            w.putFloat(fl, 64, true);
            Bitstring floats = w.finish();
            w = BitWriter.create(prefix + BitWriter.utf8Bits(cp) + 2L * BitWriter.utf16Bits(cp) + 64);
            w.putBits(p, prefix);
            w.putUtf8(cp);
            w.putUtf16(cp, false);
            w.putUtf16(cp, true);
            w.putUtf32(cp, false);
            w.putUtf32(cp, true);
            Bitstring utf = w.finish();
            Term mine = Tuple.adopt(new Term[] {big, little,
                BitReader.getInt(big, prefix, size, false, false), BitReader.getInt(big, prefix, size, false, true),
                BitReader.getInt(little, prefix, size, true, false), BitReader.getInt(little, prefix, size, true, true),
                floats, utf});
            assertEquals(x[3], hex(ExternalTermFormat.encode(mine)), () -> "segments of " + in + " size " + size);
            // and reading the floats and characters back
            assertEquals(fl, BitReader.getFloat(floats, prefix, 64, false));
            assertEquals(fl, BitReader.getFloat(floats, prefix + 112, 64, true));
            assertEquals(((Small) cp).value, BitReader.getUtf8(utf, prefix) >> 8);
            long u16 = BitReader.getUtf16(utf, prefix + BitWriter.utf8Bits(cp), false);
            assertEquals(((Small) cp).value, u16 >> 8);
        }
    }

    @Test
    void writePrintsLikeTildeW() {
        assertTrue(printed.size() > 800);
        for (String[] p : printed) {
            Term t = ExternalTermFormat.decode(HEX.parseHex(p[0]), false);
            String expected = new String(HEX.parseHex(p[1]), StandardCharsets.ISO_8859_1);
            assertEquals(expected, TermPrinter.write(t));
        }
    }

    interface Op { Term apply(Term a, Term b); }

    @Test
    void arithmeticMatches() {
        Op[] ops = {Arith::add, Arith::sub, Arith::mul, Arith::fdiv, Arith::div, Arith::rem, Arith::band,
            Arith::bor, Arith::bxor, Arith::bsl, Arith::bsr, (a, b) -> Arith.neg(a), (a, b) -> Arith.bnot(a),
            (a, b) -> Arith.abs(a), (a, b) -> Arith.plus(a)};
        String[] names = {"+", "-", "*", "/", "div", "rem", "band", "bor", "bxor", "bsl", "bsr", "neg", "bnot", "abs", "plus"};
        int n = numbers.length;
        assertEquals(n * n, arith.size());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                String[] expected = arith.get(i * n + j);
                for (int o = 0; o < ops.length; o++) {
                    String mine;
                    try {
                        mine = hex(ExternalTermFormat.encode(ops[o].apply(numbers[i], numbers[j])));
                    } catch (org.gaoos.jbeam.runtime.ErlangException e) {
                        mine = ((Atom) e.reason()).name();
                    }
                    Term a = numbers[i], b = numbers[j];
                    String op = names[o];
                    assertEquals(expected[o], mine, () -> a + " " + op + " " + b);
                }
            }
        }
    }

    private static String orBadarg(String s) {
        return s == null ? "badarg" : s;
    }

    @Test
    void integerPrintingMatches() {
        int[] bases = {10, 2, 16, 36, 7};
        for (String[] line : ints) {
            Int i = Int.of(new java.math.BigInteger(line[0]));
            for (int b = 0; b < bases.length; b++) assertEquals(line[b], IntFormat.toString(i, bases[b]));
        }
    }

    private static String abbrev(Object o) {
        String s = String.valueOf(o);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
