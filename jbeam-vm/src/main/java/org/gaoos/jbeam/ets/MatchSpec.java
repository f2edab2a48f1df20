package org.gaoos.jbeam.ets;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.gaoos.jbeam.bif.BifTable;
import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * A compiled match specification ({@code [{Head, Guards, Body}]}) in the table dialect, as
 * erts/emulator/beam/erl_db_util.c defines it: heads are patterns with {@code '$N'} variables and
 * {@code '_'}; guards and bodies are expressions — variables, {@code '$_'} (the object), {@code '$$'}
 * (all bound variables), {@code {const, T}}, {@code {{...}}} tuple construction, lists and maps
 * built element-wise, and calls {@code {F, Args...}} of the guard BIFs and the special forms
 * {@code and or andalso orelse andthen not xor self}. Compilation rejects unknown functions,
 * unbound variables and malformed clauses with erl_db_util's messages.
 *
 * <p>{@link #run} matches one object: null if no clause matches (a guard that fails or raises
 * means no match), else the last body expression's value, or {@code 'EXIT'} if the body raised.
 */
public final class MatchSpec {
    /** A compile error with BEAM's message (ets BIFs raise badarg for it). */
    public static final class Invalid extends Exception {
        public Invalid(String message) { super(message, null, false, false); }
    }

    private static final Atom EXIT = Atom.of("EXIT");
    private static final Atom UNDERSCORE = Atom.of("_");
    private static final Atom DOLLAR_UNDERSCORE = Atom.of("$_");
    private static final Atom DOLLAR_DOLLAR = Atom.of("$$");

    private record Clause(Pat head, Expr[] guards, Expr[] body, int slots, int[] varOrder) {}

    public final Term source;
    private final Clause[] clauses;
    /** The trace dialect (erlang:trace_pattern/3, match_spec_test(_, _, trace)). */
    private final boolean trace;

    private MatchSpec(Term source, Clause[] clauses, boolean trace) {
        this.source = source;
        this.clauses = clauses;
        this.trace = trace;
    }

    public boolean isTrace() { return trace; }

    /**
     * What a trace match specification decided for one event: {@link #message} is the term
     * {@code {message, X}} left (true unless set: the default message; false: none; anything else
     * is appended to the trace message), and the return/exception trace requests.
     */
    public static final class TraceResult {
        public Term message = Atom.TRUE;
        public boolean returnTrace;
        public boolean exceptionTrace;
    }

    /**
     * The trace actions a match specification body performs on the process and its session
     * (enable_trace, disable_trace, trace, silent, caller, ...), supplied by the tracing side.
     */
    public interface TraceActions {
        /** {enable_trace, [Pid,] Flag} / {disable_trace, ...}: false if the flag or process is invalid. */
        boolean changeFlags(Proc self, Term pid, Term disable, Term enable);
        void silent(Proc self, boolean on);
        Term caller(Proc self);
        Term callerLine(Proc self);
        Term currentStacktrace(Proc self, int depth);
        Term processDump(Proc self);
        Term getTcw();
        Term setTcw(Term v);
    }

    /**
     * Runs a trace match specification on the argument list {@code args}: null if no clause
     * matches, else the decision. Body expressions that fail are ignored (their value is not used).
     */
    public TraceResult runTrace(Proc p, Term args, TraceActions actions) {
        Term argTuple = Tuple.adopt(Lists.toJava(args).toArray(new Term[0]));
        for (Clause c : clauses) {
            Term[] vars = c.slots == 0 ? NO_VARS : new Term[c.slots];
            if (!c.head.match(argTuple, vars)) continue;
            Ctx ctx = new Ctx(p, args, vars, c.varOrder);
            if (!guardsHold(c, ctx)) continue;
            TraceResult r = new TraceResult();
            ctx.result = r;
            ctx.actions = actions;
            for (Expr e : c.body) {
                try {
                    e.eval(ctx);
                } catch (ErlangException | ClassCastException | ArithmeticException x) {
                    // a failing body expression evaluates to 'EXIT' in BEAM; its value is not used
                }
            }
            return r;
        }
        return null;
    }

    /** Matches {@code obj}: null if no clause matches, else the body's value ({@code 'EXIT'} if it raised). */
    public Term run(Proc p, Term obj) {
        for (Clause c : clauses) {
            Term[] vars = c.slots == 0 ? NO_VARS : new Term[c.slots];
            if (!c.head.match(obj, vars)) continue;
            Ctx ctx = new Ctx(p, obj, vars, c.varOrder);
            if (!guardsHold(c, ctx)) continue;
            if (trace) {
                TraceResult r = new TraceResult();
                ctx.result = r;
                for (Expr e : c.body) {
                    try {
                        e.eval(ctx);
                    } catch (ErlangException | ClassCastException | ArithmeticException x) {
                        // ignored, as in a trace body
                    }
                }
                return r.message;
            }
            try {
                Term r = Atom.TRUE; // an empty body returns true? BEAM requires at least one body expression
                for (Expr e : c.body) r = e.eval(ctx);
                return r;
            } catch (ErlangException | ClassCastException | ArithmeticException e) {
                return EXIT;
            }
        }
        return null;
    }

    private static boolean guardsHold(Clause c, Ctx ctx) {
        try {
            for (Expr g : c.guards) if (g.eval(ctx) != Atom.TRUE) return false;
            return true;
        } catch (ErlangException | ClassCastException | ArithmeticException e) {
            return false;
        }
    }

    /**
     * The key every clause's head binds to one ground term at {@code keypos}, or null: then a
     * select need look only at that key.
     */
    public Term boundKey(int keypos) {
        Term key = null;
        for (Clause c : clauses) {
            if (!(c.head instanceof TupleP t) || t.elems.length < keypos || !(t.elems[keypos - 1] instanceof Lit l)) {
                return null;
            }
            if (key != null && !key.equals(l.value)) return null;
            key = l.value;
        }
        return key;
    }

    private static final Term[] NO_VARS = new Term[0];

    // ---- compiled match-spec references (ets:match_spec_compile/1) ----

    private static final Map<Ref, MatchSpec> COMPILED = Collections.synchronizedMap(new WeakHashMap<>());

    /** A reference standing for {@code ms} (what ets:match_spec_compile/1 returns). */
    public static Ref register(MatchSpec ms) {
        Ref r = Processes.makeRef();
        COMPILED.put(r, ms);
        return r;
    }

    /** The match spec behind a reference from {@link #register}, or null. */
    public static MatchSpec ofCompiled(Term t) {
        return t instanceof Ref r ? COMPILED.get(r) : null;
    }

    // ---- compilation ----

    /** Compiles a table-dialect match specification. */
    public static MatchSpec compile(Term ms) throws Invalid {
        return compile(ms, null);
    }

    /**
     * Compiles a trace-dialect match specification for events of kind {@code kind}: {@code call}
     * (all trace actions), {@code send} (actions, no return/exception trace) or {@code receive}
     * (no actions), as erl_db_util.c's DCOMP_TRACE flags.
     */
    public static MatchSpec compileTrace(Term ms, Atom kind) throws Invalid {
        return compile(ms, kind);
    }

    private static MatchSpec compile(Term ms, Atom traceKind) throws Invalid {
        List<Clause> cs = new ArrayList<>();
        Term l = ms;
        while (l instanceof Cons c) {
            if (!(c.head() instanceof Tuple t) || t.arity() != 3) throw new Invalid("Match program part " + c.head() + " is not a tuple of arity 3.");
            cs.add(compileClause(t.get(0), t.get(1), t.get(2), traceKind));
            l = c.tail();
        }
        if (l != Nil.NIL) throw new Invalid("Match programs are not in a list.");
        return new MatchSpec(ms, cs.toArray(new Clause[0]), traceKind != null);
    }

    private static Clause compileClause(Term head, Term guards, Term body, Atom traceKind) throws Invalid {
        Map<Integer, Integer> slots = new HashMap<>();
        // Trace dialect: a list head matches the argument list element-wise; BEAM matches it as
        // a tuple against the arguments seen as a tuple, so any other head is matched that way.
        if (traceKind != null && Ops.isList(head)) head = Tuple.adopt(Lists.toJava(head).toArray(new Term[0]));
        Pat h = pattern(head, slots, new java.util.HashSet<>());
        Compiler cc = new Compiler(slots);
        cc.traceKind = traceKind;
        Expr[] g = cc.exprList(guards, "guards");
        Expr[] b = cc.exprList(body, "body");
        if (b.length == 0 && traceKind == null) throw new Invalid("Body is empty.");
        int[] order = slots.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .mapToInt(Map.Entry::getValue).toArray();
        return new Clause(h, g, b, slots.size(), order);
    }

    /** '$N' for N in 0..100000000, else -1. */
    static int variable(Term t) {
        if (!(t instanceof Atom a)) return -1;
        String s = a.name();
        if (s.length() < 2 || s.length() > 10 || s.charAt(0) != '$') return -1;
        long n = 0;
        for (int i = 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            n = n * 10 + (ch - '0');
        }
        return n > 100_000_000 ? -1 : (int) n;
    }

    private static boolean ground(Term t) {
        return ground(t, true);
    }

    /**
     * No variables or wildcards in {@code t}. With {@code maps} false a map also makes it not
     * ground: in a pattern a map matches every map with at least its keys, not only itself.
     */
    private static boolean ground(Term t, boolean maps) {
        if (t instanceof Atom) return t != UNDERSCORE && variable(t) < 0;
        if (t instanceof Tuple tu) {
            for (int i = 0; i < tu.arity(); i++) if (!ground(tu.get(i), maps)) return false;
            return true;
        }
        if (t instanceof Cons) {
            Term l = t;
            while (l instanceof Cons c) {
                if (!ground(c.head(), maps)) return false;
                l = c.tail();
            }
            return ground(l, maps);
        }
        if (t instanceof MapTerm m) {
            if (!maps) return false;
            for (Term v : m.valuesInIteratorOrder()) if (!ground(v, true)) return false;
            return true;
        }
        return true;
    }

    private static Pat pattern(Term t, Map<Integer, Integer> slots, Set<Integer> bound) throws Invalid {
        if (t == UNDERSCORE) return WILD;
        int v = variable(t);
        if (v >= 0) {
            Integer slot = slots.get(v);
            if (slot != null) return new Same(slot);
            slots.put(v, slots.size());
            return new Bind(slots.size() - 1);
        }
        if (ground(t, false)) return new Lit(t);
        if (t instanceof Tuple tu) {
            Pat[] ps = new Pat[tu.arity()];
            for (int i = 0; i < ps.length; i++) ps[i] = pattern(tu.get(i), slots, bound);
            return new TupleP(ps);
        }
        if (t instanceof Cons c) return new ConsP(pattern(c.head(), slots, bound), pattern(c.tail(), slots, bound));
        if (t instanceof MapTerm m) {
            Term[] keys = m.keysInIteratorOrder();
            Term[] vals = m.valuesInIteratorOrder();
            Pat[] ps = new Pat[vals.length];
            for (int i = 0; i < keys.length; i++) {
                if (!ground(keys[i])) throw new Invalid("Map keys in patterns must be constants.");
                ps[i] = pattern(vals[i], slots, bound);
            }
            return new MapP(keys, ps);
        }
        return new Lit(t);
    }

    // ---- patterns ----

    private sealed interface Pat permits Wild, Bind, Same, Lit, TupleP, ConsP, MapP {
        boolean match(Term t, Term[] vars);
    }

    private record Wild() implements Pat {
        public boolean match(Term t, Term[] vars) { return true; }
    }

    private static final Wild WILD = new Wild();

    private record Bind(int slot) implements Pat {
        public boolean match(Term t, Term[] vars) {
            vars[slot] = t;
            return true;
        }
    }

    private record Same(int slot) implements Pat {
        public boolean match(Term t, Term[] vars) { return vars[slot].equals(t); }
    }

    private record Lit(Term value) implements Pat, Expr {
        public boolean match(Term t, Term[] vars) { return value.equals(t); }

        public Term eval(Ctx c) { return value; }
    }

    private record TupleP(Pat[] elems) implements Pat {
        public boolean match(Term t, Term[] vars) {
            if (!(t instanceof Tuple tu) || tu.arity() != elems.length) return false;
            for (int i = 0; i < elems.length; i++) if (!elems[i].match(tu.get(i), vars)) return false;
            return true;
        }
    }

    private record ConsP(Pat head, Pat tail) implements Pat {
        public boolean match(Term t, Term[] vars) {
            return t instanceof Cons c && head.match(c.head(), vars) && tail.match(c.tail(), vars);
        }
    }

    private record MapP(Term[] keys, Pat[] values) implements Pat {
        public boolean match(Term t, Term[] vars) {
            if (!(t instanceof MapTerm m)) return false;
            for (int i = 0; i < keys.length; i++) {
                Term v = m.get(keys[i]);
                if (v == null || !values[i].match(v, vars)) return false;
            }
            return true;
        }
    }

    // ---- expressions ----

    private static final class Ctx {
        final Proc proc;
        final Term obj;
        final Term[] vars;
        final int[] varOrder;
        TraceResult result;
        TraceActions actions;

        Ctx(Proc proc, Term obj, Term[] vars, int[] varOrder) {
            this.proc = proc;
            this.obj = obj;
            this.vars = vars;
            this.varOrder = varOrder;
        }
    }

    /** A trace-dialect body action (erl_db_util.c's trace-only match program instructions). */
    private record Action(String name, Expr[] args) implements Expr {
        public Term eval(Ctx c) {
            Term[] a = new Term[args.length];
            for (int i = 0; i < a.length; i++) a[i] = args[i].eval(c);
            TraceResult r = c.result;
            TraceActions act = c.actions;
            switch (name) {
                case "message":
                    if (r != null) r.message = a[0];
                    return a[0];
                case "return_trace":
                    if (r != null) r.returnTrace = true;
                    return Atom.TRUE;
                case "exception_trace":
                    if (r != null) r.exceptionTrace = true;
                    return Atom.TRUE;
                case "is_seq_trace":
                    return Atom.FALSE;
                case "get_seq_token":
                    return Nil.NIL;
                case "set_seq_token":
                    throw org.gaoos.jbeam.runtime.Errors.badarg(); // seq_trace is not implemented
                case "display":
                    System.err.print(org.gaoos.jbeam.term.ErtsPrinter.printLatin1(a[0]) + "\n");
                    return Atom.TRUE;
                default:
            }
            if (act == null) { // match_spec_test: destructive actions are faked; no caller (a BIF's context)
                return switch (name) {
                    case "caller", "caller_line" -> Atom.UNDEFINED;
                    case "current_stacktrace" -> Nil.NIL;
                    case "get_tcw", "set_tcw" -> org.gaoos.jbeam.trace.TraceBifs.tcw(); // set faked: the old value
                    default -> Atom.TRUE;
                };
            }
            switch (name) {
                case "enable_trace":
                    return Atom.of(a.length == 1 ? act.changeFlags(c.proc, null, Nil.NIL, Lists.of(a[0]))
                            : act.changeFlags(c.proc, a[0], Nil.NIL, Lists.of(a[1])));
                case "disable_trace":
                    return Atom.of(a.length == 1 ? act.changeFlags(c.proc, null, Lists.of(a[0]), Nil.NIL)
                            : act.changeFlags(c.proc, a[0], Lists.of(a[1]), Nil.NIL));
                case "trace":
                    return Atom.of(a.length == 2 ? act.changeFlags(c.proc, null, a[0], a[1])
                            : act.changeFlags(c.proc, a[0], a[1], a[2]));
                case "silent":
                    if (a[0] == Atom.TRUE) act.silent(c.proc, true);
                    else if (a[0] == Atom.FALSE) act.silent(c.proc, false);
                    return a[0];
                case "caller":
                    return act.caller(c.proc);
                case "caller_line":
                    return act.callerLine(c.proc);
                case "current_stacktrace":
                    int max = org.gaoos.jbeam.runtime.StackTraces.depth();
                    return act.currentStacktrace(c.proc, a.length == 0 ? max : (int) Math.min(((org.gaoos.jbeam.term.Small) a[0]).value(), max));
                case "process_dump":
                    return act.processDump(c.proc);
                case "get_tcw":
                    return act.getTcw();
                case "set_tcw":
                    return act.setTcw(a[0]);
                default:
                    throw new IllegalStateException(name);
            }
        }
    }

    private interface Expr {
        Term eval(Ctx c);
    }

    private record Var(int slot) implements Expr {
        public Term eval(Ctx c) { return c.vars[slot]; }
    }

    private record Whole() implements Expr {
        public Term eval(Ctx c) { return c.obj; }
    }

    private record AllVars() implements Expr {
        public Term eval(Ctx c) {
            Term l = Nil.NIL;
            for (int i = c.varOrder.length - 1; i >= 0; i--) l = new Cons(c.vars[c.varOrder[i]], l);
            return l;
        }
    }

    private record MakeTuple(Expr[] elems) implements Expr {
        public Term eval(Ctx c) {
            Term[] t = new Term[elems.length];
            for (int i = 0; i < t.length; i++) t[i] = elems[i].eval(c);
            return Tuple.adopt(t);
        }
    }

    private record MakeCons(Expr head, Expr tail) implements Expr {
        public Term eval(Ctx c) {
            Term h = head.eval(c);
            return new Cons(h, tail.eval(c));
        }
    }

    private record MakeMap(Expr[] keys, Expr[] values) implements Expr {
        public Term eval(Ctx c) {
            MapTerm m = MapTerm.EMPTY;
            for (int i = 0; i < keys.length; i++) m = m.put(keys[i].eval(c), values[i].eval(c));
            return m;
        }
    }

    /** and/or (strict), andalso/orelse (short-circuit): every evaluated operand must be a boolean. */
    private record Logic(Expr[] args, boolean isAnd, boolean shortCircuit) implements Expr {
        public Term eval(Ctx c) {
            boolean acc = isAnd;
            for (Expr a : args) {
                if (shortCircuit && acc != isAnd) break;
                Term v = a.eval(c);
                if (v == Atom.TRUE) {
                    if (!isAnd) acc = true;
                } else if (v == Atom.FALSE) {
                    if (isAnd) acc = false;
                } else {
                    throw org.gaoos.jbeam.runtime.Errors.badarg();
                }
            }
            return Atom.of(acc);
        }
    }

    private record Self() implements Expr {
        public Term eval(Ctx c) {
            if (c.proc == null) throw org.gaoos.jbeam.runtime.Errors.badarg();
            return c.proc.pid();
        }
    }

    /**
     * A guard BIF, called through the BIF registry's method handle. In a body a failing call
     * evaluates to {@code 'EXIT'} (erl_db_util's do_catch) and evaluation goes on.
     */
    private record Call(MethodHandle bif, Expr[] args, boolean inBody) implements Expr {
        public Term eval(Ctx c) {
            Object[] a = new Object[args.length];
            for (int i = 0; i < a.length; i++) a[i] = args[i].eval(c);
            try {
                return (Term) bif.invokeExact(c.proc, a);
            } catch (ErlangException | ClassCastException | ArithmeticException e) {
                if (inBody) return EXIT;
                throw e;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The guard BIFs a table match spec may call (erl_db_util.c's guard_tab, DBIF_ALL entries). */
    private static final Set<String> GUARD_BIFS = Set.of(
            "is_atom/1", "is_float/1", "is_integer/1", "is_list/1", "is_number/1", "is_pid/1", "is_port/1",
            "is_reference/1", "is_tuple/1", "is_map/1", "is_binary/1", "is_bitstring/1", "is_boolean/1",
            "is_function/1", "is_function/2", "is_record/3", "abs/1", "element/2", "hd/1", "length/1", "max/2",
            "min/2", "node/1", "node/0", "round/1", "size/1", "map_size/1", "map_get/2", "is_map_key/2",
            "bit_size/1", "byte_size/1", "tuple_size/1", "binary_part/2", "binary_part/3", "tl/1", "trunc/1",
            "float/1", "ceil/1", "floor/1", "+/1", "-/1", "+/2", "-/2", "*/2", "//2", "div/2", "rem/2",
            "band/2", "bor/2", "bxor/2", "bnot/1", "bsl/2", "bsr/2", ">/2", ">=/2", "</2", "=</2", "=:=/2",
            "==/2", "=/=/2", "/=/2", "not/1", "xor/2");

    /** Special forms and functions only the trace dialect may use. */
    private static final Set<String> TRACE_ONLY = Set.of("message", "is_seq_trace", "set_seq_token",
            "get_seq_token", "return_trace", "exception_trace", "display", "process_dump", "enable_trace",
            "disable_trace", "trace", "caller", "caller_line", "current_stacktrace", "silent", "get_tcw",
            "set_tcw");

    private static final class Compiler {
        final Map<Integer, Integer> slots;
        boolean inBody;
        /** null for the table dialect, else call, send or receive (what trace actions are allowed). */
        Atom traceKind;

        Compiler(Map<Integer, Integer> slots) { this.slots = slots; }

        Expr[] exprList(Term l, String what) throws Invalid {
            inBody = what.equals("body");
            List<Expr> es = new ArrayList<>();
            while (l instanceof Cons c) {
                es.add(expr(c.head()));
                l = c.tail();
            }
            if (l != Nil.NIL) throw new Invalid("Match expression part " + what + " is not a list.");
            return es.toArray(new Expr[0]);
        }

        Expr expr(Term t) throws Invalid {
            if (t instanceof Atom a) {
                if (a == DOLLAR_UNDERSCORE) return new Whole();
                if (a == DOLLAR_DOLLAR) return new AllVars();
                int v = variable(a);
                if (v >= 0) {
                    Integer slot = slots.get(v);
                    if (slot == null) throw new Invalid("Variable $" + v + " is unbound.");
                    return new Var(slot);
                }
                return new Lit(a);
            }
            if (t instanceof Cons c) return new MakeCons(expr(c.head()), expr(c.tail()));
            if (t instanceof MapTerm m) {
                Term[] ks = m.keysInIteratorOrder(), vs = m.valuesInIteratorOrder();
                Expr[] ke = new Expr[ks.length], ve = new Expr[vs.length];
                for (int i = 0; i < ks.length; i++) {
                    ke[i] = expr(ks[i]);
                    ve[i] = expr(vs[i]);
                }
                return new MakeMap(ke, ve);
            }
            if (t instanceof Tuple tu) return tuple(tu);
            return new Lit(t);
        }

        /** Arities of the trace actions, and which need an action-allowing kind (send or call). */
        private Expr traceAction(Tuple tu, String name, int n) throws Invalid {
            boolean ok = switch (name) {
                case "message", "silent", "display", "set_tcw" -> n == 1;
                case "enable_trace", "disable_trace" -> n == 1 || n == 2;
                case "trace" -> n == 2 || n == 3;
                case "set_seq_token" -> n == 2;
                case "current_stacktrace" -> n == 0 || n == 1;
                default -> n == 0;
            };
            if (!ok) throw new Invalid("Special form '" + name + "' called with wrong number of arguments in " + tu + ".");
            // erl_db_util.c's check_trace: which kinds of trace may use each form, and where
            boolean guardOk = name.equals("is_seq_trace") || name.equals("get_tcw");
            if (!inBody && !guardOk) throw new Invalid("Special form '" + name + "' called in guard context.");
            boolean callOnly = name.equals("caller") || name.equals("caller_line") || name.equals("current_stacktrace");
            boolean traceOps = callOnly || switch (name) {
                case "is_seq_trace", "set_seq_token", "get_seq_token", "process_dump", "enable_trace",
                        "disable_trace", "trace", "silent" -> true;
                default -> false;
            };
            if (callOnly && traceKind != Atom.of("call") || traceOps && traceKind == Atom.of("receive")) {
                throw new Invalid("Special form '" + name + "' called in wrong trace context.");
            }
            if (name.equals("current_stacktrace") && n == 1
                    && !(tu.get(1) instanceof org.gaoos.jbeam.term.Small d && d.value() >= 0)) {
                throw new Invalid("Special form 'current_stacktrace' called with wrong argument in " + tu + ".");
            }
            return new Action(name, args(tu));
        }

        private Expr[] args(Tuple tu) throws Invalid {
            Expr[] a = new Expr[tu.arity() - 1];
            for (int i = 0; i < a.length; i++) a[i] = expr(tu.get(i + 1));
            return a;
        }

        private Expr tuple(Tuple tu) throws Invalid {
            if (tu.arity() == 1 && tu.get(0) instanceof Tuple inner) {
                Expr[] es = new Expr[inner.arity()];
                for (int i = 0; i < es.length; i++) es[i] = expr(inner.get(i));
                return new MakeTuple(es);
            }
            if (tu.arity() == 0 || !(tu.get(0) instanceof Atom f)) {
                throw new Invalid(tu + " is neither a function call, nor a tuple (tuples are written {{ ... }}).");
            }
            int n = tu.arity() - 1;
            String name = f.name();
            switch (name) {
                case "const":
                    if (n != 1) throw new Invalid("Special form 'const' called with wrong number of arguments in " + tu + ".");
                    return new Lit(tu.get(1));
                case "and", "or":
                    return new Logic(args(tu), name.equals("and"), false);
                case "andalso", "andthen", "orelse":
                    return new Logic(args(tu), !name.equals("orelse"), true);
                case "self":
                    if (n != 0) throw new Invalid("Special form 'self' called with arguments.");
                    return new Self();
                default:
            }
            if (TRACE_ONLY.contains(name)) {
                if (traceKind == null) throw new Invalid("Special form '" + name + "' used in wrong dialect.");
                return traceAction(tu, name, n);
            }
            if (!GUARD_BIFS.contains(name + "/" + n)) throw new Invalid("Function " + name + "/" + n + " does_not_exist.");
            BifTable.Entry e = BifTable.lookup(Atom.of("erlang"), f, n);
            if (e == null) throw new Invalid("Function " + name + "/" + n + " does_not_exist.");
            return new Call(e.callHandle().asSpreader(Object[].class, n), args(tu), inBody);
        }
    }

    @Override
    public String toString() {
        return "MatchSpec" + Arrays.toString(clauses);
    }
}
