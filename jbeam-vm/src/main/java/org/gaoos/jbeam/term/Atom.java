package org.gaoos.jbeam.term;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaoos.jbeam.runtime.Errors;

/**
 * An atom. Atoms are interned: there is exactly one {@code Atom} per name, so atoms are compared by
 * identity ({@code ==}). Each atom gets an index in creation order, like BEAM's atom table; small
 * maps sort atom keys by that index.
 */
public final class Atom extends Term {
    /** BEAM's limit on an atom's length, in characters. */
    public static final int MAX_CHARS = 255;

    private static final ConcurrentHashMap<String, Atom> TABLE = new ConcurrentHashMap<>(4096);
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();
    /** Atoms by index (guarded by the class lock for writes; published through the volatile). */
    private static volatile Atom[] byIndex = new Atom[16384];

    /**
     * The atoms BEAM 27 has after booting with -noshell, in its atom-table order, are created
     * first so that they get BEAM's indices: small maps sort atom keys by index, and large maps
     * hash atoms by index, so this makes map iteration orders (and hence printing) agree with
     * BEAM's for these atoms. Only the first ~3,370 (erts' own atoms and the preloaded modules')
     * are deterministic in BEAM itself; later boot atoms vary between BEAM runs.
     */
    static {
        try (var in = Atom.class.getResourceAsStream("beam-atoms.txt")) {
            if (in == null) throw new IllegalStateException("beam-atoms.txt missing from the class path");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int start = 0;
            while (start < text.length()) {
                int nl = text.indexOf('\n', start);
                if (nl < 0) nl = text.length();
                String line = text.substring(start, nl);
                if (line.indexOf('\\') >= 0) line = unescape(line);
                TABLE.computeIfAbsent(line, Atom::new);
                start = nl + 1;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String unescape(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                sb.append(n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private final String name;
    private final byte[] utf8;
    private final int index;
    private final boolean latin1;
    private final int hash;
    private final int hvalue;

    private Atom(String name) {
        this.name = name;
        this.utf8 = name.getBytes(StandardCharsets.UTF_8);
        this.index = register(this);
        boolean l1 = true;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0xFF) { l1 = false; break; }
        }
        this.latin1 = l1;
        this.hash = name.hashCode() * 31 + 0x41;
        this.hvalue = hashpjw(utf8);
    }

    /**
     * BEAM's atom table hash (atom_hash in atom.c: hashpjw over the UTF-8 name, with two-byte
     * Latin-1 sequences folded to one byte), which phash/2 and phash2 mix in.
     */
    private static int hashpjw(byte[] p) {
        int h = 0;
        int len = p.length;
        int i = 0;
        while (len-- > 0) {
            int v = p[i++] & 0xFF;
            if (len > 0 && (v & 0xFE) == 0xC2 && (p[i] & 0xC0) == 0x80) {
                v = ((v << 6) | (p[i] & 0x3F)) & 0xFF;
                i++;
                len--;
            }
            h = (h << 4) + v;
            int g = h & 0xF0000000;
            if (g != 0) {
                h ^= g >>> 24;
                h ^= g;
            }
        }
        return h;
    }

    /** The atom table hash value (unsigned 32 bits). */
    int hvalue() { return hvalue; }

    /**
     * The atom named {@code name}, created if needed.
     *
     * @throws org.gaoos.jbeam.runtime.ErlangException system_limit if longer than 255 characters
     */
    public static Atom of(String name) {
        Atom a = TABLE.get(name);
        if (a != null) return a;
        if (name.length() > MAX_CHARS && name.codePointCount(0, name.length()) > MAX_CHARS) {
            throw Errors.systemLimit();
        }
        return TABLE.computeIfAbsent(name, Atom::new);
    }

    private static synchronized int register(Atom a) {
        int i = NEXT_INDEX.getAndIncrement();
        Atom[] t = byIndex;
        if (i >= t.length) t = java.util.Arrays.copyOf(t, t.length * 2);
        t[i] = a;
        byIndex = t;
        return i;
    }

    /** The atom with atom-table index {@code index} (ATOM_INTERNAL_REF2/3), or null. */
    public static Atom byIndex(int index) {
        Atom[] t = byIndex;
        return index >= 0 && index < t.length ? t[index] : null;
    }

    /** The atom if it already exists (list_to_existing_atom), else null. */
    public static Atom existing(String name) {
        return TABLE.get(name);
    }

    /** Number of atoms created so far (erlang:system_info(atom_count)). */
    public static int count() {
        return TABLE.size();
    }

    public static Atom of(boolean b) {
        return b ? TRUE : FALSE;
    }

    public String name() { return name; }

    /** The name in UTF-8 (BEAM's atom text encoding); do not modify. */
    byte[] utf8() { return utf8; }

    /** Creation index in this VM's atom table. */
    public int index() { return index; }

    /** True if every character of the name is &lt;= 255 (encodable as a Latin-1 atom). */
    public boolean isLatin1() { return latin1; }

    @Override
    public boolean equals(Object other) { return this == other; }

    @Override
    public int hashCode() { return hash; }

    @Override
    int typeRank() { return RANK_ATOM; }

    /** Erlang's atom order: the UTF-8 name bytes compared unsigned, shorter first. */
    static int compareNames(Atom a, Atom b) {
        if (a == b) return 0;
        return java.util.Arrays.compareUnsigned(a.utf8, b.utf8);
    }

    public static final Atom TRUE = of("true");
    public static final Atom FALSE = of("false");
    public static final Atom OK = of("ok");
    public static final Atom ERROR = of("error");
    public static final Atom EXIT = of("exit");
    public static final Atom THROW = of("throw");
    public static final Atom UNDEFINED = of("undefined");
    public static final Atom BADARG = of("badarg");
    public static final Atom BADARITH = of("badarith");
    public static final Atom BADMATCH = of("badmatch");
    public static final Atom BADKEY = of("badkey");
    public static final Atom BADMAP = of("badmap");
    public static final Atom BADFUN = of("badfun");
    public static final Atom BADARITY = of("badarity");
    public static final Atom BADRECORD = of("badrecord");
    public static final Atom CASE_CLAUSE = of("case_clause");
    public static final Atom FUNCTION_CLAUSE = of("function_clause");
    public static final Atom IF_CLAUSE = of("if_clause");
    public static final Atom TRY_CLAUSE = of("try_clause");
    public static final Atom UNDEF = of("undef");
    public static final Atom SYSTEM_LIMIT = of("system_limit");
    public static final Atom NOPROC = of("noproc");
    public static final Atom NORMAL = of("normal");
    public static final Atom KILL = of("kill");
    public static final Atom KILLED = of("killed");
    public static final Atom INFINITY = of("infinity");
    public static final Atom NONODE = of("nonode@nohost");
    public static final Atom EXIT_TAG = of("EXIT");
    public static final Atom DOWN = of("DOWN");
    public static final Atom NOCATCH = of("nocatch");
    public static final Atom NOTSUP = of("notsup");
    public static final Atom LATIN1 = of("latin1");
    public static final Atom UNICODE = of("unicode");
    public static final Atom UTF8 = of("utf8");
    public static final Atom INCOMPLETE = of("incomplete");
    public static final Atom ALL = of("all");
    public static final Atom NONE = of("none");
}
