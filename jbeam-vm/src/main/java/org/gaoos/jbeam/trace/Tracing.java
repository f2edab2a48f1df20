package org.gaoos.jbeam.trace;

import java.util.List;

import org.gaoos.jbeam.bif.TimerBifs;
import org.gaoos.jbeam.ets.MatchSpec;
import org.gaoos.jbeam.port.OpenPort;
import org.gaoos.jbeam.port.PortBifs;
import org.gaoos.jbeam.port.Ports;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.ExternalTermFormat;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.gaoos.jbeam.trace.ProcTrace.Tracee;

import static org.gaoos.jbeam.trace.TraceFlags.*;

/**
 * Process trace events (erl_trace.c): the runtime calls these only when the process concerned
 * has a {@code Proc.trace} (or, for spawns, when some session traces new processes), so nothing
 * is paid while tracing is off. Each event goes to the tracer of every session that traces it,
 * as {@code {trace, Pid, Tag, ...}} or, with a timestamp flag, {@code {trace_ts, Pid, Tag, ..., TS}}.
 * A tracer found dead ends that session's tracing of the process (as BEAM does when it finds out).
 */
public final class Tracing {
    private Tracing() {}

    static final Atom TRACE = Atom.of("trace");
    static final Atom TRACE_TS = Atom.of("trace_ts");
    static final Atom SEND = Atom.of("send");
    static final Atom SEND_TO_NON_EXISTING = Atom.of("send_to_non_existing_process");
    static final Atom RECEIVE = Atom.of("receive");

    /** True while some session gives new processes trace flags: spawns then call {@link #spawned}. */
    static volatile boolean newProcsTraced;

    public static boolean newProcsTraced() { return newProcsTraced; }

    // ---- flags ----

    /**
     * BEAM's start_trace: turns {@code mask} on or off for process {@code p} in session {@code s}.
     * False (nothing changed) if another tracer that is still alive already traces it.
     */
    static boolean change(Proc p, TraceSession s, boolean on, int mask, Term tracer) {
        synchronized (p) {
            ProcTrace pt = p.trace;
            Tracee t = pt == null ? null : pt.get(s);
            if (t == null) {
                if (!on) return true;
                t = new Tracee(s, 0, null);
            }
            if (on && t.tracer() != null && (t.flags() & ALL) != 0 && !t.tracer().equals(tracer)
                    && tracerAlive(t.tracer())) {
                return false;
            }
            int flags = on ? t.flags() | mask : t.flags() & ~mask;
            Term tr = on && tracer != null ? tracer : t.tracer();
            p.trace = ProcTrace.with(pt, s, flags == 0 ? null : new Tracee(s, flags, tr));
            return true;
        }
    }

    /**
     * set_tracee_flags (erl_db_util.c), for match specification actions: {@code p}'s flags in
     * {@code s} lose {@code disable} and gain {@code enable}, and its tracer becomes
     * {@code tracer}; a null tracer clears every flag. An untraced process given no flag or no
     * tracer stays untraced.
     */
    static void setTraceeFlags(Proc p, TraceSession s, Term tracer, int disable, int enable) {
        synchronized (p) {
            ProcTrace pt = p.trace;
            Tracee t = pt == null ? null : pt.get(s);
            if (t == null && (tracer == null || enable == 0)) return;
            int flags = tracer == null ? 0 : ((t == null ? 0 : t.flags()) & ~disable) | enable;
            p.trace = ProcTrace.with(pt, s, flags == 0 ? null : new Tracee(s, flags, tracer));
        }
    }

    /** Drops session {@code s}'s entry on {@code p} (its tracer died, or the session was destroyed). */
    static void clear(Proc p, TraceSession s) {
        synchronized (p) {
            ProcTrace pt = p.trace;
            if (pt != null && pt.get(s) != null) p.trace = ProcTrace.with(pt, s, null);
        }
    }

    static Tracee tracee(Proc p, TraceSession s) {
        ProcTrace pt = p.trace;
        return pt == null ? null : pt.get(s);
    }

    static boolean tracerAlive(Term tracer) {
        if (tracer instanceof Pid) {
            Proc t = Processes.lookup(tracer);
            return t != null && t.isAlive();
        }
        if (tracer instanceof Port) {
            OpenPort op = Ports.lookup(tracer);
            return op != null && op.isOpen();
        }
        return false;
    }

    // ---- emission ----

    /**
     * Sends {@code {trace, Id, Tag, Rest...}} (with a timestamp as the tracee's flags ask) to
     * {@code t}'s tracer; false, and the tracee's entry dropped, if the tracer is gone.
     */
    static boolean emit(Proc p, Tracee t, Term id, Term tag, Term... rest) {
        return emitTo(p, t.session(), t.tracer(), t.flags(), id, tag, rest);
    }

    static boolean emitTo(Proc p, TraceSession s, Term tracer, int flags, Term id, Term tag, Term... rest) {
        if (tracer.equals(id)) return true; // a process's events are never sent to itself, as on BEAM
        Term ts = timestamp(flags);
        Term[] e = new Term[3 + rest.length + (ts == null ? 0 : 1)];
        e[0] = ts == null ? TRACE : TRACE_TS;
        e[1] = id;
        e[2] = tag;
        System.arraycopy(rest, 0, e, 3, rest.length);
        if (ts != null) e[e.length - 1] = ts;
        if (!deliver(tracer, Tuple.adopt(e))) {
            if (p != null) clear(p, s);
            return false;
        }
        return true;
    }

    /** Delivers a trace message to a tracer process (not itself receive-traced) or port. */
    static boolean deliver(Term tracer, Term msg) {
        if (tracer instanceof Pid) {
            Proc t = Processes.lookup(tracer);
            if (t == null || !t.isAlive()) return false;
            t.deliverUntraced(msg);
            return true;
        }
        if (tracer instanceof Port) {
            OpenPort op = Ports.lookup(tracer);
            if (op == null || !op.isOpen()) return false;
            PortBifs.portCommand(tracer, Binary.of(ExternalTermFormat.encode(msg)), Nil.NIL);
            return true;
        }
        return false;
    }

    static Term timestamp(int flags) {
        if ((flags & TIMESTAMPS) == 0) return null;
        if ((flags & STRICT_MONOTONIC_TIMESTAMP) != 0) {
            return Tuple.of(TimerBifs.monotonicTime(Atom.of("nanosecond")),
                    TimerBifs.uniqueInteger(Lists.of(Atom.of("monotonic"))));
        }
        if ((flags & MONOTONIC_TIMESTAMP) != 0) return TimerBifs.monotonicTime(Atom.of("nanosecond"));
        return TimerBifs.now();
    }

    // ---- message events ----

    /** {@code Self ! Msg} by a traced process: send or send_to_non_existing_process. */
    public static void send(Proc self, Term to, Term msg) {
        ProcTrace pt = self.trace;
        if (pt == null) return;
        boolean exists;
        if (to instanceof Pid) exists = Processes.lookup(to) != null;
        else if (to instanceof Atom a) {
            if (Processes.whereis(a) == null) return; // badarg follows: no event
            exists = true;
        } else exists = true;
        for (Tracee t : pt.entries) {
            if (!t.has(TraceFlags.SEND) || !t.session().alive) continue;
            Object pat = t.session().sendPattern;
            Term extra = null;
            if (pat == Boolean.FALSE) continue;
            if (pat instanceof MatchSpec ms) {
                MatchSpec.TraceResult r = ms.runTrace(self, Lists.of(to, msg), new Actions(t.session()));
                if (r == null || r.message == Atom.FALSE) continue;
                if (r.message != Atom.TRUE) extra = r.message;
            }
            if (t.has(SILENT)) continue;
            Term tag = exists ? SEND : SEND_TO_NON_EXISTING;
            if (extra == null) emit(self, t, self.pid, tag, msg, to);
            else emit(self, t, self.pid, tag, msg, to, extra);
        }
    }

    /** A message arrives at traced process {@code p} (emitted by the sender's thread). */
    public static void received(Proc p, Term msg) {
        ProcTrace pt = p.trace;
        if (pt == null) return;
        for (Tracee t : pt.entries) {
            if (!t.has(TraceFlags.RECEIVE) || !t.session().alive) continue;
            Object pat = t.session().receivePattern;
            if (pat == Boolean.FALSE) continue;
            Term extra = null;
            if (pat instanceof MatchSpec ms) {
                Proc sender = Processes.current();
                Term from = sender == null ? Atom.UNDEFINED : sender.pid;
                MatchSpec.TraceResult r = ms.runTrace(sender, Lists.of(LocalNode.name(), from, msg), null);
                if (r == null || r.message == Atom.FALSE) continue;
                if (r.message != Atom.TRUE) extra = r.message;
            }
            if (t.has(SILENT)) continue;
            if (extra == null) emit(p, t, p.pid, RECEIVE, msg);
            else emit(p, t, p.pid, RECEIVE, msg, extra);
        }
    }

    // ---- process events ----

    private static void procEvent(Proc p, String tag, Term... rest) {
        ProcTrace pt = p.trace;
        if (pt == null) return;
        Atom a = Atom.of(tag);
        for (Tracee t : pt.entries) {
            if (t.has(PROCS) && t.session().alive && !t.has(SILENT)) emit(p, t, p.pid, a, rest);
        }
    }

    /**
     * {@code child} was spawned by {@code parent} with {@code mfa} ({M, F, Args}), before it runs:
     * it inherits set_on_spawn / set_on_first_spawn flags and the sessions' new-process flags;
     * then the spawn and spawned events.
     */
    public static void spawned(Proc parent, Proc child, Term mfa) {
        inherit(parent, child, SET_ON_SPAWN, SET_ON_FIRST_SPAWN);
        if (newProcsTraced) {
            for (TraceSession s : TraceSession.all()) {
                int f = s.newProcFlags;
                if (f != 0 && s.alive) change(child, s, true, f, s.tracer != null ? s.tracer : s.newProcTracer);
            }
        }
        procEvent(parent, "spawn", child.pid, mfa);
        procEvent(child, "spawned", parent.pid, mfa);
    }

    public static void exited(Proc p, Term reason) {
        procEvent(p, "exit", reason);
    }

    public static void registered(Proc p, Atom name) {
        procEvent(p, "register", name);
    }

    public static void unregistered(Proc p, Atom name) {
        procEvent(p, "unregister", name);
    }

    /** {@code self} linked to {@code other}: link / getting_linked, and set_on_link inheritance. */
    public static void linked(Proc self, Proc other) {
        inherit(self, other, SET_ON_LINK, SET_ON_FIRST_LINK);
        procEvent(self, "link", other.pid);
        if (other.trace != null) procEvent(other, "getting_linked", self.pid);
    }

    /**
     * set_on_spawn / set_on_link ({@code on}): {@code to} gets {@code from}'s flags and tracer; the
     * _first_ form ({@code onFirst}) passes them once and is then cleared on {@code from}.
     */
    private static void inherit(Proc from, Proc to, int on, int onFirst) {
        ProcTrace pt = from.trace;
        if (pt == null) return;
        for (Tracee t : pt.entries) {
            if (!t.session().alive) continue;
            if (t.has(on)) {
                change(to, t.session(), true, t.flags(), t.tracer());
            } else if (t.has(onFirst)) {
                change(to, t.session(), true, t.flags() & ~onFirst, t.tracer());
                change(from, t.session(), false, onFirst, null);
            }
        }
    }

    public static void unlinked(Proc self, Proc other) {
        procEvent(self, "unlink", other == null ? Atom.UNDEFINED : other.pid);
        if (other != null && other.trace != null) procEvent(other, "getting_unlinked", self.pid);
    }

    /** Scheduling: {@code in} / {@code out} events (the running flag) with the current function. */
    public static void scheduled(Proc p, boolean in) {
        schedEvent(p, RUNNING, in ? "in" : "out", null);
    }

    /**
     * The exiting flag's {@code out_exited}, with no function (0) as on BEAM, when the process is
     * gone. BEAM also reports {@code out_exiting}/{@code in_exiting} when it reschedules an exiting
     * process (freeing large ETS tables); jbeam frees them in one go and never does.
     */
    public static void outExited(Proc p) {
        schedEvent(p, EXITING, "out_exited", org.gaoos.jbeam.term.Small.ZERO);
    }

    private static void schedEvent(Proc p, int flag, String event, Term mfa) {
        ProcTrace pt = p.trace;
        if (pt == null) return;
        for (Tracee t : pt.entries) {
            if (!t.session().alive || !t.has(flag)) continue;
            emit(p, t, p.pid, Atom.of(event), mfa != null ? mfa : currentFunction(p));
        }
    }

    private static Term currentFunction(Proc p) {
        List<Term> frames = org.gaoos.jbeam.runtime.ProcessStacks.frames(p, p, 1);
        if (frames == null || frames.isEmpty()) return org.gaoos.jbeam.term.Small.ZERO;
        Tuple f = (Tuple) frames.get(0);
        return Tuple.of(f.get(0), f.get(1), f.get(2));
    }

    /** The match-spec trace actions, acting on session {@code s}. */
    static final class Actions implements MatchSpec.TraceActions {
        final TraceSession s;

        Actions(TraceSession s) {
            this.s = s;
        }

        /**
         * {trace, [Pid,] Disable, Enable}, {enable_trace, ...}, {disable_trace, ...}
         * (erl_db_util.c): the tracee takes the calling process's tracer (the session's, or
         * the caller's own) unless a list names one; with no tracer at all every flag of the
         * tracee is cleared, as BEAM's set_tracee_flags does.
         */
        @Override
        public boolean changeFlags(Proc self, Term pid, Term disable, Term enable) {
            Proc target = pid == null ? self : Processes.lookup(pid);
            if (target == null) return false;
            TraceBifs.Flags d = TraceBifs.parseFlags(s, disable);
            TraceBifs.Flags e = TraceBifs.parseFlags(s, enable);
            if (d == null || e == null || d.cpu() || e.cpu()) return false;
            Tracee mine = tracee(self, s);
            Term tracer = s.tracer != null ? s.tracer : mine != null ? mine.tracer() : null;
            if (d.tracer() != null) tracer = d.tracer();
            if (e.tracer() != null) tracer = e.tracer();
            if (tracer != null && !tracerAlive(tracer)) return false;
            setTraceeFlags(target, s, tracer, d.mask() & PROC_FLAGS, e.mask() & PROC_FLAGS);
            return true; // (BEAM's {trace, ...} says whether anything changed; not modelled)
        }

        @Override
        public void silent(Proc self, boolean on) {
            Tracee t = tracee(self, s);
            if (t != null) change(self, s, on, SILENT, t.tracer());
        }

        @Override
        public Term caller(Proc self) {
            return CallTrace.caller(self, false);
        }

        @Override
        public Term callerLine(Proc self) {
            return CallTrace.caller(self, true);
        }

        @Override
        public Term currentStacktrace(Proc self, int depth) {
            return CallTrace.stacktrace(self, depth);
        }

        @Override
        public Term processDump(Proc self) {
            return Binary.latin1("=proc:" + self.pid + "\nState: Running\n");
        }

        @Override
        public Term getTcw() {
            return TraceBifs.tcw();
        }

        @Override
        public Term setTcw(Term v) {
            return TraceBifs.setTcw(v);
        }
    }
}
