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
        if (!(other instanceof Cons c)) return false;
        if (hash != 0 && c.hash != 0 && hash != c.hash) return false;
        return TermOrder.compare(this, c, true) == 0;
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
    int typeRank() { return RANK_LIST; }
}
