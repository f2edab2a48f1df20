package org.gaoos.jbeam.term;

/**
 * {@code hashCode} for compound terms, consistent with {@code =:=}: it looks at most
 * {@value #DEPTH} levels deep (equal terms agree on every prefix), so hashing never recurses
 * without bound however deeply a term is nested.
 */
final class JavaHash {
    private JavaHash() {}

    static final int DEPTH = 6;

    static int of(Term t, int depth) {
        if (depth <= 0) return t.typeRank() * 0x9E3779B1;
        switch (t) {
            case Tuple tu -> {
                int h = 0x7091e + tu.arity();
                for (int i = 0, n = tu.arity(); i < n; i++) h = h * 31 + of(tu.get(i), depth - 1);
                return h;
            }
            case Cons c -> {
                int h = 0x11;
                Term x = c;
                while (x instanceof Cons cell) {
                    h = h * 31 + of(cell.head(), depth - 1);
                    x = cell.tail();
                }
                return h * 31 + of(x, depth - 1);
            }
            case MapTerm m -> {
                Term[] ks = m.keysInIteratorOrder(), vs = m.valuesInIteratorOrder();
                int h = 0x3a9 + ks.length;
                for (int i = 0; i < ks.length; i++) h += of(ks[i], depth - 1) * 31 ^ of(vs[i], depth - 1);
                return h;
            }
            case LocalFun f -> {
                int h = (f.module.hashCode() * 31 + f.index) * 31 + f.oldUniq;
                for (int i = 0; i < f.numFree(); i++) h = h * 31 + of(f.free(i), depth - 1);
                return h;
            }
            default -> { return t.hashCode(); }
        }
    }
}
