package org.gaoos.jbeam.term;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.gaoos.jbeam.runtime.ErlangException;

/**
 * The External Term Format (erts/emulator/internal_doc/erl_ext_dist.md, external.c):
 * {@code term_to_binary/1,2} byte for byte as BEAM 27 writes it, and {@code binary_to_term/1,2}
 * (also used by the .beam loader for literal tables).
 */
public final class ExternalTermFormat {
    private ExternalTermFormat() {}

    static final int VERSION = 131;
    static final int NEW_FLOAT_EXT = 70, BIT_BINARY_EXT = 77, COMPRESSED = 80, ATOM_CACHE_REF = 82,
            NEW_PID_EXT = 88, NEW_PORT_EXT = 89, NEWER_REFERENCE_EXT = 90, SMALL_INTEGER_EXT = 97,
            INTEGER_EXT = 98, FLOAT_EXT = 99, ATOM_EXT = 100, REFERENCE_EXT = 101, PORT_EXT = 102,
            PID_EXT = 103, SMALL_TUPLE_EXT = 104, LARGE_TUPLE_EXT = 105, NIL_EXT = 106,
            STRING_EXT = 107, LIST_EXT = 108, BINARY_EXT = 109, SMALL_BIG_EXT = 110,
            LARGE_BIG_EXT = 111, NEW_FUN_EXT = 112, EXPORT_EXT = 113, NEW_REFERENCE_EXT = 114,
            SMALL_ATOM_EXT = 115, MAP_EXT = 116, FUN_EXT = 117, ATOM_UTF8_EXT = 118,
            SMALL_ATOM_UTF8_EXT = 119, V4_PORT_EXT = 120, LOCAL_EXT = 121,
            ATOM_INTERNAL_REF2 = 73, ATOM_INTERNAL_REF3 = 75;

    /**
     * term_to_binary/2 options.
     *
     * @param minorVersion 0 (FLOAT_EXT, Latin-1 atoms), 1 (NEW_FLOAT_EXT, Latin-1 atoms) or 2
     *                     (the default: NEW_FLOAT_EXT, UTF-8 atoms)
     * @param compressLevel 0 = uncompressed, 1..9 zlib level (compressed = 6)
     * @param deterministic encode map entries sorted by key (term order)
     */
    public record Options(int minorVersion, int compressLevel, boolean deterministic) {
        public static final Options DEFAULT = new Options(2, 0, false);

        public Options {
            if (minorVersion < 0 || minorVersion > 2) throw new IllegalArgumentException("minor_version");
            if (compressLevel < 0 || compressLevel > 9) throw new IllegalArgumentException("compressed level");
        }

        /**
         * Parses term_to_binary/2's option list; null if BEAM would raise badarg (including the
         * {@code local} option, which this implementation does not support yet).
         */
        public static Options parse(Term list) {
            int minor = 2, level = 0;
            boolean det = false;
            Term t = list;
            while (t instanceof Cons c) {
                Term o = c.head();
                if (o == COMPRESSED_ATOM) {
                    level = 6;
                } else if (o == DETERMINISTIC_ATOM) {
                    det = true;
                } else if (o instanceof Tuple tu && tu.arity() == 2 && tu.get(1) instanceof Small s) {
                    if (tu.get(0) == MINOR_VERSION_ATOM && s.value >= 0 && s.value <= 2) {
                        minor = (int) s.value;
                    } else if (tu.get(0) == COMPRESSED_ATOM && s.value >= 0 && s.value <= 9) {
                        level = (int) s.value;
                    } else {
                        return null;
                    }
                } else {
                    return null;
                }
                t = c.tail();
            }
            if (t != Nil.NIL) return null;
            return new Options(minor, level, det);
        }
    }

    private static final Atom COMPRESSED_ATOM = Atom.of("compressed");
    private static final Atom DETERMINISTIC_ATOM = Atom.of("deterministic");
    private static final Atom MINOR_VERSION_ATOM = Atom.of("minor_version");

    /** term_to_binary/1. */
    public static byte[] encode(Term t) {
        return encode(t, Options.DEFAULT);
    }

    /** term_to_binary/2. */
    public static byte[] encode(Term t, Options options) {
        Encoder e = new Encoder(options);
        e.out.write(VERSION);
        e.term(t);
        byte[] plain = e.out.toByteArray();
        if (options.compressLevel() == 0) return plain;
        return compress(plain, options.compressLevel());
    }

    /** BEAM keeps the compressed form only if zlib's output fits in (size - 5) bytes. */
    private static byte[] compress(byte[] plain, int level) {
        int encLen = plain.length - 1;
        int budget = encLen - 5;
        if (budget <= 0) return plain;
        Deflater d = new Deflater(level);
        try {
            d.setInput(plain, 1, encLen);
            d.finish();
            byte[] buf = new byte[budget + 1];
            int n = 0;
            while (!d.finished() && n < buf.length) n += d.deflate(buf, n, buf.length - n);
            if (!d.finished() || n > budget) return plain;
            byte[] out = new byte[6 + n];
            out[0] = (byte) VERSION;
            out[1] = (byte) COMPRESSED;
            putInt(out, 2, encLen);
            System.arraycopy(buf, 0, out, 6, n);
            return out;
        } finally {
            d.end();
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** An unsynchronised growable byte buffer (ByteArrayOutputStream locks on every write). */
    private static final class Out {
        byte[] buf = new byte[64];
        int len;

        void write(int b) {
            if (len == buf.length) buf = Arrays.copyOf(buf, len * 2);
            buf[len++] = (byte) b;
        }

        void write(byte[] b, int off, int n) {
            if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(len * 2, len + n));
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void writeBytes(byte[] b) { write(b, 0, b.length); }

        byte[] toByteArray() { return Arrays.copyOf(buf, len); }
    }

    private static final class Encoder {
        final Out out = new Out();
        final boolean utf8Atoms, newFloats, deterministic;

        Encoder(Options o) {
            utf8Atoms = o.minorVersion() >= 2;
            newFloats = o.minorVersion() >= 1;
            deterministic = o.deterministic();
        }

        void u8(int v) { out.write(v); }

        void u16(int v) { out.write(v >>> 8); out.write(v); }

        void u32(long v) { out.write((int) (v >>> 24)); out.write((int) (v >>> 16)); out.write((int) (v >>> 8)); out.write((int) v); }

        void u64(long v) { u32(v >>> 32); u32(v); }

        void atom(Atom a) {
            byte[] utf8 = a.utf8();
            if (utf8Atoms || !a.isLatin1()) {
                if (utf8.length > 255) { u8(ATOM_UTF8_EXT); u16(utf8.length); }
                else { u8(SMALL_ATOM_UTF8_EXT); u8(utf8.length); }
                out.writeBytes(utf8);
            } else {
                byte[] l1 = a.name().getBytes(StandardCharsets.ISO_8859_1);
                u8(ATOM_EXT);
                u16(l1.length);
                out.writeBytes(l1);
            }
        }

        void integer(long v) {
            if (v >= 0 && v < 256) { u8(SMALL_INTEGER_EXT); u8((int) v); }
            else if (v == (int) v) { u8(INTEGER_EXT); u32(v); }
            else big(BigInteger.valueOf(v));
        }

        void big(BigInteger v) {
            byte[] mag = v.abs().toByteArray(); // big-endian, maybe a leading 0
            int start = mag[0] == 0 ? 1 : 0;
            int n = mag.length - start;
            if (n < 256) { u8(SMALL_BIG_EXT); u8(n); }
            else { u8(LARGE_BIG_EXT); u32(n); }
            u8(v.signum() < 0 ? 1 : 0);
            for (int i = mag.length - 1; i >= start; i--) u8(mag[i]);
        }

        private Term[] pending = new Term[16];
        private int depth;

        private void push(Term t) {
            if (depth == pending.length) pending = Arrays.copyOf(pending, depth * 2);
            pending[depth++] = t;
        }

        /** Encodes {@code t} with an explicit stack: nesting depth is not limited by the JVM stack. */
        void term(Term t) {
            int base = depth;
            push(t);
            while (depth > base) {
                Term x = pending[--depth];
                pending[depth] = null;
                one(x);
            }
        }

        /** Writes {@code t}'s header (or all of a leaf) and pushes its children, last first. */
        private void one(Term t) {
            switch (t) {
                case Nil n -> u8(NIL_EXT);
                case Atom a -> atom(a);
                case Small s -> integer(s.value);
                case Big b -> big(b.value());
                case Flonum f -> {
                    if (newFloats) {
                        u8(NEW_FLOAT_EXT);
                        u64(Double.doubleToRawLongBits(f.value));
                    } else {
                        u8(FLOAT_EXT);
                        byte[] s = FloatFormat.legacy(f.value).getBytes(StandardCharsets.ISO_8859_1);
                        out.writeBytes(Arrays.copyOf(s, 31));
                    }
                }
                case Tuple tu -> {
                    int n = tu.arity();
                    if (n <= 255) { u8(SMALL_TUPLE_EXT); u8(n); } else { u8(LARGE_TUPLE_EXT); u32(n); }
                    for (int i = n - 1; i >= 0; i--) push(tu.get(i));
                }
                case Cons c -> {
                    int len = stringLength(c);
                    if (len >= 0) {
                        u8(STRING_EXT);
                        u16(len);
                        Term x = c;
                        while (x instanceof Cons cell) { u8((int) ((Small) cell.head()).value); x = cell.tail(); }
                        return;
                    }
                    int n = 0;
                    Term x = c;
                    while (x instanceof Cons cell) { n++; x = cell.tail(); }
                    u8(LIST_EXT);
                    u32(n);
                    push(x); // the tail, encoded after the elements
                    Term[] heads = new Term[n];
                    x = c;
                    for (int i = 0; i < n; i++) { Cons cell = (Cons) x; heads[i] = cell.head(); x = cell.tail(); }
                    for (int i = n - 1; i >= 0; i--) push(heads[i]);
                }
                case Bitstring b -> {
                    long bits = b.bitSize();
                    int bytes = (int) b.byteSizeCeil();
                    int tail = (int) (bits & 7);
                    if (tail != 0) { u8(BIT_BINARY_EXT); u32(bytes); u8(tail); }
                    else { u8(BINARY_EXT); u32(bytes); }
                    if (b.isAligned() && tail == 0) {
                        out.write(b.data, (int) (b.bitOffset >>> 3), bytes);
                    } else {
                        out.writeBytes(b.toByteArray());
                    }
                }
                case MapTerm m -> {
                    u8(MAP_EXT);
                    u32(m.size());
                    Term[] ks = m.keysInIteratorOrder(), vs = m.valuesInIteratorOrder();
                    int n = ks.length;
                    int[] order = new int[n];
                    if (deterministic) {
                        Integer[] idx = new Integer[n];
                        for (int i = 0; i < n; i++) idx[i] = i;
                        Arrays.sort(idx, (p, q) -> TermOrder.compare(ks[p], ks[q], true));
                        for (int i = 0; i < n; i++) order[i] = idx[i];
                    } else if (m instanceof HashTrieMap) {
                        // BEAM pushes trie slots on a stack: reverse traversal order.
                        for (int i = 0; i < n; i++) order[i] = n - 1 - i;
                    } else {
                        for (int i = 0; i < n; i++) order[i] = i;
                    }
                    for (int i = n - 1; i >= 0; i--) { push(vs[order[i]]); push(ks[order[i]]); }
                }
                case Pid p -> {
                    u8(NEW_PID_EXT);
                    atom(p.node);
                    u32(p.number);
                    u32(p.serial);
                    u32(p.creation);
                }
                case Port p -> {
                    u8(V4_PORT_EXT);
                    atom(p.node);
                    u64(p.number);
                    u32(p.creation);
                }
                case Ref r -> {
                    u8(NEWER_REFERENCE_EXT);
                    u16(r.idCount());
                    atom(r.node);
                    u32(r.creation);
                    for (int i = 0; i < r.idCount(); i++) u32(r.id(i));
                }
                case LocalFun f -> {
                    u8(NEW_FUN_EXT);
                    // Size covers the whole fun encoding including the size field itself.
                    Encoder inner = new Encoder(this);
                    inner.u8(f.arity);
                    inner.out.writeBytes(f.uniq());
                    inner.u32(f.index);
                    inner.u32(f.numFree());
                    inner.atom(f.module);
                    inner.integer(f.oldIndex);
                    inner.integer(f.oldUniq);
                    inner.term(f.pid);
                    for (int i = 0; i < f.numFree(); i++) inner.term(f.free(i));
                    byte[] body = inner.out.toByteArray();
                    u32(body.length + 4);
                    out.writeBytes(body);
                }
                case ExportFun f -> {
                    u8(EXPORT_EXT);
                    atom(f.module);
                    atom(f.function);
                    integer(f.arity);
                }
            }
        }

        Encoder(Encoder like) {
            utf8Atoms = like.utf8Atoms;
            newFloats = like.newFloats;
            deterministic = like.deterministic;
        }

        /** Length if the list is a proper list of at most 65535 bytes (STRING_EXT), else -1. */
        static int stringLength(Cons c) {
            int n = 0;
            Term x = c;
            while (x instanceof Cons cell) {
                if (!(cell.head() instanceof Small s) || s.value < 0 || s.value > 255 || ++n > 65535) return -1;
                x = cell.tail();
            }
            return x == Nil.NIL ? n : -1;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Decoding

    /** Malformed external term data: the BIF turns it into badarg, the loader into badfile. */
    public static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The decoded term and the number of input bytes it used (binary_to_term/2's {@code used}). */
    public record Decoded(Term term, int used) {}

    /** binary_to_term/1: decodes {@code data} (trailing bytes are ignored, as BEAM does). */
    public static Term decode(byte[] data, boolean safe) {
        return decodeWithUsed(data, 0, data.length, safe).term();
    }

    public static Term decode(Binary bin, boolean safe) {
        byte[] b = bin.toByteArray();
        return decodeWithUsed(b, 0, b.length, safe).term();
    }

    /**
     * Decodes the term at {@code data[off, off+len)}.
     *
     * @throws MalformedException for anything BEAM's binary_to_term would reject with badarg
     */
    public static Decoded decodeWithUsed(byte[] data, int off, int len, boolean safe) {
        if (off < 0 || len < 0 || off + len > data.length) throw new MalformedException("bad range");
        if (len < 1 || (data[off] & 0xFF) != VERSION) throw new MalformedException("missing version byte 131");
        try {
            if (len >= 2 && (data[off + 1] & 0xFF) == COMPRESSED) {
                if (len < 6) throw new MalformedException("truncated compressed header");
                long size = ((data[off + 2] & 0xFFL) << 24) | ((data[off + 3] & 0xFF) << 16)
                        | ((data[off + 4] & 0xFF) << 8) | (data[off + 5] & 0xFF);
                Inflation inf = inflate(data, off + 6, len - 6, size);
                Decoder d = new Decoder(inf.bytes, 0, inf.bytes.length, safe);
                Term t = d.term();
                return new Decoded(t, 6 + inf.consumed);
            }
            Decoder d = new Decoder(data, off + 1, off + len, safe);
            Term t = d.term();
            return new Decoded(t, d.pos - off);
        } catch (StackOverflowError e) {
            throw new MalformedException("term nested too deeply for this decoder");
        } catch (ErlangException e) {
            throw new MalformedException("invalid term: " + e.reason());
        }
    }

    private record Inflation(byte[] bytes, int consumed) {}

    /** Inflates exactly {@code size} bytes; never allocates more than the data really produces. */
    private static Inflation inflate(byte[] data, int off, int len, long size) {
        if (size > Integer.MAX_VALUE - 16) throw new MalformedException("compressed size too large");
        Inflater inf = new Inflater();
        try {
            inf.setInput(data, off, len);
            int cap = (int) Math.min(size, 1 << 16);
            byte[] out = new byte[Math.max(cap, 1)];
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    if (n >= size) throw new MalformedException("compressed data longer than its declared size");
                    out = Arrays.copyOf(out, (int) Math.min(size, (long) n * 2));
                }
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new MalformedException("truncated compressed data");
                }
                n += k;
            }
            if (n != size) throw new MalformedException("compressed data shorter than its declared size");
            return new Inflation(n == out.length ? out : Arrays.copyOf(out, n), len - inf.getRemaining());
        } catch (DataFormatException e) {
            throw new MalformedException("bad zlib data: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    private static final class Decoder {
        final byte[] b;
        int pos;
        final int end;
        final boolean safe;

        Decoder(byte[] b, int pos, int end, boolean safe) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            this.safe = safe;
        }

        MalformedException bad(String what) {
            return new MalformedException(what + " at byte " + pos);
        }

        void need(long n) {
            if (n < 0 || n > end - pos) throw bad("truncated data (need " + n + " bytes)");
        }

        int u8() { need(1); return b[pos++] & 0xFF; }

        int u16() { need(2); int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF); pos += 2; return v; }

        int u24() { need(3); int v = ((b[pos] & 0xFF) << 16) | ((b[pos + 1] & 0xFF) << 8) | (b[pos + 2] & 0xFF); pos += 3; return v; }

        /** An atom by its atom-table index (BEAM accepts these internal references too). */
        Atom atomByIndex(int index) {
            Atom a = Atom.byIndex(index);
            if (a == null) throw bad("no atom with index " + index);
            return a;
        }

        int i32() {
            need(4);
            int v = ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long u32() { return i32() & 0xFFFFFFFFL; }

        long i64() { long hi = u32(); return (hi << 32) | u32(); }

        /** A count of items each needing at least {@code minBytes} bytes. */
        int count(long n, int minBytes) {
            if (n * minBytes > end - pos) throw bad("count " + n + " exceeds the remaining data");
            return (int) n;
        }

        Atom atomOf(String name) {
            if (name.codePointCount(0, name.length()) > Atom.MAX_CHARS) throw bad("atom too long");
            if (safe) {
                Atom a = Atom.existing(name);
                if (a == null) throw bad("unsafe: new atom '" + name + "'");
                return a;
            }
            return Atom.of(name);
        }

        Atom latin1Atom(int len) {
            need(len);
            String s = new String(b, pos, len, StandardCharsets.ISO_8859_1);
            pos += len;
            return atomOf(s);
        }

        Atom utf8Atom(int len) {
            need(len);
            String s = Unicode.decodeUtf8Strict(b, pos, len);
            if (s == null) throw bad("atom is not valid UTF-8");
            pos += len;
            return atomOf(s);
        }

        Atom atom() {
            int tag = u8();
            return switch (tag) {
                case ATOM_EXT -> latin1Atom(u16());
                case SMALL_ATOM_EXT -> latin1Atom(u8());
                case ATOM_UTF8_EXT -> utf8Atom(u16());
                case SMALL_ATOM_UTF8_EXT -> utf8Atom(u8());
                case ATOM_INTERNAL_REF2 -> atomByIndex(u16());
                case ATOM_INTERNAL_REF3 -> atomByIndex(u24());
                default -> throw bad("expected an atom, found tag " + tag);
            };
        }

        Pid pid(int tag) {
            Atom node = atom();
            int num = i32(), ser = i32();
            int creation = tag == NEW_PID_EXT ? i32() : u8();
            if (tag == PID_EXT && (num >>> 15 != 0 || ser >>> 13 != 0)) throw bad("bad PID_EXT fields");
            return new Pid(node, num, ser, creation);
        }

        /**
         * Decodes one term header: a finished term, a {@link Frame} whose children follow, or
         * {@link #VALUE_FOLLOWS} (a zero-length LIST_EXT: the next term is the value).
         */
        Object step() {
            int tag = u8();
            switch (tag) {
                case SMALL_INTEGER_EXT: return Small.of(u8());
                case INTEGER_EXT: return Small.of(i32());
                case SMALL_BIG_EXT: return big(u8());
                case LARGE_BIG_EXT: return big(u32());
                case NEW_FLOAT_EXT: {
                    double d = Double.longBitsToDouble(i64());
                    if (!Double.isFinite(d)) throw bad("non-finite float");
                    return Flonum.of(d);
                }
                case FLOAT_EXT: {
                    // 31 bytes: the number in BEAM's float syntax (sys_chars_to_double), NUL-padded.
                    need(31);
                    int n = 0;
                    while (n < 31 && b[pos + n] != 0) n++;
                    if (n == 31) throw bad("FLOAT_EXT without terminating NUL");
                    Flonum f = NumberParser.parseFloat(new String(b, pos, n, StandardCharsets.ISO_8859_1));
                    if (f == null) throw bad("bad FLOAT_EXT");
                    pos += 31;
                    return f;
                }
                case ATOM_EXT: return latin1Atom(u16());
                case SMALL_ATOM_EXT: return latin1Atom(u8());
                case ATOM_UTF8_EXT: return utf8Atom(u16());
                case SMALL_ATOM_UTF8_EXT: return utf8Atom(u8());
                case ATOM_INTERNAL_REF2: return atomByIndex(u16());
                case ATOM_INTERNAL_REF3: return atomByIndex(u24());
                case SMALL_TUPLE_EXT: return tuple(u8());
                case LARGE_TUPLE_EXT: return tuple(count(u32(), 1));
                case NIL_EXT: return Nil.NIL;
                case STRING_EXT: {
                    int n = u16();
                    need(n);
                    Term l = Lists.fromBytes(b, pos, n);
                    pos += n;
                    return l;
                }
                case LIST_EXT: {
                    int n = count(u32(), 1);
                    if (n == 0) return VALUE_FOLLOWS; // a zero-length LIST_EXT is just its tail
                    Frame f = new Frame(Frame.LIST);
                    f.lb = new ListBuilder();
                    f.remaining = n;
                    return f;
                }
                case BINARY_EXT: {
                    int n = count(u32(), 1);
                    byte[] copy = Arrays.copyOfRange(b, pos, pos + n);
                    pos += n;
                    return Binary.adopt(copy);
                }
                case BIT_BINARY_EXT: {
                    int n = count(u32(), 1);
                    int bits = u8();
                    if (bits < 1 || bits > 8 || n == 0) throw bad("bad BIT_BINARY_EXT");
                    need(n);
                    byte[] copy = Arrays.copyOfRange(b, pos, pos + n);
                    pos += n;
                    copy[n - 1] &= (byte) (0xFF << (8 - bits));
                    return Bitstring.of(copy, (long) (n - 1) * 8 + bits);
                }
                case MAP_EXT: {
                    int n = count(u32(), 2);
                    if (n == 0) return MapTerm.EMPTY;
                    Frame f = new Frame(Frame.MAP);
                    f.items = new Term[n];
                    f.values = new Term[n];
                    return f;
                }
                case NEW_PID_EXT:
                case PID_EXT: return pid(tag);
                case NEW_PORT_EXT: {
                    Atom node = atom();
                    long id = u32();
                    int creation = i32();
                    return new Port(node, id, creation);
                }
                case V4_PORT_EXT: {
                    Atom node = atom();
                    long id = i64();
                    int creation = i32();
                    return new Port(node, id, creation);
                }
                case PORT_EXT: {
                    Atom node = atom();
                    long id = u32();
                    int creation = u8();
                    if (id >>> 28 != 0) throw bad("bad PORT_EXT id");
                    return new Port(node, id, creation);
                }
                case NEWER_REFERENCE_EXT:
                case NEW_REFERENCE_EXT: {
                    int n = u16();
                    if (n < 1 || n > 5) throw bad("bad reference length " + n);
                    Atom node = atom();
                    int creation = tag == NEWER_REFERENCE_EXT ? i32() : u8() & 3;
                    int[] ids = new int[n];
                    for (int i = 0; i < n; i++) ids[i] = i32();
                    if (tag == NEW_REFERENCE_EXT) ids[0] &= 0x3FFFF;
                    return new Ref(node, creation, ids);
                }
                case REFERENCE_EXT: {
                    Atom node = atom();
                    int id = i32() & 0x3FFFF;
                    int creation = u8() & 3;
                    return new Ref(node, creation, id);
                }
                case NEW_FUN_EXT: return newFun();
                case EXPORT_EXT: {
                    Atom m = atom(), f = atom();
                    int arityTag = u8();
                    if (arityTag != SMALL_INTEGER_EXT) throw bad("bad export fun arity");
                    int arity = u8();
                    if (arity > 255) throw bad("bad export fun arity");
                    return new ExportFun(m, f, arity);
                }
                default: throw bad("unknown or unsupported tag " + tag);
            }
        }

        Object tuple(int n) {
            count(n, 1);
            if (n == 0) return Tuple.EMPTY;
            Frame f = new Frame(Frame.TUPLE);
            f.items = new Term[n];
            return f;
        }

        /**
         * Decodes one complete term with an explicit stack of pending compound terms, so nesting
         * depth is limited by memory (and the input's length), not by the JVM stack.
         */
        Term term() {
            java.util.ArrayList<Frame> stack = null;
            while (true) {
                Object o = step();
                if (o == VALUE_FOLLOWS) continue;
                if (o instanceof Frame f) {
                    if (stack == null) stack = new java.util.ArrayList<>();
                    stack.add(f);
                    continue;
                }
                Term result = (Term) o;
                // Deliver the finished term to the enclosing frames.
                while (true) {
                    if (stack == null || stack.isEmpty()) return result;
                    Frame f = stack.get(stack.size() - 1);
                    if (!f.accept(result, this)) break; // frame wants more children
                    stack.remove(stack.size() - 1);
                    result = f.finish(this);
                }
            }
        }

        Term big(long n) {
            int len = count(n, 1);
            int sign = u8(); // any non-zero sign byte means negative, as in BEAM
            need(len);
            byte[] mag = new byte[len + 1];
            for (int i = 0; i < len; i++) mag[len - i] = b[pos + i];
            pos += len;
            BigInteger v = new BigInteger(mag);
            if (sign != 0) v = v.negate();
            if (v.bitLength() > Int.MAX_BITS) throw bad("bignum too large");
            return Int.of(v);
        }

        Object newFun() {
            int start = pos - 1;
            long size = u32(); // counts from the size field itself
            if (size < 4 || size > (long) end - start - 1) throw bad("bad fun size");
            int arity = u8();
            need(16);
            byte[] uniq = Arrays.copyOfRange(b, pos, pos + 16);
            pos += 16;
            int index = i32();
            int numFree = count(u32(), 1);
            Atom module = atom();
            Term oldIndex = term(), oldUniq = term();
            if (!(oldIndex instanceof Small oi) || !(oldUniq instanceof Small ou)) throw bad("bad fun old index/uniq");
            Term pid = term();
            if (!(pid instanceof Pid)) throw bad("bad fun pid");
            Frame f = new Frame(Frame.FUN);
            f.items = new Term[numFree];
            f.fun = new LocalFun(module, index, (int) oi.value, (int) ou.value, uniq, arity, pid, new Term[0]);
            f.funStart = start;
            f.funSize = size;
            if (numFree == 0) return f.finish(this);
            return f;
        }
    }

    private static final Object VALUE_FOLLOWS = new Object();

    /** A compound term whose children are being decoded. */
    private static final class Frame {
        static final int TUPLE = 0, LIST = 1, MAP = 2, FUN = 3;
        final int kind;
        Term[] items, values;
        int i;
        ListBuilder lb;
        int remaining;
        LocalFun fun; // the fun's header (environment still empty)
        int funStart;
        long funSize;

        Frame(int kind) { this.kind = kind; }

        /** Takes the next child; true when the frame is complete. */
        boolean accept(Term child, Decoder d) {
            switch (kind) {
                case TUPLE, FUN -> {
                    items[i++] = child;
                    return i == items.length;
                }
                case LIST -> {
                    if (remaining > 0) {
                        lb.add(child);
                        remaining--;
                        return false; // the tail always follows the last element
                    }
                    items = new Term[] {child}; // the tail
                    return true;
                }
                default -> { // MAP: alternating keys and values
                    if ((remaining & 1) == 0) items[i] = child; else values[i++] = child;
                    remaining++;
                    return i == items.length;
                }
            }
        }

        Term finish(Decoder d) {
            switch (kind) {
                case TUPLE -> { return Tuple.adopt(items); }
                case LIST -> { return lb.build(items[0]); }
                case MAP -> {
                    MapTerm m = MapTerm.fromArrays(items, values);
                    if (m.size() != items.length) throw d.bad("duplicate map keys");
                    return m;
                }
                default -> {
                    if (d.pos - (funStart + 1) != funSize) throw d.bad("fun size mismatch");
                    LocalFun h = fun;
                    return new LocalFun(h.module, h.index, h.oldIndex, h.oldUniq, h.uniq(), h.arity, h.pid,
                            items == null ? new Term[0] : items);
                }
            }
        }
    }
}
