package org.gaoos.jbeam.bif;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.term.Arith;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Big;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ExportFun;
import org.gaoos.jbeam.term.ExternalTermFormat;
import org.gaoos.jbeam.term.FloatFormat;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.IntFormat;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.LocalFun;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Phash;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** The pure {@code erlang} BIFs: operators, type tests, conversions, tuples, lists, binaries. */
public final class ErlangBifs {
    private ErlangBifs() {}

    // ---- arithmetic (erl_arith.c semantics live in Arith) ----

    @Bif("+") public static Term plus(Term a, Term b) { return Arith.add(a, b); }
    @Bif("-") public static Term minus(Term a, Term b) { return Arith.sub(a, b); }
    @Bif("*") public static Term times(Term a, Term b) { return Arith.mul(a, b); }
    @Bif("/") public static Term divide(Term a, Term b) { return Arith.fdiv(a, b); }
    @Bif("div") public static Term div(Term a, Term b) { return Arith.div(a, b); }
    @Bif("rem") public static Term rem(Term a, Term b) { return Arith.rem(a, b); }
    @Bif("band") public static Term band(Term a, Term b) { return Arith.band(a, b); }
    @Bif("bor") public static Term bor(Term a, Term b) { return Arith.bor(a, b); }
    @Bif("bxor") public static Term bxor(Term a, Term b) { return Arith.bxor(a, b); }
    @Bif("bsl") public static Term bsl(Term a, Term b) { return Arith.bsl(a, b); }
    @Bif("bsr") public static Term bsr(Term a, Term b) { return Arith.bsr(a, b); }
    @Bif("bnot") public static Term bnot(Term a) { return Arith.bnot(a); }
    @Bif("-") public static Term negate(Term a) { return Arith.neg(a); }
    @Bif("+") public static Term unaryPlus(Term a) { return Arith.plus(a); }
    @Bif("abs") public static Term abs(Term a) { return Arith.abs(a); }

    @Bif("float")
    public static Term toFloat(Term a) {
        if (a instanceof Flonum) return a;
        if (a instanceof Int i) {
            double d = i.toDouble();
            if (Double.isInfinite(d)) throw Errors.badarg(); // too large for a double: badarg, not badarith
            return Flonum.of(d);
        }
        throw Errors.badarg();
    }

    private static double num(Term a) {
        if (a instanceof Flonum f) return f.value;
        throw Errors.badarg();
    }

    private static Term integral(Term a, java.util.function.DoubleUnaryOperator op) {
        if (a instanceof Int) return a;
        double d = op.applyAsDouble(num(a));
        if (Math.abs(d) < 9.0e18) return Small.of((long) d);
        return Int.of(new java.math.BigDecimal(d).toBigInteger());
    }

    @Bif("trunc") public static Term trunc(Term a) { return integral(a, d -> d < 0 ? Math.ceil(d) : Math.floor(d)); }
    @Bif("round") public static Term round(Term a) { return integral(a, ErlangBifs::roundHalfAway); }

    /** C's round(): halves away from zero, without the error of floor(d + 0.5) (0.49999999999999994). */
    static double roundHalfAway(double d) {
        double m = Math.abs(d), t = Math.floor(m);
        if (m - t >= 0.5) t += 1; // m - t is exact
        return Math.copySign(t, d);
    }
    @Bif("floor") public static Term floor(Term a) { return integral(a, Math::floor); }
    @Bif("ceil") public static Term ceil(Term a) { return integral(a, Math::ceil); }

    // ---- comparisons and booleans ----

    @Bif("==") public static Term eq(Term a, Term b) { return Atom.of(Ops.isEq(a, b)); }
    @Bif("/=") public static Term ne(Term a, Term b) { return Atom.of(!Ops.isEq(a, b)); }
    @Bif("=:=") public static Term eqExact(Term a, Term b) { return Atom.of(Ops.isEqExact(a, b)); }
    @Bif("=/=") public static Term neExact(Term a, Term b) { return Atom.of(!Ops.isEqExact(a, b)); }
    @Bif("<") public static Term lt(Term a, Term b) { return Atom.of(Ops.isLt(a, b)); }
    @Bif(">") public static Term gt(Term a, Term b) { return Atom.of(Ops.isLt(b, a)); }
    @Bif("=<") public static Term le(Term a, Term b) { return Atom.of(Ops.isGe(b, a)); }
    @Bif(">=") public static Term ge(Term a, Term b) { return Atom.of(Ops.isGe(a, b)); }
    @Bif("min") public static Term min(Term a, Term b) { return b.compareTo(a) < 0 ? b : a; }
    @Bif("max") public static Term max(Term a, Term b) { return b.compareTo(a) > 0 ? b : a; }

    static boolean bool(Term t) {
        if (t == Atom.TRUE) return true;
        if (t == Atom.FALSE) return false;
        throw Errors.badarg();
    }

    @Bif("and") public static Term and(Term a, Term b) { boolean x = bool(a); return Atom.of(bool(b) && x); }
    @Bif("or") public static Term or(Term a, Term b) { boolean x = bool(a); return Atom.of(bool(b) || x); }
    @Bif("xor") public static Term xor(Term a, Term b) { return Atom.of(bool(a) ^ bool(b)); }
    @Bif("not") public static Term not(Term a) { return Atom.of(!bool(a)); }

    // ---- type tests ----

    @Bif("is_atom") public static Term isAtom(Term a) { return Atom.of(a instanceof Atom); }
    @Bif("is_binary") public static Term isBinary(Term a) { return Atom.of(a instanceof Binary); }
    @Bif("is_bitstring") public static Term isBitstring(Term a) { return Atom.of(a instanceof Bitstring); }
    @Bif("is_boolean") public static Term isBoolean(Term a) { return Atom.of(Ops.isBoolean(a)); }
    @Bif("is_float") public static Term isFloat(Term a) { return Atom.of(a instanceof Flonum); }
    @Bif("is_function") public static Term isFunction(Term a) { return Atom.of(a instanceof Fun); }
    @Bif("is_function") public static Term isFunction(Term a, Term n) { return Atom.of(Ops.isFunction2(a, n)); }
    @Bif("is_integer") public static Term isInteger(Term a) { return Atom.of(a instanceof Int); }
    @Bif("is_list") public static Term isList(Term a) { return Atom.of(Ops.isList(a)); }
    @Bif("is_map") public static Term isMap(Term a) { return Atom.of(a instanceof MapTerm); }
    @Bif("is_number") public static Term isNumber(Term a) { return Atom.of(Ops.isNumber(a)); }
    @Bif("is_pid") public static Term isPid(Term a) { return Atom.of(a instanceof Pid); }
    @Bif("is_port") public static Term isPort(Term a) { return Atom.of(a instanceof Port); }
    @Bif("is_reference") public static Term isReference(Term a) { return Atom.of(a instanceof Ref); }
    @Bif("is_tuple") public static Term isTuple(Term a) { return Atom.of(a instanceof Tuple); }

    @Bif("is_record")
    public static Term isRecord(Term t, Term tag) {
        if (!(tag instanceof Atom)) throw Errors.badarg();
        return Atom.of(t instanceof Tuple tu && tu.arity() > 0 && tu.get(0) == tag);
    }

    @Bif("is_record")
    public static Term isRecord(Term t, Term tag, Term size) {
        if (!(tag instanceof Atom) || !(size instanceof Small s)) throw Errors.badarg();
        return Atom.of(t instanceof Tuple tu && tu.arity() == s.value && tu.get(0) == tag);
    }

    // ---- tuples ----

    static int index(Term i) {
        if (i instanceof Small s && s.value >= 1 && s.value <= Integer.MAX_VALUE) return (int) s.value;
        throw Errors.badarg();
    }

    @Bif("element")
    public static Term element(Term i, Term t) {
        if (t instanceof Tuple tu && i instanceof Small s && s.value >= 1 && s.value <= tu.arity()) {
            return tu.get((int) s.value - 1);
        }
        throw Errors.badarg();
    }

    @Bif("setelement")
    public static Term setelement(Term i, Term t, Term v) {
        if (t instanceof Tuple tu && i instanceof Small s && s.value >= 1 && s.value <= tu.arity()) {
            return tu.with((int) s.value - 1, v);
        }
        throw Errors.badarg();
    }

    @Bif("tuple_size")
    public static Term tupleSize(Term t) {
        if (t instanceof Tuple tu) return Small.of(tu.arity());
        throw Errors.badarg();
    }

    @Bif("size")
    public static Term size(Term t) {
        if (t instanceof Tuple tu) return Small.of(tu.arity());
        if (t instanceof Bitstring b) return Small.of(b.wholeBytes());
        throw Errors.badarg();
    }

    @Bif("make_tuple")
    public static Term makeTuple(Term n, Term init) {
        if (!(n instanceof Small s) || s.value < 0 || s.value > (1 << 24)) throw Errors.badarg();
        Term[] a = new Term[(int) s.value];
        java.util.Arrays.fill(a, init);
        return Tuple.adopt(a);
    }

    @Bif("make_tuple")
    public static Term makeTuple(Term n, Term init, Term list) {
        Tuple t = (Tuple) makeTuple(n, init);
        Term[] a = t.toArray();
        Term l = list;
        while (l instanceof Cons c) {
            if (!(c.head() instanceof Tuple p) || p.arity() != 2) throw Errors.badarg();
            int i = index(p.get(0));
            if (i > a.length) throw Errors.badarg();
            a[i - 1] = p.get(1);
            l = c.tail();
        }
        if (l != Nil.NIL) throw Errors.badarg();
        return Tuple.adopt(a);
    }

    @Bif("tuple_to_list")
    public static Term tupleToList(Term t) {
        if (!(t instanceof Tuple tu)) throw Errors.badarg();
        return Lists.of(tu.toArray());
    }

    @Bif("list_to_tuple")
    public static Term listToTuple(Term l) {
        return Tuple.adopt(properList(l));
    }

    @Bif("append_element")
    public static Term appendElement(Term t, Term e) {
        if (!(t instanceof Tuple tu)) throw Errors.badarg();
        Term[] a = new Term[tu.arity() + 1];
        tu.copyTo(0, a, 0, tu.arity());
        a[tu.arity()] = e;
        return Tuple.adopt(a);
    }

    // ---- lists ----

    /** The elements of a proper list; badarg otherwise. */
    static Term[] properList(Term l) {
        int n = 0;
        Term t = l;
        while (t instanceof Cons c) {
            n++;
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        Term[] a = new Term[n];
        t = l;
        for (int i = 0; i < n; i++) {
            Cons c = (Cons) t;
            a[i] = c.head();
            t = c.tail();
        }
        return a;
    }

    @Bif("length")
    public static Term length(Term l) {
        long n = 0;
        Term t = l;
        while (t instanceof Cons c) {
            n++;
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return Small.of(n);
    }

    @Bif("hd")
    public static Term hd(Term l) {
        if (l instanceof Cons c) return c.head();
        throw Errors.badarg();
    }

    @Bif("tl")
    public static Term tl(Term l) {
        if (l instanceof Cons c) return c.tail();
        throw Errors.badarg();
    }

    @Bif("++")
    public static Term append(Term a, Term b) {
        if (a == Nil.NIL) return b;
        ListBuilder lb = new ListBuilder();
        Term t = a;
        while (t instanceof Cons c) {
            lb.add(c.head());
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return lb.build(b);
    }

    @Bif("--")
    public static Term subtract(Term a, Term b) {
        Term[] xs = properList(a);
        Term[] ys = properList(b);
        java.util.HashMap<Term, Integer> remove = new java.util.HashMap<>();
        for (Term y : ys) remove.merge(y, 1, Integer::sum);
        ListBuilder lb = new ListBuilder();
        for (Term x : xs) {
            Integer n = remove.get(x);
            if (n != null) {
                if (n == 1) remove.remove(x); else remove.put(x, n - 1);
            } else {
                lb.add(x);
            }
        }
        return lb.build();
    }

    // ---- atoms and strings ----

    static Term string(String s) {
        return Lists.fromString(s);
    }

    @Bif("atom_to_list")
    public static Term atomToList(Term a) {
        if (a instanceof Atom at) return string(at.name());
        throw Errors.badarg();
    }

    @Bif("list_to_atom")
    public static Term listToAtom(Term l) {
        String s = Lists.toStringOrNull(l);
        if (s == null) throw Errors.badarg();
        return Atom.of(s);
    }

    @Bif("list_to_existing_atom")
    public static Term listToExistingAtom(Term l) {
        String s = Lists.toStringOrNull(l);
        Atom a = s == null ? null : Atom.existing(s);
        if (a == null) throw Errors.badarg();
        return a;
    }


    @Bif("atom_to_binary")
    public static Term atomToBinary(Term a, Term enc) {
        if (!(a instanceof Atom at)) throw Errors.badarg();
        if (enc == Atom.LATIN1) {
            if (!at.isLatin1()) throw Errors.badarg();
            return Binary.latin1(at.name());
        }
        if (enc == Atom.UTF8 || enc == Atom.UNICODE) return Binary.utf8(at.name());
        throw Errors.badarg();
    }


    @Bif("binary_to_atom")
    public static Term binaryToAtom(Term b, Term enc) {
        return Atom.of(binaryText(b, enc));
    }


    @Bif("binary_to_existing_atom")
    public static Term binaryToExistingAtom(Term b, Term enc) {
        Atom a = Atom.existing(binaryText(b, enc));
        if (a == null) throw Errors.badarg();
        return a;
    }

    private static String binaryText(Term b, Term enc) {
        if (!(b instanceof Binary bin)) throw Errors.badarg();
        if (enc == Atom.LATIN1) return bin.latin1String();
        if (enc == Atom.UTF8 || enc == Atom.UNICODE) {
            byte[] bytes = bin.toByteArray();
            String text = org.gaoos.jbeam.term.Unicode.decodeUtf8Strict(bytes, 0, bytes.length);
            if (text == null) throw Errors.badarg(); // not UTF-8
            return text;
        }
        throw Errors.badarg();
    }

    // ---- numbers and text ----

    @Bif("integer_to_list")
    public static Term integerToList(Term i) {
        if (!(i instanceof Int n)) throw Errors.badarg();
        return string(IntFormat.toString(n));
    }

    @Bif("integer_to_list")
    public static Term integerToList(Term i, Term base) {
        if (!(i instanceof Int n) || !(base instanceof Small b) || b.value < 2 || b.value > 36) throw Errors.badarg();
        return string(IntFormat.toString(n, (int) b.value));
    }

    @Bif("integer_to_binary")
    public static Term integerToBinary(Term i) {
        if (!(i instanceof Int n)) throw Errors.badarg();
        return Binary.latin1(IntFormat.toString(n));
    }

    @Bif("integer_to_binary")
    public static Term integerToBinary(Term i, Term base) {
        if (!(i instanceof Int n) || !(base instanceof Small b) || b.value < 2 || b.value > 36) throw Errors.badarg();
        return Binary.latin1(IntFormat.toString(n, (int) b.value));
    }

    // list_to_integer/1,2, binary_to_integer/1,2, atom_to_binary/1, binary_to_atom/1 and
    // binary_to_existing_atom/1 are Erlang code in OTP 27's erlang.erl (over erts_internal BIFs and
    // the /2 forms): they run from erlang.beam, so their errors and tail calls are BEAM's.

    @Bif("float_to_list")
    public static Term floatToList(Term f) {
        return string(FloatFormat.legacy(num(f)));
    }

    @Bif("float_to_binary")
    public static Term floatToBinary(Term f) {
        return Binary.latin1(FloatFormat.legacy(num(f)));
    }

    @Bif("float_to_list")
    public static Term floatToList(Term f, Term options) {
        return string(floatText(num(f), options));
    }

    @Bif("float_to_binary")
    public static Term floatToBinary(Term f, Term options) {
        return Binary.latin1(floatText(num(f), options));
    }

    private static String floatText(double d, Term options) {
        boolean compact = false;
        Integer decimals = null, scientific = null;
        boolean shortest = false;
        for (Term o : properList(options)) {
            if (o == Atom.of("compact")) compact = true;
            else if (o == Atom.of("short")) shortest = true;
            else if (o instanceof Tuple t && t.arity() == 2 && t.get(1) instanceof Small s && s.value >= 0 && s.value <= 253) {
                if (t.get(0) == Atom.of("decimals")) { decimals = (int) s.value; scientific = null; }
                else if (t.get(0) == Atom.of("scientific")) { scientific = (int) s.value; decimals = null; }
                else throw Errors.badarg();
            } else {
                throw Errors.badarg();
            }
        }
        if (shortest) return FloatFormat.shortest(d);
        if (decimals != null) return FloatFormat.decimals(d, decimals, compact);
        return FloatFormat.scientific(d, scientific != null ? scientific : 20);
    }

    @Bif("list_to_float")
    public static Term listToFloat(Term l) {
        return parseFloat(Lists.toStringOrNull(l));
    }

    @Bif("binary_to_float")
    public static Term binaryToFloat(Term b) {
        if (!(b instanceof Binary bin)) throw Errors.badarg();
        return parseFloat(bin.latin1String());
    }

    private static Term parseFloat(String s) {
        // Erlang syntax: digits '.' digits [eE [+-] digits], optional sign; no "1e5", no ".5".
        if (s == null || !s.matches("[+-]?[0-9]+\\.[0-9]+([eE][+-]?[0-9]+)?")) throw Errors.badarg();
        double d = Double.parseDouble(s);
        if (!Double.isFinite(d)) throw Errors.badarg();
        return Flonum.of(d);
    }

    // ---- binaries ----

    @Bif("byte_size")
    public static Term byteSize(Term b) {
        if (b instanceof Bitstring bs) return Small.of(bs.byteSizeCeil());
        throw Errors.badarg();
    }

    @Bif("bit_size")
    public static Term bitSize(Term b) {
        if (b instanceof Bitstring bs) return Small.of(bs.bitSize());
        throw Errors.badarg();
    }

    @Bif("binary_to_list")
    public static Term binaryToList(Term b) {
        if (!(b instanceof Binary bin)) throw Errors.badarg();
        byte[] bytes = bin.toByteArray();
        return Lists.fromBytes(bytes, 0, bytes.length);
    }

    @Bif("binary_to_list")
    public static Term binaryToList(Term b, Term start, Term stop) {
        if (!(b instanceof Binary bin)) throw Errors.badarg();
        int s = index(start), e = index(stop);
        if (s > e || e > bin.byteSize()) throw Errors.badarg();
        byte[] bytes = bin.toByteArray();
        return Lists.fromBytes(bytes, s - 1, e - s + 1);
    }

    @Bif("bitstring_to_list")
    public static Term bitstringToList(Term b) {
        if (!(b instanceof Bitstring bs)) throw Errors.badarg();
        long whole = bs.wholeBytes();
        ListBuilder lb = new ListBuilder();
        for (long i = 0; i < whole; i++) lb.add(Small.of(bs.byteAt(i)));
        long rest = bs.bitSize() - whole * 8;
        if (rest != 0) lb.add(bs.subBits(whole * 8, rest)); // the trailing bits are the last element
        return lb.build();
    }

    @Bif("list_to_binary")
    public static Term listToBinary(Term l) {
        if (!Ops.isList(l)) throw Errors.badarg();
        return IoLists.toBinary(l);
    }

    @Bif("iolist_to_binary")
    public static Term iolistToBinary(Term l) {
        if (l instanceof Binary) return l;
        if (!Ops.isList(l)) throw Errors.badarg();
        return IoLists.toBinary(l);
    }

    @Bif("list_to_bitstring")
    public static Term listToBitstring(Term l) {
        if (!Ops.isList(l)) throw Errors.badarg();
        return IoLists.toBitstring(l);
    }

    @Bif("iolist_size")
    public static Term iolistSize(Term l) {
        if (l instanceof Binary b) return Small.of(b.byteSize());
        if (!Ops.isList(l)) throw Errors.badarg();
        return Small.of(IoLists.size(l));
    }

    @Bif("binary_part")
    public static Term binaryPart(Term b, Term pos, Term len) {
        if (!(b instanceof Binary bin) || !(pos instanceof Small p) || !(len instanceof Small l)) throw Errors.badarg();
        long start = p.value, n = l.value;
        if (n < 0) { start += n; n = -n; }
        if (start < 0 || start + n > bin.byteSize()) throw Errors.badarg();
        return bin.sub((int) start, (int) n);
    }

    @Bif("binary_part")
    public static Term binaryPart(Term b, Term posLen) {
        if (!(posLen instanceof Tuple t) || t.arity() != 2) throw Errors.badarg();
        return binaryPart(b, t.get(0), t.get(1));
    }

    @Bif("split_binary")
    public static Term splitBinary(Term b, Term pos) {
        if (!(b instanceof Binary bin) || !(pos instanceof Small p) || p.value < 0 || p.value > bin.byteSize()) throw Errors.badarg();
        int n = (int) p.value;
        return Tuple.of(bin.sub(0, n), bin.sub(n, bin.byteSize() - n));
    }

    @Bif("term_to_binary")
    public static Term termToBinary(Term t) {
        return Binary.adopt(ExternalTermFormat.encode(t));
    }

    @Bif("term_to_binary")
    public static Term termToBinary(Term t, Term options) {
        ExternalTermFormat.Options o = ExternalTermFormat.Options.parse(options);
        if (o == null) throw Errors.badarg();
        return Binary.adopt(ExternalTermFormat.encode(t, o));
    }

    @Bif("binary_to_term")
    public static Term binaryToTerm(Term b) {
        if (!(b instanceof Binary bin)) throw Errors.badarg();
        try {
            return ExternalTermFormat.decode(bin, false);
        } catch (ExternalTermFormat.MalformedException e) {
            throw Errors.badarg();
        }
    }

    /** binary_to_term/2: options safe and used ({Term, BytesUsed}); others are badarg (cause badopt). */
    @Bif("binary_to_term")
    public static Term binaryToTerm(Term b, Term options) {
        boolean safe = false, used = false;
        Term l = options;
        for (; l instanceof Cons c; l = c.tail()) {
            if (c.head() == Atom.of("safe")) safe = true;
            else if (c.head() == Atom.of("used")) used = true;
            else throw StackTraces.withCause(Errors.badarg(), Atom.of("badopt"));
        }
        if (l != Nil.NIL) throw StackTraces.withCause(Errors.badarg(), Atom.of("badopt"));
        if (!(b instanceof Binary bin)) throw Errors.badarg();
        try {
            byte[] bytes = bin.toByteArray();
            ExternalTermFormat.Decoded d = ExternalTermFormat.decodeWithUsed(bytes, 0, bytes.length, safe);
            return used ? Tuple.of(d.term(), Small.of(d.used())) : d.term();
        } catch (ExternalTermFormat.MalformedException e) {
            throw Errors.badarg();
        }
    }

    @Bif("phash2") public static Term phash2(Term t) { return Small.of(Phash.phash2(t)); }

    @Bif("phash2")
    public static Term phash2(Term t, Term range) {
        if (!(range instanceof Small r) || r.value < 1 || r.value > (1L << 32)) throw Errors.badarg();
        return Small.of(Phash.phash2(t, r.value));
    }

    @Bif("phash")
    public static Term phash(Term t, Term range) {
        if (!(range instanceof Small r) || r.value < 1 || r.value > (1L << 32)) throw Errors.badarg();
        return Small.of(Phash.phash(t, r.value));
    }

    // ---- maps ----

    @Bif("map_size")
    public static Term mapSize(Term m) {
        if (m instanceof MapTerm mt) return Small.of(mt.size());
        throw Errors.badmap(m);
    }

    @Bif("map_get")
    public static Term mapGet(Term k, Term m) {
        if (!(m instanceof MapTerm mt)) throw Errors.badmap(m);
        Term v = mt.get(k);
        if (v == null) throw Errors.badkey(k);
        return v;
    }

    @Bif("is_map_key")
    public static Term isMapKey(Term k, Term m) {
        if (!(m instanceof MapTerm mt)) throw Errors.badmap(m);
        return Atom.of(mt.get(k) != null);
    }

    // ---- exceptions ----

    @Bif("error") public static Term error(Term reason) { throw Errors.error(reason); }

    /** error/2: the stack trace's first frame shows Args in place of the arity (if Args is a list). */
    @Bif("error")
    public static Term error(Term reason, Term args) {
        ErlangException e = Errors.error(reason);
        StackTraces.setArgs(e, args);
        throw e;
    }

    /**
     * error/3: like error/2, and an option list of {error_info, Map} tuples (bif.c error_3: the
     * last one counts; anything else in the list falls back to error/2) ends the first frame's
     * location with {error_info, Map}.
     */
    @Bif("error")
    public static Term error(Term reason, Term args, Term options) {
        Term info = null;
        Term l = options;
        while (l instanceof Cons c) {
            if (!(c.head() instanceof Tuple t) || t.arity() != 2 || t.get(0) != Atom.of("error_info")) break;
            info = t.get(1);
            if (!(info instanceof MapTerm)) break;
            l = c.tail();
        }
        if (l != Nil.NIL) info = null;
        ErlangException e = Errors.error(reason);
        if (info != null) StackTraces.setErrorInfo(e, args, info);
        else StackTraces.setArgs(e, args);
        throw e;
    }

    @Bif("exit") public static Term exit(Term reason) { throw Errors.exit(reason); }

    @Bif("throw") public static Term throwIt(Term reason) { throw Errors.thrown(reason); }

    @Bif("nif_error") public static Term nifError(Term reason) { throw Errors.error(reason); }

    @Bif("nif_error") public static Term nifError(Term reason, Term args) { return error(reason, args); }

    /**
     * raise/3 (bif.c raise_3): a stack trace as try/catch returns them (also {M,F,A} and
     * {Fun,Args} forms, made 4-tuples, and cut at the backtrace depth); returns the atom badarg
     * (does not raise) when the class or the stack trace is invalid.
     */
    @Bif("raise")
    public static Term raise(Term kind, Term reason, Term stack) {
        if (kind != Atom.ERROR && kind != Atom.EXIT && kind != Atom.THROW) return Atom.BADARG;
        boolean copy = false;
        int depth = 0;
        Term l = stack;
        for (; l instanceof Cons c; l = c.tail(), depth++) {
            if (!(c.head() instanceof Tuple t)) return Atom.BADARG;
            Term loc = Nil.NIL;
            switch (t.arity()) {
                case 2 -> {
                    if (!(t.get(0) instanceof Fun)) return Atom.BADARG;
                    copy = true;
                }
                case 3 -> {
                    if (t.get(0) instanceof Fun) loc = t.get(2);
                    else if (t.get(0) instanceof Atom && t.get(1) instanceof Atom) copy = true;
                    else return Atom.BADARG;
                }
                case 4 -> {
                    if (!(t.get(0) instanceof Atom && t.get(1) instanceof Atom)) return Atom.BADARG;
                    loc = t.get(3);
                }
                default -> { return Atom.BADARG; }
            }
            if (!(loc instanceof Cons) && loc != Nil.NIL) return Atom.BADARG;
        }
        if (l != Nil.NIL) return Atom.BADARG;
        int max = StackTraces.depth();
        if (depth > max) copy = true;
        if (copy) {
            ListBuilder lb = new ListBuilder();
            l = stack;
            for (int i = 0; i < Math.min(depth, max); i++, l = ((Cons) l).tail()) {
                Tuple t = (Tuple) ((Cons) l).head();
                if (t.arity() == 2) t = Tuple.of(t.get(0), t.get(1), Nil.NIL);
                else if (t.arity() == 3 && t.get(0) instanceof Atom) t = Tuple.of(t.get(0), t.get(1), t.get(2), Nil.NIL);
                lb.add(t);
            }
            stack = lb.build();
        }
        throw new ErlangException((Atom) kind, reason, stack);
    }

    // ---- misc ----

    @Bif("node") public static Term node() { return org.gaoos.jbeam.term.LocalNode.name(); }

    @Bif("node")
    public static Term node(Term t) {
        if (t instanceof Pid p) return p.node;
        if (t instanceof Ref r) return r.node;
        if (t instanceof Port p) return p.node;
        throw Errors.badarg();
    }

    /** bump_reductions/1: charges up to a slice's worth (CONTEXT_REDS) of reductions. */
    @Bif("bump_reductions")
    public static Term bumpReductions(org.gaoos.jbeam.runtime.Proc p, Term n) {
        if (!(n instanceof Small s) || s.value < 0 || s.value >= (1L << 59)) throw Errors.badarg();
        p.bump((int) Math.min(s.value, 4000));
        return Atom.TRUE;
    }

    /** fun_info_mfa/1: {Module, Function, Arity}, the function a local fun's code is (or [] if not loaded). */
    @Bif("fun_info_mfa")
    public static Term funInfoMfa(Term f) {
        if (f instanceof ExportFun ef) return Tuple.of(ef.module, ef.function, Small.of(ef.arity));
        if (f instanceof org.gaoos.jbeam.runtime.CodeFun cf) return Tuple.of(cf.module, cf.functionName(), Small.of(cf.arity));
        if (f instanceof LocalFun lf) return Tuple.of(lf.module, Nil.NIL, Small.of(lf.arity));
        throw Errors.badarg();
    }

    @Bif("make_ref") public static Term makeRef() { return org.gaoos.jbeam.runtime.Processes.makeRef(); }

    /** display/1 prints like erts_printf on Unix: every newline as CR LF (even to a pipe). */
    @Bif("display")
    public static Term display(Term t) {
        byte[] text = org.gaoos.jbeam.term.ErtsPrinter.print(t, Long.MAX_VALUE);
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(text.length + 2);
        for (byte b : text) {
            if (b == '\n') line.write('\r');
            line.write(b);
        }
        line.write('\r');
        line.write('\n');
        org.gaoos.jbeam.runtime.Vm.write(1, line.toByteArray());
        return Atom.TRUE;
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @SuppressWarnings("unused")
    private static boolean isBig(Term t) { return t instanceof Big; }
}
