package org.gaoos.jbeam.term;

/** A tuple. The element array is never exposed for mutation. */
public final class Tuple extends Term {
    public static final Tuple EMPTY = new Tuple(new Term[0]);

    private final Term[] elems;
    private int hash; // lazily computed, 0 = not yet

    private Tuple(Term[] elems) {
        this.elems = elems;
    }

    /** A tuple of copies of the given elements. */
    public static Tuple of(Term... elems) {
        if (elems.length == 0) return EMPTY;
        return new Tuple(elems.clone());
    }

    /**
     * A tuple that takes ownership of {@code elems} without copying: the caller must never modify
     * the array afterwards (for generated code and BIFs that build a fresh array).
     */
    public static Tuple adopt(Term[] elems) {
        if (elems.length == 0) return EMPTY;
        return new Tuple(elems);
    }

    public static Tuple of(Term a, Term b) { return new Tuple(new Term[] {a, b}); }

    public static Tuple of(Term a, Term b, Term c) { return new Tuple(new Term[] {a, b, c}); }

    public int arity() { return elems.length; }

    /** Element at a zero-based index. */
    public Term get(int index) { return elems[index]; }

    /** A copy with element {@code index} (zero-based) replaced (setelement/3). */
    public Tuple with(int index, Term value) {
        Term[] copy = elems.clone();
        copy[index] = value;
        return new Tuple(copy);
    }

    /** A fresh copy of the elements. */
    public Term[] toArray() { return elems.clone(); }

    /** Copies elements [from, from+len) into dst at dstPos. */
    public void copyTo(int from, Term[] dst, int dstPos, int len) {
        System.arraycopy(elems, from, dst, dstPos, len);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof Tuple t) || t.elems.length != elems.length) return false;
        if (hash != 0 && t.hash != 0 && hash != t.hash) return false;
        return TermOrder.compare(this, t, true) == 0;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = JavaHash.of(this, JavaHash.DEPTH);
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    @Override
    int typeRank() { return RANK_TUPLE; }
}
