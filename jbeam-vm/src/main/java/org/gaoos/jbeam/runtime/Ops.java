package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * Helpers the translated code calls for instructions too large to inline: comparisons with their
 * fast paths, exceptions with BEAM's reasons, maps, records, floats. Static and small, so the JIT
 * inlines them.
 */
public final class Ops {
    private Ops() {}

    /**
     * A register's value as a term: a match context stands for the rest of its bitstring; a raw
     * stack trace put into a term (unoptimised code keeps try_case's x2 in a tuple, then raises
     * with it) becomes a magic reference standing for it, which {@link #rawStack} turns back.
     */
    public static Term term(Object o) {
        if (o instanceof Term t) return t;
        if (o instanceof MatchContext m) return m.tail();
        if (o instanceof RawStack r) return MagicRefs.create(r);
        throw new IllegalStateException("not a term: " + o);
    }

    /** The raw stack trace {@code o} is or stands for (see {@link #term}), else {@code o}. */
    private static Object rawStack(Object o) {
        RawStack r = o instanceof org.gaoos.jbeam.term.Ref ? MagicRefs.get((Term) o, RawStack.class) : null;
        return r != null ? r : o;
    }

    // ---- comparisons ----

    public static boolean isEqExact(Term a, Term b) {
        return a == b || a.equals(b);
    }

    public static boolean isEq(Term a, Term b) {
        if (a == b) return true;
        if (a instanceof Small x && b instanceof Small y) return x.value == y.value;
        return a.compareTo(b) == 0;
    }

    public static boolean isLt(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) return x.value < y.value;
        return a.compareTo(b) < 0;
    }

    public static boolean isGe(Term a, Term b) {
        if (a instanceof Small x && b instanceof Small y) return x.value >= y.value;
        return a.compareTo(b) >= 0;
    }

    // ---- unboxed integer arithmetic: whether the long operation gives BEAM's result ----

    /** {@code div} on longs: not for a zero divisor (badarith) nor MIN / -1 (a bignum). */
    public static boolean divUnboxed(long a, long b) {
        return b != 0 && !(a == Long.MIN_VALUE && b == -1);
    }

    /** {@code rem} on longs: not for a zero divisor (badarith); MIN rem -1 is 0 on longs too. */
    public static boolean remUnboxed(long a, long b) {
        return b != 0;
    }

    /** {@code bsr} on longs: shifts of 0..63 (others: a negative shift is a left shift). */
    public static boolean bsrUnboxed(long a, long b) {
        return b >= 0 && b < 64;
    }

    // ---- type tests not expressible as one instanceof ----

    public static boolean isNumber(Object t) {
        return t instanceof Int || t instanceof Flonum;
    }

    public static boolean isList(Object t) {
        return t instanceof Cons || t == Nil.NIL;
    }

    public static boolean isBoolean(Object t) {
        return t == Atom.TRUE || t == Atom.FALSE;
    }

    /** is_function2: a fun of the given arity ({@code arity} must be a non-negative integer). */
    public static boolean isFunction2(Object f, Term arity) {
        if (!(arity instanceof Small a) || a.value < 0 || a.value > 255) throw Errors.badarg();
        return f instanceof Fun fun && fun.arity() == a.value;
    }

    public static boolean isTaggedTuple(Object t, int arity, Atom tag) {
        return t instanceof Tuple tu && tu.arity() == arity && tu.get(0) == tag;
    }

    /** The value of a small integer in int range for select_val, or Integer.MIN_VALUE. */
    public static int selectInt(Object t) {
        if (t instanceof Small s && s.value == (int) s.value && s.value != Integer.MIN_VALUE) return (int) s.value;
        return Integer.MIN_VALUE;
    }

    /** A select_val folded into a constant table: the clause's result, or null (no clause). */
    public static Term selectConstant(Object value, java.util.Map<?, ?> table) {
        return (Term) table.get(value);
    }

    // ---- errors ----

    public static ErlangException badmatch(Object v) { return Errors.badmatch((Term) v); }

    public static ErlangException caseClause(Object v) { return Errors.caseClause((Term) v); }

    public static ErlangException tryClause(Object v) { return Errors.tryClause((Term) v); }

    public static ErlangException badrecord(Object v) { return Errors.badrecord((Term) v); }

    public static ErlangException ifClause() { return Errors.ifClause(); }

    /** function_clause, whose first stack frame shows the arguments (func_info). */
    public static ErlangException functionClause(ModuleCode code, int fn, int line, Object[] args) {
        ErlangException e = Errors.functionClause();
        StackTraces.capture(e, code, fn, line);
        StackTraces.setArgs(e, Lists.of(Export.termArgs(args, args.length)));
        return e;
    }

    /** The value {@code catch Expr} yields for an exception. */
    public static Term catchValue(ErlangException e) {
        Atom k = e.kind();
        if (k == Atom.THROW) return e.reason();
        if (k == Atom.EXIT) return Tuple.of(Atom.EXIT_TAG, e.reason());
        return Tuple.of(Atom.EXIT_TAG, Tuple.of(e.reason(), StackTraces.build(e)));
    }

    /** build_stacktrace: the raw stack in x0 to BEAM's list form. */
    public static Term buildStacktrace(Object raw) {
        raw = rawStack(raw);
        if (raw instanceof RawStack r) return StackTraces.build(r.exception());
        if (raw instanceof Term t) return t; // already built
        return Nil.NIL;
    }

    /** The raise instruction: rethrows with the class and trace of the raw stack. */
    public static ErlangException raise(Object raw, Object reason) {
        raw = rawStack(raw);
        if (raw instanceof RawStack r) {
            ErlangException old = r.exception();
            ErlangException e = new ErlangException(old.kind(), (Term) reason);
            e.setRawTrace(old.rawTrace());
            if (old.stacktrace() != null) e.setStacktrace(old.stacktrace());
            return e;
        }
        return Errors.error((Term) reason);
    }

    /** raw_raise: class in x0, reason in x1, stack trace in x2; badarg if the class is not one. */
    public static ErlangException rawRaise(Object kind, Object reason, Object stack) {
        if (kind != Atom.ERROR && kind != Atom.EXIT && kind != Atom.THROW) return Errors.badarg();
        ErlangException e = new ErlangException((Atom) kind, (Term) reason);
        stack = rawStack(stack);
        if (stack instanceof RawStack r) {
            e.setRawTrace(r.exception().rawTrace());
            if (r.exception().stacktrace() != null) e.setStacktrace(r.exception().stacktrace());
        } else if (stack instanceof Term t) {
            e.setStacktrace(t);
        }
        return e;
    }

    // ---- maps ----

    /** get_map_elements/has_map_fields lookups: the value or null. */
    public static Term mapGet(Object map, Object key) {
        return ((MapTerm) map).get((Term) key);
    }

    public static MapTerm mapAssoc(Object map, Object key, Object value) {
        if (!(map instanceof MapTerm m)) throw Errors.badmap((Term) map);
        return m.put((Term) key, (Term) value);
    }

    public static MapTerm mapExact(Object map, Object key, Object value) {
        if (!(map instanceof MapTerm m)) throw Errors.badmap((Term) map);
        if (m.get((Term) key) == null) throw Errors.badkey((Term) key);
        return m.put((Term) key, (Term) value);
    }

    /** The tuple elements for update_record/set_tuple_element (copied, caller fills). */
    public static Term[] tupleElements(Object tuple) {
        return ((Tuple) tuple).toArray();
    }

    // ---- floats ----

    /** A float register result: badarith if it is not finite. */
    public static double checkFloat(double d) {
        if (!Double.isFinite(d)) throw Errors.badarith();
        return d;
    }

    /** fconv: a number to a double; badarith otherwise. */
    public static double toDouble(Object t) {
        if (t instanceof Flonum f) return f.value;
        if (t instanceof Int i) return checkFloat(i.toDouble());
        throw Errors.badarith();
    }

    // ---- messages ----

    /** The send instruction and erlang:send/2: {@code To ! Msg}. */
    public static Term send(Proc self, Object to, Object msg) {
        if (self.trace != null) org.gaoos.jbeam.trace.Tracing.send(self, (Term) to, (Term) msg);
        Processes.send((Term) to, (Term) msg);
        return (Term) msg;
    }
}
