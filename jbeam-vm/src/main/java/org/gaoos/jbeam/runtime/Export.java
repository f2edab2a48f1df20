package org.gaoos.jbeam.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.LocalFun;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * An export entry {@code M:F/A}: the one place a remote call finds its target. Every
 * {@code invokedynamic} remote call to M:F/A is linked to {@link #site}, whose target is the
 * current version's method (or a BIF, or the undefined-function handler); loading a new version
 * retargets the site, so remote calls follow reloads while local calls stay in their version.
 * {@link #invoke} is the generic entry with the arguments in {@link Proc#args}.
 */
public final class Export implements Code {
    public final Atom module;
    public final Atom function;
    public final int arity;
    final MutableCallSite site;
    private volatile Code code;
    private volatile boolean bif;
    private volatile boolean defined;
    /** The function's own entry points, while {@link #hook} wraps the site and {@link #code}. */
    private MethodHandle direct;
    private Code generic;
    /** Call tracing on this function (trace_pattern/3), or null: then calls cost nothing extra. */
    private volatile TraceHook hook;

    /**
     * A breakpoint on an export (BEAM's call trace breakpoints, beam_bp.c): every call through the
     * export reaches {@link #call} with the arguments in {@code p.args}; it calls {@code original}
     * when it is done (it may return {@link Proc#TAIL}, as any call).
     */
    public interface TraceHook {
        Term call(Export e, Proc p, Code original);
    }

    Export(Atom module, Atom function, int arity) {
        this.module = module;
        this.function = function;
        this.arity = arity;
        this.site = new MutableCallSite(Linker.callType(arity));
        unbind();
    }

    /** Points the export at a function: {@code direct} has type (Proc, Term^arity)Term. */
    synchronized void bind(MethodHandle direct, Code generic) {
        if (bif) return; // BIFs win over stubs in loaded code, as in BEAM
        hook = null; // a new version starts without breakpoints, as in BEAM
        this.direct = direct;
        this.generic = generic;
        code = generic;
        defined = true;
        site.setTarget(direct);
        MutableCallSite.syncAll(new MutableCallSite[] {site});
    }

    synchronized void bindBif(MethodHandle direct, Code generic) {
        bif = true;
        defined = true;
        this.direct = direct;
        this.generic = generic;
        code = generic;
        site.setTarget(direct);
        MutableCallSite.syncAll(new MutableCallSite[] {site});
    }

    /** The breakpoint on this export, or null. */
    public TraceHook traceHook() { return hook; }

    /**
     * Sets (or with null removes) the call-trace breakpoint: remote calls, apply and external funs
     * through this export reach {@code h} first. Not on an undefined export (false).
     */
    public synchronized boolean setTraceHook(TraceHook h) {
        if (!defined || direct == null) return false;
        if (h == hook) return true;
        hook = h;
        if (h == null) {
            code = generic;
            site.setTarget(direct);
        } else {
            Code original = generic;
            code = q -> h.call(this, q, original);
            MethodHandle t = TRACED_CALL.bindTo(this);
            if (arity <= Linker.MAX_JVM_ARITY) t = t.asCollector(Object[].class, arity).asType(Linker.callType(arity));
            site.setTarget(t);
        }
        MutableCallSite.syncAll(new MutableCallSite[] {site});
        return true;
    }

    private Term tracedCall(Proc p, Object[] argv) {
        Object[] a = p.args(arity);
        System.arraycopy(argv, 0, a, 0, arity);
        TraceHook h = hook;
        return h == null ? generic.invoke(p) : h.call(this, p, generic);
    }

    /** Makes the export undefined: calls go through the undefined-function path. */
    synchronized void unbind() {
        if (bif) return;
        defined = false;
        hook = null;
        direct = null;
        generic = null;
        code = this::undefined;
        MethodHandle h = UNDEFINED_CALL.bindTo(this); // (Proc, Object[])Term: the array convention
        if (arity <= Linker.MAX_JVM_ARITY) h = h.asCollector(Object[].class, arity).asType(Linker.callType(arity));
        site.setTarget(h);
        MutableCallSite.syncAll(new MutableCallSite[] {site});
    }

    public boolean isBif() { return bif; }

    /** True if calling it reaches code (a BIF or a loaded function) without loading anything. */
    public boolean isDefined() {
        return defined;
    }

    @Override
    public Term invoke(Proc p) {
        return code.invoke(p);
    }

    /** The current version's function or the BIF, without any trace breakpoint; null while undefined. */
    Code function() {
        return defined ? generic : null;
    }

    /** A method handle that always calls the current target. */
    public MethodHandle dynamicInvoker() {
        return site.dynamicInvoker();
    }

    private Term undefined(Proc p) {
        return undefinedCall(p, java.util.Arrays.copyOf(p.args, arity));
    }

    /** The first {@code n} arguments as terms (match contexts, never seen here, would fail). */
    static Term[] termArgs(Object[] args, int n) {
        Term[] a = new Term[n];
        for (int i = 0; i < n; i++) a[i] = (Term) args[i];
        return a;
    }

    private static final Atom ERROR_HANDLER = Atom.of("error_handler");
    private static final Atom UNDEFINED_FUNCTION = Atom.of("undefined_function");
    private static final Atom UNDEFINED_LAMBDA = Atom.of("undefined_lambda");

    /**
     * The undefined-function path, as BEAM's {@code call_error_handler}: calls
     * {@code Handler:undefined_function(M, F, Args)} in place of the function, where Handler is the
     * process's {@code error_handler} flag, if that module is loaded (it loads the module through
     * the code server and calls the function, or raises undef). Before OTP's
     * {@code error_handler} is loaded (jbeam not booted through init), the runtime loads the
     * module from the code path itself ({@link CodeServer#ensureLoaded}). Otherwise
     * {@code error:undef} with the stack frame {M, F, Args}. A preloaded module is loaded from
     * the start as far as Erlang code can tell: its first call translates it here.
     */
    Term undefinedCall(Proc p, Object[] argv) {
        CodeServer cs = CodeServer.get();
        if (cs.isPreloaded(module) && cs.realize(module) && defined) return p.call(this, argv);
        Atom handler = errorHandler(p);
        Export h = CodeServer.get().export(handler, UNDEFINED_FUNCTION, 3);
        if (h.defined && h != this) {
            return p.call(h, module, function, Lists.of(termArgs(argv, arity)));
        }
        if (handler == ERROR_HANDLER && CodeServer.get().ensureLoaded(module) && defined) {
            return p.call(this, argv);
        }
        throw undef(module, function, Lists.of(termArgs(argv, arity)));
    }

    private static ErlangException undef(Term m, Term f, Term args) {
        ErlangException e = Errors.undef();
        StackTraces.setTopFrame(e, Tuple.of(m, f, args, org.gaoos.jbeam.term.Nil.NIL));
        return e;
    }

    private static Atom errorHandler(Proc p) {
        return p.flag(ERROR_HANDLER, ERROR_HANDLER) instanceof Atom a ? a : ERROR_HANDLER;
    }

    /**
     * A call of a fun whose code is not loaded (BEAM's unloaded fun: its version was purged, or a
     * fun decoded from the external format matches no loaded version): {@code badfun} if its
     * module has current code (which does not have this fun: BEAM would not call the error
     * handler again), else {@code Handler:undefined_lambda(M, Fun, Args)}, which loads the module
     * and applies the fun again. Before OTP's error_handler is loaded the runtime loads the module
     * itself and resolves the fun again. The arguments are in {@code p.args}.
     */
    static Code unloadedFun(Proc p, LocalFun fun, int arity) {
        Term args = Lists.of(termArgs(p.args, arity));
        if (CodeServer.get().isLoaded(fun.module())) throw Errors.badfun(fun);
        Atom handler = errorHandler(p);
        Export h = CodeServer.get().export(handler, UNDEFINED_LAMBDA, 3);
        if (h.defined) {
            return q -> {
                Object[] a = q.args(3);
                a[0] = fun.module();
                a[1] = fun;
                a[2] = args;
                return h.invoke(q);
            };
        }
        if (handler == ERROR_HANDLER && CodeServer.get().ensureLoaded(fun.module())) {
            return Funs.resolve(p, fun, arity);
        }
        ErlangException e = Errors.undef();
        StackTraces.setTopFrame(e, Tuple.of(fun, args, org.gaoos.jbeam.term.Nil.NIL));
        throw e;
    }

    static final MethodHandle UNDEFINED_CALL;
    static final MethodHandle TRACED_CALL;
    static {
        try {
            UNDEFINED_CALL = MethodHandles.lookup().findVirtual(Export.class, "undefinedCall",
                    java.lang.invoke.MethodType.methodType(Term.class, Proc.class, Object[].class));
            TRACED_CALL = MethodHandles.lookup().findVirtual(Export.class, "tracedCall",
                    java.lang.invoke.MethodType.methodType(Term.class, Proc.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return module.name() + ":" + function.name() + "/" + arity;
    }
}
