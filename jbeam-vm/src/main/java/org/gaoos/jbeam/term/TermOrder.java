package org.gaoos.jbeam.term;

import java.util.Arrays;

/**
 * Erlang's term order, following erts_cmp in erts/emulator/beam/utils.c. In arithmetic mode
 * ({@code exact=false}, the {@code <}/{@code ==} operators) integers and floats compare by value;
 * in exact mode (map key order, {@code =:=}) all integers sort before all floats and -0.0 &lt; 0.0.
 */
public final class TermOrder {
    private TermOrder() {}

    public static int compare(Term a, Term b, boolean exact) {
        return compare(a, b, exact, 0);
    }

    /** Beyond this nesting depth, compound terms are compared with an explicit stack. */
    private static final int MAX_RECURSION = 400;

    private static int compare(Term a, Term b, boolean exact, int depth) {
        if (a == b) return 0;
        // Fast paths for the common cases.
        if (a instanceof Small x && b instanceof Small y) return Long.compare(x.value, y.value);
        if (a instanceof Atom x && b instanceof Atom y) return Atom.compareNames(x, y);
        int ra = a.typeRank(), rb = b.typeRank();
        if (ra != rb) return ra < rb ? -1 : 1;
        if (depth > MAX_RECURSION && (a instanceof Tuple || a instanceof Cons || a instanceof MapTerm
                || a instanceof LocalFun)) {
            return compareIteratively(a, b, exact);
        }
        switch (a) {
            case Int x when b instanceof Int y -> { return compareInts(x, y); }
            case Flonum x when b instanceof Flonum y -> {
                if (exact) return Long.compare(sortable(x.value), sortable(y.value));
                return Double.compare(x.value + 0.0, y.value + 0.0); // -0.0 == 0.0
            }
            case Int x -> { return exact ? -1 : -compareFloatInt(((Flonum) b).value, x); }
            case Flonum x -> { return exact ? 1 : compareFloatInt(x.value, (Int) b); }
            case Atom x -> { return Atom.compareNames(x, (Atom) b); }
            case Ref x -> {
                Ref y = (Ref) b;
                int c = compareNodes(x.node, x.creation, y.node, y.creation);
                return c != 0 ? c : Ref.compareIds(x, y);
            }
            case Fun x -> { return compareFuns(x, (Fun) b, exact, depth); }
            case Port x -> {
                Port y = (Port) b;
                int c = compareNodes(x.node, x.creation, y.node, y.creation);
                return c != 0 ? c : Long.compareUnsigned(x.number, y.number) < 0 ? -1
                        : x.number == y.number ? 0 : 1;
            }
            case Pid x -> {
                Pid y = (Pid) b;
                if (x.serial != y.serial) return Integer.compareUnsigned(x.serial, y.serial) < 0 ? -1 : 1;
                if (x.number != y.number) return Integer.compareUnsigned(x.number, y.number) < 0 ? -1 : 1;
                return compareNodes(x.node, x.creation, y.node, y.creation);
            }
            case Tuple x -> {
                Tuple y = (Tuple) b;
                if (x.arity() != y.arity()) return x.arity() < y.arity() ? -1 : 1;
                for (int i = 0, n = x.arity(); i < n; i++) {
                    int c = compare(x.get(i), y.get(i), exact, depth + 1);
                    if (c != 0) return c;
                }
                return 0;
            }
            case MapTerm x -> { return compareMaps(x, (MapTerm) b, exact, depth); }
            case Nil x -> { return 0; }
            case Cons x -> { return compareLists(x, (Cons) b, exact, depth); }
            case Bitstring x -> { return Bitstring.compareBits(x, (Bitstring) b); }
        }
    }

    /** Small-map key order: as exact term order, but atoms by atom-table index. */
    static int compareFlatmapKeys(Term a, Term b) {
        if (a instanceof Atom x && b instanceof Atom y) return Integer.compare(x.index(), y.index());
        return compare(a, b, true);
    }

    static int compareInts(Int x, Int y) {
        if (x instanceof Small s && y instanceof Small t) return Long.compare(s.value, t.value);
        return Integer.signum(x.bigValue().compareTo(y.bigValue()));
    }

    /** Compares a float with an integer by exact mathematical value. */
    static int compareFloatInt(double f, Int i) {
        if (i instanceof Small s) {
            long v = s.value;
            if (f < 0x1p63 && f >= -0x1p63) {
                // f is within long range: compare via the integer part then fraction.
                long fl = (long) f; // truncates toward zero
                if (fl != v) return fl < v ? -1 : 1;
                double frac = f - (double) fl;
                return frac > 0 ? 1 : frac < 0 ? -1 : 0;
            }
            return f > 0 ? 1 : -1;
        }
        java.math.BigDecimal fd = new java.math.BigDecimal(f);
        return Integer.signum(fd.compareTo(new java.math.BigDecimal(i.bigValue())));
    }

    /** Maps a double's bits to a long that sorts like the float, with -0.0 &lt; 0.0. */
    static long sortable(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits < 0 ? ~bits ^ Long.MIN_VALUE : bits;
    }

    private static int compareNodes(Atom an, int ac, Atom bn, int bc) {
        if (an != bn) return Atom.compareNames(an, bn);
        if (ac != bc) return Integer.compareUnsigned(ac, bc) < 0 ? -1 : 1;
        return 0;
    }

    /** The fun's own fields (not the environment); 0 if they are equal. */
    private static int compareFunHeads(Fun a, Fun b) {
        if (a instanceof LocalFun x && b instanceof LocalFun y) {
            int c = Atom.compareNames(x.module, y.module);
            if (c != 0) return c;
            if (x.index != y.index) return x.index < y.index ? -1 : 1;
            if (x.oldUniq != y.oldUniq) return x.oldUniq < y.oldUniq ? -1 : 1;
            if (x.numFree() != y.numFree()) return x.numFree() < y.numFree() ? -1 : 1;
            return 0;
        }
        if (a instanceof ExportFun x && b instanceof ExportFun y) {
            int c = Atom.compareNames(x.module, y.module);
            if (c != 0) return c;
            c = Atom.compareNames(x.function, y.function);
            if (c != 0) return c;
            return Integer.compare(x.arity, y.arity);
        }
        return a instanceof ExportFun ? 1 : -1; // external funs sort after local ones
    }

    private static int compareFuns(Fun a, Fun b, boolean exact, int depth) {
        int c = compareFunHeads(a, b);
        if (c != 0 || !(a instanceof LocalFun x)) return c;
        LocalFun y = (LocalFun) b;
        for (int i = 0; i < x.numFree(); i++) {
            c = compare(x.free(i), y.free(i), exact, depth + 1);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int compareLists(Cons a, Cons b, boolean exact, int depth) {
        Term x = a, y = b;
        while (x instanceof Cons cx && y instanceof Cons cy) {
            if (cx == cy) return 0;
            int c = compare(cx.head(), cy.head(), exact, depth + 1);
            if (c != 0) return c;
            x = cx.tail();
            y = cy.tail();
        }
        return compare(x, y, exact, depth + 1);
    }

    /**
     * The same order computed with an explicit stack of pending (a, b, exact) comparisons, for
     * terms nested deeper than the JVM stack allows (BEAM's erts_cmp is iterative too).
     */
    static int compareIteratively(Term a0, Term b0, boolean exact0) {
        Object[] st = new Object[48];
        int sp = 0;
        st[sp++] = a0;
        st[sp++] = b0;
        st[sp++] = exact0;
        while (sp > 0) {
            boolean exact = (Boolean) st[--sp];
            Term b = (Term) st[--sp], a = (Term) st[--sp];
            st[sp] = st[sp + 1] = st[sp + 2] = null;
            if (a == b) continue;
            int ra = a.typeRank(), rb = b.typeRank();
            if (ra != rb) return ra < rb ? -1 : 1;
            // Children to compare next, in order; pushed in reverse.
            Term[] xs, ys;
            boolean[] ex;
            switch (a) {
                case Tuple x -> {
                    Tuple y = (Tuple) b;
                    if (x.arity() != y.arity()) return x.arity() < y.arity() ? -1 : 1;
                    xs = x.toArray();
                    ys = y.toArray();
                    ex = null;
                }
                case Cons x -> {
                    Cons y = (Cons) b;
                    xs = new Term[] {x.head(), x.tail()};
                    ys = new Term[] {y.head(), y.tail()};
                    ex = null;
                }
                case MapTerm x -> {
                    MapTerm y = (MapTerm) b;
                    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
                    Term[] xk = x.sortedKeys(), yk = y.sortedKeys();
                    int n = xk.length;
                    xs = new Term[2 * n];
                    ys = new Term[2 * n];
                    ex = new boolean[2 * n];
                    for (int i = 0; i < n; i++) {
                        xs[i] = xk[i];
                        ys[i] = yk[i];
                        ex[i] = true; // keys compare exactly
                        xs[n + i] = x.get(xk[i]);
                        ys[n + i] = y.get(yk[i]);
                        ex[n + i] = exact;
                    }
                }
                case LocalFun x when b instanceof LocalFun y -> {
                    int c = compareFunHeads(x, y);
                    if (c != 0) return c;
                    xs = x.env();
                    ys = y.env();
                    ex = null;
                }
                default -> {
                    int c = compare(a, b, exact, 0); // not compound: no recursion
                    if (c != 0) return c;
                    continue;
                }
            }
            int n = xs.length;
            if (sp + 3 * n > st.length) st = java.util.Arrays.copyOf(st, Math.max(st.length * 2, sp + 3 * n));
            for (int i = n - 1; i >= 0; i--) {
                st[sp++] = xs[i];
                st[sp++] = ys[i];
                st[sp++] = ex == null ? exact : ex[i];
            }
        }
        return 0;
    }

    /**
     * Maps: by size, then the keys in (exact) term order, then the values in key order.
     */
    private static int compareMaps(MapTerm a, MapTerm b, boolean exact, int depth) {
        if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
        int n = a.size();
        if (n == 0) return 0;
        Term[] ak = a.sortedKeys(), bk = b.sortedKeys();
        for (int i = 0; i < n; i++) {
            int c = compare(ak[i], bk[i], true, depth + 1);
            if (c != 0) return c;
        }
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(ak[i]), b.get(bk[i]), exact, depth + 1);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Sorts terms in place by exact term order. */
    static void sortExact(Term[] terms) {
        Arrays.sort(terms, (p, q) -> compare(p, q, true));
    }
}
