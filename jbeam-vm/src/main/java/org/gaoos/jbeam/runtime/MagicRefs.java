package org.gaoos.jbeam.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;

/**
 * BEAM's magic references: a reference term standing for a native resource (an atomics or
 * counters array) that lives as long as the reference does. Lookups are lock-free (a concurrent
 * map keyed by a copy of the reference, so the map does not keep the caller's reference alive);
 * a weak reference to the reference handed out tells when it has been collected, and the
 * resource is dropped then (checked at each creation).
 */
public final class MagicRefs {
    private MagicRefs() {}

    private static final class Entry extends WeakReference<Ref> {
        final Ref key;
        final Object resource;

        Entry(Ref handedOut, Ref key, Object resource, ReferenceQueue<Ref> q) {
            super(handedOut, q);
            this.key = key;
            this.resource = resource;
        }
    }

    private static final ConcurrentHashMap<Ref, Entry> TABLE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Ref> COLLECTED = new ReferenceQueue<>();

    /** A new reference standing for {@code resource}. */
    public static Ref create(Object resource) {
        for (Object e; (e = COLLECTED.poll()) != null; ) TABLE.remove(((Entry) e).key, e);
        Ref r = Processes.makeRef();
        Ref key = new Ref(r.node, r.creation, r.ids());
        TABLE.put(key, new Entry(r, key, resource, COLLECTED));
        return r;
    }

    /** The resource of type {@code type} that {@code t} stands for, or null. */
    public static <T> T get(Term t, Class<T> type) {
        if (!(t instanceof Ref r)) return null;
        Entry e = TABLE.get(r);
        return e != null && type.isInstance(e.resource) ? type.cast(e.resource) : null;
    }

    /** Number of live resources (tests: no leak). */
    public static int count() {
        for (Object e; (e = COLLECTED.poll()) != null; ) TABLE.remove(((Entry) e).key, e);
        return TABLE.size();
    }
}
