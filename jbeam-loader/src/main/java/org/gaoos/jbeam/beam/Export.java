package org.gaoos.jbeam.beam;

import org.gaoos.jbeam.term.Atom;

/** An {@code ExpT} (exported) or {@code LocT} (local) entry: a function and the label of its entry point. */
public record Export(Atom function, int arity, int label) {
    @Override
    public String toString() {
        return function.name() + "/" + arity + "@" + label;
    }
}
