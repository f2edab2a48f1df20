package org.gaoos.jbeam.term;

/**
 * A list cell {@code [Head | Tail]}. The tail may be any term (improper lists). Cells are
 * immutable once published; {@link ListBuilder} fills the tail of the last cell while building a
 * list front to back, before anyone else can see it.
 */
public final class Cons extends Term {
    private final Term head;
    private Term tail; // written only by ListBuilder before publication
    private int hash;  // lazily computed, 0 = not yet

    public Cons(Term head, Term tail) {
        this.head = head;
        this.tail = tail;
    }

    public Term head() { return head; }

    public Term tail() { return tail; }

    void setTail(Term tail) { this.tail = tail; }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof Cons)) return false;
        Term a = this, b = (Term) other;
        while (a instanceof Cons ca && b instanceof Cons cb) {
            if (ca == cb) return true;
            if (ca.hash != 0 && cb.hash != 0 && ca.hash != cb.hash) return false;
            if (!ca.head.equals(cb.head)) return false;
            a = ca.tail;
            b = cb.tail;
        }
        return a.equals(b);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h != 0) return h;
        // Iterative over the spine: hash(tail) combined back to front would recurse; instead
        // combine front to back with a length-sensitive mix, which is consistent with equals.
        h = 0x11;
        Term t = this;
        while (t instanceof Cons c) {
            h = h * 31 + c.head.hashCode();
            t = c.tail;
        }
        h = h * 31 + t.hashCode();
        if (h == 0) h = 1;
        hash = h;
        return h;
    }

    @Override
    int typeRank() { return RANK_LIST; }
}
