package org.gaoos.jbeam.term;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A large map (more than 32 keys): a persistent 16-way hash trie over BEAM's internal hash
 * ({@link InternalHash}), consuming the 64-bit hash four bits per level from the low end, as
 * erl_map.c does. The trie is canonical (a key sits at the shallowest level where its hash prefix
 * is unique; keys with equal 64-bit hashes share a collision node sorted in term order), so the
 * depth-first traversal gives BEAM's iteration order; maps:to_list/keys/values return its reverse.
 */
public final class HashTrieMap extends MapTerm {
    static final HashTrieMap EMPTY_TRIE = new HashTrieMap(Node.EMPTY, 0);
    private static final int MAX_LEVEL = 16;

    /** A key-value pair with the key's hash. */
    record Leaf(Term key, Term value, long hash) {}

    /** Keys whose full 64-bit hashes are equal, sorted by exact term order. */
    record Collision(Leaf[] leaves) {}

    /** A bitmap node; slots hold Leaf, Node or Collision, in slot (hash nibble) order. */
    record Node(int bitmap, Object[] slots) {
        static final Node EMPTY = new Node(0, new Object[0]);
    }

    private final Node root;
    private final int size;

    private HashTrieMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @Override
    public int size() { return size; }

    @Override
    public Term get(Term key) {
        long h = InternalHash.hash(key);
        Object n = root;
        int shift = 0;
        while (true) {
            if (n instanceof Node node) {
                int bit = 1 << (int) ((h >>> shift) & 0xF);
                if ((node.bitmap & bit) == 0) return null;
                n = node.slots[Integer.bitCount(node.bitmap & (bit - 1))];
                shift += 4;
            } else if (n instanceof Leaf leaf) {
                return leaf.hash == h && leaf.key.equals(key) ? leaf.value : null;
            } else {
                for (Leaf l : ((Collision) n).leaves) if (l.key.equals(key)) return l.value;
                return null;
            }
        }
    }

    @Override
    public MapTerm put(Term key, Term value) {
        return putTrie(key, value);
    }

    HashTrieMap putTrie(Term key, Term value) {
        long h = InternalHash.hash(key);
        int[] grew = new int[1];
        Node r = (Node) insert(root, new Leaf(key, value, h), 0, grew);
        return r == root ? this : new HashTrieMap(r, size + grew[0]);
    }

    private static Object insert(Object n, Leaf leaf, int level, int[] grew) {
        if (n instanceof Node node) {
            int bit = 1 << (int) ((leaf.hash >>> (4 * level)) & 0xF);
            int idx = Integer.bitCount(node.bitmap & (bit - 1));
            if ((node.bitmap & bit) == 0) {
                Object[] s = new Object[node.slots.length + 1];
                System.arraycopy(node.slots, 0, s, 0, idx);
                s[idx] = leaf;
                System.arraycopy(node.slots, idx, s, idx + 1, node.slots.length - idx);
                grew[0] = 1;
                return new Node(node.bitmap | bit, s);
            }
            Object child = node.slots[idx];
            Object nc = insert(child, leaf, level + 1, grew);
            if (nc == child) return node;
            Object[] s = node.slots.clone();
            s[idx] = nc;
            return new Node(node.bitmap, s);
        }
        if (n instanceof Leaf old) {
            if (old.hash == leaf.hash) {
                if (old.key.equals(leaf.key)) return old.value == leaf.value ? old : leaf;
                grew[0] = 1;
                return collision(new Leaf[] {old, leaf});
            }
            grew[0] = 1;
            return split(old, leaf, level);
        }
        Leaf[] ls = ((Collision) n).leaves;
        for (int i = 0; i < ls.length; i++) {
            if (ls[i].key.equals(leaf.key)) {
                Leaf[] c = ls.clone();
                c[i] = leaf;
                return new Collision(c);
            }
        }
        grew[0] = 1;
        Leaf[] c = Arrays.copyOf(ls, ls.length + 1);
        c[ls.length] = leaf;
        return collision(c);
    }

    private static Collision collision(Leaf[] ls) {
        Arrays.sort(ls, (a, b) -> TermOrder.compare(a.key, b.key, true));
        return new Collision(ls);
    }

    /** A node at {@code level} holding two leaves with different hashes. */
    private static Node split(Leaf a, Leaf b, int level) {
        int ia = (int) ((a.hash >>> (4 * level)) & 0xF);
        int ib = (int) ((b.hash >>> (4 * level)) & 0xF);
        if (ia == ib) return new Node(1 << ia, new Object[] {split(a, b, level + 1)});
        return ia < ib ? new Node((1 << ia) | (1 << ib), new Object[] {a, b})
                : new Node((1 << ia) | (1 << ib), new Object[] {b, a});
    }

    @Override
    public MapTerm remove(Term key) {
        long h = InternalHash.hash(key);
        Object r = delete(root, key, h, 0);
        if (r == root) return this;
        Node nr = r == null ? Node.EMPTY : r instanceof Node node ? node
                : new Node(1 << (int) (hashOf(r) & 0xF), new Object[] {r});
        HashTrieMap m = new HashTrieMap(nr, size - 1);
        return m.size <= FLATMAP_LIMIT ? m.toFlat() : m;
    }

    private static long hashOf(Object leafOrCollision) {
        return leafOrCollision instanceof Leaf l ? l.hash : ((Collision) leafOrCollision).leaves[0].hash;
    }

    /**
     * Removes key; returns the same object if absent, null if the subtree became empty, or the
     * new subtree (a lone Leaf/Collision is returned bare so the parent can pull it up).
     */
    private static Object delete(Object n, Term key, long h, int level) {
        if (n instanceof Leaf leaf) return leaf.hash == h && leaf.key.equals(key) ? null : n;
        if (n instanceof Collision c) {
            Leaf[] ls = c.leaves;
            for (int i = 0; i < ls.length; i++) {
                if (ls[i].key.equals(key)) {
                    if (ls.length == 2) return ls[1 - i];
                    Leaf[] nl = new Leaf[ls.length - 1];
                    System.arraycopy(ls, 0, nl, 0, i);
                    System.arraycopy(ls, i + 1, nl, i, ls.length - i - 1);
                    return new Collision(nl);
                }
            }
            return n;
        }
        Node node = (Node) n;
        int bit = 1 << (int) ((h >>> (4 * level)) & 0xF);
        if ((node.bitmap & bit) == 0) return n;
        int idx = Integer.bitCount(node.bitmap & (bit - 1));
        Object child = node.slots[idx];
        Object nc = delete(child, key, h, level + 1);
        if (nc == child) return n;
        if (nc == null) {
            if (node.slots.length == 1) return null;
            Object[] s = new Object[node.slots.length - 1];
            System.arraycopy(node.slots, 0, s, 0, idx);
            System.arraycopy(node.slots, idx + 1, s, idx, s.length - idx);
            if (level > 0 && s.length == 1 && !(s[0] instanceof Node)) return s[0];
            return new Node(node.bitmap & ~bit, s);
        }
        if (level > 0 && node.slots.length == 1 && !(nc instanceof Node)) return nc;
        Object[] s = node.slots.clone();
        s[idx] = nc;
        return new Node(node.bitmap, s);
    }

    FlatMap toFlat() {
        return FlatMap.build(keysInIteratorOrder(), valuesInIteratorOrder());
    }

    /** Depth-first traversal in slot order: BEAM's hashmap_iterator_next order. */
    private void walk(Object n, ArrayList<Leaf> out) {
        if (n instanceof Leaf l) out.add(l);
        else if (n instanceof Collision c) out.addAll(Arrays.asList(c.leaves));
        else for (Object s : ((Node) n).slots) walk(s, out);
    }

    private Leaf[] leaves() {
        ArrayList<Leaf> out = new ArrayList<>(size);
        walk(root, out);
        return out.toArray(new Leaf[0]);
    }

    @Override
    public void forEach(BiConsumer<Term, Term> action) {
        for (Leaf l : leaves()) action.accept(l.key, l.value);
    }

    @Override
    public Term[] keysInIteratorOrder() {
        Leaf[] ls = leaves();
        Term[] out = new Term[ls.length];
        for (int i = 0; i < ls.length; i++) out[i] = ls[i].key;
        return out;
    }

    @Override
    public Term[] valuesInIteratorOrder() {
        Leaf[] ls = leaves();
        Term[] out = new Term[ls.length];
        for (int i = 0; i < ls.length; i++) out[i] = ls[i].value;
        return out;
    }

    // maps:to_list/keys/values cons the traversal onto [] front to back: reverse order.
    @Override
    public Term toList() {
        Term l = Nil.NIL;
        for (Leaf x : leaves()) l = new Cons(Tuple.of(x.key, x.value), l);
        return l;
    }

    @Override
    public Term keyList() {
        Term l = Nil.NIL;
        for (Leaf x : leaves()) l = new Cons(x.key, l);
        return l;
    }

    @Override
    public Term valueList() {
        Term l = Nil.NIL;
        for (Leaf x : leaves()) l = new Cons(x.value, l);
        return l;
    }

    /** Feeds this map's root node to make_internal_hash (see InternalHash). */
    Node root() { return root; }
}
