package org.gaoos.jbeam.term;

/** Prints terms like {@code io_lib:write/1} ({@code ~w}), for debugging and error messages. */
public final class TermPrinter {
    private TermPrinter() {}

    public static String write(Term t) {
        StringBuilder sb = new StringBuilder();
        write(sb, t);
        return sb.toString();
    }

    public static void write(StringBuilder sb, Term t) {
        switch (t) {
            case Small s -> sb.append(s.value);
            case Big b -> sb.append(b.value());
            case Flonum f -> sb.append(FloatFormat.shortest(f.value));
            case Atom a -> writeAtom(sb, a);
            case Nil n -> sb.append("[]");
            case Cons c -> {
                sb.append('[');
                Term x = c;
                boolean first = true;
                while (x instanceof Cons cell) {
                    if (!first) sb.append(',');
                    first = false;
                    write(sb, cell.head());
                    x = cell.tail();
                }
                if (x != Nil.NIL) {
                    sb.append('|');
                    write(sb, x);
                }
                sb.append(']');
            }
            case Tuple tu -> {
                sb.append('{');
                for (int i = 0; i < tu.arity(); i++) {
                    if (i > 0) sb.append(',');
                    write(sb, tu.get(i));
                }
                sb.append('}');
            }
            case MapTerm m -> {
                sb.append("#{");
                Term[] ks = m.keysInIteratorOrder(), vs = m.valuesInIteratorOrder();
                for (int i = 0; i < ks.length; i++) {
                    if (i > 0) sb.append(',');
                    write(sb, ks[i]);
                    sb.append(" => ");
                    write(sb, vs[i]);
                }
                sb.append('}');
            }
            case Bitstring b -> {
                sb.append("<<");
                long whole = b.wholeBytes();
                for (long i = 0; i < whole; i++) {
                    if (i > 0) sb.append(',');
                    sb.append(b.byteAt(i));
                }
                int extra = (int) (b.bitSize() & 7);
                if (extra != 0) {
                    if (whole > 0) sb.append(',');
                    sb.append(b.byteAt(whole) >>> (8 - extra)).append(':').append(extra);
                }
                sb.append(">>");
            }
            case Pid p -> sb.append('<').append(nodeNumber(p.node, p.creation)).append('.')
                    .append(Integer.toUnsignedString(p.number)).append('.')
                    .append(Integer.toUnsignedString(p.serial)).append('>');
            case Port p -> sb.append("#Port<").append(nodeNumber(p.node, p.creation)).append('.')
                    .append(Long.toUnsignedString(p.number)).append('>');
            case Ref r -> {
                sb.append("#Ref<").append(nodeNumber(r.node, r.creation));
                for (int i = r.idCount() - 1; i >= 0; i--) sb.append('.').append(Integer.toUnsignedString(r.id(i)));
                sb.append('>');
            }
            case LocalFun f -> sb.append("#Fun<").append(f.module.name()).append('.')
                    .append(f.oldIndex).append('.').append(f.oldUniq).append('>');
            case ExportFun f -> {
                sb.append("fun ");
                writeAtom(sb, f.module);
                sb.append(':');
                writeAtom(sb, f.function);
                sb.append('/').append(f.arity);
            }
        }
    }

    /** 0 for this node; BEAM prints the node's slot in its dist table, unknown here. */
    private static String nodeNumber(Atom node, int creation) {
        return LocalNode.isLocal(node, creation) ? "0" : "1";
    }

    public static String atomText(Atom a) {
        StringBuilder sb = new StringBuilder();
        writeAtom(sb, a);
        return sb.toString();
    }

    /** io_lib:write_atom/1: quoted unless it is a plain lowercase name and not a reserved word. */
    public static void writeAtom(StringBuilder sb, Atom a) {
        String n = a.name();
        if (!needsQuotes(n)) {
            sb.append(n);
            return;
        }
        sb.append('\'');
        n.codePoints().forEach(cp -> appendQuotedChar(sb, cp));
        sb.append('\'');
    }

    private static void appendQuotedChar(StringBuilder sb, int cp) {
        switch (cp) {
            case '\'' -> sb.append("\\'");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0B -> sb.append("\\v");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case 0x1B -> sb.append("\\e");
            case 0x7F -> sb.append("\\d");
            default -> {
                if (cp < 0x20) sb.append('\\').append('^').append((char) (cp + 64));
                else if (cp >= 0x80 && cp < 0xA0) sb.append('\\').append(Integer.toOctalString(cp));
                else if (cp > 0xFF) sb.append("\\x{").append(Integer.toHexString(cp).toUpperCase()).append('}');
                else sb.appendCodePoint(cp);
            }
        }
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
            "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse",
            "receive", "rem", "try", "when", "xor", "maybe", "else");

    static boolean needsQuotes(String n) {
        if (n.isEmpty()) return true;
        int c0 = n.charAt(0);
        if (!isLower(c0)) return true;
        for (int i = 1; i < n.length(); i++) {
            int c = n.charAt(i);
            if (!(isLower(c) || isUpper(c) || (c >= '0' && c <= '9') || c == '_' || c == '@')) return true;
        }
        return RESERVED.contains(n);
    }

    private static boolean isLower(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
    }

    private static boolean isUpper(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
    }
}
