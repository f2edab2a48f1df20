package org.gaoos.jbeam.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.gaoos.jbeam.ets.MatchSpec;
import org.gaoos.jbeam.runtime.Code;
import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Export;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.ProcessStacks;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.gaoos.jbeam.trace.ProcTrace.Tracee;

/**
 * The breakpoint on one function {M, F, A} (beam_bp.c): per session, call trace (global or
 * local, with a match specification), meta trace, call_count and call_time. Calls reach it at
 * the function's export ({@link Export#setTraceHook}: remote calls, apply, external funs; global
 * call trace, and everything for BIFs) and at the function's entry ({@link LocalTrace}: local
 * and remote calls; local call trace, meta, counters).
 *
 * <p>A call that needs its return seen (return_trace, exception_trace, return_to, call_time) is
 * made as a body call here; otherwise the function runs as the call would have (a tail call
 * stays a tail call).
 */
public final class CallTrace implements Export.TraceHook {
    static final Atom CALL = Atom.of("call");
    static final Atom RETURN_FROM = Atom.of("return_from");
    static final Atom EXCEPTION_FROM = Atom.of("exception_from");
    static final Atom RETURN_TO = Atom.of("return_to");

    /** One session's breakpoint on the function. */
    static final class Bp {
        final TraceSession session;
        /** Call trace: 0 off, 1 global, 2 local. */
        volatile int callTrace;
        /** The call trace match specification; null: true. */
        volatile MatchSpec ms;
        volatile Term metaTracer;
        volatile MatchSpec metaMs;
        volatile AtomicLong count;
        volatile boolean countPaused;
        /** call_time: per process {calls, nanoseconds}. */
        volatile ConcurrentHashMap<Term, long[]> time;
        volatile boolean timePaused;

        Bp(TraceSession session) { this.session = session; }

        boolean isEmpty() {
            return callTrace == 0 && metaTracer == null && count == null && time == null;
        }
    }

    final LocalTrace.Mfa mfa;
    /** The function's export when it is exported (its breakpoint hook is this), else null. */
    final Export export;
    final CopyOnWriteArrayList<Bp> bps = new CopyOnWriteArrayList<>();

    private static final ConcurrentHashMap<LocalTrace.Mfa, CallTrace> ALL = new ConcurrentHashMap<>();

    private CallTrace(LocalTrace.Mfa mfa, Export export) {
        this.mfa = mfa;
        this.export = export;
    }

    static CallTrace get(LocalTrace.Mfa mfa) {
        return ALL.get(mfa);
    }

    /** The breakpoint on M:F/A (made, with its export hook, if {@code create}). */
    static CallTrace of(Atom m, Atom f, int arity, Export e, boolean create) {
        LocalTrace.Mfa key = new LocalTrace.Mfa(m, f, arity);
        CallTrace ct = ALL.get(key);
        if (ct == null) {
            if (!create) return null;
            ct = ALL.computeIfAbsent(key, k -> new CallTrace(k, e));
        }
        if (ct.export != null && ct.export.traceHook() != ct) ct.export.setTraceHook(ct);
        return ct;
    }

    /** A new version of {@code module} is loaded: its functions start without breakpoints, as on BEAM. */
    public static void moduleLoaded(Atom module) {
        for (CallTrace ct : ALL.values()) {
            if (ct.mfa.module() != module) continue;
            ct.bps.clear();
            ct.tidy();
        }
    }

    static java.util.Collection<CallTrace> all() {
        return ALL.values();
    }

    Bp bp(TraceSession s, boolean create) {
        for (Bp b : bps) if (b.session == s) return b;
        if (!create) return null;
        Bp b = new Bp(s);
        bps.add(b);
        return b;
    }

    /** True if a session needs the function's entry breakpoint (local call trace, meta, counters). */
    boolean hasEntryWork() {
        for (Bp b : bps) {
            if (b.session.alive && (b.callTrace == 2 || b.metaTracer != null || b.count != null || b.time != null)) return true;
        }
        return false;
    }

    /**
     * After a change: points the entry sites at this breakpoint or away; drops empty per-session
     * entries, and the breakpoint itself (and its export hook) when none is left.
     */
    void tidy() {
        bps.removeIf(b -> b.isEmpty() || !b.session.alive);
        LocalTrace.update(mfa, hasEntryWork());
        if (bps.isEmpty()) {
            ALL.remove(mfa, this);
            if (export != null && export.traceHook() == this) export.setTraceHook(null);
        }
    }

    private static final MatchSpec.TraceResult DEFAULT = new MatchSpec.TraceResult();

    /** A return event to send once the call is over. */
    private record Pending(Tracee tracee, Term metaTracer, TraceSession session, boolean returnFrom, boolean exception,
                           boolean returnTo, Term caller) {}

    /** What the call-time events left to do after the call: return events and call_time accounting. */
    private record After(List<Pending> pending, List<Bp> timed) {}

    /** The body of a call a breakpoint runs itself (to see its return). */
    private interface Body {
        Term run() throws Throwable;
    }

    private static final int GLOBAL = 1, ENTRY = 2;

    /** The export hook: global call trace; for a BIF (no entry breakpoint) every kind. */
    @Override
    public Term call(Export e, Proc p, Code original) {
        int arity = mfa.arity();
        Object[] args = Arrays.copyOf(p.args, arity);
        int kinds = e.isBif() ? GLOBAL | ENTRY : GLOBAL; // translated functions have an entry breakpoint
        After after = before(p, args, kinds, false);
        System.arraycopy(args, 0, p.args(arity), 0, arity);
        if (after == null) return original.invoke(p);
        return around(p, after, () -> {
            System.arraycopy(args, 0, p.args(arity), 0, arity);
            return original.invoke(p);
        });
    }

    /** The entry breakpoint ({@link LocalTrace}): null lets the body run. */
    Term atEntry(LocalTrace.Site site, Proc p, Object[] args) {
        After after = before(p, args, ENTRY, site.tail);
        if (after == null) return null;
        return around(p, after, () -> {
            Object[] a = new Object[args.length + 1];
            a[0] = p;
            System.arraycopy(args, 0, a, 1, args.length);
            p.traceSkip = true;
            try {
                return (Term) site.direct.invokeWithArguments(a);
            } finally {
                p.traceSkip = false;
            }
        });
    }

    /** The events at the call; null if nothing is to be done after it. */
    private After before(Proc p, Object[] args, int kinds, boolean selfTail) {
        ProcTrace pt = p.trace;
        Term argList = null;
        List<Pending> pending = null;
        List<Bp> timed = null;
        Atom module = mfa.module(), function = mfa.function();
        int arity = mfa.arity();
        for (Bp bp : bps) {
            TraceSession s = bp.session;
            if (!s.alive) continue;
            boolean entryKinds = (kinds & ENTRY) != 0;
            AtomicLong count = bp.count;
            if (entryKinds && count != null && !bp.countPaused) count.incrementAndGet();
            Tracee t = pt == null ? null : pt.get(s);
            boolean callFlag = t != null && t.has(TraceFlags.CALL);
            int ct = bp.callTrace;
            boolean traced = ct == 1 && (kinds & GLOBAL) != 0 || ct == 2 && entryKinds;
            if (traced && callFlag) {
                if (argList == null) argList = argList(args);
                MatchSpec ms = bp.ms;
                MatchSpec.TraceResult r = ms == null ? DEFAULT : ms.runTrace(p, argList, new Tracing.Actions(s));
                // The match spec may have changed the flags: silent takes effect at once; a
                // disabled call flag still lets this call's event through, as on BEAM.
                Tracee now = Tracing.tracee(p, s);
                if (now != null) t = now;
                if (r != null) {
                    if (r.message != Atom.FALSE && !t.has(TraceFlags.SILENT)) {
                        Term mfaTerm = t.has(TraceFlags.ARITY) ? Tuple.of(module, function, Small.of(arity))
                                : Tuple.of(module, function, argList);
                        if (r.message == Atom.TRUE) Tracing.emit(p, t, p.pid, CALL, mfaTerm);
                        else Tracing.emit(p, t, p.pid, CALL, mfaTerm, r.message);
                    }
                    // local call trace only, and not for a self tail call (it returns where its caller does)
                    boolean returnTo = t.has(TraceFlags.RETURN_TO) && ct == 2 && !selfTail;
                    if (r.returnTrace || r.exceptionTrace || returnTo) {
                        if (pending == null) pending = new ArrayList<>(2);
                        pending.add(new Pending(t, null, s, r.returnTrace || r.exceptionTrace, r.exceptionTrace, returnTo,
                                returnTo ? caller(p, false) : null));
                    }
                }
            }
            Term meta = bp.metaTracer;
            if (entryKinds && meta != null && meta != Nil.NIL) {
                if (argList == null) argList = argList(args);
                MatchSpec ms = bp.metaMs;
                MatchSpec.TraceResult r = ms == null ? DEFAULT : ms.runTrace(p, argList, new Tracing.Actions(s));
                if (r != null) {
                    Term mfaTerm = Tuple.of(module, function, argList);
                    boolean alive = r.message == Atom.FALSE || (r.message == Atom.TRUE
                            ? Tracing.emitTo(null, s, meta, TraceFlags.TIMESTAMP, p.pid, CALL, mfaTerm)
                            : Tracing.emitTo(null, s, meta, TraceFlags.TIMESTAMP, p.pid, CALL, mfaTerm, r.message));
                    if (!alive) bp.metaTracer = Nil.NIL; // the meta tracer died: trace_info says []
                    if (alive && (r.returnTrace || r.exceptionTrace)) {
                        if (pending == null) pending = new ArrayList<>(2);
                        pending.add(new Pending(null, meta, s, true, r.exceptionTrace, false, null));
                    }
                }
            }
            if (entryKinds && bp.time != null && callFlag && !bp.timePaused) {
                if (timed == null) timed = new ArrayList<>(1);
                timed.add(bp);
            }
        }
        return pending == null && timed == null ? null : new After(pending, timed);
    }

    /** Runs the body as a body call, then the return events. */
    private Term around(Proc p, After after, Body body) {
        List<Pending> pending = after.pending;
        long start = System.nanoTime();
        int depth = p.tailDepth;
        Term r;
        try {
            r = body.run();
            if (r == Proc.TAIL) r = p.trampoline();
        } catch (ErlangException x) {
            p.tailDepth = depth;
            account(p, after.timed, start);
            if (pending != null) {
                Term mfaTerm = Tuple.of(mfa.module(), mfa.function(), Small.of(mfa.arity()));
                Term value = Tuple.of(x.kind(), x.reason());
                for (Pending q : pending) {
                    if (q.exception) returnEvent(p, q, EXCEPTION_FROM, mfaTerm, value);
                    if (q.returnTo) { // BEAM reports it where the exception is caught: here, the caller
                        Tracee t = Tracing.tracee(p, q.session);
                        if (t != null && !t.has(TraceFlags.SILENT)) Tracing.emit(p, t, p.pid, RETURN_TO, q.caller);
                    }
                }
            }
            throw x;
        } catch (RuntimeException | Error x) {
            throw x;
        } catch (Throwable x) {
            throw new IllegalStateException(x);
        }
        account(p, after.timed, start);
        if (pending != null) {
            Term mfaTerm = Tuple.of(mfa.module(), mfa.function(), Small.of(mfa.arity()));
            for (Pending q : pending) {
                if (q.returnFrom) returnEvent(p, q, RETURN_FROM, mfaTerm, r);
                if (q.returnTo) {
                    Tracee t = Tracing.tracee(p, q.session);
                    if (t != null && !t.has(TraceFlags.SILENT)) Tracing.emit(p, t, p.pid, RETURN_TO, q.caller);
                }
            }
        }
        return r;
    }

    private static void returnEvent(Proc p, Pending q, Atom tag, Term mfa, Term value) {
        if (q.metaTracer != null) {
            if (q.metaTracer == Nil.NIL) return;
            Tracing.emitTo(null, q.session, q.metaTracer, TraceFlags.TIMESTAMP, p.pid, tag, mfa, value);
            return;
        }
        Tracee t = Tracing.tracee(p, q.session);
        if (t == null || t.has(TraceFlags.SILENT)) return;
        Tracing.emit(p, t, p.pid, tag, mfa, value);
    }

    private static void account(Proc p, List<Bp> timed, long start) {
        if (timed == null) return;
        long ns = System.nanoTime() - start;
        for (Bp bp : timed) {
            ConcurrentHashMap<Term, long[]> m = bp.time;
            if (m == null) continue;
            long[] c = m.computeIfAbsent(p.pid, k -> new long[2]);
            synchronized (c) {
                c[0]++;
                c[1] += ns;
            }
        }
    }

    private static Term argList(Object[] args) {
        Term l = Nil.NIL;
        for (int i = args.length - 1; i >= 0; i--) {
            l = new org.gaoos.jbeam.term.Cons(org.gaoos.jbeam.runtime.Ops.term(args[i]), l);
        }
        return l;
    }

    /**
     * The function that called the traced one, {M, F, A} (with caller_line {M, F, A, Location}),
     * or undefined: the innermost Erlang frame on the process's own stack. At the export the
     * traced function has not started yet; at its entry breakpoint ProcessStacks skips the
     * function's frame (it sits under LocalTrace); direct tail calls leave no frame, as on BEAM.
     */
    static Term caller(Proc p, boolean withLine) {
        List<Term> frames = ProcessStacks.frames(p, p, 1);
        if (frames == null || frames.isEmpty()) return Atom.UNDEFINED;
        Tuple f = (Tuple) frames.get(0);
        if (!withLine) return Tuple.of(f.get(0), f.get(1), f.get(2));
        Term loc = Atom.UNDEFINED;
        Term file = null, line = null;
        for (Term x : Lists.toJava(f.get(3))) {
            Tuple kv = (Tuple) x;
            if (kv.get(0) == Atom.of("file")) file = kv.get(1);
            if (kv.get(0) == Atom.of("line")) line = kv.get(1);
        }
        if (file != null && line != null) loc = Tuple.of(file, line);
        return Tuple.of(f.get(0), f.get(1), f.get(2), loc);
    }

    static Term stacktrace(Proc p, int depth) {
        List<Term> frames = ProcessStacks.frames(p, p, depth);
        return frames == null ? Nil.NIL : Lists.of(frames);
    }
}
