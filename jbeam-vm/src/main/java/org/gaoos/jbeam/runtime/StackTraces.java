package org.gaoos.jbeam.runtime;

import java.lang.StackWalker.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * Erlang stack traces, BEAM's format: {@code [{M, F, ArityOrArgs, [{file, F}, {line, L}]}]}.
 *
 * <p>Exceptions are stackless. The first translated frame an exception passes through (every
 * translated method has a catch-all handler for this) records its own function and current line
 * and walks the callers still on the JVM stack with {@link StackWalker}: translated methods carry
 * the BEAM line-table index as their JVM line numbers. The term is built only when asked for.
 */
public final class StackTraces {
    private StackTraces() {}

    /** system_flag(backtrace_depth)'s limit (BEAM's MAX_BACKTRACE_SIZE). */
    public static final int MAX_DEPTH = 64;

    /** system_flag(backtrace_depth): the frames a stack trace keeps, the current function included. */
    private static volatile int depth = 8;

    public static int depth() {
        return depth;
    }

    /** system_flag(backtrace_depth, n): at most {@link #MAX_DEPTH}; returns the old depth. */
    public static int setDepth(int n) {
        int old = depth;
        depth = Math.min(n, MAX_DEPTH);
        return old;
    }

    /**
     * The JVM line number (and line local) translated code gives a direct tail call (a call plus
     * return): BEAM has replaced the caller's frame by then, so the walk skips such frames.
     * Line-table index 65535 is never used as a real location.
     */
    public static final int TAIL_CALL_LINE = 65535;

    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(Option.RETAIN_CLASS_REFERENCE, Option.SHOW_HIDDEN_FRAMES));

    private static final Atom FILE = Atom.of("file"), LINE = Atom.of("line");

    /** One translated frame: the function and line-table index (0 = unknown). */
    record Frame(ModuleCode code, int function, int line) {}

    /** The raw trace kept in {@link ErlangException#rawTrace()}. */
    static final class Raw {
        // the depth when raised (BEAM sizes the trace then); there is always a current function
        final int depth = Math.max(StackTraces.depth, 1);
        Term top;             // a ready-made first frame (BIF, undef, function_clause), or null
        List<Frame> frames;   // the translated frames, null until captured
        Frame pending;        // the marked frame whose callers are not walked yet, or null
        Term args;            // arguments replacing the arity in the first translated frame, or null
        Term errorInfo;       // error/3's error_info map for the first translated frame, or null
        Term cause;           // a failing BIF's error_info cause (BEAM's EXF_HAS_EXT_INFO), or null
    }

    private static Raw raw(ErlangException e) {
        if (e.rawTrace() instanceof Raw r) return r;
        Raw r = new Raw();
        e.setRawTrace(r);
        return r;
    }

    /** Sets a ready-made first frame (e.g. {M, F, Args, []} for undef). */
    public static void setTopFrame(ErlangException e, Term frame) {
        raw(e).top = frame;
    }

    /**
     * Called by the first translated frame that sees {@code e} when it has try/catch handlers:
     * records the frame but walks its callers only if the trace is needed ({@link #build}, or
     * {@link #capture} when the exception leaves the frame), both while this frame is still on
     * the stack, so the callers are the same. A {@code try} whose handler ignores the trace (the
     * common case) then costs no stack walk.
     */
    public static void mark(ErlangException e, ModuleCode code, int function, int line) {
        if (e.stacktrace() != null) return;
        Raw r = raw(e);
        if (r.frames != null || r.pending != null) return;
        r.pending = new Frame(code, function, line);
    }

    /**
     * Called by a translated frame that sees {@code e} leave it (the first, or the one that
     * {@link #mark}ed it): captures it and its callers. Does nothing if the trace is already
     * captured or given (erlang:raise/3).
     */
    public static void capture(ErlangException e, ModuleCode code, int function, int line) {
        if (e.stacktrace() != null) return;
        Raw r = raw(e);
        if (r.frames != null) return;
        List<Frame> frames = new ArrayList<>(r.depth);
        // A frame in a direct tail call (line TAIL_CALL_LINE) is one BEAM has already replaced.
        Frame first = r.pending;
        if (first != null && first.line != TAIL_CALL_LINE) frames.add(first);
        if ((first == null || first.code != code || first.function != function) && line != TAIL_CALL_LINE) {
            frames.add(new Frame(code, function, line));
        }
        walkCallers(r, frames, code, function);
    }

    /** The marked frame's callers, walked from inside that frame (see {@link #mark}). */
    private static void completePending(Raw r) {
        Frame self = r.pending;
        List<Frame> frames = new ArrayList<>(r.depth);
        if (self.line != TAIL_CALL_LINE) frames.add(self);
        walkCallers(r, frames, self.code, self.function);
    }

    /**
     * Adds to {@code frames} the translated callers on the JVM stack below the frame of
     * {@code code}'s {@code function} (the first translated frame found), up to the trace's depth.
     */
    private static void walkCallers(Raw r, List<Frame> frames, ModuleCode code, int function) {
        int limit = r.depth - (r.top != null ? 1 : 0);
        WALKER.walk(s -> {
            // Skip up to and including the capturing method's own frame, then collect callers.
            final boolean[] seenSelf = {false};
            final Object[] chunkOf = {null, -1}; // a split function's chunk just seen: skip its driver
            final Object[] lastSite = {null};    // the call site of the last caller frame kept
            final boolean[] hosting = {false};   // under a breakpoint that runs its function's body
            s.takeWhile(f -> frames.size() < limit).forEach(f -> {
                if (f.getDeclaringClass() == org.gaoos.jbeam.trace.LocalTrace.class) {
                    hosting[0] = true;
                    return;
                }
                ModuleCode mc = ModuleCode.of(f.getDeclaringClass());
                if (mc == null) return;
                if (hosting[0]) { // the function's own frame at its entry breakpoint: the body above stands for it
                    hosting[0] = false;
                    return;
                }
                int fn = mc.functionOfMethod(f.getMethodName());
                if (fn < 0) return; // dispatch and other helpers
                boolean chunk = ModuleCode.isChunk(f.getMethodName());
                boolean driver = !chunk && chunkOf[0] == mc && (int) chunkOf[1] == fn;
                chunkOf[0] = chunk ? mc : null;
                chunkOf[1] = fn;
                if (driver) return; // the chunk frame above stood for the function
                boolean tailCall = f.getLineNumber() == TAIL_CALL_LINE;
                if (!seenSelf[0]) {
                    seenSelf[0] = true;
                    if (mc == code && fn == function) return;
                }
                if (tailCall) return; // in a direct local tail call: BEAM has no frame here
                int ln = Math.max(f.getLineNumber(), 0);
                // BEAM records a continuation pointer only if it differs from the one before it
                // (gather_stacktrace): body recursion through one call site shows one frame. The
                // call's bytecode index identifies the call site as BEAM's return address does.
                Object site = List.of(mc, fn, f.getMethodName(), f.getByteCodeIndex());
                if (site.equals(lastSite[0])) return;
                lastSite[0] = site;
                frames.add(new Frame(mc, fn, ln));
            });
            return null;
        });
        r.frames = frames;
        r.pending = null;
    }

    /** For function_clause: the first frame shows the arguments instead of the arity. */
    public static void setArgs(ErlangException e, Term args) {
        raw(e).args = args;
    }

    /** erlang:error/3: the first frame shows the arguments and ends its location with {error_info, Map}. */
    public static void setErrorInfo(ErlangException e, Term args, Term errorInfo) {
        Raw r = raw(e);
        r.args = args;
        r.errorInfo = errorInfo;
    }

    /** A BIF's extended error information: its frame's error_info map gets {@code cause => C}. */
    public static ErlangException withCause(ErlangException e, Term cause) {
        raw(e).cause = cause;
        return e;
    }

    private static final java.util.Set<Atom> PRELOADED = java.util.Set.copyOf(CodeServer.PRELOADED);

    private static final Atom ERLANG = Atom.of("erlang"), ERROR_INFO = Atom.of("error_info"),
            MODULE = Atom.of("module"), CAUSE = Atom.of("cause");

    /**
     * Whether a failure of BIF {@code module:name/arity} puts the BIF's own frame on top of the
     * stack trace: every BIF but erlang:error/1,2,3, exit/1 and throw/1 (save_stacktrace in
     * beam_common.c); those raise in their caller's frame.
     */
    public static boolean hasBifFrame(Atom module, Atom name, int arity) {
        if (module != ERLANG) return true;
        return switch (name.name()) {
            case "error" -> arity > 3;
            case "exit", "throw" -> arity != 1;
            default -> true;
        };
    }

    /**
     * Called when BIF {@code module:name(args)} raised {@code e} (translated code's handler
     * around a BIF call, and BIF exports called through apply or funs): if the exception was
     * raised by the BIF itself (no frames yet), its first frame becomes BEAM's
     * {@code {M, F, Args, [{error_info, #{module => FormatModule}}]}}. Returns {@code e}.
     */
    public static ErlangException bifFailed(ErlangException e, Atom module, Atom name, Term[] args) {
        if (e.stacktrace() != null || !hasBifFrame(module, name, args.length)) return e;
        Raw r = raw(e);
        if (r.top != null || r.frames != null || r.pending != null || r.args != null) return e; // raised further in
        Atom format = formatModule(module);
        Term loc = Nil.NIL;
        if (format != null) {
            Term info = r.cause == null ? MapTerm.of(MODULE, format) : MapTerm.of(CAUSE, r.cause, MODULE, format);
            loc = new Cons(Tuple.of(ERROR_INFO, info), Nil.NIL);
        }
        r.top = Tuple.of(module, name, Lists.of(args), loc);
        return e;
    }

    /** The module whose format_error/2 explains a BIF's errors (save_stacktrace's switch). */
    private static Atom formatModule(Atom module) {
        return switch (module.name()) {
            case "atomics", "counters", "erlang", "erts_internal", "persistent_term" -> Atom.of("erl_erts_errors");
            case "code", "os" -> Atom.of("erl_kernel_errors");
            case "binary", "ets", "lists", "maps", "math", "re", "unicode" -> Atom.of("erl_stdlib_errors");
            default -> null;
        };
    }

    /** The Erlang stack trace term of {@code e}, built (once) from its raw trace. */
    public static Term build(ErlangException e) {
        Term st = e.stacktrace();
        if (st != null) return st;
        List<Term> out = new ArrayList<>();
        if (e.rawTrace() instanceof Raw r) {
            if (r.pending != null) completePending(r);
            if (r.top != null) out.add(r.top);
            for (int i = 0; r.frames != null && i < r.frames.size() && out.size() < r.depth; i++) {
                Frame f = r.frames.get(i);
                out.add(frameTerm(f, i == 0 ? r.args : null, i == 0 ? r.errorInfo : null));
            }
        }
        st = Lists.of(out);
        e.setStacktrace(st);
        return st;
    }

    private static Term frameTerm(Frame f, Term args, Term errorInfo) {
        ModuleInfo info = f.code.info();
        FunctionInfo fn = info.functions().get(f.function);
        Term loc = location(info, f.line, errorInfo == null ? Nil.NIL : new Cons(Tuple.of(ERROR_INFO, errorInfo), Nil.NIL));
        // Like erts_build_mfa_item: arguments only when they are a list (error/2 takes any term).
        boolean showArgs = args instanceof Cons || args == Nil.NIL;
        return Tuple.adopt(new Term[] {info.module(), fn.name(), showArgs ? args : Small.of(fn.arity()), loc});
    }

    /**
     * A frame's location {@code [{file, F}, {line, L} | Tail]} for line-table index {@code line}
     * (0 = unknown: {@code Tail}). BEAM gives frames of the preloaded modules (erlang, init, zlib,
     * prim_*...) no location.
     */
    static Term location(ModuleInfo info, int line, Term tail) {
        if (line <= 0 || line >= info.lineNumbers().length || PRELOADED.contains(info.module())) return tail;
        String file = info.lineFiles()[line];
        Term loc = new Cons(Tuple.of(LINE, Small.of(info.lineNumbers()[line])), tail);
        return file == null ? loc : new Cons(Tuple.of(FILE, Lists.fromString(file)), loc);
    }
}
