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
 * The call-trace breakpoint on one function (beam_bp.c): per session, call trace (global or
 * local, with a match specification), meta trace, call_count and call_time. It sits on the
 * function's export ({@link Export#setTraceHook}), so it sees remote calls, apply and external
 * funs; local calls are direct JVM calls and bypass it (jbeam's documented gap for {@code local}).
 *
 * <p>A call that needs its return seen (return_trace, exception_trace, return_to, call_time) is
 * made as a body call here; otherwise the function is entered as the call would have (a tail
 * call stays a tail call).
 */
final class CallTrace implements Export.TraceHook {
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

    final Export export;
    final CopyOnWriteArrayList<Bp> bps = new CopyOnWriteArrayList<>();

    CallTrace(Export export) {
        this.export = export;
    }

    /** The breakpoint on {@code e}, made (and installed) if {@code create}. */
    static CallTrace of(Export e, boolean create) {
        if (e.traceHook() instanceof CallTrace ct) return ct;
        if (!create) return null;
        CallTrace ct = new CallTrace(e);
        return e.setTraceHook(ct) ? ct : null;
    }

    Bp bp(TraceSession s, boolean create) {
        for (Bp b : bps) if (b.session == s) return b;
        if (!create) return null;
        Bp b = new Bp(s);
        bps.add(b);
        return b;
    }

    /** Drops empty per-session entries; removes the breakpoint from the export when none is left. */
    void tidy() {
        bps.removeIf(b -> b.isEmpty() || !b.session.alive);
        if (bps.isEmpty()) synchronized (export) {
            if (bps.isEmpty() && export.traceHook() == this) export.setTraceHook(null);
        }
    }

    private static final MatchSpec.TraceResult DEFAULT = new MatchSpec.TraceResult();

    /** A return event to send once the call is over. */
    private record Pending(Tracee tracee, Term metaTracer, TraceSession session, boolean exception, boolean returnTo,
                           Term caller) {}

    @Override
    public Term call(Export e, Proc p, Code original) {
        int arity = e.arity;
        Object[] args = Arrays.copyOf(p.args, arity);
        ProcTrace pt = p.trace;
        Term argList = null;
        List<Pending> pending = null;
        List<Bp> timed = null;
        for (Bp bp : bps) {
            TraceSession s = bp.session;
            if (!s.alive) continue;
            AtomicLong count = bp.count;
            if (count != null && !bp.countPaused) count.incrementAndGet();
            Tracee t = pt == null ? null : pt.get(s);
            boolean callFlag = t != null && t.has(TraceFlags.CALL);
            if (bp.callTrace != 0 && callFlag) {
                if (argList == null) argList = argList(args);
                MatchSpec ms = bp.ms;
                MatchSpec.TraceResult r = ms == null ? DEFAULT : ms.runTrace(p, argList, new Tracing.Actions(s));
                // The match spec may have changed the flags: silent takes effect at once; a
                // disabled call flag still lets this call's event through, as on BEAM.
                Tracee now = Tracing.tracee(p, s);
                if (now != null) t = now;
                if (r != null) {
                    if (r.message != Atom.FALSE && !t.has(TraceFlags.SILENT)) {
                        Term mfa = t.has(TraceFlags.ARITY) ? Tuple.of(e.module, e.function, Small.of(arity))
                                : Tuple.of(e.module, e.function, argList);
                        if (r.message == Atom.TRUE) Tracing.emit(p, t, p.pid, CALL, mfa);
                        else Tracing.emit(p, t, p.pid, CALL, mfa, r.message);
                    }
                    boolean returnTo = t.has(TraceFlags.RETURN_TO) && bp.callTrace == 2; // local call trace only
                    if (r.returnTrace || r.exceptionTrace || returnTo) {
                        if (pending == null) pending = new ArrayList<>(2);
                        pending.add(new Pending(t, null, s, r.exceptionTrace, returnTo && !r.returnTrace && !r.exceptionTrace,
                                returnTo ? caller(p, false) : null));
                    }
                }
            }
            Term meta = bp.metaTracer;
            if (meta != null && meta != Nil.NIL) {
                if (argList == null) argList = argList(args);
                MatchSpec ms = bp.metaMs;
                MatchSpec.TraceResult r = ms == null ? DEFAULT : ms.runTrace(p, argList, new Tracing.Actions(s));
                if (r != null) {
                    Term mfa = Tuple.of(e.module, e.function, argList);
                    boolean alive = r.message == Atom.FALSE || (r.message == Atom.TRUE
                            ? Tracing.emitTo(null, s, meta, TraceFlags.TIMESTAMP, p.pid, CALL, mfa)
                            : Tracing.emitTo(null, s, meta, TraceFlags.TIMESTAMP, p.pid, CALL, mfa, r.message));
                    if (!alive) bp.metaTracer = Nil.NIL; // the meta tracer died: trace_info says []
                    if (alive && (r.returnTrace || r.exceptionTrace)) {
                        if (pending == null) pending = new ArrayList<>(2);
                        pending.add(new Pending(null, meta, s, r.exceptionTrace, false, null));
                    }
                }
            }
            if (bp.time != null && callFlag && !bp.timePaused) {
                if (timed == null) timed = new ArrayList<>(1);
                timed.add(bp);
            }
        }
        System.arraycopy(args, 0, p.args(arity), 0, arity);
        if (pending == null && timed == null) return original.invoke(p);
        return bodyCall(e, p, original, pending, timed);
    }

    private static Term bodyCall(Export e, Proc p, Code original, List<Pending> pending, List<Bp> timed) {
        long start = System.nanoTime();
        int depth = p.tailDepth;
        Term r;
        try {
            r = original.invoke(p);
            if (r == Proc.TAIL) r = p.trampoline();
        } catch (ErlangException x) {
            p.tailDepth = depth;
            account(p, timed, start);
            if (pending != null) {
                Term mfa = Tuple.of(e.module, e.function, Small.of(e.arity));
                Term value = Tuple.of(x.kind(), x.reason());
                for (Pending q : pending) {
                    if (!q.exception) continue;
                    returnEvent(p, q, EXCEPTION_FROM, mfa, value);
                }
            }
            throw x;
        }
        account(p, timed, start);
        if (pending != null) {
            Term mfa = Tuple.of(e.module, e.function, Small.of(e.arity));
            for (Pending q : pending) {
                if (q.returnTo) {
                    Tracee t = Tracing.tracee(p, q.session);
                    if (t != null && !t.has(TraceFlags.SILENT)) {
                        Tracing.emit(p, t, p.pid, RETURN_TO, q.caller == Atom.UNDEFINED ? Atom.UNDEFINED : q.caller);
                    }
                } else {
                    returnEvent(p, q, RETURN_FROM, mfa, r);
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
        for (int i = args.length - 1; i >= 0; i--) l = new org.gaoos.jbeam.term.Cons((Term) args[i], l);
        return l;
    }

    /**
     * The function that called the traced one, {M, F, A} (with caller_line {M, F, A, Location}),
     * or undefined: the innermost Erlang frame on the process's own stack, since the traced
     * function has not started yet; direct tail calls leave no frame, as on BEAM.
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
