package org.gaoos.jbeam.bif;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.gaoos.jbeam.runtime.CodeFun;
import org.gaoos.jbeam.runtime.CodeServer;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Export;
import org.gaoos.jbeam.runtime.FunctionInfo;
import org.gaoos.jbeam.runtime.Funs;
import org.gaoos.jbeam.runtime.Module;
import org.gaoos.jbeam.runtime.ModuleCode;
import org.gaoos.jbeam.runtime.ModuleInfo;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.Vm;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ExportFun;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.LocalFun;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** BIFs that need the calling process or the runtime: processes, messages, code, apply, time. */
public final class ProcessBifs {
    private ProcessBifs() {}

    @Bif("self") public static Term self(Proc p) { return p.pid(); }

    @Bif("send") public static Term send(Proc p, Term to, Term msg) { return Ops.send(p, to, msg); }

    @Bif("send")
    public static Term send(Proc p, Term to, Term msg, Term options) {
        Ops.send(p, to, msg);
        return Atom.OK;
    }

    @Bif("!") public static Term bang(Proc p, Term to, Term msg) { return Ops.send(p, to, msg); }

    @Bif("spawn")
    public static Term spawn(Proc p, Term fun) {
        if (!(fun instanceof Fun f) || f.arity() != 0) throw Errors.badarg();
        return Processes.spawn(p.groupLeader(), q -> Funs.call(q, fun, 0)).pid();
    }

    @Bif("spawn")
    public static Term spawn(Proc p, Term m, Term f, Term args) {
        if (!(m instanceof Atom) || !(f instanceof Atom) || !Ops.isList(args)) throw Errors.badarg();
        return Processes.spawn(p.groupLeader(), q -> Funs.apply(q, m, f, args)).pid();
    }

    @Bif("apply")
    public static Term apply(Proc p, Term fun, Term args) {
        Term r = Funs.apply(p, fun, args);
        return r == Proc.TAIL ? p.trampoline() : r;
    }

    @Bif("apply")
    public static Term apply(Proc p, Term m, Term f, Term args) {
        Term r = Funs.apply(p, m, f, args);
        return r == Proc.TAIL ? p.trampoline() : r;
    }

    // ---- process dictionary ----

    @Bif("put")
    public static Term put(Proc p, Term k, Term v) {
        Term old = p.dictionary().put(k, v);
        return old == null ? Atom.UNDEFINED : old;
    }

    @Bif("get")
    public static Term get(Proc p, Term k) {
        Term v = p.dictionary().get(k);
        return v == null ? Atom.UNDEFINED : v;
    }

    @Bif("get")
    public static Term get(Proc p) {
        ListBuilder lb = new ListBuilder();
        p.dictionary().forEach((k, v) -> lb.add(Tuple.of(k, v)));
        return lb.build();
    }

    @Bif("get_keys")
    public static Term getKeys(Proc p) {
        ListBuilder lb = new ListBuilder();
        p.dictionary().keySet().forEach(lb::add);
        return lb.build();
    }

    @Bif("erase")
    public static Term erase(Proc p, Term k) {
        Term v = p.dictionary().remove(k);
        return v == null ? Atom.UNDEFINED : v;
    }

    @Bif("erase")
    public static Term erase(Proc p) {
        Term all = get(p);
        p.dictionary().clear();
        return all;
    }

    // ---- processes ----

    @Bif("group_leader") public static Term groupLeader(Proc p) { return p.groupLeader(); }

    @Bif("group_leader")
    public static Term groupLeader(Proc p, Term gl, Term pid) {
        Proc target = Processes.lookup(pid);
        if (!(gl instanceof Pid) || target == null) throw Errors.badarg();
        target.setGroupLeader(gl);
        return Atom.TRUE;
    }

    @Bif("monitor")
    public static Term monitor(Proc p, Term type, Term target) {
        if (type != Atom.of("process")) throw Errors.badarg(); // TODO(issue 4): port, time_offset
        if (!(target instanceof Pid) && !(target instanceof Atom)) throw Errors.badarg();
        return Processes.monitor(p, target);
    }

    @Bif("demonitor")
    public static Term demonitor(Proc p, Term ref) {
        Processes.demonitor(p, ref);
        return Atom.TRUE;
    }

    @Bif("demonitor")
    public static Term demonitor(Proc p, Term ref, Term options) {
        boolean active = Processes.demonitor(p, ref);
        boolean flush = false, info = false;
        for (Term o : ErlangBifs.properList(options)) {
            if (o == Atom.of("flush")) flush = true;
            else if (o == Atom.of("info")) info = true;
            else throw Errors.badarg();
        }
        if (flush) {
            // Remove a 'DOWN' for this monitor that may already be in the queue.
            var mb = p.mailbox();
            mb.resetSave();
            Term m;
            while ((m = mb.peek()) != null) {
                if (m instanceof Tuple t && t.arity() == 5 && t.get(0) == Atom.DOWN && t.get(1).equals(ref)) {
                    mb.remove();
                    break;
                }
                mb.next();
            }
            mb.resetSave();
        }
        return info ? Atom.of(active) : Atom.TRUE;
    }

    @Bif("register")
    public static Term register(Proc p, Term name, Term pid) {
        if (!(name instanceof Atom a)) throw Errors.badarg();
        Processes.register(a, Processes.lookup(pid));
        return Atom.TRUE;
    }

    @Bif("unregister")
    public static Term unregister(Proc p, Term name) {
        if (!(name instanceof Atom a) || !Processes.unregister(a)) throw Errors.badarg();
        return Atom.TRUE;
    }

    @Bif("whereis")
    public static Term whereis(Term name) {
        if (!(name instanceof Atom a)) throw Errors.badarg();
        Proc p = Processes.whereis(a);
        return p == null ? Atom.UNDEFINED : p.pid();
    }

    @Bif("registered")
    public static Term registered() {
        return Lists.of(Processes.registered());
    }

    @Bif("is_process_alive")
    public static Term isProcessAlive(Term pid) {
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Proc p = Processes.lookup(pid);
        return Atom.of(p != null && p.isAlive());
    }

    @Bif("process_flag")
    public static Term processFlag(Proc p, Term flag, Term value) {
        // TODO(issue 4): trap_exit changes exit-signal handling; priority, etc.
        Term old = p.dictionary().getOrDefault(Tuple.of(Atom.of("$jbeam_flag"), flag), Atom.FALSE);
        p.dictionary().put(Tuple.of(Atom.of("$jbeam_flag"), flag), value);
        return old;
    }

    @Bif("halt") public static Term halt() { return halt(Small.ZERO); }

    @Bif("halt") public static Term halt(Term status) { return halt(status, Nil.NIL); }

    @Bif("halt")
    public static Term halt(Term status, Term options) {
        int code;
        if (status instanceof Small s && s.value >= 0) code = (int) s.value;
        else if (status == Atom.of("abort")) code = 134;
        else if (Ops.isList(status)) {
            String msg = ErlangBifs.charList(status);
            if (msg == null) throw Errors.badarg();
            System.err.println(msg);
            code = 1;
        } else throw Errors.badarg();
        Vm.halt(code);
        return Atom.TRUE;
    }

    // ---- code ----

    @Bif("get_module_info")
    public static Term getModuleInfo(Term m) {
        if (!(m instanceof Atom mod)) throw Errors.badarg();
        ListBuilder lb = new ListBuilder();
        for (String item : new String[] {"module", "exports", "attributes", "compile", "md5"}) {
            Atom a = Atom.of(item);
            lb.add(Tuple.of(a, getModuleInfo(mod, a)));
        }
        return lb.build();
    }

    @Bif("get_module_info")
    public static Term getModuleInfo(Term m, Term item) {
        if (!(m instanceof Atom mod)) throw Errors.badarg();
        Module module = CodeServer.get().module(mod);
        if (module == null || module.current() == null) throw Errors.badarg();
        ModuleInfo info = module.current().info();
        switch (((Atom) item).name()) {
            case "module": return mod;
            case "exports": {
                ListBuilder lb = new ListBuilder();
                for (int fn : info.exports()) {
                    FunctionInfo f = info.functions().get(fn);
                    lb.add(Tuple.of(f.name(), Small.of(f.arity())));
                }
                return lb.build();
            }
            case "functions": {
                ListBuilder lb = new ListBuilder();
                for (FunctionInfo f : info.functions()) lb.add(Tuple.of(f.name(), Small.of(f.arity())));
                return lb.build();
            }
            case "attributes": return info.attributes() == null ? Nil.NIL : info.attributes();
            case "compile": return info.compileInfo() == null ? Nil.NIL : info.compileInfo();
            case "md5": return info.md5() == null ? Atom.UNDEFINED : org.gaoos.jbeam.term.Binary.of(info.md5());
            case "native": return Atom.FALSE;
            case "nifs": return Nil.NIL;
            default: throw Errors.badarg();
        }
    }

    @Bif("function_exported")
    public static Term functionExported(Term m, Term f, Term a) {
        if (!(m instanceof Atom mod) || !(f instanceof Atom fn) || !(a instanceof Small ar)) throw Errors.badarg();
        Module module = CodeServer.get().module(mod);
        if (module == null || module.current() == null) {
            return Atom.of(org.gaoos.jbeam.bif.BifTable.lookup(mod, fn, (int) ar.value) != null);
        }
        Export e = CodeServer.get().export(mod, fn, (int) ar.value);
        return Atom.of(e.isDefined());
    }

    @Bif("module_loaded")
    public static Term moduleLoaded(Term m) {
        if (!(m instanceof Atom mod)) throw Errors.badarg();
        Module module = CodeServer.get().module(mod);
        return Atom.of(module != null && module.current() != null);
    }

    @Bif("make_fun")
    public static Term makeFun(Term m, Term f, Term a) {
        if (!(m instanceof Atom mod) || !(f instanceof Atom fn) || !(a instanceof Small ar) || ar.value < 0 || ar.value > 255) {
            throw Errors.badarg();
        }
        return new ExportFun(mod, fn, (int) ar.value);
    }

    @Bif("fun_info")
    public static Term funInfo(Term fun, Term item) {
        if (!(fun instanceof Fun f) || !(item instanceof Atom it)) throw Errors.badarg();
        Term v;
        switch (it.name()) {
            case "module": v = f.module(); break;
            case "arity": v = Small.of(f.arity()); break;
            case "type": v = Atom.of(f instanceof ExportFun ? "external" : "local"); break;
            case "name":
                if (f instanceof ExportFun ef) v = ef.function;
                else if (f instanceof CodeFun cf) v = cf.functionName();
                else v = Atom.UNDEFINED;
                break;
            case "env": v = f instanceof LocalFun lf ? Lists.of(lf.env()) : Nil.NIL; break;
            case "pid": v = f instanceof LocalFun lf ? lf.pid : Atom.UNDEFINED; break;
            case "index": v = f instanceof LocalFun lf ? Small.of(lf.oldIndex) : Atom.UNDEFINED; break;
            case "new_index": v = f instanceof LocalFun lf ? Small.of(lf.index) : Atom.UNDEFINED; break;
            case "uniq": v = f instanceof LocalFun lf ? Small.of(lf.oldUniq) : Atom.UNDEFINED; break;
            case "new_uniq": v = f instanceof LocalFun lf ? org.gaoos.jbeam.term.Binary.of(lf.uniq()) : Atom.UNDEFINED; break;
            default: throw Errors.badarg();
        }
        return Tuple.of(it, v);
    }

    /** Whether the node of an I/O server handles unicode I/O requests: every jbeam node does. */
    @Bif(module = "net_kernel", value = "dflag_unicode_io")
    public static Term dflagUnicodeIo(Term pid) {
        if (!(pid instanceof Pid)) throw Errors.badarg();
        return Atom.TRUE;
    }

    // ---- time and identity ----

    private static final long START_NANOS = System.nanoTime();
    private static final AtomicLong UNIQUE = new AtomicLong(1);

    private static long convert(long nanos, Term unit) {
        String u = unit instanceof Atom a ? a.name() : "";
        switch (u) {
            case "native": case "nanosecond": case "nano_seconds": return nanos;
            case "microsecond": case "micro_seconds": return Math.floorDiv(nanos, 1000L);
            case "millisecond": case "milli_seconds": return Math.floorDiv(nanos, 1_000_000L);
            case "second": case "seconds": return Math.floorDiv(nanos, 1_000_000_000L);
            default: throw Errors.badarg();
        }
    }

    @Bif("monotonic_time") public static Term monotonicTime() { return Small.of(System.nanoTime() - START_NANOS); }

    @Bif("monotonic_time")
    public static Term monotonicTime(Term unit) { return Small.of(convert(System.nanoTime() - START_NANOS, unit)); }

    private static long systemNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Bif("system_time") public static Term systemTime() { return Small.of(systemNanos()); }

    @Bif("system_time") public static Term systemTime(Term unit) { return Small.of(convert(systemNanos(), unit)); }

    @Bif("timestamp")
    public static Term timestamp() {
        long us = systemNanos() / 1000;
        return Tuple.of(Small.of(us / 1_000_000_000_000L), Small.of((us / 1_000_000) % 1_000_000), Small.of(us % 1_000_000));
    }

    @Bif("unique_integer") public static Term uniqueInteger() { return Small.of(UNIQUE.getAndIncrement()); }

    @Bif("unique_integer")
    public static Term uniqueInteger(Term options) {
        boolean positive = false;
        for (Term o : ErlangBifs.properList(options)) {
            if (o == Atom.of("positive")) positive = true;
            else if (o != Atom.of("monotonic")) throw Errors.badarg();
        }
        long v = UNIQUE.getAndIncrement();
        return Small.of(positive ? v : v - (1L << 40));
    }

    @SuppressWarnings("unused")
    private static Map<Term, Term> unused() { return new HashMap<>(); }

    @SuppressWarnings("unused")
    private static boolean isCons(Term t) { return t instanceof Cons; }
}
