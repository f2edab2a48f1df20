package org.gaoos.conformance;

/** Writes the few Erlang term forms the runner's option and job files use (read by file:consult/1). */
final class ErlTerms {
    private ErlTerms() {}

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    static String atom(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** An erlc flag as a compile option: {@code +no_copt} is {@code no_copt}. */
    static String compileOption(String flag) {
        if (!flag.startsWith("+")) {
            throw new IllegalArgumentException("not an erlc +option: " + flag);
        }
        return atom(flag.substring(1));
    }

    /** The protocol's escaping (conformance_report:escape/1) undone. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
