package org.gaoos.jbeam.term;

/** The empty list {@code []}. A singleton: compare with {@code == Nil.NIL}. */
public final class Nil extends Term {
    public static final Nil NIL = new Nil();

    private Nil() {}

    @Override
    public boolean equals(Object other) { return this == other; }

    @Override
    public int hashCode() { return 0x4e11; }

    @Override
    int typeRank() { return RANK_NIL; }
}
