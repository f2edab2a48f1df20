package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;

/**
 * An Erlang exception in flight: class ({@code error}, {@code exit} or {@code throw}) and reason.
 * Stackless: no JVM stack trace is captured (that costs microseconds); the runtime fills the
 * Erlang stack trace term lazily, when a handler asks for it, through {@link #stacktrace}.
 */
public class ErlangException extends RuntimeException {
    private final Atom kind;
    private final Term reason;
    /** The Erlang stack trace ([{M,F,ArityOrArgs,Location}]), or null until the runtime builds it. */
    private volatile Term stacktrace;
    /** Runtime-private raw trace data for building the stack trace lazily, or null. */
    private volatile Object rawTrace;

    public ErlangException(Atom kind, Term reason) {
        super(null, null, false, false);
        this.kind = kind;
        this.reason = reason;
    }

    public ErlangException(Atom kind, Term reason, Term stacktrace) {
        this(kind, reason);
        this.stacktrace = stacktrace;
    }

    /** The class: error, exit or throw. */
    public final Atom kind() { return kind; }

    public final Term reason() { return reason; }

    public final Term stacktrace() { return stacktrace; }

    public final void setStacktrace(Term stacktrace) { this.stacktrace = stacktrace; }

    public final Object rawTrace() { return rawTrace; }

    public final void setRawTrace(Object rawTrace) { this.rawTrace = rawTrace; }

    public final boolean isError() { return kind == Atom.ERROR; }

    @Override
    public String getMessage() {
        return kind.name() + ":" + reason;
    }
}
