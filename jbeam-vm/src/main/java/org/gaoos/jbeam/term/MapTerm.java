package org.gaoos.jbeam.term;

import java.util.function.BiConsumer;

/**
 * An Erlang map. Like BEAM, maps of up to {@value #FLATMAP_LIMIT} keys are {@link FlatMap}s (keys
 * sorted in BEAM's small-map key order) and larger ones are {@link HashTrieMap}s (a 16-way hash
 * trie over BEAM's internal hash), and every operation keeps that invariant, so iteration orders
 * ({@code maps:to_list/1}, {@code maps:keys/1}, {@code maps:next/1}) follow BEAM's.
 *
 * <p>Keys are matched with exact equality ({@code =:=}): {@code 1} and {@code 1.0} are distinct.
 */
public abstract sealed class MapTerm extends Term permits FlatMap, HashTrieMap {
    /** BEAM's MAP_SMALL_MAP_LIMIT. */
    public static final int FLATMAP_LIMIT = 32;

    public static final MapTerm EMPTY = FlatMap.EMPTY;

    private int hash;

    MapTerm() {}

    /** A map of alternating keys and values; later duplicates win (like maps:from_list/1). */
    public static MapTerm of(Term... keysAndValues) {
        if ((keysAndValues.length & 1) != 0) throw new IllegalArgumentException("odd length");
        MapTerm m = EMPTY;
        for (int i = 0; i < keysAndValues.length; i += 2) m = m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** A map from parallel key/value arrays; later duplicates win. */
    public static MapTerm fromArrays(Term[] keys, Term[] values) {
        if (keys.length <= FLATMAP_LIMIT) return FlatMap.build(keys, values);
        HashTrieMap m = HashTrieMap.EMPTY_TRIE;
        for (int i = 0; i < keys.length; i++) m = m.putTrie(keys[i], values[i]);
        return m.size() <= FLATMAP_LIMIT ? m.toFlat() : m;
    }

    public abstract int size();

    /** The value for {@code key}, or null if absent. */
    public abstract Term get(Term key);

    public final boolean containsKey(Term key) { return get(key) != null; }

    /** A map with {@code key} associated to {@code value} (maps:put/3). */
    public abstract MapTerm put(Term key, Term value);

    /**
     * The map update {@code M#{K := V}} / maps:update/3: a map with the existing {@code key}
     * associated to {@code value}, or null if the key is absent (the caller raises badkey).
     */
    public final MapTerm update(Term key, Term value) {
        if (this instanceof FlatMap f) {
            int i = f.indexOf(key);
            return i < 0 ? null : f.valueAt(i) == value ? f : f.withValueAt(i, value);
        }
        return get(key) == null ? null : put(key, value);
    }

    /** A map without {@code key} (maps:remove/2); this map if the key is absent. */
    public abstract MapTerm remove(Term key);

    /** Visits the associations in BEAM's iterator order (maps:iterator/1 + maps:next/1). */
    public abstract void forEach(BiConsumer<Term, Term> action);

    /** Keys in iterator order. */
    public abstract Term[] keysInIteratorOrder();

    /** Values in iterator order. */
    public abstract Term[] valuesInIteratorOrder();

    /** maps:to_list/1, in BEAM's order. */
    public abstract Term toList();

    /** maps:keys/1, in BEAM's order. */
    public abstract Term keyList();

    /** maps:values/1, in BEAM's order. */
    public abstract Term valueList();

    /** Keys sorted in exact term order (map comparison, printing, maps:iterator(M, ordered)). */
    public final Term[] sortedKeys() {
        Term[] ks = keysInIteratorOrder();
        TermOrder.sortExact(ks);
        return ks;
    }

    @Override
    public final boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof MapTerm m) || m.size() != size()) return false;
        if (hash != 0 && m.hash != 0 && hash != m.hash) return false;
        Term[] ks = keysInIteratorOrder(), vs = valuesInIteratorOrder();
        for (int i = 0; i < ks.length; i++) {
            Term v = m.get(ks[i]);
            if (v == null || !v.equals(vs[i])) return false;
        }
        return true;
    }

    @Override
    public final int hashCode() {
        int h = hash;
        if (h == 0) {
            h = JavaHash.of(this, JavaHash.DEPTH);
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    @Override
    final int typeRank() { return RANK_MAP; }
}
