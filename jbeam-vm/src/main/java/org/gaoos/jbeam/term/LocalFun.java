package org.gaoos.jbeam.term;

/**
 * A local fun ({@code fun foo/1} inside its module, or a closure): identified like BEAM's fun
 * entry by module, index, old_index, old_uniq and the 16-byte md5 uniq of the module, with the
 * captured free variables. {@code pid} is what NEW_FUN_EXT carries ({@code <0.0.0>} on OTP 27).
 */
public non-sealed class LocalFun extends Fun {
    public final Atom module;
    public final int index;
    public final int oldIndex;
    public final int oldUniq;
    private final byte[] uniq;
    public final int arity;
    public final Term pid;
    private final Term[] env;

    public LocalFun(Atom module, int index, int oldIndex, int oldUniq, byte[] uniq, int arity,
                    Term pid, Term[] env) {
        this(module, index, oldIndex, oldUniq, uniq.clone(), arity, pid, env.clone(), true);
    }

    /**
     * For subclasses creating funs on the hot path ({@code make_fun3}): takes ownership of
     * {@code uniq} and {@code env} without copying; the caller must never modify them afterwards
     * (sharing one {@code uniq} array between all funs of a module version is fine).
     */
    protected LocalFun(Atom module, int index, int oldIndex, int oldUniq, byte[] uniq, int arity,
                       Term pid, Term[] env, boolean adoptArrays) {
        if (uniq.length != 16) throw new IllegalArgumentException("uniq must be 16 bytes");
        this.module = module;
        this.index = index;
        this.oldIndex = oldIndex;
        this.oldUniq = oldUniq;
        this.uniq = uniq;
        this.arity = arity;
        this.pid = pid;
        this.env = env;
    }

    @Override
    public Atom module() { return module; }

    @Override
    public int arity() { return arity; }

    public byte[] uniq() { return uniq.clone(); }

    public int numFree() { return env.length; }

    public Term free(int i) { return env[i]; }

    public Term[] env() { return env.clone(); }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocalFun f && f.module == module && f.index == index
                && f.oldUniq == oldUniq && f.env.length == env.length
                && TermOrder.compare(this, f, true) == 0; // as erts_cmp: not the md5
    }

    @Override
    public int hashCode() {
        return JavaHash.of(this, JavaHash.DEPTH);
    }
}
