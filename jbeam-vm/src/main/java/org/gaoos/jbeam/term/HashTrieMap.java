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
 *
 * <p>Like BEAM's nodes, a {@link Node} stores its leaves inline: slot {@code i} occupies
 * {@code kv[2i]} (the key, or null for a sub-trie) and {@code kv[2i+1]} (the value, or the
 * {@link Node}/{@link Collision} below).
 */
public final class HashTrieMap extends MapTerm {
    static final HashTrieMap EMPTY_TRIE = new HashTrieMap(Node.EMPTY, 0);
    private static final int MAX_LEVEL = 16;

    /** A key-value pair (in collision nodes). */
    record Leaf(Term key, Term value) {}

    /** Keys whose full 64-bit hashes are equal, sorted by exact term order. */
    record Collision(long hash, Leaf[] leaves) {}

    /** A bitmap node: per present slot, in slot (hash nibble) order, a key/value or null/child pair. */
    record Node(int bitmap, Object[] kv) {
        static final Node EMPTY = new Node(0, new Object[0]);

        int size() { return kv.length >>> 1; }
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
        Node node = root;
        int shift = 0;
        while (true) {
            int bit = 1 << (int) ((h >>> shift) & 0xF);
            if ((node.bitmap & bit) == 0) return null;
            int i = Integer.bitCount(node.bitmap & (bit - 1)) << 1;
            Object[] kv = node.kv;
            Object k = kv[i];
            if (k != null) return k == key || k.equals(key) ? (Term) kv[i + 1] : null;
            Object child = kv[i + 1];
            if (child instanceof Node n) {
                node = n;
                shift += 4;
            } else {
                Collision c = (Collision) child;
                if (c.hash != h) return null;
                for (Leaf l : c.leaves) if (l.key.equals(key)) return l.value;
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
        Node r = insert(root, key, value, h, 0, grew);
        return r == root ? this : new HashTrieMap(r, size + grew[0]);
    }

    private static Node insert(Node node, Term key, Term value, long h, int level, int[] grew) {
        int bit = 1 << (int) ((h >>> (4 * level)) & 0xF);
        int i = Integer.bitCount(node.bitmap & (bit - 1)) << 1;
        Object[] kv = node.kv;
        if ((node.bitmap & bit) == 0) {
            Object[] n = new Object[kv.length + 2];
            System.arraycopy(kv, 0, n, 0, i);
            n[i] = key;
            n[i + 1] = value;
            System.arraycopy(kv, i, n, i + 2, kv.length - i);
            grew[0] = 1;
            return new Node(node.bitmap | bit, n);
        }
        Object k = kv[i];
        Object replacementKey, replacement;
        if (k != null) {
            if (k.equals(key)) {
                if (kv[i + 1] == value) return node;
                replacementKey = key;
                replacement = value;
            } else {
                long oh = InternalHash.hash((Term) k);
                grew[0] = 1;
                replacementKey = null;
                replacement = oh == h
                        ? collision(h, new Leaf[] {new Leaf((Term) k, (Term) kv[i + 1]), new Leaf(key, value)})
                        : split((Term) k, (Term) kv[i + 1], oh, key, value, h, level + 1);
            }
        } else if (kv[i + 1] instanceof Node child) {
            Node nc = insert(child, key, value, h, level + 1, grew);
            if (nc == child) return node;
            replacementKey = null;
            replacement = nc;
        } else {
            Collision c = (Collision) kv[i + 1];
            replacementKey = null;
            replacement = c.hash == h ? collisionPut(c, key, value, grew)
                    : splitCollision(c, key, value, h, level + 1, grew);
        }
        Object[] n = kv.clone();
        n[i] = replacementKey;
        n[i + 1] = replacement;
        return new Node(node.bitmap, n);
    }

    private static Collision collision(long h, Leaf[] ls) {
        Arrays.sort(ls, (a, b) -> TermOrder.compare(a.key, b.key, true));
        return new Collision(h, ls);
    }

    private static Collision collisionPut(Collision c, Term key, Term value, int[] grew) {
        Leaf[] ls = c.leaves;
        for (int j = 0; j < ls.length; j++) {
            if (ls[j].key.equals(key)) {
                Leaf[] n = ls.clone();
                n[j] = new Leaf(key, value);
                return new Collision(c.hash, n);
            }
        }
        grew[0] = 1;
        Leaf[] n = Arrays.copyOf(ls, ls.length + 1);
        n[ls.length] = new Leaf(key, value);
        return collision(c.hash, n);
    }

    /** A node at {@code level} holding a collision node and a key with a different hash. */
    private static Node splitCollision(Collision c, Term key, Term value, long h, int level, int[] grew) {
        grew[0] = 1;
        int ia = (int) ((c.hash >>> (4 * level)) & 0xF), ib = (int) ((h >>> (4 * level)) & 0xF);
        if (ia == ib) return new Node(1 << ia, new Object[] {null, splitCollision(c, key, value, h, level + 1, new int[1])});
        Object[] a = {null, c}, b = {key, value};
        return ia < ib ? new Node((1 << ia) | (1 << ib), concat(a, b)) : new Node((1 << ia) | (1 << ib), concat(b, a));
    }

    private static Object[] concat(Object[] a, Object[] b) {
        return new Object[] {a[0], a[1], b[0], b[1]};
    }

    /** A node at {@code level} holding two keys with different hashes. */
    private static Node split(Term ka, Term va, long ha, Term kb, Term vb, long hb, int level) {
        int ia = (int) ((ha >>> (4 * level)) & 0xF), ib = (int) ((hb >>> (4 * level)) & 0xF);
        if (ia == ib) return new Node(1 << ia, new Object[] {null, split(ka, va, ha, kb, vb, hb, level + 1)});
        return ia < ib ? new Node((1 << ia) | (1 << ib), new Object[] {ka, va, kb, vb})
                : new Node((1 << ia) | (1 << ib), new Object[] {kb, vb, ka, va});
    }

    @Override
    public MapTerm remove(Term key) {
        long h = InternalHash.hash(key);
        Object r = delete(root, key, h, 0);
        if (r == root) return this;
        HashTrieMap m = new HashTrieMap((Node) r, size - 1);
        return m.size <= FLATMAP_LIMIT ? m.toFlat() : m;
    }

    /** A lone key/value pulled up from a sub-trie that shrank to one entry. */
    private record Lone(Term key, Term value) {}

    /**
     * Removes key below {@code n} (a Node or a Collision); returns {@code n} itself if absent, a
     * {@link Lone} if a non-root node shrank to a single key, a lone Collision, or the new node.
     */
    private static Object delete(Object n, Term key, long h, int level) {
        if (n instanceof Collision c) {
            if (c.hash != h) return n;
            Leaf[] ls = c.leaves;
            for (int j = 0; j < ls.length; j++) {
                if (ls[j].key.equals(key)) {
                    if (ls.length == 2) return new Lone(ls[1 - j].key, ls[1 - j].value);
                    Leaf[] nl = new Leaf[ls.length - 1];
                    System.arraycopy(ls, 0, nl, 0, j);
                    System.arraycopy(ls, j + 1, nl, j, ls.length - j - 1);
                    return new Collision(c.hash, nl);
                }
            }
            return n;
        }
        Node node = (Node) n;
        int bit = 1 << (int) ((h >>> (4 * level)) & 0xF);
        if ((node.bitmap & bit) == 0) return n;
        int i = Integer.bitCount(node.bitmap & (bit - 1)) << 1;
        Object[] kv = node.kv;
        Object[] out;
        int bitmap = node.bitmap;
        if (kv[i] != null) {
            if (!kv[i].equals(key)) return n;
            out = new Object[kv.length - 2];
            System.arraycopy(kv, 0, out, 0, i);
            System.arraycopy(kv, i + 2, out, i, kv.length - i - 2);
            bitmap &= ~bit;
        } else {
            Object child = kv[i + 1];
            Object nc = delete(child, key, h, level + 1);
            if (nc == child) return n;
            out = kv.clone();
            if (nc instanceof Lone lone) {
                out[i] = lone.key;
                out[i + 1] = lone.value;
            } else {
                out[i + 1] = nc;
            }
        }
        if (level > 0) {
            // A non-root node with one remaining entry that is a key (or a lone collision)
            // collapses into its parent, keeping the trie canonical.
            if (out.length == 2 && out[0] != null) return new Lone((Term) out[0], (Term) out[1]);
            if (out.length == 2 && out[1] instanceof Collision c) return c;
        }
        return new Node(bitmap, out);
    }

    FlatMap toFlat() {
        return FlatMap.build(keysInIteratorOrder(), valuesInIteratorOrder());
    }

    /** Depth-first traversal in slot order (BEAM's hashmap_iterator_next order) into ks/vs. */
    private static int walk(Node node, Term[] ks, Term[] vs, int at) {
        Object[] kv = node.kv;
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i] != null) {
                ks[at] = (Term) kv[i];
                vs[at++] = (Term) kv[i + 1];
            } else if (kv[i + 1] instanceof Node child) {
                at = walk(child, ks, vs, at);
            } else {
                for (Leaf l : ((Collision) kv[i + 1]).leaves) {
                    ks[at] = l.key;
                    vs[at++] = l.value;
                }
            }
        }
        return at;
    }

    private Term[][] entries() {
        Term[] ks = new Term[size], vs = new Term[size];
        walk(root, ks, vs, 0);
        return new Term[][] {ks, vs};
    }

    @Override
    public void forEach(BiConsumer<Term, Term> action) {
        Term[][] e = entries();
        for (int i = 0; i < size; i++) action.accept(e[0][i], e[1][i]);
    }

    @Override
    public Term[] keysInIteratorOrder() { return entries()[0]; }

    @Override
    public Term[] valuesInIteratorOrder() { return entries()[1]; }

    // maps:to_list/keys/values cons the traversal onto [] front to back: reverse order.
    @Override
    public Term toList() {
        Term[][] e = entries();
        Term l = Nil.NIL;
        for (int i = 0; i < size; i++) l = new Cons(Tuple.of(e[0][i], e[1][i]), l);
        return l;
    }

    @Override
    public Term keyList() {
        Term[] ks = keysInIteratorOrder();
        Term l = Nil.NIL;
        for (Term k : ks) l = new Cons(k, l);
        return l;
    }

    @Override
    public Term valueList() {
        Term[] vs = valuesInIteratorOrder();
        Term l = Nil.NIL;
        for (Term v : vs) l = new Cons(v, l);
        return l;
    }

    /**
     * One step of erts_internal:map_next/3 (erl_map.c): starts at the leaf that {@code path}
     * names, takes at most {@code elems} associations in iterator order and says where to go on.
     * The path holds, four bits per level from the low end, the slot to take in each node on the
     * way down; past its last digit it continues with slot 0. With {@code acc == null} (iterator
     * form) the result is {@code {K1,V1,{K2,V2,... none | [Path | Map]}}}; otherwise the pairs are
     * consed onto {@code acc} in reverse, behind {@code [Path, Map | ...]} when more remain.
     * Returns null for a path that names no slot (the caller's badarg). {@code taken[0]} receives
     * the number of associations returned (BEAM charges reductions for them).
     */
    public Term next(Term path, int elems, Term acc, int[] taken) {
        java.math.BigInteger bigPath;
        if (path instanceof Small s) {
            // unsigned_val of the tagged word: the low 60 bits of the value.
            bigPath = java.math.BigInteger.valueOf(s.value & 0x0FFF_FFFF_FFFF_FFFFL);
        } else if (path instanceof Big b && b.value().signum() >= 0) {
            bigPath = b.value();
        } else {
            return null;
        }
        if (bigPath.signum() == 0 && elems > FLATMAP_LIMIT) elems = FLATMAP_LIMIT;
        ArrayList<Object[]> stack = new ArrayList<>(); // {node, next slot (as BEAM stores it: slot + 1)}
        Object node = root;
        int idx;
        for (int level = 0; ; level++) {
            idx = bigPath.shiftRight(4 * level).intValue() & 0xF;
            if (idx >= slots(node)) return null;
            if (isLeaf(node, idx)) break;
            stack.add(new Object[] {node, idx + 1});
            node = child(node, idx);
        }
        ArrayList<Term> ks = new ArrayList<>(), vs = new ArrayList<>();
        while (true) {
            int sz = slots(node);
            if (idx == 0 && node instanceof Collision && elems < sz) {
                elems = sz; // never stop inside a collision node: the 4-bit path cannot name it
            }
            while (idx < sz && elems != 0 && isLeaf(node, idx)) {
                ks.add(leafKey(node, idx));
                vs.add(leafValue(node, idx));
                elems--;
                idx++;
            }
            if (elems == 0) {
                if (idx < sz) {
                    stack.add(new Object[] {node, idx + 1});
                } else {
                    while (!stack.isEmpty()) {
                        Object[] f = stack.removeLast();
                        if ((int) f[1] < slots(f[0])) {
                            stack.add(new Object[] {f[0], (int) f[1] + 1});
                            break;
                        }
                    }
                }
                break;
            } else if (idx < sz) {
                stack.add(new Object[] {node, idx + 1});
                node = child(node, idx);
                idx = 0;
            } else if (!stack.isEmpty()) {
                Object[] f = stack.removeLast();
                node = f[0];
                idx = (int) f[1];
            } else {
                break;
            }
        }
        taken[0] = ks.size();
        Term rest = null; // the continuation path, if any
        if (!stack.isEmpty()) {
            java.math.BigInteger p = java.math.BigInteger.ZERO;
            for (int i = stack.size() - 1; i >= 0; i--) {
                p = p.shiftLeft(4).or(java.math.BigInteger.valueOf((int) stack.get(i)[1] - 1));
            }
            rest = Int.of(p);
        }
        if (acc == null) {
            Term r = rest == null ? Atom.NONE : new Cons(rest, this);
            for (int i = ks.size() - 1; i >= 0; i--) r = Tuple.of(ks.get(i), vs.get(i), r);
            return r;
        }
        Term r = acc;
        for (int i = 0; i < ks.size(); i++) r = new Cons(Tuple.of(ks.get(i), vs.get(i)), r);
        return rest == null ? r : new Cons(rest, new Cons(this, r));
    }

    private static int slots(Object node) {
        return node instanceof Node n ? n.size() : ((Collision) node).leaves.length;
    }

    private static boolean isLeaf(Object node, int i) {
        return !(node instanceof Node n) || n.kv[2 * i] != null;
    }

    private static Object child(Object node, int i) { return ((Node) node).kv[2 * i + 1]; }

    private static Term leafKey(Object node, int i) {
        return node instanceof Node n ? (Term) n.kv[2 * i] : ((Collision) node).leaves[i].key;
    }

    private static Term leafValue(Object node, int i) {
        return node instanceof Node n ? (Term) n.kv[2 * i + 1] : ((Collision) node).leaves[i].value;
    }

    /** The root node (for make_internal_hash, which hashes the trie structure). */
    Node root() { return root; }
}
