package org.gaoos.jbeam.term;

/** An external fun {@code fun M:F/A}. */
public non-sealed class ExportFun extends Fun {
    public final Atom module;
    public final Atom function;
    public final int arity;

    public ExportFun(Atom module, Atom function, int arity) {
        this.module = module;
        this.function = function;
        this.arity = arity;
    }

    @Override
    public Atom module() { return module; }

    @Override
    public int arity() { return arity; }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExportFun f && f.module == module && f.function == function
                && f.arity == arity;
    }

    @Override
    public int hashCode() {
        return (module.hashCode() * 31 + function.hashCode()) * 31 + arity;
    }
}
