package org.gaoos.jbeam.term;

/**
 * Builds a list front to back in O(1) per element without reversing. Not thread-safe; the list
 * must not be shared until {@link #build} returns.
 */
public final class ListBuilder {
    private Cons first, last;
    private int length;

    public ListBuilder add(Term element) {
        Cons c = new Cons(element, Nil.NIL);
        if (last == null) first = c; else last.setTail(c);
        last = c;
        length++;
        return this;
    }

    public int length() { return length; }

    /** The proper list built so far. */
    public Term build() {
        return build(Nil.NIL);
    }

    /** The list with {@code tail} as its final tail (may be improper). */
    public Term build(Term tail) {
        if (first == null) return tail;
        last.setTail(tail);
        Term result = first;
        first = last = null;
        length = 0;
        return result;
    }
}
