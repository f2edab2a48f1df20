package org.gaoos.jbeam.term;

/**
 * An Erlang term. Terms are immutable and may be shared freely between processes.
 *
 * <ul>
 *   <li>{@link #compareTo} is Erlang's total term order (the one {@code <} and {@code lists:sort/1}
 *       use): number &lt; atom &lt; reference &lt; fun &lt; port &lt; pid &lt; tuple &lt; map &lt;
 *       nil &lt; list &lt; bitstring, numbers compared by value across integers and floats. It is
 *       therefore <em>not</em> consistent with {@link #equals}: {@code 1} and {@code 1.0} compare
 *       as 0 but are not equal.</li>
 *   <li>{@link #equals}/{@link #hashCode} are exact equality {@code =:=} ({@code 1 =/= 1.0},
 *       {@code 0.0 =/= -0.0} as of OTP 27). Use them for map keys, pattern matching and hashing.</li>
 *   <li>{@link #eq} is arithmetic equality {@code ==}.</li>
 * </ul>
 */
public abstract sealed class Term implements Comparable<Term>
        permits Int, Flonum, Atom, Ref, Fun, Port, Pid, Tuple, MapTerm, Nil, Cons, Bitstring {

    Term() {}

    /** Erlang's term order ({@code <}, {@code ==}): negative, zero or positive. */
    @Override
    public final int compareTo(Term other) {
        return TermOrder.compare(this, other, false);
    }

    /** Arithmetic equality {@code ==} (1 == 1.0). */
    public final boolean eq(Term other) {
        return this == other || TermOrder.compare(this, other, false) == 0;
    }

    /** Exact equality {@code =:=}. */
    @Override
    public abstract boolean equals(Object other);

    @Override
    public abstract int hashCode();

    /** Prints the term like {@code io:format("~w", [T])}. */
    @Override
    public String toString() {
        return TermPrinter.write(this);
    }

    /** Rank of this term's type in the term order (numbers 0 ... bitstrings 10). */
    abstract int typeRank();

    // Type ranks in Erlang's term order.
    static final int RANK_NUMBER = 0, RANK_ATOM = 1, RANK_REF = 2, RANK_FUN = 3, RANK_PORT = 4,
            RANK_PID = 5, RANK_TUPLE = 6, RANK_MAP = 7, RANK_NIL = 8, RANK_LIST = 9, RANK_BITSTRING = 10;

    /** True for proper and improper lists and [] (the guard is_list/1). */
    public final boolean isList() {
        return this instanceof Cons || this == Nil.NIL;
    }

    public final boolean isNumber() {
        return this instanceof Int || this instanceof Flonum;
    }
}
