package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** Factory for BEAM's standard exceptions (error class unless named otherwise). */
public final class Errors {
    private Errors() {}

    public static ErlangException error(Term reason) { return new ErlangException(Atom.ERROR, reason); }

    public static ErlangException exit(Term reason) { return new ErlangException(Atom.EXIT, reason); }

    public static ErlangException thrown(Term reason) { return new ErlangException(Atom.THROW, reason); }

    public static ErlangException badarg() { return error(Atom.BADARG); }

    public static ErlangException badarith() { return error(Atom.BADARITH); }

    public static ErlangException systemLimit() { return error(Atom.SYSTEM_LIMIT); }

    public static ErlangException functionClause() { return error(Atom.FUNCTION_CLAUSE); }

    public static ErlangException ifClause() { return error(Atom.IF_CLAUSE); }

    public static ErlangException undef() { return error(Atom.UNDEF); }

    public static ErlangException notsup() { return error(Atom.NOTSUP); }

    public static ErlangException badmatch(Term value) { return error(Tuple.of(Atom.BADMATCH, value)); }

    public static ErlangException caseClause(Term value) { return error(Tuple.of(Atom.CASE_CLAUSE, value)); }

    public static ErlangException tryClause(Term value) { return error(Tuple.of(Atom.TRY_CLAUSE, value)); }

    public static ErlangException badfun(Term value) { return error(Tuple.of(Atom.BADFUN, value)); }

    /** {badarity, {Fun, Args}}. */
    public static ErlangException badarity(Term fun, Term args) {
        return error(Tuple.of(Atom.BADARITY, Tuple.of(fun, args)));
    }

    public static ErlangException badkey(Term key) { return error(Tuple.of(Atom.BADKEY, key)); }

    public static ErlangException badmap(Term value) { return error(Tuple.of(Atom.BADMAP, value)); }

    public static ErlangException badrecord(Term value) { return error(Tuple.of(Atom.BADRECORD, value)); }

    /** The error a bare {@code throw} outside catch becomes: {nocatch, Value}. */
    public static ErlangException nocatch(Term value) { return error(Tuple.of(Atom.NOCATCH, value)); }
}
