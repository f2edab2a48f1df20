package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * erlang:hibernate/3: unwinds the whole stack (BEAM discards it, so catch handlers go too); the
 * process loop then waits for a message and calls {@code M:F(Args)} on an empty stack.
 */
public final class Hibernate extends ProcessExit {
    final Term module, function, args;

    public Hibernate(Term module, Term function, Term args) {
        super(null);
        this.module = module;
        this.function = function;
        this.args = args;
    }
}
