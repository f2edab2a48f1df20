package org.gaoos.jbeam.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Lists;
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
        code = generic;
        defined = true;
        site.setTarget(direct);
        MutableCallSite.syncAll(new MutableCallSite[] {site});
    }

    synchronized void bindBif(MethodHandle direct, Code generic) {
        bif = true;
        defined = true;
        code = generic;
        site.setTarget(direct);
        MutableCallSite.syncAll(new MutableCallSite[] {site});
    }

    /** Makes the export undefined: calls go through the undefined-function path. */
    synchronized void unbind() {
        if (bif) return;
        defined = false;
        code = this::undefined;
        MethodHandle h = UNDEFINED_CALL.bindTo(this)
                .asCollector(Object[].class, arity)
                .asType(Linker.callType(arity));
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

    /**
     * The undefined-function path (BEAM: error_handler:undefined_function/3): load the module
     * from the code path if it is not loaded, then call the function if it now exists, else raise
     * {@code error:undef} with the stack frame {M, F, Args}.
     */
    Term undefinedCall(Proc p, Object[] argv) {
        if (CodeServer.get().ensureLoaded(module) && defined) {
            return p.call(this, argv);
        }
        ErlangException e = Errors.undef();
        StackTraces.setTopFrame(e, Tuple.of(module, function, Lists.of(termArgs(argv, arity)), org.gaoos.jbeam.term.Nil.NIL));
        throw e;
    }

    static final MethodHandle UNDEFINED_CALL;
    static {
        try {
            UNDEFINED_CALL = MethodHandles.lookup().findVirtual(Export.class, "undefinedCall",
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
