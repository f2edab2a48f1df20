package org.gaoos.jbeam.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;

/**
 * The VM as ERTS's {@code erl_start} sets it up, and VM-wide actions. {@link #boot} makes the
 * preloaded modules (erts's {@code ebin}) available, spawns the first process,
 * {@code erl_init:start(init, BootArgs)}, as a system process that is its own group leader, and
 * the system process {@code erts_code_purger} ({@link CodeServer#startPurger}); from there OTP's own {@code init} reads the boot
 * script and starts the kernel application.
 *
 * <p>Preloaded modules are translated on first use rather than all at start-up (translation is
 * what costs at start-up; see docs/jbeam.md). {@code erts_literal_area_collector} runs, idle
 * (see {@link #startLiteralAreaCollector}); ERTS's other always-alive system processes
 * ({@code erts_dirty_process_signal_handler}, {@code erts_trace_cleaner}) serve BEAM internals
 * jbeam does not have (dirty schedulers, trace sessions) and are not started.
 */
public final class Vm {
    private Vm() {}

    private static volatile Path root;
    private static final Set<Proc> SYSTEM = ConcurrentHashMap.newKeySet();

    /** Boots OTP: {@code bootArgs} are the arguments after the emulator's, as erlexec builds them. */
    public static void boot(Path otpRoot, List<String> bootArgs) {
        root = otpRoot;
        Path preloaded = preloadedDir(otpRoot);
        CodeServer cs = CodeServer.get();
        if (preloaded != null) cs.addPathLast(preloaded);
        List<Term> args = new ArrayList<>();
        for (String a : bootArgs) args.add(Binary.utf8(a));
        Proc init = Processes.create(null);
        init.setGroupLeader(init.pid());
        SYSTEM.add(init);
        init.initialCall = org.gaoos.jbeam.term.Tuple.of(Atom.of("erl_init"), Atom.of("start"), org.gaoos.jbeam.term.Small.of(2));
        Processes.start(init, () -> init.call(cs.export(Atom.of("erl_init"), Atom.of("start"), 2),
                Atom.of("init"), Lists.of(args)));
        SYSTEM.add(cs.startPurger(init.pid()));
        SYSTEM.add(startLiteralAreaCollector(cs, init.pid()));
    }

    private static final Atom LITERAL_AREA_COLLECTOR = Atom.of("erts_literal_area_collector");

    /**
     * The erts_literal_area_collector process, OTP's own, as ERTS starts it: jbeam never hands it
     * an area (the JVM keeps a purged module's literals alive while terms use them), so it only
     * answers {@code get_status} with {@code idle}, which OTP's tests ask before checking literal
     * handling. Translated when its first message comes.
     */
    private static Proc startLiteralAreaCollector(CodeServer cs, Term groupLeader) {
        Proc p = Processes.create(groupLeader);
        p.trapExit = true;
        p.initialCall = org.gaoos.jbeam.term.Tuple.of(LITERAL_AREA_COLLECTOR, Atom.of("start"), org.gaoos.jbeam.term.Small.ZERO);
        Processes.start(p, () -> {
            p.waitAnyMessage();
            return p.call(cs.export(LITERAL_AREA_COLLECTOR, Atom.of("start"), 0));
        });
        return p;
    }

    /**
     * erts_internal:spawn_system_process/3: a process that init's shutdown leaves alone
     * ({@code erts_internal:is_system_process/1}), with {@code parent}'s group leader.
     */
    public static Proc spawnSystemProcess(Proc parent, Atom m, Atom f, Term args) {
        Proc p = Processes.create(parent.groupLeader());
        p.initialCall = org.gaoos.jbeam.term.Tuple.of(m, f, org.gaoos.jbeam.term.Small.of(Lists.length(args)));
        SYSTEM.add(p);
        p.addExitHook((proc, reason) -> SYSTEM.remove(proc));
        Processes.start(p, () -> p.call(q -> Funs.apply(q, m, f, args)));
        return p;
    }

    public static boolean isSystemProcess(Proc p) {
        return SYSTEM.contains(p);
    }

    /** The OTP installation booted ($ROOT), or null before boot. */
    public static Path root() { return root; }

    private static Path preloadedDir(Path otpRoot) {
        String p = System.getProperty("jbeam.otp.preloaded", System.getenv("OTP_PRELOADED"));
        if (p != null) return Path.of(p);
        try (Stream<Path> s = Files.list(otpRoot.resolve("lib"))) {
            return s.filter(d -> d.getFileName().toString().startsWith("erts-")).map(d -> d.resolve("ebin"))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- standard streams and halting ----

    /** The process's standard output (fd 1), unbuffered bytes: each write goes out at once. */
    public static final OutputStream STDOUT = new java.io.FileOutputStream(java.io.FileDescriptor.out);
    /** The process's standard error (fd 2). */
    public static final OutputStream STDERR = new java.io.FileOutputStream(java.io.FileDescriptor.err);

    /** Writes bytes to fd 1 or 2 (erlang:display, the tty and fd ports); false on an I/O error. */
    public static boolean write(int fd, byte[] bytes) {
        OutputStream out = fd == 2 ? STDERR : STDOUT;
        try {
            synchronized (out) {
                out.write(bytes);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static final List<Runnable> AT_HALT = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code action} when the VM halts (e.g. restoring the terminal's settings). */
    public static void atHalt(Runnable action) {
        AT_HALT.add(action);
    }

    /** erlang:halt/1: ends the JVM with {@code status} (output written so far is not buffered). */
    public static void halt(int status) {
        for (Runnable r : AT_HALT) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // halting goes on
            }
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
