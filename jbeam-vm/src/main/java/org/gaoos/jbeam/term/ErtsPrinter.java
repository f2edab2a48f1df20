package org.gaoos.jbeam.term;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Terms as the runtime system itself prints them (erl_printf_term.c, {@code %T}): what
 * {@code erlang:display/1}, {@code erts_internal:term_to_string/2} and the VM's own messages
 * (crash slogans, "no logger present") show. Unlike {@code io_lib:write/1}: lists of Latin-1
 * printable characters print as strings, printable ASCII binaries as {@code <<"...">>}, floats as
 * {@code %e} ({@code 1.500000e+00}), maps as {@code #{k=>v}}, and an atom is quoted unless it is
 * a lowercase Latin-1 name of letters, digits and underscores (reserved words are not quoted,
 * {@code @} is). Output is bytes: atom names in UTF-8, string characters as single bytes.
 */
public final class ErtsPrinter {
    private ErtsPrinter() {}

    /** The term's text, at most about {@code limit} terms and characters deep ("... " if cut). */
    public static byte[] print(Term t, long limit) {
        Out out = new Out(limit);
        try {
            out.term(t);
        } catch (Out.Cut c) {
            out.bytes.writeBytes("... ".getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.bytes.toByteArray();
    }

    public static String printLatin1(Term t) {
        return new String(print(t, Long.MAX_VALUE), StandardCharsets.ISO_8859_1);
    }

    private static final class Out {
        static final class Cut extends RuntimeException {
            Cut() { super(null, null, false, false); }
        }

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long count;

        Out(long limit) { count = limit; }

        void tick() {
            if (count-- <= 0) throw new Cut();
        }

        void s(String ascii) {
            bytes.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
        }

        void c(int b) { bytes.write(b); }

        void term(Term t) {
            tick();
            switch (t) {
                case Nil n -> s("[]");
                case Atom a -> atom(a);
                case Small x -> s(Long.toString(x.value));
                case Big b -> s(b.value().toString());
                case Flonum f -> s(String.format(java.util.Locale.ROOT, "%.6e", f.value));
                case Ref r -> {
                    s("#Ref<" + (LocalNode.isLocal(r.node, r.creation) ? "0" : "1"));
                    for (int i = r.idCount() - 1; i >= 0; i--) s("." + Integer.toUnsignedString(r.id(i)));
                    c('>');
                }
                case Pid p -> s(TermPrinter.write(p));
                case Port p -> s(TermPrinter.write(p));
                case Cons cell -> list(cell);
                case Tuple tu -> {
                    c('{');
                    for (int i = 0; i < tu.arity(); i++) {
                        if (i > 0) c(',');
                        term(tu.get(i));
                    }
                    c('}');
                }
                case Bitstring b -> bitstring(b);
                case LocalFun f -> {
                    s("#Fun<");
                    bytes.writeBytes(f.module.name().getBytes(StandardCharsets.UTF_8));
                    s("." + f.oldIndex + "." + f.oldUniq + ">");
                }
                case ExportFun f -> {
                    s("fun ");
                    atom(f.module);
                    c(':');
                    atom(f.function);
                    s("/" + f.arity);
                }
                case MapTerm m -> {
                    s("#{");
                    Term[] ks = m.keysInIteratorOrder(), vs = m.valuesInIteratorOrder();
                    for (int i = 0; i < ks.length; i++) {
                        if (i > 0) c(',');
                        term(ks[i]);
                        s("=>");
                        term(vs[i]);
                    }
                    c('}');
                }
            }
        }

        void list(Cons cell) {
            if (printable(cell)) {
                c('"');
                for (Term x = cell; x instanceof Cons k; x = k.tail()) {
                    tick();
                    int ch = (int) ((Small) k.head()).value;
                    if (ch == '\n') {
                        s("\\n");
                    } else {
                        if (ch == '"') c('\\');
                        c(ch);
                    }
                }
                c('"');
                return;
            }
            c('[');
            Term x = cell;
            boolean first = true;
            while (x instanceof Cons k) {
                if (!first) c(',');
                first = false;
                term(k.head());
                x = k.tail();
            }
            if (x != Nil.NIL) {
                c('|');
                term(x);
            }
            c(']');
        }

        void bitstring(Bitstring b) {
            long whole = b.wholeBytes();
            int tail = (int) (b.bitSize() & 7);
            boolean ascii = tail == 0 && whole > 0;
            for (long i = 0; ascii && i < whole; i++) {
                int o = b.byteAt(i);
                if (o < ' ' || o >= 127) ascii = false;
            }
            if (ascii) {
                s("<<\"");
                for (long i = 0; i < whole; i++) {
                    int o = b.byteAt(i);
                    if (o == '"') c('\\');
                    c(o);
                    tick();
                }
                s("\">>");
                return;
            }
            s("<<");
            for (long i = 0; i < whole; i++) {
                if (i > 0) c(',');
                s(Integer.toString(b.byteAt(i)));
                tick();
            }
            if (tail != 0) {
                if (whole > 0) c(',');
                s((b.byteAt(whole) >>> (8 - tail)) + ":" + tail);
            }
            s(">>");
        }

        void atom(Atom a) {
            String n = a.name();
            count -= n.length();
            if (n.isEmpty()) {
                s("''");
                return;
            }
            boolean quote = !lower(n.codePointAt(0));
            for (int i = 0; !quote && i < n.length(); i = n.offsetByCodePoints(i, 1)) {
                int cp = n.codePointAt(i);
                if (!(lower(cp) || upper(cp) || (cp >= '0' && cp <= '9') || cp == '_')) quote = true;
            }
            if (quote) c('\'');
            for (int i = 0; i < n.length(); i = n.offsetByCodePoints(i, 1)) {
                int cp = n.codePointAt(i);
                switch (cp) {
                    case '\'' -> s("\\'");
                    case '\\' -> s("\\\\");
                    case '\n' -> s("\\n");
                    case '\f' -> s("\\f");
                    case '\t' -> s("\\t");
                    case '\r' -> s("\\r");
                    case '\b' -> s("\\b");
                    case 0x0B -> s("\\v");
                    default -> {
                        if (cp < ' ' || (cp >= 0x80 && cp < 0xA0)) s("\\" + Integer.toOctalString(cp));
                        else bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            if (quote) c('\'');
        }

        static boolean lower(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 128 + 95 && c <= 255 && c != 247);
        }

        static boolean upper(int c) {
            return (c >= 'A' && c <= 'Z') || (c >= 128 + 64 && c <= 128 + 94 && c != 247 - 32);
        }

        /** A non-empty flat list of Latin-1 characters that are printable or white space. */
        static boolean printable(Cons cell) {
            Term x = cell;
            while (x instanceof Cons k) {
                if (!(k.head() instanceof Small sm) || sm.value < 0 || sm.value > 255) return false;
                int ch = (int) sm.value;
                boolean cntrl = ch < ' ' || ch == 127 || (ch >= 128 && ch < 160);
                boolean space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
                if (cntrl && !space) return false;
                x = k.tail();
            }
            return x == Nil.NIL;
        }
    }
}
