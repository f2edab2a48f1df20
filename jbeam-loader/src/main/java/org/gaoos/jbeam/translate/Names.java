package org.gaoos.jbeam.translate;

import java.util.HashSet;
import java.util.Set;

/** JVM names for Erlang modules and functions (JVM names exclude {@code . ; [ / < >}). */
final class Names {
    private Names() {}

    /** The package the hidden classes live in: the loader's own (hidden classes must). */
    static final String PACKAGE = "org/gaoos/jbeam/translate/";

    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '.' || c == ';' || c == '[' || c == '/' || c == '<' || c == '>' || c == '\\' ? '_' : c);
        }
        return sb.toString();
    }

    static String className(String module) {
        return PACKAGE + "erl$" + sanitize(module);
    }

    /** Unique method names: {@code name$arity}, disambiguated if sanitising collides. */
    static final class Methods {
        private final Set<String> used = new HashSet<>(Set.of("dispatch", "<init>", "<clinit>"));

        String name(String function, int arity) {
            String base = sanitize(function) + "$" + arity;
            String n = base;
            for (int i = 2; !used.add(n); i++) n = base + "$" + i;
            return n;
        }
    }
}
