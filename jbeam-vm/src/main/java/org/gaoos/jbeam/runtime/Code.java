package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * Something callable with its arguments in {@link Proc#args}: a translated function, a BIF, an
 * undefined-function handler. This is the slow, generic entry used by trampolined tail calls,
 * fun calls, {@code apply} and calls from Java; translated code calls functions directly.
 */
public interface Code {
    /** Calls with arguments {@code p.args[0 .. arity-1]}; may return {@link Proc#TAIL}. */
    Term invoke(Proc p);
}
