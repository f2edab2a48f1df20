package org.gaoos.jbeam.runtime;

import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The Erlang frames of a (possibly other) process's current JVM stack, for process_info's
 * current_function, current_location and current_stacktrace: the translated methods on the
 * thread's stack, mapped back to {M, F, Arity, Location} through their module versions. A snapshot:
 * the process keeps running while it is taken.
 */
public final class ProcessStacks {
    private ProcessStacks() {}

    /** Function-entry breakpoints (trace package): their frames sit between a call and its body. */
    private static final Class<?> BREAKPOINT = org.gaoos.jbeam.trace.LocalTrace.class;

    private static final StackWalker WALKER = StackWalker.getInstance(
            java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

    /**
     * Up to {@code max} frames of process {@code p}, innermost first, as seen by process
     * {@code self}. Only a process's own thread can walk its stack (translated code lives in hidden
     * classes, whose frames another thread's {@link Thread#getStackTrace()} does not show), so for
     * another process this asks the process itself with an {@link InfoRequest} and waits for the
     * answer, as BEAM's process_info does. Null if {@code p} exits before answering.
     */
    public static List<Term> frames(Proc self, Proc p, int max) {
        if (p.thread() == Thread.currentThread()) return own(p, max);
        Term frames = InfoRequest.ask(self, p, q -> org.gaoos.jbeam.term.Lists.of(own(q, max)));
        return frames == null ? null : org.gaoos.jbeam.term.Lists.toJava(frames);
    }

    /**
     * The calling thread's Erlang frames, like BEAM's continuation pointers: frames of direct
     * local tail calls ({@link StackTraces#TAIL_CALL_LINE}) are skipped, a split function's chunk
     * stands for it (its driver frame is skipped), and consecutive identical frames are recorded
     * once (BEAM records non-duplicate return addresses only).
     */
    static List<Term> own(Proc p, int max) {
        List<Term> out = new ArrayList<>();
        Object[] prev = {null, null, -1}; // class, method, line of the last frame recorded or skipped
        boolean[] hosting = {false};
        WALKER.forEach(f -> {
            if (out.size() >= max) return;
            if (f.getDeclaringClass() == BREAKPOINT) {
                hosting[0] = true; // the next Erlang frame is a function whose breakpoint runs its body
                return;
            }
            ModuleCode mc = ModuleCode.of(f.getDeclaringClass());
            if (mc == null) return;
            if (hosting[0]) { // that frame is the same call as the body's frame above it: not a caller
                hosting[0] = false;
                return;
            }
            String method = f.getMethodName();
            int fn = mc.functionOfMethod(method);
            if (fn < 0) return;
            int ln = f.getLineNumber();
            boolean chunk = ModuleCode.isChunk(method);
            boolean driver = !chunk && prev[0] == mc && prev[1] instanceof String m
                    && ModuleCode.isChunk(m) && mc.functionOfMethod(m) == fn;
            boolean same = prev[0] == mc && method.equals(prev[1]) && (int) prev[2] == ln;
            prev[0] = mc;
            prev[1] = method;
            prev[2] = ln;
            if (driver || same || ln == StackTraces.TAIL_CALL_LINE) return;
            ModuleInfo info = mc.info();
            FunctionInfo fi = info.functions().get(fn);
            Term loc = StackTraces.location(info, ln, Nil.NIL);
            out.add(Tuple.of(info.module(), fi.name(), Small.of(fi.arity()), loc));
        });
        return out;
    }
}
