package org.gaoos.jbeam.trace;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;

/**
 * Function-entry breakpoints (BEAM's local breakpoints, beam_bp.c): every translated function
 * starts with an {@code invokedynamic} linked here, one call site per function version, whose
 * target returns null — a constant the JIT folds away, so an untraced function pays nothing.
 * While a local call trace, meta trace, call_count or call_time pattern is set on the function,
 * the target is {@link #enter}: local and remote calls alike reach it at the function's entry
 * (self tail calls jump past it, as they skip BEAM's breakpoint).
 *
 * <p>{@link #enter} returns null to let the body run, or the function's result when it had to
 * run the body itself to see the return (return_trace, exception_trace, return_to, call_time):
 * it calls the function's own method again, which skips the breakpoint once
 * ({@code Proc.traceSkip}).
 */
public final class LocalTrace {
    private LocalTrace() {}

    record Mfa(Atom module, Atom function, int arity) {}

    /**
     * One function version's breakpoint call site. The translated class's linkage holds it
     * strongly (the registry weakly), so it lives exactly as long as its code.
     */
    static final class Site extends MutableCallSite {
        final Mfa mfa;
        final MethodHandle direct;
        final MethodHandle off;
        /** At a self tail call (no new return frame: no return_to), not at the function's start. */
        final boolean tail;

        Site(Mfa mfa, MethodHandle direct, MethodHandle off, boolean tail) {
            super(off);
            this.mfa = mfa;
            this.tail = tail;
            this.direct = direct;
            this.off = off;
        }
    }

    private static final ConcurrentHashMap<Mfa, CopyOnWriteArrayList<WeakReference<Site>>> SITES = new ConcurrentHashMap<>();

    /**
     * Bootstrap of a function's breakpoint {@code invokedynamic} (type: the function's own):
     * {@code entry} at its start, {@code tail} at its self tail calls.
     */
    public static CallSite bootstrap(MethodHandles.Lookup lookup, String name, MethodType type, String module,
                                     String function, String method) throws ReflectiveOperationException {
        Mfa mfa = new Mfa(Atom.of(module), Atom.of(function), type.parameterCount() - 1);
        MethodHandle off = MethodHandles.dropArguments(MethodHandles.constant(Term.class, null), 0, type.parameterList());
        Site site = new Site(mfa, lookup.findStatic(lookup.lookupClass(), method, type), off, name.equals("tail"));
        SITES.computeIfAbsent(mfa, k -> new CopyOnWriteArrayList<>()).add(new WeakReference<>(site));
        CallTrace ct = CallTrace.get(mfa);
        if (ct != null && ct.hasEntryWork()) site.setTarget(hook(site, type));
        return site;
    }

    private static MethodHandle hook(Site site, MethodType type) {
        return ENTER.bindTo(site).asCollector(Object[].class, type.parameterCount() - 1).asType(type);
    }

    /** Points the entry sites of {@code mfa} at the breakpoint, or back at nothing. */
    static void update(Mfa mfa, boolean on) {
        var sites = SITES.get(mfa);
        if (sites == null) return;
        java.util.List<MutableCallSite> changed = new java.util.ArrayList<>();
        for (WeakReference<Site> w : sites) {
            Site s = w.get();
            if (s == null) {
                sites.remove(w);
                continue;
            }
            s.setTarget(on ? hook(s, s.type()) : s.off);
            changed.add(s);
        }
        if (!changed.isEmpty()) MutableCallSite.syncAll(changed.toArray(new MutableCallSite[0]));
    }

    /** True if a translated function's entry site exists for {@code mfa} (its calls are seen there). */
    static boolean hasEntry(Mfa mfa) {
        var sites = SITES.get(mfa);
        if (sites == null) return false;
        for (WeakReference<Site> w : sites) if (w.get() != null) return true;
        return false;
    }

    private static Term enter(Site site, Proc p, Object[] args) throws Throwable {
        if (p.traceSkip) { // the breakpoint itself is running the body
            p.traceSkip = false;
            return null;
        }
        CallTrace ct = CallTrace.get(site.mfa);
        if (ct == null) return null;
        return ct.atEntry(site, p, args);
    }

    private static final MethodHandle ENTER;
    static {
        try {
            ENTER = MethodHandles.lookup().findStatic(LocalTrace.class, "enter",
                    MethodType.methodType(Term.class, Site.class, Proc.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
