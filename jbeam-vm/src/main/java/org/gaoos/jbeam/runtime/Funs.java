package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ExportFun;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.LocalFun;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;

/**
 * Calling funs and {@code apply}: the dynamic calls. Arguments are in {@link Proc#args}; the
 * {@code prepare*} methods set up a tail call (target in {@link Proc#tail}) for the trampoline.
 */
public final class Funs {
    private Funs() {}

    /**
     * Resolves a fun call of {@code arity} arguments (already in p.args) to the code to invoke,
     * appending the fun's free variables to p.args.
     *
     * @throws ErlangException badfun if {@code f} is not a fun, badarity if the arity differs
     */
    public static Code resolve(Proc p, Term f, int arity) {
        if (f instanceof CodeFun cf) {
            if (cf.arity != arity) throw badarity(p, f, arity);
            if (cf.code.purged) return Export.unloadedFun(p, cf, arity);
            int n = cf.freeCount();
            if (n > 0) {
                Object[] a = p.args(arity + n);
                for (int i = 0; i < n; i++) a[arity + i] = cf.freeVar(i);
            }
            return cf.code.entry(cf.function);
        }
        if (f instanceof ExportFun ef) {
            if (ef.arity != arity) throw badarity(p, f, arity);
            return CodeServer.get().export(ef.module, ef.function, arity);
        }
        if (f instanceof LocalFun lf) {
            if (lf.arity != arity) throw badarity(p, f, arity);
            return decoded(p, lf, arity);
        }
        throw Errors.badfun(f);
    }

    /**
     * A fun decoded from the external format (not made by this VM's code): like BEAM's fun entry,
     * it reaches the loaded version (current, else old) of its module that has a lambda with its
     * index and its module's MD5; otherwise it is an unloaded fun ({@link Export#unloadedFun}).
     */
    private static Code decoded(Proc p, LocalFun lf, int arity) {
        Module m = CodeServer.get().module(lf.module);
        ModuleCode code = m == null ? null : version(m.current, lf);
        if (code == null && m != null) code = version(m.old, lf);
        if (code == null) return Export.unloadedFun(p, lf, arity);
        LambdaInfo l = code.info().lambdas().get(lambdaOf(code, lf));
        int n = lf.numFree();
        if (n > 0) {
            Object[] a = p.args(arity + n);
            for (int i = 0; i < n; i++) a[arity + i] = lf.free(i);
        }
        return code.entry(l.function());
    }

    private static ModuleCode version(ModuleCode code, LocalFun lf) {
        if (code == null || code.isPurged() || lambdaOf(code, lf) < 0) return null;
        byte[] md5 = code.info().md5();
        return md5 != null && java.util.Arrays.equals(md5, lf.uniq()) ? code : null;
    }

    private static int lambdaOf(ModuleCode code, LocalFun lf) {
        var ls = code.info().lambdas();
        for (int i = 0; i < ls.size(); i++) {
            LambdaInfo l = ls.get(i);
            if (l.index() == lf.index && l.arity() == lf.arity && l.numFree() == lf.numFree()) return i;
        }
        return -1;
    }

    private static ErlangException badarity(Proc p, Term f, int arity) {
        return Errors.badarity(f, Lists.of(Export.termArgs(p.args, arity)));
    }

    /** call_fun: calls fun {@code f} with {@code arity} arguments in p.args; may return TAIL. */
    public static Term call(Proc p, Term f, int arity) {
        return resolve(p, f, arity).invoke(p);
    }

    /** call_fun in tail position: sets up the trampoline and returns TAIL. */
    public static Term prepareTail(Proc p, Term f, int arity) {
        p.tail = resolve(p, f, arity);
        return Proc.TAIL;
    }

    /** Resolves apply(M, F, Args) with the arguments already in p.args. */
    public static Code resolveApply(Term m, Term f, int arity) {
        if (!(m instanceof Atom ma) || !(f instanceof Atom fa)) throw Errors.badarg();
        return CodeServer.get().export(ma, fa, arity);
    }

    /** Copies a proper list into p.args and returns its length. */
    public static int spreadArgs(Proc p, Term list) {
        int n = 0;
        Term t = list;
        while (t instanceof Cons c) {
            n++;
            t = c.tail();
        }
        if (t != Nil.NIL || n > 255) throw Errors.badarg();
        Object[] a = p.args(n);
        t = list;
        for (int i = 0; i < n; i++) {
            Cons c = (Cons) t;
            a[i] = c.head();
            t = c.tail();
        }
        return n;
    }

    /** erlang:apply(M, F, Args): may return TAIL. */
    public static Term apply(Proc p, Term m, Term f, Term args) {
        int n = spreadArgs(p, args);
        return resolveApply(m, f, n).invoke(p);
    }

    /** erlang:apply(Fun, Args): may return TAIL. */
    public static Term apply(Proc p, Term fun, Term args) {
        int n = spreadArgs(p, args);
        return call(p, fun, n);
    }

    /** erlang:apply(M, F, Args) in tail position: sets up the trampoline. */
    public static Term applyTail(Proc p, Term m, Term f, Term args) {
        int n = spreadArgs(p, args);
        p.tail = resolveApply(m, f, n);
        return Proc.TAIL;
    }

    /** erlang:apply(Fun, Args) in tail position. */
    public static Term applyTail(Proc p, Term fun, Term args) {
        int n = spreadArgs(p, args);
        p.tail = resolve(p, fun, n);
        return Proc.TAIL;
    }

    /** The apply/apply_last instructions: M and F follow the arguments in p.args. */
    public static Code resolveApplyOp(Proc p, int arity) {
        return resolveApply((Term) p.args[arity], (Term) p.args[arity + 1], arity);
    }
}
