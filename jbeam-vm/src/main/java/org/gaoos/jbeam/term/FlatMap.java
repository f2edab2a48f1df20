package org.gaoos.jbeam.term;

import java.util.function.BiConsumer;

/**
 * A small map (at most 32 keys): parallel key and value arrays, keys sorted in BEAM's flatmap key
 * order (exact term order, except that atoms sort by atom-table index).
 */
public final class FlatMap extends MapTerm {
    static final FlatMap EMPTY = new FlatMap(new Term[0], new Term[0]);

    private final Term[] keys;
    private final Term[] values;

    private FlatMap(Term[] keys, Term[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Builds from arrays of at most 32 entries (not modified); later duplicates win. */
    static FlatMap build(Term[] ks, Term[] vs) {
        int n = ks.length;
        Term[] k = new Term[n];
        Term[] v = new Term[n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            // insertion sort, replacing duplicates
            Term key = ks[i];
            int lo = 0, hi = size;
            boolean replaced = false;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int c = TermOrder.compareFlatmapKeys(k[mid], key);
                if (c < 0) lo = mid + 1;
                else if (c > 0) hi = mid;
                else { v[mid] = vs[i]; replaced = true; break; }
            }
            if (replaced) continue;
            System.arraycopy(k, lo, k, lo + 1, size - lo);
            System.arraycopy(v, lo, v, lo + 1, size - lo);
            k[lo] = key;
            v[lo] = vs[i];
            size++;
        }
        if (size < n) {
            k = java.util.Arrays.copyOf(k, size);
            v = java.util.Arrays.copyOf(v, size);
        }
        return size == 0 ? EMPTY : new FlatMap(k, v);
    }

    @Override
    public int size() { return keys.length; }

    /** The keys array, whose identity stands for BEAM's keys tuple (shared by updates of values). */
    Object keysIdentity() { return keys; }

    public Term keyAt(int i) { return keys[i]; }

    public Term valueAt(int i) { return values[i]; }

    /** Index of {@code key}, or -1. */
    public int indexOf(Term key) {
        Term[] ks = keys;
        if (key instanceof Atom || key instanceof Small) {
            for (int i = 0; i < ks.length; i++) if (ks[i] == key) return i;
            if (key instanceof Atom) return -1;
        }
        for (int i = 0; i < ks.length; i++) if (ks[i].equals(key)) return i;
        return -1;
    }

    @Override
    public Term get(Term key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public MapTerm put(Term key, Term value) {
        int i = indexOf(key);
        if (i >= 0) {
            if (values[i] == value) return this;
            Term[] v = values.clone();
            v[i] = value;
            return new FlatMap(keys, v);
        }
        int n = keys.length;
        if (n == FLATMAP_LIMIT) {
            HashTrieMap m = HashTrieMap.EMPTY_TRIE;
            for (int j = 0; j < n; j++) m = m.putTrie(keys[j], values[j]);
            return m.putTrie(key, value);
        }
        int pos = 0;
        while (pos < n && TermOrder.compareFlatmapKeys(keys[pos], key) < 0) pos++;
        Term[] k = new Term[n + 1];
        Term[] v = new Term[n + 1];
        System.arraycopy(keys, 0, k, 0, pos);
        System.arraycopy(values, 0, v, 0, pos);
        k[pos] = key;
        v[pos] = value;
        System.arraycopy(keys, pos, k, pos + 1, n - pos);
        System.arraycopy(values, pos, v, pos + 1, n - pos);
        return new FlatMap(k, v);
    }

    /** A map with the value of an existing key at {@code index} replaced (map update :=). */
    public FlatMap withValueAt(int index, Term value) {
        Term[] v = values.clone();
        v[index] = value;
        return new FlatMap(keys, v);
    }

    @Override
    public MapTerm remove(Term key) {
        int i = indexOf(key);
        if (i < 0) return this;
        int n = keys.length;
        if (n == 1) return EMPTY;
        Term[] k = new Term[n - 1];
        Term[] v = new Term[n - 1];
        System.arraycopy(keys, 0, k, 0, i);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(keys, i + 1, k, i, n - i - 1);
        System.arraycopy(values, i + 1, v, i, n - i - 1);
        return new FlatMap(k, v);
    }

    @Override
    public void forEach(BiConsumer<Term, Term> action) {
        for (int i = 0; i < keys.length; i++) action.accept(keys[i], values[i]);
    }

    @Override
    public Term[] keysInIteratorOrder() { return keys.clone(); }

    @Override
    public Term[] valuesInIteratorOrder() { return values.clone(); }

    @Override
    public Term toList() {
        Term l = Nil.NIL;
        for (int i = keys.length - 1; i >= 0; i--) l = new Cons(Tuple.of(keys[i], values[i]), l);
        return l;
    }

    @Override
    public Term keyList() { return Lists.of(keys); }

    @Override
    public Term valueList() { return Lists.of(values); }
}
