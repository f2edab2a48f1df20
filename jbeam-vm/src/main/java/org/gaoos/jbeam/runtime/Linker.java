package org.gaoos.jbeam.runtime;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;

/**
 * Bootstrap methods for translated code. A remote call {@code M:F(A1..An)} is
 * {@code invokedynamic "F" (Proc, Term^n)Term} with bootstrap {@link #remote} and the module name
 * as a static argument; every such instruction shares the export's call site.
 */
public final class Linker {
    private Linker() {}

    private static final MethodType[] CALL_TYPES = new MethodType[256];

    /**
     * The largest arity whose arguments are JVM arguments: the JVM allows 255 argument slots and
     * the process takes one. Functions of arity 255 (BEAM's limit) take one {@code Object[]}.
     */
    public static final int MAX_JVM_ARITY = 254;

    /**
     * {@code (Proc, Object^arity)Term}: the type of every translated function and export site
     * ({@code (Proc, Object[])Term} above {@link #MAX_JVM_ARITY}).
     * Arguments are {@code Object} because BEAM registers also hold match contexts (passed to local
     * functions by the compiler's match-context optimisation); results are always terms.
     */
    public static MethodType callType(int arity) {
        if (arity > MAX_JVM_ARITY) return MethodType.methodType(Term.class, Proc.class, Object[].class);
        MethodType t = CALL_TYPES[arity];
        if (t == null) {
            Class<?>[] params = new Class<?>[arity + 1];
            params[0] = Proc.class;
            for (int i = 1; i <= arity; i++) params[i] = Object.class;
            CALL_TYPES[arity] = t = MethodType.methodType(Term.class, params);
        }
        return t;
    }

    /** A dynamic constant: the export entry M:F/A (for tail calls through the trampoline). */
    public static Export export(MethodHandles.Lookup caller, String name, Class<?> type, String module,
                                String function, int arity) {
        return CodeServer.get().export(Atom.of(module), Atom.of(function), arity);
    }

    /**
     * Links a remote call site to export {@code module:function/arity}. The call-site name is the
     * function name made JVM-legal; the exact name comes as a static argument.
     */
    public static CallSite remote(MethodHandles.Lookup caller, String name, MethodType type, String module,
                                  String function) {
        Export e = CodeServer.get().export(Atom.of(module), Atom.of(function), type.parameterCount() - 1);
        return e.site;
    }

    /** {@link #remote} for a call of more than {@link #MAX_JVM_ARITY} arguments, passed as one array. */
    public static CallSite remoteArray(MethodHandles.Lookup caller, String name, MethodType type, String module,
                                       String function, int arity) {
        return CodeServer.get().export(Atom.of(module), Atom.of(function), arity).site;
    }

}
