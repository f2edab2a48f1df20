package org.gaoos.jbeam.term;

/** A process identifier: node, number, serial and the node's creation. */
public final class Pid extends Term {
    public final Atom node;
    public final int number;
    public final int serial;
    public final int creation;

    public Pid(Atom node, int number, int serial, int creation) {
        this.node = node;
        this.number = number;
        this.serial = serial;
        this.creation = creation;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pid p && p.number == number && p.serial == serial
                && p.node == node && p.creation == creation;
    }

    @Override
    public int hashCode() {
        return ((number * 31 + serial) * 31 + node.hashCode()) * 31 + creation;
    }

    @Override
    int typeRank() { return RANK_PID; }
}
