package org.gaoos.jbeam.term;

/**
 * The name and creation of this node ({@code nonode@nohost}, 0 until distribution starts). Pids,
 * ports and refs of this node are "internal": they hash and encode like BEAM's local identifiers.
 */
public final class LocalNode {
    private static volatile Atom name = Atom.NONODE;
    private static volatile int creation = 0;

    private LocalNode() {}

    public static Atom name() { return name; }

    public static int creation() { return creation; }

    /** Called by net_kernel's BIFs when the node becomes distributed. */
    public static void set(Atom newName, int newCreation) {
        name = newName;
        creation = newCreation;
    }

    static boolean isLocal(Atom node, int nodeCreation) {
        return node == name && nodeCreation == creation;
    }
}
