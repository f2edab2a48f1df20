package org.gaoos.jbeam.term;

import java.util.Arrays;

/**
 * A reference: node, creation and 1..5 32-bit id words (word 0 least significant, as in
 * NEWER_REFERENCE_EXT).
 */
public final class Ref extends Term {
    public final Atom node;
    public final int creation;
    private final int[] ids;

    public Ref(Atom node, int creation, int... ids) {
        if (ids.length < 1 || ids.length > 5) throw new IllegalArgumentException("ref with " + ids.length + " words");
        this.node = node;
        this.creation = creation;
        this.ids = ids.clone();
    }

    public int idCount() { return ids.length; }

    public int id(int i) { return ids[i]; }

    public int[] ids() { return ids.clone(); }

    /** Number of id words ignoring high zero words (equality treats them as absent). */
    int significantWords() {
        int n = ids.length;
        while (n > 1 && ids[n - 1] == 0) n--;
        return n;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Ref r) || r.node != node || r.creation != creation) return false;
        int n = significantWords();
        return n == r.significantWords() && Arrays.equals(ids, 0, n, r.ids, 0, n);
    }

    @Override
    public int hashCode() {
        int h = node.hashCode() * 31 + creation;
        for (int i = 0, n = significantWords(); i < n; i++) h = h * 31 + ids[i];
        return h;
    }

    /** Order of the id words, most significant first (unsigned). */
    static int compareIds(Ref a, Ref b) {
        int an = a.significantWords(), bn = b.significantWords();
        if (an != bn) return an < bn ? -1 : 1;
        for (int i = an - 1; i >= 0; i--) {
            if (a.ids[i] != b.ids[i]) return Integer.compareUnsigned(a.ids[i], b.ids[i]) < 0 ? -1 : 1;
        }
        return 0;
    }

    @Override
    int typeRank() { return RANK_REF; }
}
