package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * A message sent to a process alias. Delivered only if the alias is still active when the receiver
 * takes it (messages to a deactivated alias are dropped); a {@code reply} alias is deactivated by
 * the first message it delivers.
 */
final class AliasMessage extends ControlSignal {
    final Term alias;
    final Term term;

    AliasMessage(Term alias, Term term) {
        this.alias = alias;
        this.term = term;
    }

    @Override
    Term receive(Proc p) {
        return Aliases.received(p, alias) ? term : null;
    }
}
