package org.gaoos.jbeam.runtime;

/**
 * A fun entry of a module (BEAM's FunT chunk): which function implements it, how many of its
 * arguments are free variables, and its identity for equality and the external format.
 */
public record LambdaInfo(int function, int arity, int numFree, int index, int oldIndex, int oldUniq) {}
