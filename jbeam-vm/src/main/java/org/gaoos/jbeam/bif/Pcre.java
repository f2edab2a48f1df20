package org.gaoos.jbeam.bif;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A PCRE pattern (the dialect of BEAM's {@code re} module) rewritten for java.util.regex. The
 * syntax is largely shared; what differs is rewritten: named groups (PCRE allows names Java does
 * not, and {@code (?P<n>)}, {@code (?'n')}) become numbered groups with the names kept here, so
 * group numbers are PCRE's; inside character classes {@code [} and {@code &} are literal and
 * POSIX classes ({@code [:alpha:]}) become {@code \p{Alpha}}; {@code (?#...)} comments are
 * dropped; a {@code {} that does not start a quantifier is literal. Constructs java.util.regex
 * lacks (recursion, branch reset, {@code \K}, callouts, the {@code ungreedy} option) are compile
 * errors naming the construct.
 */
final class Pcre {
    final Pattern pattern;
    /** Number of capturing groups. */
    final int groups;
    /** Group names to numbers, in pattern order. */
    final Map<String, Integer> names;

    private Pcre(Pattern pattern, int groups, Map<String, Integer> names) {
        this.pattern = pattern;
        this.groups = groups;
        this.names = names;
    }

    /** A compile error: PCRE's message and the position in the pattern. */
    static final class Error extends Exception {
        final int position;

        Error(String message, int position) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    /** Compile options that change the translation or the Java flags. */
    record Options(boolean caseless, boolean multiline, boolean dotall, boolean extended, boolean unicode,
                   boolean ucp, boolean dollarEndOnly, boolean noAutoCapture, boolean anyNewline) {}

    static Pcre compile(String src, Options o) throws Error {
        Translation t = new Translation(src, o);
        String java = t.run();
        int flags = 0;
        if (o.caseless) flags |= Pattern.CASE_INSENSITIVE | (o.unicode ? Pattern.UNICODE_CASE : 0);
        if (o.multiline) flags |= Pattern.MULTILINE;
        if (o.dotall) flags |= Pattern.DOTALL;
        if (o.extended) flags |= Pattern.COMMENTS;
        if (o.ucp) flags |= Pattern.UNICODE_CHARACTER_CLASS;
        if (!o.anyNewline) flags |= Pattern.UNIX_LINES;
        try {
            return new Pcre(Pattern.compile(java, flags), t.groups, t.names);
        } catch (PatternSyntaxException e) {
            throw new Error(e.getDescription(), Math.max(0, Math.min(src.length(), e.getIndex())));
        }
    }

    private static final class Translation {
        final String s;
        final Options o;
        final StringBuilder out = new StringBuilder();
        int groups;
        final Map<String, Integer> names = new LinkedHashMap<>();
        int i;

        Translation(String s, Options o) {
            this.s = s;
            this.o = o;
        }

        String run() throws Error {
            // First pass: number the named groups, so back references may come before them.
            numberGroups();
            groups = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> charClass();
                    case '(' -> group();
                    case '{' -> brace();
                    case '$' -> {
                        out.append(o.dollarEndOnly && !o.multiline ? "\\z" : "$");
                        i++;
                    }
                    case '#' -> {
                        if (o.extended) {
                            while (i < s.length() && s.charAt(i) != '\n') i++;
                        } else {
                            out.append(c);
                            i++;
                        }
                    }
                    default -> {
                        out.append(c);
                        i++;
                    }
                }
            }
            return out.toString();
        }

        private final Map<String, Integer> numbered = new LinkedHashMap<>();

        private void numberGroups() {
            int n = 0;
            boolean inClass = false;
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c == '\\') {
                    k++;
                } else if (inClass) {
                    if (c == ']') inClass = false;
                } else if (c == '[') {
                    inClass = true;
                    if (k + 1 < s.length() && s.charAt(k + 1) == '^') k++;
                    if (k + 1 < s.length() && s.charAt(k + 1) == ']') k++;
                } else if (c == '(') {
                    String name = groupName(k);
                    if (name != null) {
                        n++;
                        numbered.putIfAbsent(name, n);
                    } else if (k + 1 < s.length() && s.charAt(k + 1) != '?' && s.charAt(k + 1) != '*' && !o.noAutoCapture) {
                        n++;
                    }
                }
            }
        }

        /** The name if a named group starts at {@code k}: (?<n>, (?P<n>, (?'n'. */
        private String groupName(int k) {
            String rest = s.substring(k);
            int start;
            char close;
            if (rest.startsWith("(?<") && rest.length() > 3 && rest.charAt(3) != '=' && rest.charAt(3) != '!') {
                start = 3;
                close = '>';
            } else if (rest.startsWith("(?P<")) {
                start = 4;
                close = '>';
            } else if (rest.startsWith("(?'")) {
                start = 3;
                close = '\'';
            } else {
                return null;
            }
            int end = rest.indexOf(close, start);
            return end < 0 ? null : rest.substring(start, end);
        }

        private void group() throws Error {
            String name = groupName(i);
            if (name != null) {
                groups++;
                names.putIfAbsent(name, groups);
                out.append('(');
                i = s.indexOf(s.startsWith("(?'", i) ? '\'' : '>', i + 3) + 1;
                return;
            }
            String rest = s.substring(i);
            if (rest.startsWith("(?#")) {
                int end = s.indexOf(')', i);
                if (end < 0) throw new Error("missing ) after comment", s.length());
                i = end + 1;
                return;
            }
            if (rest.startsWith("(?P=")) {
                int end = s.indexOf(')', i);
                backrefByName(s.substring(i + 4, end));
                i = end + 1;
                return;
            }
            if (rest.startsWith("(?R") || rest.startsWith("(?P>") || rest.startsWith("(?&") || rest.startsWith("(?|")
                    || rest.startsWith("(?C") || rest.startsWith("(*") || rest.matches("(?s)\\(\\?[+-]?[0-9].*")) {
                throw new Error("jbeam: this PCRE construct is not supported", i);
            }
            if (rest.startsWith("(?")) {
                out.append("(?");
                i += 2;
                return;
            }
            groups++;
            out.append(o.noAutoCapture ? "(?:" : "(");
            if (o.noAutoCapture) groups--;
            i++;
        }

        private void backrefByName(String name) throws Error {
            Integer n = numbered.get(name);
            if (n == null) throw new Error("reference to non-existent subpattern", i);
            out.append("(?:\\").append(n).append(')');
        }

        private void escape() throws Error {
            if (i + 1 >= s.length()) throw new Error("\\ at end of pattern", i);
            char n = s.charAt(i + 1);
            switch (n) {
                case 'Q' -> {
                    int end = s.indexOf("\\E", i + 2);
                    String lit = end < 0 ? s.substring(i + 2) : s.substring(i + 2, end);
                    out.append(Pattern.quote(lit));
                    i = end < 0 ? s.length() : end + 2;
                }
                case 'E' -> i += 2;
                case 'K' -> throw new Error("jbeam: \\K is not supported", i);
                case 'g' -> {
                    // \g{n}, \gn, \g{-n}, \g{name}
                    int j = i + 2;
                    String ref;
                    if (j < s.length() && s.charAt(j) == '{') {
                        int end = s.indexOf('}', j);
                        if (end < 0) throw new Error("malformed \\g", i);
                        ref = s.substring(j + 1, end);
                        i = end + 1;
                    } else {
                        int k = j;
                        while (k < s.length() && (Character.isDigit(s.charAt(k)) || (k == j && s.charAt(k) == '-'))) k++;
                        ref = s.substring(j, k);
                        i = k;
                    }
                    if (ref.matches("-?[0-9]+")) {
                        int num = Integer.parseInt(ref);
                        if (num < 0) num = groups + 1 + num;
                        out.append("(?:\\").append(num).append(')');
                    } else {
                        backrefByName(ref);
                    }
                }
                case 'k' -> {
                    char open = i + 2 < s.length() ? s.charAt(i + 2) : ' ';
                    char close = open == '<' ? '>' : open == '{' ? '}' : open == '\'' ? '\'' : 0;
                    if (close == 0) throw new Error("\\k is not followed by a name", i);
                    int end = s.indexOf(close, i + 3);
                    if (end < 0) throw new Error("malformed \\k", i);
                    backrefByName(s.substring(i + 3, end));
                    i = end + 1;
                }
                case 'o' -> {
                    int end = s.indexOf('}', i);
                    out.append("\\x{").append(Integer.toHexString(Integer.parseInt(s.substring(i + 3, end), 8))).append('}');
                    i = end + 1;
                }
                default -> {
                    out.append('\\').append(n);
                    i += 2;
                }
            }
        }

        private static final Map<String, String> POSIX = Map.ofEntries(
                Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
                Map.entry("space", "\\s\\x0B"), Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"),
                Map.entry("punct", "\\p{Punct}"), Map.entry("xdigit", "\\p{XDigit}"), Map.entry("cntrl", "\\p{Cntrl}"),
                Map.entry("print", "\\p{Print}"), Map.entry("graph", "\\p{Graph}"), Map.entry("blank", "\\p{Blank}"),
                Map.entry("word", "\\w"), Map.entry("ascii", "\\p{ASCII}"));

        private void charClass() throws Error {
            int start = i;
            out.append('[');
            i++;
            if (i < s.length() && s.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            if (i < s.length() && s.charAt(i) == ']') {
                out.append("\\]");
                i++;
            }
            while (true) {
                if (i >= s.length()) throw new Error("missing terminating ] for character class", start);
                char c = s.charAt(i);
                if (c == ']') {
                    out.append(']');
                    i++;
                    return;
                }
                if (c == '\\') {
                    if (i + 1 >= s.length()) throw new Error("\\ at end of pattern", i);
                    char n = s.charAt(i + 1);
                    if (n == 'Q') {
                        int end = s.indexOf("\\E", i + 2);
                        String lit = end < 0 ? s.substring(i + 2) : s.substring(i + 2, end);
                        for (char x : lit.toCharArray()) out.append('\\').append(x);
                        i = end < 0 ? s.length() : end + 2;
                    } else if (n == 'E') {
                        i += 2;
                    } else {
                        out.append(c).append(n);
                        i += 2;
                    }
                } else if (c == '[' && s.startsWith("[:", i)) {
                    int end = s.indexOf(":]", i + 2);
                    if (end < 0) throw new Error("unknown POSIX class name", i);
                    String name = s.substring(i + 2, end);
                    boolean neg = name.startsWith("^");
                    String java = POSIX.get(neg ? name.substring(1) : name);
                    if (java == null) throw new Error("unknown POSIX class name", i);
                    if (neg) out.append("[^").append(java).append(']');
                    else out.append(java);
                    i = end + 2;
                } else if (c == '[' || c == '&' || (c == ' ' && o.extended) || (c == '#' && o.extended)) {
                    out.append('\\').append(c);
                    i++;
                } else {
                    out.append(c);
                    i++;
                }
            }
        }

        /** A { that is not a quantifier {n}, {n,} or {n,m} is a literal. */
        private void brace() {
            int end = s.indexOf('}', i);
            if (end > 0 && s.substring(i + 1, end).matches("[0-9]+(,[0-9]*)?")) {
                out.append(s, i, end + 1);
                i = end + 1;
            } else {
                out.append("\\{");
                i++;
            }
        }
    }
}
