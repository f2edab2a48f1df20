package org.gaoos.jbeam.beam;

import org.gaoos.jbeam.term.Atom;

/** An {@code ImpT} entry: a remote function this module calls ({@code call_ext*}) or a BIF it uses ({@code bif*}, {@code gc_bif*}). */
public record Import(Atom module, Atom function, int arity) {
    @Override
    public String toString() {
        return module.name() + ":" + function.name() + "/" + arity;
    }
}
