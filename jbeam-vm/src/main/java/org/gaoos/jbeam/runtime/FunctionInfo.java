package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;

/**
 * A translated function: its Erlang name and arity and the JVM method that implements it. Lambdas
 * are ordinary functions too (named {@code -f/1-fun-0-} by the compiler).
 */
public record FunctionInfo(Atom name, int arity, String methodName) {}
