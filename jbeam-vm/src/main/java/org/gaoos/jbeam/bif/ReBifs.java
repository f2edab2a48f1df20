package org.gaoos.jbeam.bif;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The {@code re} BIFs (erl_bif_re.c) on java.util.regex through {@link Pcre}: compile/1,2,
 * run/2,3, internal_run/4 (re.erl's replace and split loop), inspect/2 and version/0. Subjects and
 * offsets are bytes as in PCRE: Latin-1 characters, or UTF-8 with {@code unicode}; captured
 * indexes are byte offsets. A compiled pattern is {@code {re_pattern, Groups, Unicode, CRLF, Bin}}
 * whose binary holds the pattern source and options (not PCRE's compiled form).
 */
public final class ReBifs {
    private ReBifs() {}

    private static final Atom RE_PATTERN = Atom.of("re_pattern"), MATCH = Atom.of("match"),
            NOMATCH = Atom.of("nomatch"), CAPTURE = Atom.of("capture"), OFFSET = Atom.of("offset"),
            INDEX = Atom.of("index"), LIST = Atom.of("list"), BINARY = Atom.of("binary"), NEWLINE = Atom.of("newline"),
            NAMELIST = Atom.of("namelist");
    private static final byte[] MAGIC = "jbeam-re1".getBytes(StandardCharsets.ISO_8859_1);

    /** Translated patterns by their compiled binary (the same pattern is compiled once). */
    private static final Map<Binary, Pcre> CACHE = new ConcurrentHashMap<>();

    /** Compile options; {@code bits} packs them into the compiled binary. */
    private record CompileOpts(int bits) {
        static final String[] NAMES = {"caseless", "multiline", "dotall", "extended", "unicode", "ucp",
            "dollar_endonly", "no_auto_capture", "anchored", "crlf"};

        boolean has(String name) {
            for (int k = 0; k < NAMES.length; k++) if (NAMES[k].equals(name)) return (bits & (1 << k)) != 0;
            return false;
        }

        Pcre.Options pcre() {
            return new Pcre.Options(has("caseless"), has("multiline"), has("dotall"), has("extended"), has("unicode"),
                    has("ucp"), has("dollar_endonly"), has("no_auto_capture"), has("crlf"));
        }
    }

    private static int bit(String name) {
        for (int k = 0; k < CompileOpts.NAMES.length; k++) if (CompileOpts.NAMES[k].equals(name)) return 1 << k;
        return 0;
    }

    /** Adds compile option {@code o} to {@code bits}; -1 if it is not a compile option. */
    private static int compileOption(Term o, int bits) {
        if (o instanceof Atom a) {
            switch (a.name()) {
                case "caseless", "multiline", "dotall", "extended", "unicode", "ucp", "dollar_endonly",
                     "no_auto_capture", "anchored" -> {
                    return bits | bit(a.name());
                }
                case "firstline", "dupnames", "no_start_optimize", "bsr_anycrlf", "bsr_unicode", "never_utf" -> {
                    return bits;
                }
                case "ungreedy" -> throw new Unsupported("ungreedy");
                default -> {
                    return -1;
                }
            }
        }
        if (o instanceof Tuple t && t.arity() == 2 && t.get(0) == NEWLINE) {
            Term v = t.get(1);
            if (v == Atom.of("lf")) return bits & ~bit("crlf");
            if (v == Atom.of("cr") || v == Atom.of("crlf") || v == Atom.of("anycrlf") || v == Atom.of("any")) {
                return bits | bit("crlf");
            }
            throw Errors.badarg();
        }
        return -1;
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported(String what) { super(what, null, false, false); }
    }

    // ---- compile ----

    @Bif(module = "re", value = "compile")
    public static Term compile(Term re) {
        return compile(re, Nil.NIL);
    }

    @Bif(module = "re", value = "compile")
    public static Term compile(Term re, Term options) {
        int bits = 0;
        for (Term o : ErlangBifs.properList(options)) {
            try {
                bits = compileOption(o, bits);
            } catch (Unsupported u) {
                return Tuple.of(Atom.ERROR, Tuple.of(Lists.fromString("jbeam: option " + u.getMessage() + " is not supported"), Small.ZERO));
            }
            if (bits < 0 && o != Atom.of("report_errors")) throw Errors.badarg();
            if (bits < 0) bits = 0;
        }
        try {
            return Tuple.of(Atom.OK, compiled(source(re, (bits & bit("unicode")) != 0), bits));
        } catch (Pcre.Error e) {
            return Tuple.of(Atom.ERROR, Tuple.of(Lists.fromString(e.getMessage()), Small.of(e.position)));
        }
    }

    /** The pattern as text: Latin-1 bytes, or UTF-8 with unicode (a list may hold any character then). */
    private static String source(Term re, boolean unicode) {
        if (re instanceof Binary b) {
            byte[] bytes = b.toByteArray();
            if (!unicode) return new String(bytes, StandardCharsets.ISO_8859_1);
            String s = org.gaoos.jbeam.term.Unicode.decodeUtf8Strict(bytes, 0, bytes.length);
            if (s == null) throw Errors.badarg();
            return s;
        }
        if (unicode) {
            Term bin = UnicodeBifs.charactersToBinary(re, Atom.UNICODE);
            if (!(bin instanceof Binary b)) throw Errors.badarg();
            return b.utf8String();
        }
        return new String(IoLists.toBytes(re), StandardCharsets.ISO_8859_1);
    }

    private static Term compiled(String source, int bits) throws Pcre.Error {
        byte[] src = source.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + src.length);
        buf.put(MAGIC).putInt(bits).put(src);
        Binary bin = Binary.adopt(buf.array());
        Pcre p = CACHE.get(bin);
        if (p == null) {
            p = Pcre.compile(source, new CompileOpts(bits).pcre());
            if (CACHE.size() > 4096) CACHE.clear();
            CACHE.put(bin, p);
        }
        return Tuple.of(new Term[] {RE_PATTERN, Small.of(p.groups), Small.of((bits & bit("unicode")) != 0 ? 1 : 0),
            Small.of((bits & bit("crlf")) != 0 ? 1 : 0), bin});
    }

    /** A compiled pattern tuple back to its translation and options; null if {@code t} is not one. */
    private static Object[] fromCompiled(Term t) {
        if (!(t instanceof Tuple tu) || tu.arity() != 5 || tu.get(0) != RE_PATTERN || !(tu.get(4) instanceof Binary bin)) return null;
        byte[] b = bin.toByteArray();
        if (b.length < MAGIC.length + 4 || !java.util.Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) return null;
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.position(MAGIC.length);
        int bits = buf.getInt();
        Pcre p = CACHE.get(bin);
        if (p == null) {
            String src = new String(b, MAGIC.length + 4, b.length - MAGIC.length - 4, StandardCharsets.UTF_8);
            try {
                p = Pcre.compile(src, new CompileOpts(bits).pcre());
            } catch (Pcre.Error e) {
                return null;
            }
            CACHE.put(bin, p);
        }
        return new Object[] {p, bits};
    }

    @Bif(module = "re", value = "inspect")
    public static Term inspect(Term mp, Term item) {
        Object[] c = fromCompiled(mp);
        if (c == null || item != NAMELIST) throw Errors.badarg();
        List<String> names = new ArrayList<>(((Pcre) c[0]).names.keySet());
        java.util.Collections.sort(names);
        ListBuilder lb = new ListBuilder();
        for (String n : names) lb.add(Binary.utf8(n));
        return Tuple.of(NAMELIST, lb.build());
    }

    @Bif(module = "re", value = "version")
    public static Term version() {
        return Binary.latin1("8.45 2021-06-15");
    }

    // ---- run ----

    @Bif(module = "re", value = "run")
    public static Term run(Term subject, Term re) {
        return run(subject, re, Nil.NIL);
    }

    @Bif(module = "re", value = "run")
    public static Term run(Term subject, Term re, Term options) {
        Term r = doRun(subject, re, options, true);
        if (r == null) throw Errors.badarg();
        return r;
    }

    /** re.erl's loop for replace/split: like run/3, errors as {error, _} tuples. */
    @Bif(module = "re", value = "internal_run")
    public static Term internalRun(Term subject, Term re, Term options, Term first) {
        Term r = doRun(subject, re, options, false);
        if (r == null) throw Errors.badarg();
        return r;
    }

    private static Term doRun(Term subject, Term re, Term options, boolean reportCompileErrors) {
        int compileBits = 0;
        boolean global = false, notempty = false, anchored = false, reportErrors = false;
        long offset = 0;
        Term captureSpec = Atom.of("all");
        Term captureType = INDEX;
        for (Term o : ErlangBifs.properList(options)) {
            if (o == Atom.of("global")) global = true;
            else if (o == Atom.of("notempty") || o == Atom.of("notempty_atstart")) notempty = true;
            else if (o == Atom.of("anchored")) anchored = true;
            else if (o == Atom.of("notbol") || o == Atom.of("noteol")) { /* rarely used: not emulated */ }
            else if (o == Atom.of("report_errors")) reportErrors = true;
            else if (o instanceof Tuple t && t.arity() == 2 && t.get(0) == OFFSET && t.get(1) instanceof Small s && s.value >= 0) offset = s.value;
            else if (o instanceof Tuple t && t.arity() == 2 && t.get(0) == CAPTURE) captureSpec = t.get(1);
            else if (o instanceof Tuple t && t.arity() == 3 && t.get(0) == CAPTURE) {
                captureSpec = t.get(1);
                captureType = t.get(2);
                if (captureType != INDEX && captureType != LIST && captureType != BINARY) return null;
            } else if (o instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom k
                    && (k.name().equals("match_limit") || k.name().equals("match_limit_recursion"))) { /* no limits */ }
            else {
                int b;
                try {
                    b = compileOption(o, compileBits);
                } catch (Unsupported u) {
                    return null;
                }
                if (b < 0) return null;
                compileBits = b;
            }
        }
        Pcre p;
        int bits;
        Object[] c = fromCompiled(re);
        if (c != null) {
            p = (Pcre) c[0];
            bits = (int) c[1];
            if ((compileBits & ~(bit("anchored") | bit("unicode"))) != 0) return null; // compile options with a compiled pattern
        } else {
            bits = compileBits;
            try {
                p = Pcre.compile(source(re, (bits & bit("unicode")) != 0), new CompileOpts(bits).pcre());
            } catch (Pcre.Error e) {
                if (reportErrors || !reportCompileErrors) {
                    return Tuple.of(Atom.ERROR, Tuple.of(Atom.of("compile"),
                            Tuple.of(Lists.fromString(e.getMessage()), Small.of(e.position))));
                }
                return null;
            }
        }
        if ((bits & bit("anchored")) != 0) anchored = true;
        boolean unicode = (bits & bit("unicode")) != 0;
        Subject subj = Subject.of(subject, unicode);
        if (subj == null || offset > subj.bytes.length) return null;
        int[] wanted = groupsWanted(p, captureSpec);
        if (wanted == null) return null;

        Matcher m = p.pattern.matcher(subj.text);
        m.useTransparentBounds(true).useAnchoringBounds(false);
        int from = subj.charAt((int) offset);
        List<Term> matches = new ArrayList<>();
        while (from <= subj.text.length()) {
            m.region(from, subj.text.length());
            boolean found = anchored ? m.lookingAt() : m.find();
            while (found && notempty && m.end() == m.start()) {
                if (anchored || m.end() >= subj.text.length()) {
                    found = false;
                } else {
                    m.region(m.start() + 1, subj.text.length());
                    found = m.find();
                }
            }
            if (!found) break;
            matches.add(captured(m, wanted, captureType, subj));
            if (!global) break;
            from = m.end() == m.start() ? m.end() + 1 : m.end();
            if (m.end() == m.start() && m.end() < subj.text.length() && Character.isHighSurrogate(subj.text.charAt(m.end()))) from++;
        }
        if (matches.isEmpty()) return NOMATCH;
        if (wanted.length == 0 && captureSpec == Atom.of("none")) return MATCH;
        return Tuple.of(MATCH, global ? Lists.of(matches) : matches.get(0));
    }

    /** Group numbers a capture spec asks for; null if it is malformed. */
    private static int[] groupsWanted(Pcre p, Term spec) {
        if (spec instanceof Atom a) {
            switch (a.name()) {
                case "all" -> {
                    int[] g = new int[p.groups + 1];
                    for (int k = 0; k <= p.groups; k++) g[k] = k;
                    return g;
                }
                case "all_but_first" -> {
                    int[] g = new int[p.groups];
                    for (int k = 0; k < p.groups; k++) g[k] = k + 1;
                    return g;
                }
                case "first" -> {
                    return new int[] {0};
                }
                case "none" -> {
                    return new int[0];
                }
                case "all_names" -> {
                    List<String> names = new ArrayList<>(p.names.keySet());
                    java.util.Collections.sort(names);
                    return names.stream().mapToInt(p.names::get).toArray();
                }
                default -> {
                    return null;
                }
            }
        }
        List<Integer> g = new ArrayList<>();
        Term l = spec;
        while (l instanceof Cons c) {
            Term h = c.head();
            if (h instanceof Small s) {
                g.add(s.value >= 0 && s.value <= p.groups ? (int) s.value : -1);
            } else {
                String name = h instanceof Atom at ? at.name() : h instanceof Binary b ? b.utf8String() : Lists.toStringOrNull(h);
                if (name == null) return null;
                Integer n = p.names.get(name);
                g.add(n == null ? -1 : n);
            }
            l = c.tail();
        }
        if (l != Nil.NIL) return null;
        return g.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Term captured(Matcher m, int[] wanted, Term type, Subject subj) {
        ListBuilder lb = new ListBuilder();
        for (int g : wanted) {
            int s = g < 0 ? -1 : m.start(g), e = g < 0 ? -1 : m.end(g);
            if (s < 0) {
                lb.add(type == INDEX ? Tuple.of(Small.MINUS_ONE, Small.ZERO) : type == LIST ? Nil.NIL : Binary.EMPTY);
                continue;
            }
            int bs = subj.byteAt(s), be = subj.byteAt(e);
            if (type == INDEX) {
                lb.add(Tuple.of(Small.of(bs), Small.of(be - bs)));
            } else if (type == BINARY) {
                lb.add(Binary.of(java.util.Arrays.copyOfRange(subj.bytes, bs, be)));
            } else {
                lb.add(subj.unicode ? Lists.fromString(subj.text.substring(s, e)) : Lists.fromBytes(subj.bytes, bs, be - bs));
            }
        }
        return lb.build();
    }

    /** The subject as bytes and as the text matched, with the char-to-byte offset map. */
    private record Subject(byte[] bytes, String text, boolean unicode, int[] byteOfChar) {
        static Subject of(Term t, boolean unicode) {
            byte[] bytes;
            try {
                if (t instanceof Binary b) bytes = b.toByteArray();
                else if (unicode) {
                    Term bin = UnicodeBifs.charactersToBinary(t, Atom.UNICODE);
                    if (!(bin instanceof Binary b)) return null;
                    bytes = b.toByteArray();
                } else bytes = IoLists.toBytes(t);
            } catch (ErlangException e) {
                return null;
            }
            if (!unicode) return new Subject(bytes, new String(bytes, StandardCharsets.ISO_8859_1), false, null);
            String text = org.gaoos.jbeam.term.Unicode.decodeUtf8Strict(bytes, 0, bytes.length);
            if (text == null) return null;
            int[] map = new int[text.length() + 1];
            int pos = 0;
            for (int k = 0; k < text.length(); k++) {
                map[k] = pos;
                char ch = text.charAt(k);
                if (Character.isHighSurrogate(ch)) {
                    map[++k] = pos;
                    pos += 4;
                } else {
                    pos += ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
                }
            }
            map[text.length()] = pos;
            return new Subject(bytes, text, true, map);
        }

        int byteAt(int charIndex) {
            return byteOfChar == null ? charIndex : byteOfChar[charIndex];
        }

        int charAt(int byteOffset) {
            if (byteOfChar == null) return byteOffset;
            int k = java.util.Arrays.binarySearch(byteOfChar, byteOffset);
            return k >= 0 ? k : -k - 1;
        }
    }
}
