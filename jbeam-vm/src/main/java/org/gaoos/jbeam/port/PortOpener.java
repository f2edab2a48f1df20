package org.gaoos.jbeam.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.bif.OsBifs;
import org.gaoos.jbeam.nif.FileNames;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * erts_internal:open_port/2 (erl_bif_port.c): checks the port name and settings like BEAM and
 * opens the port, or answers the error atom erlang:open_port/2 raises ({@code badarg},
 * {@code enoent}, {@code eacces}...). Supported: {@code {fd, In, Out}} for output to fd 1 or 2,
 * {@code {spawn, Command}} (run by /bin/sh, as ERTS's child setup does) and
 * {@code {spawn_executable, File}}; {@code {spawn_driver, _}} and plain driver names are badarg:
 * jbeam has no linked-in drivers (tcp_inet, udp_inet, ...).
 */
public final class PortOpener {
    private PortOpener() {}

    private static final Atom BADARG = Atom.BADARG;

    /** The new port's id, or an error atom. */
    public static Term open(Proc owner, Term name, Term settings) {
        Options o = new Options();
        if (!o.parse(settings)) return BADARG;
        if (!(name instanceof Tuple t) || t.arity() != 2 && t.arity() != 3) return BADARG;
        Term kind = t.get(0);
        if (kind == Atom.of("fd") && t.arity() == 3) return openFd(owner, t, o);
        if (t.arity() != 2) return BADARG;
        if (kind == Atom.of("spawn")) {
            String cmd = string(t.get(1));
            if (cmd == null || o.args != null) return BADARG;
            return spawn(owner, List.of("/bin/sh", "-c", cmd), firstWord(cmd), o);
        }
        if (kind == Atom.of("spawn_executable")) {
            String file = string(t.get(1));
            if (file == null) return BADARG;
            Path exe = FileNames.cwd().resolve(file);
            if (!Files.exists(exe)) return Atom.of("enoent");
            if (Files.isDirectory(exe) || !Files.isExecutable(exe)) return Atom.of("eacces");
            List<String> argv = new ArrayList<>();
            argv.add(exe.toString());
            if (o.args != null) argv.addAll(o.args);
            return spawn(owner, argv, file, o);
        }
        return BADARG;
    }

    private static String firstWord(String cmd) {
        String c = cmd.strip();
        int sp = c.indexOf(' ');
        return sp < 0 ? c : c.substring(0, sp);
    }

    private static Term openFd(Proc owner, Tuple t, Options o) {
        if (!(t.get(1) instanceof Small in) || !(t.get(2) instanceof Small out) || in.value < 0 || out.value < 0) return BADARG;
        if (o.out && out.value != 1 && out.value != 2) return Atom.of("enotsup");
        FdPort p = new FdPort(Ports.newId(), (int) in.value, (int) out.value, o.binary);
        return register(owner, p);
    }

    private static Term register(Proc owner, OpenPort p) {
        Ports.add(p);
        if (!p.start(owner)) p.close(Atom.NORMAL);
        return p.id;
    }

    private static Term spawn(Proc owner, List<String> argv, String name, Options o) {
        if (!o.useStdio) return Atom.of("enotsup");
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.directory((o.cd != null ? FileNames.cwd().resolve(o.cd) : FileNames.cwd()).toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(OsBifs.environment());
        for (var e : o.env) {
            if (e.getValue() == null) env.remove(e.getKey());
            else env.put(e.getKey(), e.getValue());
        }
        if (o.stderrToStdout) pb.redirectErrorStream(true);
        else pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!o.in) pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return Atom.of(m.contains("error=13") ? "eacces" : m.contains("error=2,") ? "enoent" : "eagain");
        }
        SpawnPort p = new SpawnPort(Ports.newId(), name, o.binary, proc, o.framing, o.frameArg, o.eof, o.exitStatus);
        Term id = register(owner, p);
        if (o.in) p.startReader();
        return id;
    }

    private static String string(Term t) {
        if (t instanceof Binary b) return b.utf8String();
        if (t instanceof Atom a) return a.name();
        return Lists.toStringOrNull(t);
    }

    /** The port settings erl_bif_port.c accepts. */
    private static final class Options {
        boolean binary, eof, exitStatus, stderrToStdout, useStdio = true, in = true, out = true;
        SpawnPort.Framing framing = SpawnPort.Framing.STREAM;
        int frameArg;
        String cd;
        List<String> args;
        final List<Map.Entry<String, String>> env = new ArrayList<>();

        boolean parse(Term settings) {
            boolean sawIn = false, sawOut = false;
            Term l = settings;
            while (l instanceof Cons c) {
                Term opt = c.head();
                if (opt instanceof Atom a) {
                    switch (a.name()) {
                        case "binary" -> binary = true;
                        case "eof" -> eof = true;
                        case "exit_status" -> exitStatus = true;
                        case "stderr_to_stdout" -> stderrToStdout = true;
                        case "use_stdio" -> useStdio = true;
                        case "nouse_stdio" -> useStdio = false;
                        case "in" -> sawIn = true;
                        case "out" -> sawOut = true;
                        case "stream" -> framing = SpawnPort.Framing.STREAM;
                        case "hide", "overlapped_io" -> { }
                        default -> { return false; }
                    }
                } else if (opt instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom k) {
                    Term v = t.get(1);
                    switch (k.name()) {
                        case "packet" -> {
                            if (!(v instanceof Small n) || (n.value != 1 && n.value != 2 && n.value != 4)) return false;
                            framing = SpawnPort.Framing.PACKET;
                            frameArg = (int) n.value;
                        }
                        case "line" -> {
                            if (!(v instanceof Small n) || n.value <= 0) return false;
                            framing = SpawnPort.Framing.LINE;
                            frameArg = (int) Math.min(n.value, Integer.MAX_VALUE);
                        }
                        case "cd" -> {
                            cd = string(v);
                            if (cd == null) return false;
                        }
                        case "args" -> {
                            args = new ArrayList<>();
                            for (Term x = v; x != Nil.NIL; ) {
                                if (!(x instanceof Cons xc)) return false;
                                String s = string(xc.head());
                                if (s == null) return false;
                                args.add(s);
                                x = xc.tail();
                            }
                        }
                        case "arg0" -> {
                            if (string(v) == null) return false;
                        }
                        case "env" -> {
                            for (Term x = v; x != Nil.NIL; ) {
                                if (!(x instanceof Cons xc) || !(xc.head() instanceof Tuple kv) || kv.arity() != 2) return false;
                                String key = string(kv.get(0));
                                String val = kv.get(1) == Atom.FALSE ? null : string(kv.get(1));
                                if (key == null || (val == null && kv.get(1) != Atom.FALSE)) return false;
                                env.add(new java.util.AbstractMap.SimpleEntry<>(key, val));
                                x = xc.tail();
                            }
                        }
                        case "parallelism", "busy_limits_port", "busy_limits_msgq" -> { }
                        default -> { return false; }
                    }
                } else {
                    return false;
                }
                l = c.tail();
            }
            if (l != Nil.NIL) return false;
            if (sawIn || sawOut) {
                in = sawIn;
                out = sawOut;
            }
            return true;
        }
    }
}
