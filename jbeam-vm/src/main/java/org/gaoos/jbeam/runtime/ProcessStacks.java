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

    private static final StackWalker WALKER = StackWalker.getInstance(
            java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));

    /**
     * Up to {@code max} frames, innermost first. Only the calling process's own stack can be read:
     * translated code lives in hidden classes, whose frames another thread's
     * {@link Thread#getStackTrace()} does not show, so for other processes the list is empty
     * (TODO: ask the process itself with a request signal, as BEAM's process_info does).
     */
    public static List<Term> frames(Proc p, int max) {
        List<Term> out = new ArrayList<>();
        if (p.thread() != Thread.currentThread()) return out;
        WALKER.forEach(f -> {
            if (out.size() >= max) return;
            ModuleCode mc = ModuleCode.of(f.getDeclaringClass());
            if (mc == null) return;
            int fn = mc.functionOfMethod(f.getMethodName());
            if (fn < 0) return;
            ModuleInfo info = mc.info();
            FunctionInfo fi = info.functions().get(fn);
            Term loc = Nil.NIL;
            int ln = f.getLineNumber();
            if (ln > 0 && ln < info.lineNumbers().length) {
                Term line = Tuple.of(Atom.of("line"), Small.of(info.lineNumbers()[ln]));
                String file = info.lineFiles()[ln];
                loc = file == null ? org.gaoos.jbeam.term.Lists.of(line)
                        : org.gaoos.jbeam.term.Lists.of(Tuple.of(Atom.of("file"), org.gaoos.jbeam.term.Lists.fromString(file)), line);
            }
            out.add(Tuple.of(info.module(), fi.name(), Small.of(fi.arity()), loc));
        });
        return out;
    }
}
