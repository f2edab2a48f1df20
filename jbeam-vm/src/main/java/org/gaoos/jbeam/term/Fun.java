package org.gaoos.jbeam.term;

/**
 * A fun. This package holds the fun as data (identity, arity, environment): what term order,
 * equality, hashing and the external format need. The runtime attaches callable code by
 * subclassing {@link LocalFun}/{@link ExportFun} (both are non-sealed for that) or by resolving
 * the fun's identity in its own fun/export tables.
 */
public abstract sealed class Fun extends Term permits LocalFun, ExportFun {
    Fun() {}

    public abstract Atom module();

    public abstract int arity();

    @Override
    final int typeRank() { return RANK_FUN; }
}
