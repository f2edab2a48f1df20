package org.gaoos.jbeam.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.gaoos.jbeam.bif.Bif;
import org.gaoos.jbeam.ets.MatchSpec;
import org.gaoos.jbeam.runtime.CodeServer;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Export;
import org.gaoos.jbeam.runtime.FunctionInfo;
import org.gaoos.jbeam.runtime.Module;
import org.gaoos.jbeam.runtime.ModuleCode;
import org.gaoos.jbeam.runtime.ModuleInfo;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.gaoos.jbeam.trace.ProcTrace.Tracee;

import static org.gaoos.jbeam.trace.TraceFlags.*;

/**
 * The tracing BIFs (erl_bif_trace.c): erts_internal:trace/3,4, trace_pattern/3,4, trace_info/3,
 * trace_session_create/3, trace_session_destroy/1 (under OTP's erlang and trace modules),
 * erlang:trace_info/2, trace_delivered/1. Not supported (badarg): ports as tracees, tracer
 * modules ({tracer, Module, State}).
 */
public final class TraceBifs {
    private TraceBifs() {}

    private static final Atom ERTS_INTERNAL = Atom.of("erts_internal");
    private static final Atom UNDERSCORE = Atom.of("_");
    private static final Atom TRACER = Atom.of("tracer");
    private static final Atom FLAGS = Atom.of("flags");
    private static final Atom SESSION = Atom.of("session");
    private static final Atom ON_LOAD = Atom.of("on_load");

    // ---- flag lists ----

    /** A parsed trace flag list: the mask, the {tracer, T} given (or null), cpu_timestamp. */
    record Flags(int mask, Term tracer, boolean cpu) {}

    /** erts_trace_flags: null if the list is invalid in session {@code s}. */
    static Flags parseFlags(TraceSession s, Term list) {
        int mask = 0;
        Term tracer = null;
        boolean cpu = false;
        Term l = list;
        while (l instanceof Cons c) {
            Term item = c.head();
            int bit = TraceFlags.bit(item);
            if (bit != 0) {
                mask |= bit;
            } else if (item == Atom.of("cpu_timestamp")) {
                cpu = true;
            } else if (item instanceof Tuple t && s.tracer == null) {
                tracer = tracerOf(TRACER, t);
                if (tracer == null) return null;
            } else {
                return null;
            }
            l = c.tail();
        }
        if (l != Nil.NIL) return null;
        return new Flags(mask, tracer, cpu);
    }

    /** {Tag, Pid | Port}: the tracer; tracer modules ({Tag, Module, State}) are not supported. */
    private static Term tracerOf(Atom tag, Tuple t) {
        if (t.arity() == 2 && t.get(0) == tag && (t.get(1) instanceof Pid || t.get(1) instanceof Port)) {
            return Tracing.tracerAlive(t.get(1)) ? t.get(1) : null;
        }
        return null;
    }

    // ---- sessions ----

    private static TraceSession session(Term handle) {
        TraceSession s = TraceSession.of(handle);
        if (s == null) throw Errors.badarg();
        return s;
    }

    @Bif(module = "erts_internal", value = "trace_session_create")
    public static Term sessionCreate(Proc p, Term name, Term tracer, Term opts) {
        if (!(name instanceof Atom n) || opts != Nil.NIL) throw Errors.badarg();
        Term tr;
        if (tracer == Atom.UNDEFINED) tr = null; // each tracee names its own tracer (used by OTP's tests)
        else if ((tracer instanceof Pid || tracer instanceof Port) && Tracing.tracerAlive(tracer)) tr = tracer;
        else throw Errors.badarg();
        return TraceSession.create(n, tr).handle;
    }

    @Bif(module = "erts_internal", value = "trace_session_destroy")
    public static Term sessionDestroy(Proc p, Term handle) {
        TraceSession s = TraceSession.of(handle);
        if (s == null) {
            if (TraceSession.isStaleHandle(handle)) return Atom.FALSE;
            throw Errors.badarg();
        }
        s.destroyed();
        for (Proc q : Processes.all()) Tracing.clear(q, s);
        for (CallTrace ct : List.copyOf(CallTrace.all())) {
            ct.bps.removeIf(b -> b.session == s);
            ct.tidy();
        }
        updateNewProcs();
        return Atom.TRUE;
    }

    private static void updateNewProcs() {
        boolean any = false;
        for (TraceSession s : TraceSession.all()) if (s.alive && s.newProcFlags != 0) any = true;
        Tracing.newProcsTraced = any;
    }

    // ---- trace/3,4 ----

    @Bif(module = "erts_internal", value = "trace")
    public static Term trace(Proc p, Term spec, Term how, Term flags) {
        return trace(p, TraceSession.LEGACY, spec, how, flags);
    }

    @Bif(module = "erts_internal", value = "trace")
    public static Term trace(Proc p, Term session, Term spec, Term how, Term flags) {
        return trace(p, session(session), spec, how, flags);
    }

    private static synchronized Term trace(Proc p, TraceSession s, Term spec, Term how, Term flagList) {
        Flags f = parseFlags(s, flagList);
        if (f == null) throw Errors.badarg();
        boolean on;
        Term tracer = f.tracer;
        if (how == Atom.FALSE) {
            on = false;
        } else if (how == Atom.TRUE) {
            on = true;
            if (tracer == null) tracer = s.tracer != null ? s.tracer : p.pid;
        } else {
            throw Errors.badarg();
        }
        int mask = f.mask;
        if (spec instanceof Pid) {
            if (f.cpu) throw Errors.badarg();
            Proc t = Processes.lookup(spec);
            if (t == null || !t.isAlive()) throw Errors.badarg();
            if (!Tracing.change(t, s, on, mask, tracer)) {
                System.err.println("** can only have one tracer per process");
                throw Errors.badarg();
            }
            return Small.ONE;
        }
        if (spec instanceof Port) throw Errors.badarg(); // port tracing: not implemented
        if (!(spec instanceof Atom a)) throw Errors.badarg();
        if (f.cpu && a != Atom.of("all")) throw Errors.badarg();
        String k = a.name();
        boolean existing = k.equals("all") || k.equals("existing") || k.equals("processes") || k.equals("existing_processes");
        boolean fresh = k.equals("all") || k.equals("new") || k.equals("processes") || k.equals("new_processes");
        boolean portsOnly = k.equals("ports") || k.equals("existing_ports") || k.equals("new_ports");
        if (!existing && !fresh && !portsOnly) throw Errors.badarg();
        int matches = 0;
        if (existing && (mask & PROC_FLAGS) != 0) {
            for (Proc q : Processes.all()) {
                if (q.isAlive() && Tracing.change(q, s, on, mask, tracer)) matches++;
            }
        }
        if (fresh && (mask & PROC_FLAGS) != 0) {
            if (on) {
                s.newProcFlags |= mask & PROC_FLAGS;
                s.newProcTracer = tracer;
            } else {
                s.newProcFlags &= ~(mask & PROC_FLAGS);
                if (s.newProcFlags == 0) s.newProcTracer = null;
            }
            updateNewProcs();
        }
        if ((k.equals("all") || k.equals("new") || k.equals("ports") || k.equals("new_ports")) && (mask & PORT_FLAGS) != 0) {
            if (on) {
                s.newPortFlags |= mask & PORT_FLAGS;
                s.newPortTracer = tracer;
            } else {
                s.newPortFlags &= ~(mask & PORT_FLAGS);
                if (s.newPortFlags == 0) s.newPortTracer = null;
            }
        }
        return Small.of(matches);
    }

    // ---- trace_pattern/3,4 ----

    @Bif(module = "erts_internal", value = "trace_pattern")
    public static Term tracePattern(Proc p, Term mfa, Term ms, Term flags) {
        return tracePattern(p, TraceSession.LEGACY, mfa, ms, flags);
    }

    @Bif(module = "erts_internal", value = "trace_pattern")
    public static Term tracePattern(Proc p, Term session, Term mfa, Term ms, Term flags) {
        return tracePattern(p, session(session), mfa, ms, flags);
    }

    private static final int OFF = 0, ON = 1, RESTART = 2, PAUSE = 3;

    private static synchronized Term tracePattern(Proc p, TraceSession s, Term mfa, Term pattern, Term flagList) {
        boolean global = false, local = false, meta = false, callCount = false, callTime = false, callMemory = false;
        Term metaTracer = null;
        Term l = flagList;
        while (l instanceof Cons c) {
            Term fl = c.head();
            boolean breakpoint = local || meta || callCount || callTime || callMemory;
            if (fl instanceof Tuple t && s.tracer == null) {
                metaTracer = tracerOf(Atom.of("meta"), t);
                if (metaTracer == null) throw Errors.badarg();
                meta = true;
            } else if (fl == Atom.of("local")) {
                if (global) throw Errors.badarg();
                local = true;
            } else if (fl == Atom.of("meta")) {
                if (global) throw Errors.badarg();
                meta = true;
                if (metaTracer == null) metaTracer = s.tracer != null ? s.tracer : p.pid;
            } else if (fl == Atom.of("global")) {
                if (breakpoint) throw Errors.badarg();
                global = true;
            } else if (fl == Atom.of("call_count")) {
                if (global) throw Errors.badarg();
                callCount = true;
            } else if (fl == Atom.of("call_time")) {
                if (global) throw Errors.badarg();
                callTime = true;
            } else if (fl == Atom.of("call_memory")) {
                if (global) throw Errors.badarg();
                callMemory = true;
            } else {
                throw Errors.badarg();
            }
            l = c.tail();
        }
        if (l != Nil.NIL) throw Errors.badarg();
        boolean breakpoint = local || meta || callCount || callTime || callMemory;
        int on;
        MatchSpec ms = null;
        if (pattern == Atom.FALSE) on = OFF;
        else if (pattern == Nil.NIL || pattern == Atom.TRUE) on = ON;
        else if (pattern == Atom.of("restart")) on = RESTART;
        else if (pattern == Atom.of("pause")) on = PAUSE;
        else {
            Atom kind = mfa == Atom.of("send") ? Atom.of("send") : mfa == Atom.of("receive") ? Atom.of("receive") : Atom.of("call");
            try {
                ms = MatchSpec.compileTrace(pattern, kind);
            } catch (MatchSpec.Invalid e) {
                throw Errors.badarg();
            }
            on = ON;
        }
        if (ms != null && !local && !meta && (callCount || callTime || callMemory)) throw Errors.badarg();
        if (mfa == ON_LOAD) {
            return Small.ZERO; // on_load patterns: not implemented (no function is matched)
        }
        if (mfa instanceof Atom ev) {
            if (global || breakpoint || on > ON) throw Errors.badarg();
            Object pat = on == OFF ? Boolean.FALSE : ms == null ? Boolean.TRUE : ms;
            if (ev == Atom.of("send")) s.sendPattern = pat;
            else if (ev == Atom.of("receive")) s.receivePattern = pat;
            else throw Errors.badarg();
            return Small.ONE;
        }
        if (!(mfa instanceof Tuple t) || t.arity() != 3 || !(t.get(0) instanceof Atom m) || !(t.get(1) instanceof Atom fn)
                || !(t.get(2) instanceof Small || t.get(2) == UNDERSCORE)) {
            throw Errors.badarg();
        }
        int specified = 0;
        while (specified < 3 && t.get(specified) != UNDERSCORE) specified++;
        for (int i = specified; i < 3; i++) if (t.get(i) != UNDERSCORE) throw Errors.badarg();
        if (t.get(2) instanceof Small a && (a.value() < 0 || a.value() > 255)) return Small.ZERO;
        int matches = 0;
        // global: exported functions; breakpoints (local, meta, counts) may sit on any function
        for (FunctionRef f : functions(specified >= 1 ? m : null, specified >= 2 ? fn : null,
                specified == 3 ? (int) ((Small) t.get(2)).value() : -1, breakpoint)) {
            matches++;
            apply(f, s, on, ms, !breakpoint, local, meta, metaTracer, callCount, callTime);
        }
        return Small.of(matches);
    }

    private static void apply(FunctionRef f, TraceSession s, int on, MatchSpec ms, boolean global, boolean local,
                              boolean meta, Term metaTracer, boolean callCount, boolean callTime) {
        CallTrace ct = CallTrace.of(f.module, f.name, f.arity, f.export, on == ON);
        if (ct == null) return;
        CallTrace.Bp bp = ct.bp(s, on == ON);
        if (bp == null) return;
        // A global call trace and the breakpoints (local, meta, counters) exclude each other:
        // setting one kind clears the other; turning one kind off leaves the other alone.
        if (global) {
            if (on == ON) {
                bp.callTrace = 1;
                bp.ms = ms;
                bp.metaTracer = null;
                bp.metaMs = null;
                bp.count = null;
                bp.time = null;
            } else if (on == OFF && bp.callTrace == 1) {
                bp.callTrace = 0;
                bp.ms = null;
            }
        } else if (on != OFF && bp.callTrace == 1) {
            bp.callTrace = 0;
            bp.ms = null;
        }
        if (local) {
            if (on == ON) {
                bp.callTrace = 2;
                bp.ms = ms;
            } else if (on == OFF && bp.callTrace == 2) {
                bp.callTrace = 0;
                bp.ms = null;
            }
        }
        if (meta) {
            if (on == ON) {
                bp.metaTracer = metaTracer;
                bp.metaMs = ms;
            } else if (on == OFF) {
                bp.metaTracer = null;
                bp.metaMs = null;
            }
        }
        if (callCount) {
            switch (on) {
                case ON -> {
                    if (bp.count == null) bp.count = new AtomicLong();
                    bp.countPaused = false;
                }
                case OFF -> bp.count = null;
                case RESTART -> {
                    if (bp.count != null) {
                        bp.count.set(0);
                        bp.countPaused = false;
                    }
                }
                case PAUSE -> bp.countPaused = bp.count != null;
                default -> { }
            }
        }
        if (callTime) {
            switch (on) {
                case ON -> {
                    if (bp.time == null) bp.time = new ConcurrentHashMap<>();
                    bp.timePaused = false;
                }
                case OFF -> bp.time = null;
                case RESTART -> {
                    if (bp.time != null) {
                        bp.time.clear();
                        bp.timePaused = false;
                    }
                }
                case PAUSE -> bp.timePaused = bp.time != null;
                default -> { }
            }
        }
        ct.tidy();
    }

    /** A function of a loaded module: its export when it is exported (else null). */
    private record FunctionRef(Atom module, Atom name, int arity, Export export) {}

    /** The functions of loaded modules matching M, F, A (null/-1: any); all functions or exported ones. */
    private static List<FunctionRef> functions(Atom m, Atom f, int arity, boolean all) {
        CodeServer cs = CodeServer.get();
        List<ModuleCode> codes = new ArrayList<>();
        if (m != null) {
            cs.realize(m);
            Module mod = cs.module(m);
            if (mod != null && mod.current() != null) codes.add(mod.current());
        } else {
            for (Module mod : cs.loaded()) if (mod.current() != null) codes.add(mod.current());
        }
        List<FunctionRef> out = new ArrayList<>();
        for (ModuleCode code : codes) {
            ModuleInfo info = code.info();
            java.util.Set<Integer> exported = new java.util.HashSet<>();
            for (int i : info.exports()) exported.add(i);
            List<FunctionInfo> fs = info.functions();
            for (int i = 0; i < fs.size(); i++) {
                FunctionInfo fi = fs.get(i);
                if (f != null && fi.name() != f) continue;
                if (arity >= 0 && fi.arity() != arity) continue;
                boolean ex = exported.contains(i);
                if (!ex && !all) continue;
                out.add(new FunctionRef(info.module(), fi.name(), fi.arity(),
                        ex ? cs.export(info.module(), fi.name(), fi.arity()) : null));
            }
        }
        return out;
    }

    // ---- trace_info ----

    @Bif("trace_info")
    public static Term traceInfo(Proc p, Term what, Term key) {
        return traceInfo(p, TraceSession.LEGACY, what, key);
    }

    @Bif(module = "erts_internal", value = "trace_info")
    public static Term traceInfo(Proc p, Term session, Term what, Term key) {
        if (session == Atom.of("any")) {
            if (key != SESSION) throw Errors.badarg();
            return sessionsOf(what);
        }
        return traceInfo(p, session(session), what, key);
    }

    private static Term traceInfo(Proc p, TraceSession s, Term what, Term key) {
        if (what instanceof Pid) return pidInfo(s, what, key);
        if (what instanceof Port) {
            if (key != FLAGS && key != TRACER) throw Errors.badarg();
            return Atom.UNDEFINED;
        }
        if (what instanceof Tuple t) return functionInfo(s, t, key);
        if (what == ON_LOAD) return onLoadInfo(key);
        if (what == Atom.of("send") || what == Atom.of("receive")) {
            if (key != Atom.of("match_spec")) throw Errors.badarg();
            Object pat = what == Atom.of("send") ? s.sendPattern : s.receivePattern;
            return Tuple.of(key, pat == Boolean.TRUE ? Atom.TRUE : pat == Boolean.FALSE ? Atom.FALSE : ((MatchSpec) pat).source);
        }
        if (what instanceof Atom a && (a.name().equals("new") || a.name().equals("new_processes") || a.name().equals("new_ports"))) {
            boolean ports = a.name().equals("new_ports");
            if (key == FLAGS) return Tuple.of(FLAGS, TraceFlags.list(ports ? s.newPortFlags : s.newProcFlags));
            if (key == TRACER) {
                Term tr = ports ? s.newPortTracer : s.newProcTracer;
                return Tuple.of(TRACER, tr == null ? Nil.NIL : tr);
            }
            throw Errors.badarg();
        }
        throw Errors.badarg();
    }

    private static Term pidInfo(TraceSession s, Term pid, Term key) {
        if (key != FLAGS && key != TRACER) throw Errors.badarg();
        Proc q = Processes.lookup(pid);
        if (q == null || !q.isAlive()) return Atom.UNDEFINED;
        Tracee t = Tracing.tracee(q, s);
        if (t != null && !Tracing.tracerAlive(t.tracer())) {
            Tracing.clear(q, s); // the tracer is gone: so is the tracing
            t = null;
        }
        if (key == FLAGS) return Tuple.of(FLAGS, TraceFlags.list(t == null ? 0 : t.flags()));
        return Tuple.of(TRACER, t == null || t.tracer() == null ? Nil.NIL : t.tracer());
    }

    private static final List<String> FUNCTION_KEYS = List.of("traced", "match_spec", "meta", "meta_match_spec",
            "call_memory", "call_time", "call_count");

    private static Term functionInfo(TraceSession s, Tuple t, Term key) {
        if (t.arity() != 3 || !(t.get(0) instanceof Atom m) || !(t.get(1) instanceof Atom f) || !(t.get(2) instanceof Small a)) {
            throw Errors.badarg();
        }
        if (!(key instanceof Atom k) || !(FUNCTION_KEYS.contains(k.name()) || k.name().equals("all"))) throw Errors.badarg();
        List<FunctionRef> fs = functions(m, f, (int) a.value(), true);
        if (fs.isEmpty()) return Tuple.of(key, Atom.UNDEFINED);
        FunctionRef fr = fs.get(0);
        CallTrace ct = CallTrace.of(fr.module, fr.name, fr.arity, fr.export, false);
        CallTrace.Bp bp = ct == null ? null : ct.bp(s, false);
        if (k.name().equals("all")) {
            if (bp == null || bp.isEmpty()) return Tuple.of(key, Atom.FALSE);
            List<Term> items = new ArrayList<>();
            for (String name : FUNCTION_KEYS) items.add(Tuple.of(Atom.of(name), functionItem(bp, name)));
            return Tuple.of(key, Lists.of(items));
        }
        return Tuple.of(key, functionItem(bp, k.name()));
    }

    private static Term functionItem(CallTrace.Bp bp, String key) {
        if (bp == null) return Atom.FALSE;
        switch (key) {
            case "traced":
                return bp.callTrace == 0 ? Atom.FALSE : Atom.of(bp.callTrace == 2 ? "local" : "global");
            case "match_spec":
                return bp.callTrace == 0 ? Atom.FALSE : bp.ms == null ? Nil.NIL : bp.ms.source;
            case "meta":
                return bp.metaTracer == null ? Atom.FALSE : bp.metaTracer;
            case "meta_match_spec":
                return bp.metaTracer == null ? Atom.FALSE : bp.metaMs == null ? Nil.NIL : bp.metaMs.source;
            case "call_count": {
                AtomicLong c = bp.count;
                return c == null ? Atom.FALSE : Small.of(c.get());
            }
            case "call_time": {
                ConcurrentHashMap<Term, long[]> m = bp.time;
                if (m == null) return Atom.FALSE;
                List<Term> l = new ArrayList<>();
                for (var en : m.entrySet()) {
                    long[] c = en.getValue();
                    long us = c[1] / 1000;
                    l.add(Tuple.of(en.getKey(), Small.of(c[0]), Small.of(us / 1_000_000), Small.of(us % 1_000_000)));
                }
                return Lists.of(l);
            }
            default:
                return Atom.FALSE; // call_memory: not measured by jbeam
        }
    }

    private static Term onLoadInfo(Term key) {
        if (!(key instanceof Atom k) || !(FUNCTION_KEYS.contains(k.name()) || k.name().equals("all"))) throw Errors.badarg();
        return Tuple.of(key, Atom.FALSE);
    }

    /** trace:session_info/1: the weak handles of the sessions that trace {@code what}. */
    private static Term sessionsOf(Term what) {
        List<Term> out = new ArrayList<>();
        if (what == Atom.of("any") || what == Atom.of("all")) {
            for (TraceSession s : TraceSession.all()) out.add(s.weak);
            return Tuple.of(SESSION, Lists.of(out));
        }
        if (what instanceof Pid) {
            Proc q = Processes.lookup(what);
            if (q == null || !q.isAlive()) return Atom.UNDEFINED;
            for (TraceSession s : TraceSession.all()) {
                Tracee t = Tracing.tracee(q, s);
                if (t != null && (t.flags() & ALL) != 0) out.add(s.weak);
            }
            return Tuple.of(SESSION, Lists.of(out));
        }
        if (what instanceof Tuple t && t.arity() == 3) {
            if (!(t.get(0) instanceof Atom m) || !(t.get(1) instanceof Atom f) || !(t.get(2) instanceof Small a)) throw Errors.badarg();
            List<FunctionRef> fs = functions(m, f, (int) a.value(), true);
            if (fs.isEmpty()) return Atom.UNDEFINED;
            FunctionRef fr = fs.get(0);
            CallTrace ct = CallTrace.of(fr.module, fr.name, fr.arity, fr.export, false);
            for (TraceSession s : TraceSession.all()) {
                CallTrace.Bp bp = ct == null ? null : ct.bp(s, false);
                if (bp != null && !bp.isEmpty()) out.add(s.weak);
            }
            return Tuple.of(SESSION, Lists.of(out));
        }
        if (what == Atom.of("send") || what == Atom.of("receive")) {
            for (TraceSession s : TraceSession.all()) {
                Object pat = what == Atom.of("send") ? s.sendPattern : s.receivePattern;
                if (pat != Boolean.TRUE) out.add(s.weak);
            }
            return Tuple.of(SESSION, Lists.of(out));
        }
        if (what == Atom.of("new") || what == Atom.of("new_processes") || what == Atom.of("new_ports")) {
            for (TraceSession s : TraceSession.all()) {
                int fl = what == Atom.of("new_ports") ? s.newPortFlags : s.newProcFlags;
                if (fl != 0) out.add(s.weak);
            }
            return Tuple.of(SESSION, Lists.of(out));
        }
        if (what == ON_LOAD || what instanceof Port) return Tuple.of(SESSION, Nil.NIL);
        throw Errors.badarg();
    }

    // ---- trace_delivered, trace control word ----

    /**
     * erlang:trace_delivered/1: trace messages are put in the tracer's queue when the event
     * happens, so all of them have been delivered already: the answer is sent at once.
     */
    @Bif("trace_delivered")
    public static Term traceDelivered(Proc p, Term tracee) {
        if (!(tracee instanceof Pid) && tracee != Atom.of("all")) throw Errors.badarg();
        Term ref = Processes.makeRef();
        p.deliver(Tuple.of(Atom.of("trace_delivered"), tracee, ref));
        return ref;
    }

    private static final AtomicLong TCW = new AtomicLong();

    /** The (legacy session's) trace control word: system_info(trace_control_word). */
    public static Term tcw() {
        return Small.of(TCW.get());
    }

    /** Sets the trace control word (0..2^32-1); returns the old one. */
    public static Term setTcw(Term v) {
        if (!(v instanceof Small n) || n.value() < 0 || n.value() > 0xFFFFFFFFL) throw Errors.badarg();
        return Small.of(TCW.getAndSet(n.value()));
    }
}
