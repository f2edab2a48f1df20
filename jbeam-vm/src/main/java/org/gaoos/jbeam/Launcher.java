package org.gaoos.jbeam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gaoos.jbeam.runtime.CodeServer;
import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Export;
import org.gaoos.jbeam.runtime.IoServer;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.runtime.Vm;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code bin/jbeam}: an {@code erl}-compatible command line for the hosted VM.
 *
 * <p>Supported: {@code -noshell}, {@code -noinput}, {@code -pa Dir..}, {@code -pz Dir..},
 * {@code -eval Expr}, {@code -s M [F [Args..]]}, {@code -run M [F [Args..]]}, {@code -extra ..};
 * {@code +flags} and unknown {@code -flags} are accepted and ignored. The start-up actions run in
 * order in one process whose group leader is the standard I/O server, as init does them; a failure
 * prints erl's "Error! ..." / "Runtime terminating during boot" messages and exits with status 1.
 *
 * <p>Not yet like erl: the boot script (init:boot, the application controller, the code server,
 * the logger) does not run; there is no interactive shell (without -noshell the VM behaves as with
 * it); no crash dump is written. The code path is OTP's lib/ * /ebin and the erts preloaded
 * directory (from {@code jbeam.otp.lib}/{@code jbeam.otp.preloaded} or OTP_LIB/OTP_PRELOADED).
 */
public final class Launcher {
    private Launcher() {}

    /** A start-up action: -eval, -s or -run. */
    private sealed interface Action {}

    private record Eval(String expr) implements Action {}

    private record Apply(String module, String function, List<String> args, boolean strings) implements Action {}

    public static void main(String[] argv) throws InterruptedException {
        List<Path> pa = new ArrayList<>(), pz = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        List<Term> flags = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "-extra" -> {
                    while (i + 1 < argv.length) plain.add(argv[++i]);
                }
                case "-pa", "-pz" -> {
                    while (i + 1 < argv.length && !isFlag(argv[i + 1])) (a.equals("-pa") ? pa : pz).add(Path.of(argv[++i]));
                }
                case "-eval" -> {
                    if (i + 1 < argv.length) actions.add(new Eval(argv[++i]));
                }
                case "-s", "-run" -> {
                    List<String> words = new ArrayList<>();
                    while (i + 1 < argv.length && !isFlag(argv[i + 1])) words.add(argv[++i]);
                    if (!words.isEmpty()) {
                        String f = words.size() > 1 ? words.get(1) : "start";
                        List<String> args = words.size() > 2 ? words.subList(2, words.size()) : null;
                        actions.add(new Apply(words.get(0), f, args, a.equals("-run")));
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        // Other flags take their values up to the next flag (init:get_argument/1).
                        List<Term> values = new ArrayList<>();
                        while (i + 1 < argv.length && !isFlag(argv[i + 1])) values.add(Lists.fromString(argv[++i]));
                        flags.add(Tuple.of(Atom.of(a.substring(1)), Lists.of(values)));
                    } else if (!a.startsWith("+")) {
                        plain.add(a);
                    }
                }
            }
        }
        CodeServer cs = CodeServer.get();
        for (Path p : otpPath()) cs.addPathLast(p);
        for (Path p : pz) cs.addPathLast(p);
        for (int i = pa.size() - 1; i >= 0; i--) cs.addPathFirst(pa.get(i));

        Proc io = IoServer.start(Vm.stdout());
        cs.startPurger(io.pid()); // ERTS starts erts_code_purger at boot
        InitProcess.start(flags, plain);
        Processes.spawn(io.pid(), p -> {
            for (Action action : actions) run(p, action);
            return Atom.OK;
        });
        // erl -noshell keeps running until halt/0,1 (virtual threads do not keep the JVM alive).
        Thread.currentThread().join();
    }

    private static boolean isFlag(String s) {
        return s.startsWith("-") || s.startsWith("+");
    }

    private static List<Path> otpPath() {
        List<Path> out = new ArrayList<>();
        String lib = setting("jbeam.otp.lib", "OTP_LIB");
        String pre = setting("jbeam.otp.preloaded", "OTP_PRELOADED");
        if (lib != null) {
            try (Stream<Path> apps = Files.list(Path.of(lib))) {
                apps.sorted().map(d -> d.resolve("ebin")).filter(Files::isDirectory).forEach(out::add);
            } catch (java.io.IOException e) {
                System.err.println("jbeam: cannot list OTP lib " + lib + ": " + e.getMessage());
            }
        }
        if (pre != null) out.add(Path.of(pre));
        return out;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }

    private static void run(Proc p, Action action) {
        try {
            switch (action) {
                case Eval e -> eval(p, e.expr());
                case Apply a -> apply(p, a);
            }
        } catch (ErlangException e) {
            if (action instanceof Eval ev) {
                System.err.print("Error! Failed to eval: " + ev.expr() + "\r\n\r\n");
            }
            Term reason = Tuple.of(e.reason(), StackTraces.build(e));
            System.err.println("Runtime terminating during boot (" + reason + ")");
            Vm.halt(1);
        }
    }

    private static Term call(Proc p, String m, String f, Term... args) {
        Export e = CodeServer.get().export(Atom.of(m), Atom.of(f), args.length);
        return p.call(e, (Object[]) args);
    }

    /** What init:start_it({eval, Bin}) does: scan, parse, evaluate. */
    private static void eval(Proc p, String expr) {
        Term scanned = call(p, "erl_scan", "string", Lists.fromString(expr));
        if (!(scanned instanceof Tuple t) || t.get(0) != Atom.OK) throw org.gaoos.jbeam.runtime.Errors.badmatch(scanned);
        Term tokens = t.get(1);
        Term rev = call(p, "lists", "reverse", tokens);
        boolean endsWithDot = rev instanceof Cons c && c.head() instanceof Tuple d && d.get(0) == Atom.of("dot");
        if (!endsWithDot) {
            Term dot = Tuple.of(Atom.of("dot"), call(p, "erl_anno", "new", org.gaoos.jbeam.term.Small.ONE));
            tokens = call(p, "lists", "reverse", new Cons(dot, rev));
        }
        Term parsed = call(p, "erl_parse", "parse_exprs", tokens);
        if (!(parsed instanceof Tuple pt) || pt.get(0) != Atom.OK) throw org.gaoos.jbeam.runtime.Errors.badmatch(parsed);
        Term bindings = call(p, "erl_eval", "new_bindings");
        call(p, "erl_eval", "exprs", pt.get(1), bindings);
    }

    /** What init:start_it({apply, M, F, Args}) does for -s (atoms) and -run (strings). */
    private static void apply(Proc p, Apply a) {
        Atom m = Atom.of(a.module()), f = Atom.of(a.function());
        if (!CodeServer.get().ensureLoaded(m) && CodeServer.get().module(m) == null) {
            System.err.print("Error! Failed to load module '" + a.module() + "' because it cannot be found.\r\n"
                    + "Make sure that the module name is correct and that its .beam file\r\nis in the code path.\r\n\r\n");
            throw org.gaoos.jbeam.runtime.Errors.undef();
        }
        if (a.args() == null) {
            p.call(CodeServer.get().export(m, f, 0));
        } else {
            List<Term> args = new ArrayList<>();
            for (String s : a.args()) args.add(a.strings() ? Lists.fromString(s) : Atom.of(s));
            p.call(CodeServer.get().export(m, f, 1), Lists.of(args));
        }
    }

    @SuppressWarnings("unused")
    private static Term nil() { return Nil.NIL; }

    @SuppressWarnings("unused")
    private static Term bin(String s) { return Binary.utf8(s); }
}
