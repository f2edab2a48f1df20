package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.LocalFun;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Term;

/**
 * A local fun with its code attached: the module version that created it and the function that
 * implements it. Created by {@code make_fun3}; called through {@link Funs}.
 */
public final class CodeFun extends LocalFun {
    private static final byte[] NO_MD5 = new byte[16];

    final ModuleCode code;
    final int function;
    private final Term[] free;

    public CodeFun(ModuleCode code, int lambda, Term[] env) {
        this(code, code.info().lambdas().get(lambda), env);
    }

    private CodeFun(ModuleCode code, LambdaInfo l, Term[] env) {
        super(code.module(), l.index(), l.oldIndex(), l.oldUniq(), md5(code), l.arity(),
                new Pid(org.gaoos.jbeam.term.LocalNode.name(), 0, 0, 0), env);
        this.code = code;
        this.function = l.function();
        this.free = env;
    }

    private static byte[] md5(ModuleCode code) {
        byte[] m = code.info().md5();
        return m == null || m.length != 16 ? NO_MD5 : m;
    }

    /** The name of the function implementing the fun, e.g. {@code '-main/0-fun-0-'}. */
    public Atom functionName() {
        return code.info().functions().get(function).name();
    }

    /** Free variable {@code i} without copying (for calls). */
    Term freeVar(int i) { return free[i]; }

    int freeCount() { return free.length; }
}
