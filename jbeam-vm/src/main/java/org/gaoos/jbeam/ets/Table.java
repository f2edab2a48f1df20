package org.gaoos.jbeam.ets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.ExitHook;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.TermOrder;
import org.gaoos.jbeam.term.Tuple;

/**
 * One ETS table: its options, owner and heir, and its objects.
 *
 * <p>All four types keep their objects in one lock-free {@link ConcurrentSkipListMap}, so readers
 * and writers of different keys never block each other and single-object operations are atomic:
 * <ul>
 *   <li>{@code ordered_set}: keyed by the key term in the term order ({@code ==}: 1 and 1.0 are the
 *       same key), so iteration is the term order;</li>
 *   <li>{@code set}, {@code bag}, {@code duplicate_bag}: keyed by {@link HashKey} (the key's
 *       {@code =:=}-consistent hash, then the exact term order), so keys compare with {@code =:=}
 *       and first/next walk a stable order that survives concurrent inserts and deletes (BEAM
 *       walks hash buckets; the order differs but is just as unspecified).</li>
 * </ul>
 * A set entry's value is the object (a {@link Tuple}); a bag entry's value is an immutable
 * {@code Tuple[]} of the key's objects in insertion order, replaced by compare-and-set.
 */
public final class Table {
    public enum Type { SET, ORDERED_SET, BAG, DUPLICATE_BAG;
        public Atom atom() { return Atom.of(name().toLowerCase()); }
    }

    public enum Access { PUBLIC, PROTECTED, PRIVATE;
        public Atom atom() { return Atom.of(name().toLowerCase()); }
    }

    /** The hash-table key: the key's hash first (cheap comparisons), then =:= order. */
    record HashKey(int hash, Term key) {
        static HashKey of(Term key) {
            int h = key.hashCode();
            return new HashKey(h ^ (h >>> 16), key);
        }
    }

    private static final Atom END_OF_TABLE = Atom.of("$end_of_table");

    private static final Comparator<Object> ORDERED = (a, b) -> TermOrder.compare((Term) a, (Term) b, false);
    private static final Comparator<Object> HASHED = (a, b) -> {
        HashKey x = (HashKey) a, y = (HashKey) b;
        if (x.hash != y.hash) return x.hash < y.hash ? -1 : 1;
        return TermOrder.compare(x.key, y.key, true);
    };

    public final Ref tid;
    public final Type type;
    /** Changed by setopts {protection, P} (owner only). */
    public volatile Access access;
    /** One-based key position. */
    public final int keypos;
    public final boolean named;
    public final Options options;
    volatile Atom name;
    volatile Pid owner;
    volatile Pid heir;
    volatile Term heirData;
    volatile boolean deleted;
    /** The exit hook registered on the current owner. */
    volatile ExitHook ownerHook;
    /** safe_fixtable: process -> fix count, in the order processes first fixed. Guarded by itself. */
    final LinkedHashMap<Pid, Integer> fixes = new LinkedHashMap<>();
    volatile long fixedSince;

    private final ConcurrentSkipListMap<Object, Object> data;
    private final LongAdder size = new LongAdder();
    /** Serialises operations on several objects (insert of a list, insert_new, delete_all). */
    public final Object bulkLock = new Object();

    /** Options accepted and reported by info/1. */
    public record Options(Term readConcurrency, Term writeConcurrency, Term decentralizedCounters,
                          boolean compressed) {}

    Table(Ref tid, Atom name, boolean named, Type type, Access access, int keypos, Pid owner, Pid heir,
          Term heirData, Options options) {
        this.tid = tid;
        this.name = name;
        this.named = named;
        this.type = type;
        this.access = access;
        this.keypos = keypos;
        this.owner = owner;
        this.heir = heir;
        this.heirData = heirData;
        this.options = options;
        this.data = new ConcurrentSkipListMap<>(type == Type.ORDERED_SET ? ORDERED : HASHED);
    }

    public Atom name() { return name; }

    public Pid owner() { return owner; }

    public Pid heir() { return heir; }

    public boolean isBag() { return type == Type.BAG || type == Type.DUPLICATE_BAG; }

    public boolean isOrdered() { return type == Type.ORDERED_SET; }

    /** The identifier user code holds: the name for named tables, else the reference. */
    public Term id() { return named ? name : tid; }

    // ---- access ----

    /** Read access for {@code self}: badarg for a private table of another process. */
    public void checkRead(Pid self) {
        if (deleted) throw Tables.badarg("id");
        if (access == Access.PRIVATE && !self.equals(owner)) throw Tables.badarg("access");
    }

    /** Write access for {@code self}: only the owner writes unless the table is public. */
    public void checkWrite(Pid self) {
        if (deleted) throw Tables.badarg("id");
        if (access != Access.PUBLIC && !self.equals(owner)) throw Tables.badarg("access");
    }

    // ---- objects ----

    private Object mapKey(Term key) {
        return type == Type.ORDERED_SET ? key : HashKey.of(key);
    }

    private static Term termKey(Object mapKey) {
        return mapKey instanceof HashKey h ? h.key : (Term) mapKey;
    }

    /** The key of {@code obj}; badarg unless it is a tuple with at least keypos elements. */
    public Term keyOf(Term obj) {
        if (obj instanceof Tuple t && t.arity() >= keypos) return t.get(keypos - 1);
        throw Errors.badarg();
    }

    public long size() { return size.sum(); }

    /** ets:info(T, memory), in words: an estimate, a header plus, per object, its tuple and node. */
    public long memoryWords() { return 300 + size() * 8; }

    /** insert of one object (already validated by {@link #keyOf}). */
    public void insert(Tuple obj) {
        Object k = mapKey(obj.get(keypos - 1));
        if (!isBag()) {
            if (data.put(k, obj) == null) size.increment();
            return;
        }
        for (;;) {
            Object cur = data.get(k);
            if (cur == null) {
                if (data.putIfAbsent(k, new Tuple[] {obj}) == null) {
                    size.increment();
                    return;
                }
                continue;
            }
            Tuple[] objs = (Tuple[]) cur;
            if (type == Type.BAG && indexOf(objs, obj) >= 0) return;
            Tuple[] n = Arrays.copyOf(objs, objs.length + 1);
            n[objs.length] = obj;
            if (data.replace(k, cur, n)) {
                size.increment();
                return;
            }
        }
    }

    /** insert_new of one object: false, inserting nothing, if its key exists. */
    public boolean insertNew(Tuple obj) {
        Object k = mapKey(obj.get(keypos - 1));
        if (data.putIfAbsent(k, isBag() ? new Tuple[] {obj} : obj) != null) return false;
        size.increment();
        return true;
    }

    public boolean member(Term key) {
        return data.containsKey(mapKey(key));
    }

    /** The objects with {@code key}, in insertion order for bags; empty if none. */
    public Tuple[] lookup(Term key) {
        return objects(data.get(mapKey(key)));
    }

    private static final Tuple[] NONE = new Tuple[0];

    static Tuple[] objects(Object value) {
        if (value == null) return NONE;
        return value instanceof Tuple t ? new Tuple[] {t} : (Tuple[]) value;
    }

    /** delete/2: removes every object with {@code key}. */
    public void delete(Term key) {
        Object old = data.remove(mapKey(key));
        if (old != null) size.add(-objects(old).length);
    }

    /** take/2: removes and returns the objects with {@code key}. */
    public Tuple[] take(Term key) {
        Object old = data.remove(mapKey(key));
        Tuple[] objs = objects(old);
        size.add(-objs.length);
        return objs;
    }

    /** delete_object/2: removes the objects {@code =:=} to {@code obj}. */
    public void deleteObject(Tuple obj) {
        Object k = mapKey(obj.get(keypos - 1));
        for (;;) {
            Object cur = data.get(k);
            if (cur == null) return;
            if (cur instanceof Tuple t) {
                if (!t.equals(obj)) return;
                if (data.remove(k, cur)) {
                    size.decrement();
                    return;
                }
                continue;
            }
            Tuple[] objs = (Tuple[]) cur;
            List<Tuple> keep = new ArrayList<>(objs.length);
            for (Tuple o : objs) if (!o.equals(obj)) keep.add(o);
            if (keep.size() == objs.length) return;
            boolean done = keep.isEmpty() ? data.remove(k, cur) : data.replace(k, cur, keep.toArray(NONE));
            if (done) {
                size.add(keep.size() - objs.length);
                return;
            }
        }
    }

    /** delete_all_objects: the number of objects removed. */
    public long clear() {
        long n = 0;
        for (Iterator<Map.Entry<Object, Object>> it = data.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Object, Object> e = it.next();
            if (data.remove(e.getKey(), e.getValue())) {
                int c = objects(e.getValue()).length;
                size.add(-c);
                n += c;
            }
        }
        return n;
    }

    /**
     * Atomically replaces the object of a set/ordered_set key with {@code update.apply(old)}, or,
     * when the key is absent, inserts {@code dflt} first (null: badarg). The update may throw
     * badarg; the table is then unchanged. Returns {old, new}.
     */
    public Tuple[] update(Term key, Tuple dflt, UnaryOperator<Tuple> update) {
        Object k = mapKey(key);
        for (;;) {
            Object cur = data.get(k);
            if (cur == null) {
                if (dflt == null) throw Errors.badarg();
                Tuple n = update.apply(dflt);
                if (data.putIfAbsent(k, n) == null) {
                    size.increment();
                    return new Tuple[] {dflt, n};
                }
                continue;
            }
            Tuple old = (Tuple) cur;
            Tuple n = update.apply(old);
            if (n == old || data.replace(k, cur, n)) return new Tuple[] {old, n};
        }
    }

    /** Removes the objects under {@code mapKey} that {@code test} accepts (select_delete); returns how many. */
    int removeMatching(Object mapKey, java.util.function.Predicate<Tuple> test) {
        for (;;) {
            Object cur = data.get(mapKey);
            if (cur == null) return 0;
            Tuple[] objs = objects(cur);
            List<Tuple> keep = new ArrayList<>(objs.length);
            for (Tuple o : objs) if (!test.test(o)) keep.add(o);
            int removed = objs.length - keep.size();
            if (removed == 0) return 0;
            boolean done = keep.isEmpty() ? data.remove(mapKey, cur)
                    : data.replace(mapKey, cur, cur instanceof Tuple ? keep.get(0) : keep.toArray(NONE));
            if (done) {
                size.add(-removed);
                return removed;
            }
        }
    }

    /** Replaces a set object under {@code mapKey} by {@code f}'s result unless null (select_replace). */
    int replaceMatching(Object mapKey, java.util.function.Function<Tuple, Tuple> f) {
        for (;;) {
            Object cur = data.get(mapKey);
            if (!(cur instanceof Tuple old)) return 0;
            Tuple n = f.apply(old);
            if (n == null) return 0;
            if (data.replace(mapKey, cur, n)) return 1;
        }
    }

    private static int indexOf(Tuple[] objs, Tuple obj) {
        for (int i = 0; i < objs.length; i++) if (objs[i].equals(obj)) return i;
        return -1;
    }

    // ---- traversal ----

    /** The key of {@code value}'s objects (the stored key, e.g. 1.0 where 1 was looked up). */
    private Term storedKey(Object value) {
        Tuple t = value instanceof Tuple x ? x : ((Tuple[]) value)[0];
        return t.get(keypos - 1);
    }

    /** first/last: null for an empty table. */
    public Map.Entry<Term, Tuple[]> first(boolean last) {
        Map.Entry<Object, Object> e = last ? data.lastEntry() : data.firstEntry();
        return e == null ? null : Map.entry(storedKey(e.getValue()), objects(e.getValue()));
    }

    /**
     * next/prev: the entry after (before) {@code key}, or null at the end. For hash tables BEAM
     * raises badarg when the key is gone and the table is not fixed; ordered_set always continues.
     */
    public Map.Entry<Term, Tuple[]> next(Term key, boolean prev) {
        if (key == END_OF_TABLE) throw Errors.badarg(); // even for an ordered_set, as on BEAM
        Object k = mapKey(key);
        if (!isOrdered() && !isFixed() && !data.containsKey(k)) throw Errors.badarg();
        Map.Entry<Object, Object> e = prev ? data.lowerEntry(k) : data.higherEntry(k);
        return e == null ? null : Map.entry(storedKey(e.getValue()), objects(e.getValue()));
    }

    /**
     * The entries from just after {@code afterKey} (null: from the start), in table order or, if
     * {@code reverse}, backwards. Weakly consistent: concurrent changes may or may not be seen,
     * and no key is seen twice.
     */
    Iterator<Map.Entry<Object, Object>> entries(Term afterKey, boolean reverse) {
        NavigableMap<Object, Object> m = reverse ? data.descendingMap() : data;
        if (afterKey != null) m = m.tailMap(mapKey(afterKey), false);
        return m.entrySet().iterator();
    }

    /** The entry for a fully bound key (select with a bound key visits only it). */
    Map.Entry<Object, Object> entry(Term key) {
        Object k = mapKey(key);
        Object v = data.get(k);
        return v == null ? null : Map.entry(k, v);
    }

    static Term keyTerm(Object mapKey) { return termKey(mapKey); }

    /** slot/2: one key per slot, in traversal order; null past the end ({@code '$end_of_table'} at size). */
    public Term slot(long i) {
        long n = 0;
        for (Object v : data.values()) {
            if (n++ == i) return list(objects(v));
        }
        return null;
    }

    public long keyCount() { return data.size(); }

    // ---- safe_fixtable ----

    public boolean isFixed() {
        synchronized (fixes) {
            return !fixes.isEmpty();
        }
    }

    public void fix(Pid p, boolean on) {
        synchronized (fixes) {
            if (on) {
                if (fixes.isEmpty()) fixedSince = System.nanoTime();
                fixes.merge(p, 1, Integer::sum);
            } else {
                fixes.computeIfPresent(p, (k, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /** Drops every fix of {@code p} (it exited). */
    void unfixAll(Pid p) {
        synchronized (fixes) {
            fixes.remove(p);
        }
    }

    public static Term list(Tuple[] objs) {
        Term l = Nil.NIL;
        for (int i = objs.length - 1; i >= 0; i--) l = new Cons(objs[i], l);
        return l;
    }
}
