package org.gaoos.jbeam.bif;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ExternalTermFormat;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.NumberParser;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.TermOrder;
import org.gaoos.jbeam.term.TermPrinter;
import org.gaoos.jbeam.term.Tuple;

/**
 * Pure erlang BIFs not covered by {@link ErlangBifs} (tuples, text forms of pids/ports/refs/funs,
 * external sizes, iovecs, is_builtin) and the support BIFs that OTP's Erlang code calls:
 * erts_internal:list_to_integer/2 and binary_to_integer/2 (behind erlang:list_to_integer and
 * string:to_integer), erts_internal:cmp_term/2 (maps iterator ordering), string:list_to_float/1
 * (string:to_float) and io:printable_range/0 (io_lib).
 */
public final class TermBifs {
    private TermBifs() {}

    private static final Atom NO_INTEGER = Atom.of("no_integer"), NOT_A_LIST = Atom.of("not_a_list"),
            BIG = Atom.of("big"), NO_FLOAT = Atom.of("no_float");

    // ---- tuples and lists ----

    @Bif("insert_element")
    public static Term insertElement(Term index, Term tuple, Term value) {
        if (!(tuple instanceof Tuple t) || !(index instanceof Small s) || s.value < 1 || s.value > t.arity() + 1L) {
            throw Errors.badarg();
        }
        int i = (int) s.value - 1;
        Term[] a = new Term[t.arity() + 1];
        t.copyTo(0, a, 0, i);
        a[i] = value;
        t.copyTo(i, a, i + 1, t.arity() - i);
        return Tuple.adopt(a);
    }

    @Bif("delete_element")
    public static Term deleteElement(Term index, Term tuple) {
        if (!(tuple instanceof Tuple t) || !(index instanceof Small s) || s.value < 1 || s.value > t.arity()) {
            throw Errors.badarg();
        }
        int i = (int) s.value - 1;
        Term[] a = new Term[t.arity() - 1];
        t.copyTo(0, a, 0, i);
        t.copyTo(i + 1, a, i, t.arity() - i - 1);
        return Tuple.adopt(a);
    }

    /** erlang:append/2 is {@code ++}. */
    @Bif("append") public static Term append(Term a, Term b) { return ErlangBifs.append(a, b); }

    /** erlang:subtract/2 is {@code --}. */
    @Bif("subtract") public static Term subtract(Term a, Term b) { return ErlangBifs.subtract(a, b); }

    // ---- text forms ----

    @Bif("pid_to_list")
    public static Term pidToList(Term p) {
        if (!(p instanceof Pid)) throw Errors.badarg();
        return Lists.fromString(TermPrinter.write(p));
    }

    @Bif("port_to_list")
    public static Term portToList(Term p) {
        if (!(p instanceof Port)) throw Errors.badarg();
        return Lists.fromString(TermPrinter.write(p));
    }

    @Bif("ref_to_list")
    public static Term refToList(Term r) {
        if (!(r instanceof Ref)) throw Errors.badarg();
        return Lists.fromString(TermPrinter.write(r));
    }

    @Bif("fun_to_list")
    public static Term funToList(Term f) {
        if (!(f instanceof Fun)) throw Errors.badarg();
        return Lists.fromString(TermPrinter.write(f));
    }

    /**
     * The numbers of a text form like {@code <0.80.0>} after {@code prefix}: dot-separated decimal
     * numbers up to {@code close}; null if malformed. Only node 0 (this node) is accepted: jbeam has
     * no distribution table to look other node numbers up in, as BEAM does without connections.
     */
    private static long[] parseNumbers(Term list, String prefix, int count) {
        String s = Lists.toStringOrNull(list);
        if (s == null || s.length() > 64 || !s.startsWith(prefix) || !s.endsWith(">")) return null;
        String[] parts = s.substring(prefix.length(), s.length() - 1).split("\\.", -1);
        if (count > 0 ? parts.length != count : parts.length < 2) return null;
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("[0-9]{1,19}")) return null;
            out[i] = Long.parseLong(parts[i]);
        }
        return out[0] == 0 ? out : null;
    }

    @Bif("list_to_pid")
    public static Term listToPid(Term list) {
        long[] n = parseNumbers(list, "<", 3);
        if (n == null || n[1] > (1L << 28) - 1 || n[2] > Integer.MAX_VALUE) throw Errors.badarg();
        return new Pid(LocalNode.name(), (int) n[1], (int) n[2], LocalNode.creation());
    }

    @Bif("list_to_port")
    public static Term listToPort(Term list) {
        long[] n = parseNumbers(list, "#Port<", 2);
        if (n == null || n[1] > (1L << 32) - 1) throw Errors.badarg();
        return new Port(LocalNode.name(), n[1], LocalNode.creation());
    }

    @Bif("list_to_ref")
    public static Term listToRef(Term list) {
        long[] n = parseNumbers(list, "#Ref<", 0);
        if (n == null || n.length != 4) throw Errors.badarg();
        int[] ids = new int[3];
        for (int i = 0; i < 3; i++) {
            if (n[3 - i] > 0xFFFFFFFFL) throw Errors.badarg();
            ids[i] = (int) n[3 - i];
        }
        return new Ref(LocalNode.name(), LocalNode.creation(), ids);
    }

    // ---- external format sizes and iovecs ----

    @Bif("external_size")
    public static Term externalSize(Term t) { return Small.of(ExternalTermFormat.encode(t).length); }

    @Bif("external_size")
    public static Term externalSize(Term t, Term options) {
        ExternalTermFormat.Options o = ExternalTermFormat.Options.parse(options);
        if (o == null) throw Errors.badarg();
        return Small.of(ExternalTermFormat.encode(t, o).length);
    }

    /**
     * term_to_iovec/1,2: the encoding as one binary. BEAM hands large binaries inside the term
     * out as separate elements; the concatenation is the same.
     */
    @Bif("term_to_iovec")
    public static Term termToIovec(Term t) { return new Cons(Binary.adopt(ExternalTermFormat.encode(t)), Nil.NIL); }

    @Bif("term_to_iovec")
    public static Term termToIovec(Term t, Term options) {
        ExternalTermFormat.Options o = ExternalTermFormat.Options.parse(options);
        if (o == null) throw Errors.badarg();
        return new Cons(Binary.adopt(ExternalTermFormat.encode(t, o)), Nil.NIL);
    }

    /** iolist_to_iovec/1: the bytes as at most one binary (BEAM may keep large binaries apart). */
    @Bif("iolist_to_iovec")
    public static Term iolistToIovec(Term data) {
        if (!(data instanceof Binary) && !Ops.isList(data)) throw Errors.badarg();
        byte[] bytes = IoLists.toBytes(data);
        return bytes.length == 0 ? Nil.NIL : new Cons(Binary.adopt(bytes), Nil.NIL);
    }

    // ---- erts_internal support BIFs ----

    /** Digits of base 2..36 that always fit a small integer (with one to spare), as erts' table. */
    private static final int[] DIGITS_PER_SMALL = {
        59, 37, 29, 25, 22, 21, 19, 18, 17, 17, 16, 15, 15, 15, 14, 14, 14, 13, 13,
        13, 13, 13, 12, 12, 12, 12, 12, 12, 12, 11, 11, 11, 11, 11, 11};

    /** The digit value of byte c in base, or -1 if c is not a digit of that base. */
    private static int digit(int c, int base) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
        else return -1;
        return d < base ? d : -1;
    }

    /**
     * erts_internal:list_to_integer(String, Base): {Int, Rest} for a leading integer that fits a
     * small; big when it may not (erlang.erl then converts the digits in chunks); no_integer,
     * not_a_list or badarg (returned, not raised). Characters are read as their low byte, as BEAM does.
     */
    @Bif(module = "erts_internal", value = "list_to_integer")
    public static Term listToIntegerInternal(Term string, Term baseTerm) {
        if (string == Nil.NIL) return NO_INTEGER;
        if (!(string instanceof Cons first)) return NOT_A_LIST;
        if (!(baseTerm instanceof Small b) || b.value < 2 || b.value > 36) return Atom.BADARG;
        int base = (int) b.value;
        boolean neg = false;
        Term list = string;
        if (first.head() instanceof Small s && s.value == '-') {
            neg = true;
            list = first.tail();
        } else if (first.head() instanceof Small s && s.value == '+') {
            list = first.tail();
        }
        int zeros = 0;
        while (list instanceof Cons c) { // skip leading zeros
            if (!(c.head() instanceof Small s)) break;
            int ch = (int) (s.value & 0xFF);
            if (ch != '0') {
                if (digit(ch, base) < 0) return zeros == 0 ? NO_INTEGER : Tuple.of(Small.of(0), list);
                break;
            }
            zeros++;
            list = c.tail();
        }
        if (!(list instanceof Cons)) return zeros == 0 ? NO_INTEGER : Tuple.of(Small.of(0), list);
        int n = 0;
        long value = 0;
        int max = DIGITS_PER_SMALL[base - 2];
        while (n <= max) {
            Cons c = (Cons) list;
            if (!(c.head() instanceof Small s)) break;
            int d = digit((int) (s.value & 0xFF), base);
            if (d < 0) break;
            value = value * base + d;
            n++;
            list = c.tail();
            if (!(list instanceof Cons)) break;
        }
        if (n == 0) return NO_INTEGER;
        if (n > max) return BIG;
        return Tuple.of(Small.of(neg ? -value : value), list);
    }

    /** erts_internal:binary_to_integer(Bin, Base): the integer, or the atoms badarg or big. */
    @Bif(module = "erts_internal", value = "binary_to_integer")
    public static Term binaryToIntegerInternal(Term bin, Term baseTerm) {
        if (!(baseTerm instanceof Small b) || b.value < 2 || b.value > 36) return Atom.BADARG;
        if (!(bin instanceof Binary bytes)) return Atom.BADARG;
        int base = (int) b.value;
        int size = bytes.byteSize(), i = 0;
        if (size == 0) return Atom.BADARG;
        boolean neg = false;
        if (bytes.at(0) == '-') { neg = true; i++; } else if (bytes.at(0) == '+') i++;
        if (i == size) return Atom.BADARG;
        while (bytes.at(i) == '0') {
            if (++i == size) return Small.of(0);
        }
        if (size - i > DIGITS_PER_SMALL[base - 2]) return BIG;
        long v = 0;
        for (; i < size; i++) {
            int d = digit(bytes.at(i), base);
            if (d < 0) return Atom.BADARG;
            v = v * base + d;
        }
        return Small.of(neg ? -v : v);
    }

    /** erts_internal:cmp_term(A, B): -1, 0 or 1 by the exact term order (1 < 1.0). */
    @Bif(module = "erts_internal", value = "cmp_term")
    public static Term cmpTerm(Term a, Term b) {
        return Small.of(Integer.signum(TermOrder.compare(a, b, true)));
    }

    /**
     * string:list_to_float(String): {Float, Rest} for a leading float in Erlang syntax (the decimal
     * point may be '.' or ','; an exponent is taken only if complete), or {error, no_float |
     * not_a_list}.
     */
    @Bif(module = "string", value = "list_to_float")
    public static Term stringListToFloat(Term string) {
        if (string == Nil.NIL) return Tuple.of(Atom.ERROR, NO_FLOAT);
        if (!(string instanceof Cons)) return Tuple.of(Atom.ERROR, NOT_A_LIST);
        final int sign = 0, integer = 1, frac = 2, expSign = 3, exp0 = 4, exp1 = 5, end = 6;
        StringBuilder buf = new StringBuilder();
        int part = sign;
        Term list = string;
        int savedLen = 0;
        Term savedList = list;
        while (true) {
            Term h = ((Cons) list).head();
            if (!(h instanceof Small s) || s.value < 0 || s.value > 0xFFFFFFFFL) {
                if (part == expSign || part == exp0) { buf.setLength(savedLen); list = savedList; }
                break;
            }
            long c = s.value;
            boolean skip = false;
            if (c == '-' || c == '+') {
                switch (part) {
                    case sign -> { part = integer; skip = c == '+'; }
                    case expSign -> part = exp0;
                    case exp0 -> { buf.setLength(savedLen); list = savedList; part = end; }
                    default -> part = end;
                }
            } else if (c == '.' || c == ',') {
                switch (part) {
                    case integer -> part = frac;
                    case expSign, exp0 -> { buf.setLength(savedLen); list = savedList; part = end; }
                    default -> part = end;
                }
            } else if (c == 'e' || c == 'E') {
                switch (part) {
                    case frac -> { savedLen = buf.length(); savedList = list; part = expSign; }
                    case exp0, expSign -> { buf.setLength(savedLen); list = savedList; part = end; }
                    default -> part = end;
                }
            } else if (c >= '0' && c <= '9') {
                switch (part) {
                    case sign -> part = integer;
                    case expSign, exp0 -> part = exp1;
                    default -> { }
                }
            } else {
                if (part == expSign || part == exp0) { buf.setLength(savedLen); list = savedList; }
                break;
            }
            if (part == end) {
                if (buf.length() < 3) return Tuple.of(Atom.ERROR, NO_FLOAT);
                break;
            }
            if (!skip) buf.append((char) c);
            list = ((Cons) list).tail();
            if (!(list instanceof Cons)) {
                if (part == expSign || part == exp0) { buf.setLength(savedLen); list = savedList; }
                break;
            }
        }
        if (buf.isEmpty()) return Tuple.of(Atom.ERROR, NO_FLOAT);
        Flonum f = NumberParser.parseFloat(buf.toString().replace(',', '.'));
        if (f == null) return Tuple.of(Atom.ERROR, NO_FLOAT);
        return Tuple.of(f, list);
    }

    /** io:printable_range/0: what io_lib considers printable (erl's +pc flag; latin1 by default). */
    private static volatile Atom printableRange = Atom.LATIN1;

    /** Set by the launcher's {@code +pc unicode | latin1}. */
    public static void setPrintableRange(Atom range) { printableRange = range; }

    @Bif(module = "io", value = "printable_range")
    public static Term printableRange() { return printableRange; }

    // ---- is_builtin ----

    private static final Set<String> OTP_BIFS = loadOtpBifs();

    /** OTP 27's BIFs and static NIFs (erlang:system_info(snifs)) as "m:f/a" lines. */
    static Set<String> loadOtpBifs() {
        try (InputStream in = TermBifs.class.getResourceAsStream("otp27-snifs.txt")) {
            Set<String> s = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) s.add(line.strip());
            }
            return Set.copyOf(s);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("otp27-snifs.txt missing from the jbeam-vm resources", e);
        }
    }

    /** erlang:is_builtin(M, F, A): whether OTP 27 implements M:F/A in C (a property of the release). */
    @Bif("is_builtin")
    public static Term isBuiltin(Term m, Term f, Term a) {
        if (!(m instanceof Atom mod) || !(f instanceof Atom fun) || !(a instanceof Small ar)) throw Errors.badarg();
        // an arity no function can have is not built in (xref asks with -1)
        if (ar.value < 0 || ar.value > 255) return Atom.FALSE;
        String mfa = mod.name() + ":" + fun.name() + "/" + ar.value;
        // apply/2,3 are instructions rather than table BIFs, but BEAM reports them as built in
        return Atom.of(OTP_BIFS.contains(mfa) || mfa.equals("erlang:apply/2") || mfa.equals("erlang:apply/3"));
    }
}
