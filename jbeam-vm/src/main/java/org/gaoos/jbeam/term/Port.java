package org.gaoos.jbeam.term;

/** A port identifier: node, number and the node's creation. */
public final class Port extends Term {
    public final Atom node;
    public final long number;
    public final int creation;

    public Port(Atom node, long number, int creation) {
        this.node = node;
        this.number = number;
        this.creation = creation;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Port p && p.number == number && p.node == node
                && p.creation == creation;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(number) * 31 + node.hashCode()) * 31 + creation;
    }

    @Override
    int typeRank() { return RANK_PORT; }
}
