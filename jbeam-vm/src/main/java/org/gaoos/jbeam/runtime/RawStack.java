package org.gaoos.jbeam.runtime;

/**
 * The raw stack trace BEAM's {@code try_case} leaves in x2: private to compiled code, which only
 * passes it to {@code build_stacktrace} and {@code raise}. Registers hold {@code Object}s, so it
 * is a plain object carrying the caught exception: {@code raise} keeps its class and trace.
 */
public record RawStack(ErlangException exception) {}
