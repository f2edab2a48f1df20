package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/** A message signal: the term sent. Terms are immutable, so it is shared, not copied. */
public final class Message extends Signal {
    final Term term;

    public Message(Term term) {
        this.term = term;
    }

    public Term term() { return term; }
}
