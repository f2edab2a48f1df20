package org.gaoos.jbeam.bif;

import static org.gaoos.jbeam.bif.BifOracle.call;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChecksumBifs, TermBifs and TimeBifs (the deterministic ones) on seeded inputs against erl 27. */
class ChecksumAndTermBifsTest {
    private static Term str(String s) { return Lists.fromString(s); }

    @Test
    void agreeWithErl(@TempDir Path dir) {
        Random rnd = new Random(7);
        List<BifOracle.Call> calls = new ArrayList<>();
        List<Term> data = new ArrayList<>(List.of(Binary.EMPTY, Binary.latin1("hello"), Lists.of(Small.of(1), Binary.latin1("ab"),
                Lists.of(Small.of(255))), Nil.NIL, Atom.of("x"), Lists.of(Small.of(256)), Bitstring.of(new byte[] {1}, 4)));
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[rnd.nextInt(i < 15 ? 70 : 300)];
            rnd.nextBytes(b);
            data.add(Binary.of(b));
        }
        Term[] olds = {Small.of(0), Small.of(1), Small.of(123456789), Int.of(0xFFFFFFFFL), Int.of(0x100000000L), Small.of(-1), Atom.of("a")};
        for (Term d : data) {
            calls.add(call("erlang", "crc32", d));
            calls.add(call("erlang", "adler32", d));
            calls.add(call("erlang", "md5", d));
            calls.add(call("erlang", "md5_update", ChecksumBifs.md5Init(), d));
            calls.add(call("erlang", "md5_final", ChecksumBifs.md5Update(ChecksumBifs.md5Init(), Binary.latin1("x".repeat(rnd.nextInt(200))))));
            for (Term o : olds) {
                calls.add(call("erlang", "crc32", o, d));
                calls.add(call("erlang", "adler32", o, d));
            }
        }
        for (int i = 0; i < 40; i++) {
            Term a = Int.of(rnd.nextLong() & 0xFFFFFFFFL), b = Int.of(rnd.nextLong() & 0xFFFFFFFFL), n = Small.of(rnd.nextInt(100000));
            calls.add(call("erlang", "crc32_combine", a, b, n));
            calls.add(call("erlang", "adler32_combine", a, b, n));
        }
        calls.add(call("erlang", "md5_init"));
        calls.add(call("erlang", "md5_final", Binary.latin1("short")));
        // tuples
        Term t = Tuple.of(Atom.of("a"), Small.of(2), Small.of(3));
        for (Term i : new Term[] {Small.of(0), Small.of(1), Small.of(3), Small.of(4), Small.of(5), Atom.of("a")}) {
            calls.add(call("erlang", "insert_element", i, t, Atom.of("new")));
            calls.add(call("erlang", "delete_element", i, t));
        }
        calls.add(call("erlang", "insert_element", Small.of(1), Nil.NIL, Atom.of("x")));
        calls.add(call("erlang", "append", str("ab"), str("cd")));
        calls.add(call("erlang", "subtract", str("abca"), str("ax")));
        // text forms
        for (String s : new String[] {"<0.3.0>", "<0.0.0>", "<1.3.0>", "<0.3>", "<0.268435456.0>", " <0.1.0>", "#Port<0.7>",
            "#Ref<0.1.2.3>", "#Ref<0.1.2>", "<0.a.0>", ""}) {
            calls.add(call("erlang", "list_to_pid", str(s)));
            calls.add(call("erlang", "list_to_port", str(s)));
            calls.add(call("erlang", "list_to_ref", str(s)));
        }
        calls.add(call("erlang", "pid_to_list", TermBifs.listToPid(str("<0.42.7>"))));
        calls.add(call("erlang", "port_to_list", TermBifs.listToPort(str("#Port<0.9>"))));
        calls.add(call("erlang", "ref_to_list", TermBifs.listToRef(str("#Ref<0.1.2.3>"))));
        calls.add(call("erlang", "pid_to_list", Atom.of("x")));
        calls.add(call("erlang", "fun_to_list", new org.gaoos.jbeam.term.ExportFun(Atom.of("lists"), Atom.of("map"), 2)));
        // external sizes
        for (Term x : new Term[] {Atom.of("a"), str("abc"), Tuple.of(Small.of(1), Flonum.of(1.5)), Lists.of(data), Int.of(BigInteger.TEN.pow(50))}) {
            calls.add(call("erlang", "external_size", x));
            calls.add(call("erlang", "external_size", x, Lists.of(Tuple.of(Atom.of("minor_version"), Small.of(0)))));
        }
        // erts_internal and string support
        String[] numbers = {"", "0", "-", "+", "12", "-12", "+7abc", "007", "00x", "0x", "ff", "FFz", "123456789012345678901234567890",
            "-9223372036854775808", "1152921504606846975", "11529215046068469760", "1.5", "1.5e10x", "1,5", "2.3e", "2.3e+", "2.3e-5",
            "-1.0E3", ".5", "5.", "1e5", "abc", "1.0e999", "3.0e-400"};
        for (String s : numbers) {
            for (int base : new int[] {10, 16, 36, 2}) {
                calls.add(call("erts_internal", "list_to_integer", str(s), Small.of(base)));
                calls.add(call("erts_internal", "binary_to_integer", Binary.latin1(s), Small.of(base)));
            }
            calls.add(call("string", "list_to_float", str(s)));
            // erlang:list_to_integer/1 is Erlang code over these (erlang.beam runs it; the corpus covers it)
        }
        calls.add(call("erts_internal", "list_to_integer", Atom.of("a"), Small.of(10)));
        calls.add(call("erts_internal", "list_to_integer", str("1"), Small.of(37)));
        calls.add(call("string", "list_to_float", Atom.of("a")));
        calls.add(call("string", "list_to_float", Lists.of(Small.of('1'), Small.of('.'), Small.of('5'), Atom.of("x"))));
        Term[] cmp = {Small.of(1), Flonum.of(1.0), Atom.of("a"), Nil.NIL, Tuple.of(), Flonum.of(-0.0), Flonum.of(0.0)};
        for (Term a : cmp) for (Term b : cmp) calls.add(call("erts_internal", "cmp_term", a, b));
        calls.add(call("io", "printable_range"));
        // is_builtin on every OTP BIF, some Erlang-coded functions and bad arguments
        for (String mfa : TermBifs.loadOtpBifs()) {
            String m = mfa.substring(0, mfa.indexOf(':')), f = mfa.substring(mfa.indexOf(':') + 1, mfa.lastIndexOf('/'));
            calls.add(call("erlang", "is_builtin", Atom.of(m), Atom.of(f), Small.of(Long.parseLong(mfa.substring(mfa.lastIndexOf('/') + 1)))));
        }
        calls.add(call("erlang", "is_builtin", Atom.of("erlang"), Atom.of("apply"), Small.of(3)));
        calls.add(call("erlang", "is_builtin", Atom.of("erlang"), Atom.of("spawn"), Small.of(1)));
        calls.add(call("erlang", "is_builtin", Atom.of("lists"), Atom.of("map"), Small.of(2)));
        calls.add(call("erlang", "is_builtin", Small.of(1), Atom.of("map"), Small.of(2)));
        // calendar conversions that do not depend on the time zone
        for (Term dt : new Term[] {dt(1970, 1, 1, 0, 0, 0), dt(2024, 2, 29, 23, 59, 59), dt(2023, 2, 29, 0, 0, 0), dt(1600, 1, 1, 0, 0, 0),
            dt(2000, 13, 1, 0, 0, 0), Atom.of("x")}) {
            calls.add(call("erlang", "universaltime_to_posixtime", dt));
        }
        for (long s : new long[] {0, 1, -1, 951868800, 4102444800L, -11644473600L}) {
            calls.add(call("erlang", "posixtime_to_universaltime", Int.of(s)));
        }
        BifOracle.assertSameOutcomes(calls, dir);
    }

    private static Term dt(int y, int mo, int d, int h, int mi, int s) {
        return Tuple.of(Tuple.of(Small.of(y), Small.of(mo), Small.of(d)), Tuple.of(Small.of(h), Small.of(mi), Small.of(s)));
    }
}
