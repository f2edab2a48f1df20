package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.Vm;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/**
 * The {@code erts_internal} BIFs that OTP's boot and its system processes call, and the VM-level
 * {@code erlang} BIFs of the same kind (display_string, load_nif).
 */
public final class ErtsInternalBifs {
    private ErtsInternalBifs() {}

    @Bif(module = "erts_internal", value = "spawn_system_process")
    public static Term spawnSystemProcess(Proc self, Term m, Term f, Term args) {
        if (!(m instanceof Atom mod) || !(f instanceof Atom fun) || Lists.length(args) < 0) throw Errors.badarg();
        return Vm.spawnSystemProcess(self, mod, fun, args).pid();
    }

    /**
     * process_flag(Pid, save_calls, N), under erlang:process_flag/3: the only flag BEAM lets a
     * process set on another; the old value, or the atom badarg (erlang.erl raises it) for another
     * flag, a bad value or a process that is not alive when it takes the request.
     */
    @Bif(module = "erts_internal", value = "process_flag")
    public static Term processFlag(Proc self, Term pid, Term flag, Term value) {
        Proc p = pid instanceof Pid ? Processes.lookup(pid) : null;
        if (p == null || !p.isAlive() || flag != Atom.of("save_calls")
                || !(value instanceof Small n) || n.value() < 0 || n.value() > 10000) return Atom.of("badarg");
        // set by the target when it takes the request: after the signals the caller sent it before
        // (exit(P, kill), process_flag(P, ...) is badarg, as on BEAM)
        Term old = org.gaoos.jbeam.runtime.InfoRequest.ask(self, p,
                q -> org.gaoos.jbeam.runtime.ProcessFlags.setOther(q, (Atom) flag, value));
        return old == null ? Atom.of("badarg") : old;
    }

    @Bif(module = "erts_internal", value = "is_system_process")
    public static Term isSystemProcess(Term pid) {
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Proc p = Processes.lookup(pid);
        return Atom.of(p != null && Vm.isSystemProcess(p));
    }

    /** The term as ERTS prints it (%T), cut at {@code limit} characters. */
    @Bif(module = "erts_internal", value = "term_to_string")
    public static Term termToString(Term t, Term limit) {
        int max;
        if (limit instanceof Small s && s.value > 1 && s.value < Integer.MAX_VALUE) max = (int) s.value;
        else if (limit == Atom.UNDEFINED) max = Integer.MAX_VALUE;
        else throw Errors.badarg();
        byte[] b = org.gaoos.jbeam.term.ErtsPrinter.print(t, max);
        return Lists.fromBytes(b, 0, b.length);
    }

    /** display_string(stdout | stderr, String): the characters UTF-8 encoded, straight to the fd. */
    @Bif("display_string")
    public static Term displayString(Term stream, Term string) {
        int fd;
        if (stream == Atom.of("stdout")) fd = 1;
        else if (stream == Atom.of("stderr")) fd = 2;
        else throw Errors.badarg();
        byte[] bytes;
        if (string instanceof org.gaoos.jbeam.term.Binary b) {
            bytes = b.toByteArray();
        } else if (Ops.isList(string)) {
            String s = Lists.toStringOrNull(string);
            if (s == null) throw Errors.badarg();
            bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            throw Errors.badarg();
        }
        Vm.write(fd, bytes);
        return Atom.TRUE;
    }

    // ---- dynamic trace tags: jbeam is a VM built without DTrace/SystemTap probes ----

    @Bif("dt_put_tag") public static Term dtPutTag(Term tag) { return Atom.UNDEFINED; }

    @Bif("dt_get_tag") public static Term dtGetTag() { return Atom.UNDEFINED; }

    @Bif("dt_get_tag_data") public static Term dtGetTagData() { return Atom.UNDEFINED; }

    @Bif("dt_prepend_vm_tag_data") public static Term dtPrependVmTagData(Term data) { return data; }

    @Bif("dt_append_vm_tag_data") public static Term dtAppendVmTagData(Term data) { return data; }

    @Bif("dt_restore_tag") public static Term dtRestoreTag(Term tag) { return Atom.TRUE; }

    @Bif("dt_spread_tag")
    public static Term dtSpreadTag(Term spread) {
        if (spread != Atom.TRUE && spread != Atom.FALSE) throw Errors.badarg();
        return Atom.TRUE;
    }

    private static volatile boolean schedulerWallTime;

    /**
     * scheduler_wall_time(Enable): switches the (unmeasured) scheduler wall time statistics on or
     * off; returns the old setting. kernel_refc counts its users.
     */
    @Bif(module = "erts_internal", value = "scheduler_wall_time")
    public static Term schedulerWallTime(Term enable) {
        if (enable != Atom.TRUE && enable != Atom.FALSE) throw Errors.badarg();
        boolean old = schedulerWallTime;
        schedulerWallTime = enable == Atom.TRUE;
        return Atom.of(old);
    }

    /** Modules whose NIFs are built into jbeam (ERTS's static NIF libraries). */
    private static final java.util.Set<String> STATIC_NIFS =
            java.util.Set.of("prim_file", "prim_buffer", "prim_tty", "zlib", "erl_tracer");

    /**
     * load_nif(Path, LoadInfo): the built-in NIF libraries load (their functions are bound when
     * the module is translated); native libraries cannot be loaded into the JVM.
     */
    @Bif("load_nif")
    public static Term loadNif(Term path, Term loadInfo) {
        String p = Lists.toStringOrNull(path);
        if (p == null) throw Errors.badarg();
        String base = p.substring(p.lastIndexOf('/') + 1);
        if (STATIC_NIFS.contains(base)) return Atom.OK;
        return org.gaoos.jbeam.term.Tuple.of(Atom.ERROR, org.gaoos.jbeam.term.Tuple.of(Atom.of("load_failed"),
                Lists.fromString("Failed to load NIF library " + p + ": 'jbeam runs no native code'")));
    }
}
