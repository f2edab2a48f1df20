package org.gaoos.jbeam.nif;

import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.WeakHashMap;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;

/**
 * NIF resources: a Java object behind a reference term, as {@code enif_make_resource} gives BEAM's
 * NIFs (a "magic" reference: {@code is_reference/1} is true). The table holds the reference weakly:
 * once no term refers to it, the object is dropped and its optional cleanup runs (BEAM's resource
 * destructor, e.g. closing a file nobody closed).
 */
public final class Resources {
    private Resources() {}

    private static final Map<Ref, Object> TABLE = new WeakHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();

    /** A new reference standing for {@code resource}. */
    public static Ref make(Object resource) {
        return make(resource, null);
    }

    /** A new reference standing for {@code resource}; {@code cleanup} runs once it is unreachable. */
    public static Ref make(Object resource, Runnable cleanup) {
        Ref ref = Processes.makeRef();
        synchronized (TABLE) {
            TABLE.put(ref, resource);
        }
        if (cleanup != null) CLEANER.register(ref, cleanup);
        return ref;
    }

    /** The resource of {@code type} behind {@code ref}; badarg if it is anything else. */
    public static <T> T get(Term ref, Class<T> type) {
        Object o;
        if (!(ref instanceof Ref r)) throw Errors.badarg();
        synchronized (TABLE) {
            o = TABLE.get(r);
        }
        if (!type.isInstance(o)) throw Errors.badarg();
        return type.cast(o);
    }
}
