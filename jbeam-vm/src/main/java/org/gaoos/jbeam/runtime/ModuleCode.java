package org.gaoos.jbeam.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;

/**
 * The base class of every translated module version. The translator generates one hidden class
 * per module version extending this: one static method per Erlang function plus
 * {@link #dispatch}, the generic entry (arguments in {@link Proc#args}) used by trampolined tail
 * calls, funs and {@code apply}. The loader creates the single instance and calls {@link #init}.
 */
public abstract class ModuleCode {
    private static final ClassValue<ModuleCode[]> INSTANCES = new ClassValue<>() {
        @Override
        protected ModuleCode[] computeValue(Class<?> type) { return new ModuleCode[1]; }
    };

    private ModuleInfo info;
    private MethodHandles.Lookup lookup;
    private Map<String, Integer> byMethod;
    private Code[] entries;
    private int onLoadFunction = -1;
    /** Set when this version is purged: its funs no longer reach its code (see {@link Funs}). */
    volatile boolean purged;

    protected ModuleCode() {}

    /** Calls function {@code fn} with its arguments (then any free variables) in {@code p.args}. */
    public abstract Term dispatch(int fn, Proc p);

    /** Called once by the loader, before the module is published. */
    public final void init(ModuleInfo info, MethodHandles.Lookup lookup) {
        if (this.info != null) throw new IllegalStateException("already initialised");
        this.info = info;
        this.lookup = lookup;
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < info.functions().size(); i++) m.put(info.functions().get(i).methodName(), i);
        this.byMethod = m;
        Code[] e = new Code[info.functions().size()];
        for (int i = 0; i < e.length; i++) {
            int fn = i;
            e[i] = p -> dispatch(fn, p);
        }
        this.entries = e;
        INSTANCES.get(getClass())[0] = this;
        LiteralAreas.loaded(this);
    }

    /** The hidden class's lookup (its class data holds the module's literals). */
    final MethodHandles.Lookup lookup() { return lookup; }

    public final ModuleInfo info() { return info; }

    /**
     * Records that function {@code fn} is the module's {@code -on_load} function (the loader sees
     * its {@code on_load} instruction). Only before the version is published.
     */
    public final void setOnLoadFunction(int fn) {
        if (fn < 0 || fn >= info.functions().size() || info.functions().get(fn).arity() != 0) {
            throw new IllegalArgumentException("on_load function must be a function of arity 0: " + fn);
        }
        onLoadFunction = fn;
    }

    /** The index of the {@code -on_load} function, or -1. */
    public final int onLoadFunction() { return onLoadFunction; }

    /** True once this version has been purged. */
    public final boolean isPurged() { return purged; }

    public final Atom module() { return info.module(); }

    /** The generic entry of function {@code fn}. */
    public final Code entry(int fn) { return entries[fn]; }

    /** A direct handle {@code (Proc, Term...)Term} on function {@code fn}'s method. */
    public final MethodHandle handle(int fn) {
        FunctionInfo f = info.functions().get(fn);
        MethodType type = Linker.callType(f.arity());
        try {
            return lookup.findStatic(getClass(), f.methodName(), type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("translated method missing: " + info.module() + ":" + f, e);
        }
    }

    /**
     * The function implemented by a JVM method of this class, or -1. A function too large for
     * one JVM method is its own method (a driver) plus chunk methods named {@code method$$cN}:
     * a chunk belongs to the function (see {@link #isChunk}).
     */
    final int functionOfMethod(String methodName) {
        Integer i = byMethod.get(methodName);
        if (i == null && isChunk(methodName)) i = byMethod.get(methodName.substring(0, methodName.lastIndexOf("$$c")));
        return i == null ? -1 : i;
    }

    /** True for a chunk method of a split function ({@code method$$cN}). */
    static boolean isChunk(String methodName) {
        int c = methodName.lastIndexOf("$$c");
        if (c < 0 || c + 3 == methodName.length()) return false;
        for (int k = c + 3; k < methodName.length(); k++) {
            if (methodName.charAt(k) < '0' || methodName.charAt(k) > '9') return false;
        }
        return true;
    }

    /** The module version a generated class implements, or null for other classes. */
    static ModuleCode of(Class<?> c) {
        if (!ModuleCode.class.isAssignableFrom(c)) return null;
        return INSTANCES.get(c)[0];
    }

    @Override
    public String toString() {
        return "ModuleCode[" + (info == null ? "?" : info.module().name()) + "]";
    }
}
