package org.gaoos.jbeam.bif;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.gaoos.jbeam.runtime.CodeFun;
import org.gaoos.jbeam.runtime.CodeServer;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.InfoRequest;
import org.gaoos.jbeam.runtime.Export;
import org.gaoos.jbeam.runtime.FunctionInfo;
import org.gaoos.jbeam.runtime.Funs;
import org.gaoos.jbeam.runtime.Module;
import org.gaoos.jbeam.runtime.ModuleCode;
import org.gaoos.jbeam.runtime.ModuleInfo;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.Spawn;
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

    /** erlang:send/3: the options (noconnect, nosuspend) only matter for distribution. */
    @Bif("send")
    public static Term send(Proc p, Term to, Term msg, Term options) {
        for (Term o : ErlangBifs.properList(options)) {
            if (o != Atom.of("noconnect") && o != Atom.of("nosuspend")) throw Errors.badarg();
        }
        Ops.send(p, to, msg);
        return Atom.OK;
    }

    @Bif("!") public static Term bang(Proc p, Term to, Term msg) { return Ops.send(p, to, msg); }

    @Bif("spawn") public static Term spawn(Proc p, Term fun) { return Spawn.spawn(p, fun, Nil.NIL); }

    @Bif("spawn")
    public static Term spawn(Proc p, Term m, Term f, Term args) {
        return Spawn.spawn(p, m, f, args, Nil.NIL);
    }

    @Bif("spawn_link") public static Term spawnLink(Proc p, Term fun) { return Spawn.spawn(p, fun, Spawn.LINK); }

    @Bif("spawn_link")
    public static Term spawnLink(Proc p, Term m, Term f, Term args) { return Spawn.spawn(p, m, f, args, Spawn.LINK); }

    @Bif("spawn_monitor") public static Term spawnMonitor(Proc p, Term fun) { return Spawn.spawn(p, fun, Spawn.MONITOR); }

    @Bif("spawn_monitor")
    public static Term spawnMonitor(Proc p, Term m, Term f, Term args) { return Spawn.spawn(p, m, f, args, Spawn.MONITOR); }

    @Bif("spawn_opt") public static Term spawnOpt(Proc p, Term fun, Term opts) { return Spawn.spawn(p, fun, opts); }

    @Bif("spawn_opt")
    public static Term spawnOpt(Proc p, Term m, Term f, Term args, Term opts) { return Spawn.spawn(p, m, f, args, opts); }

    @Bif("yield")
    public static Term yield(Proc p) {
        p.preempt();
        return Atom.TRUE;
    }

    /** erts_internal:spawn_request/4 (erlang:spawn_request/1..5 on the local node; see Spawn). */
    @Bif(module = "erts_internal", value = "spawn_request")
    public static Term spawnRequest(Proc p, Term m, Term f, Term args, Term opts) {
        return org.gaoos.jbeam.runtime.Spawn.spawnRequest(p, m, f, args, opts);
    }

    @Bif(module = "erts_internal", value = "dist_spawn_request")
    public static Term distSpawnRequest(Proc p, Term node, Term mfa, Term opts, Term type) {
        return org.gaoos.jbeam.runtime.Spawn.distSpawnRequest(p, node, mfa, opts, type);
    }

    /**
     * erlang:spawn_request_abandon/1: a local spawn request completes within spawn_request (its
     * reply is already queued), so there is never an outstanding one to abandon.
     */
    @Bif("spawn_request_abandon")
    public static Term spawnRequestAbandon(Term ref) {
        if (!(ref instanceof org.gaoos.jbeam.term.Ref)) throw Errors.badarg();
        return Atom.FALSE;
    }

    @Bif(module = "erts_internal", value = "suspend_process")
    public static Term suspendProcess(Proc p, Term pid, Term opts) {
        return org.gaoos.jbeam.runtime.Suspensions.suspend(p, pid, opts);
    }

    @Bif("resume_process")
    public static Term resumeProcess(Proc p, Term pid) {
        return org.gaoos.jbeam.runtime.Suspensions.resume(p, pid);
    }

    /** Garbage collection is the JVM's (shared heap): nothing per process to collect. */
    @Bif("garbage_collect") public static Term garbageCollect() { return Atom.TRUE; }

    @Bif("garbage_collect")
    public static Term garbageCollect(Term pid) {
        if (!(pid instanceof Pid)) throw Errors.badarg();
        return Atom.of(Processes.lookup(pid) != null);
    }

    @Bif("processes")
    public static Term processes() {
        java.util.List<Proc> all = new java.util.ArrayList<>(Processes.all());
        all.sort(java.util.Comparator.comparingInt(q -> q.pid().number));
        ListBuilder lb = new ListBuilder();
        for (Proc q : all) if (q.isAlive()) lb.add(q.pid());
        return lb.build();
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

    /**
     * Signal order holds here too (BEAM's is_process_alive trap): an exit signal the caller sent
     * before is acted on first, so {@code exit(P, kill), is_process_alive(P)} is false. The target
     * answers a request queued behind the caller's earlier signals; if it exits first, false.
     */
    @Bif("is_process_alive")
    public static Term isProcessAlive(Proc self, Term pid) {
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Proc p = Processes.lookup(pid);
        if (p == null || !p.isAlive()) return Atom.FALSE;
        if (p == self) return Atom.TRUE;
        return Atom.of(InfoRequest.ask(self, p, q -> Atom.TRUE) != null);
    }

    @Bif("halt") public static Term halt() { return halt(Small.ZERO); }

    @Bif("halt") public static Term halt(Term status) { return halt(status, Nil.NIL); }

    @Bif("halt")
    public static Term halt(Term status, Term options) {
        int code;
        if (status instanceof Small s && s.value >= 0) code = (int) s.value;
        else if (status == Atom.of("abort")) code = 134;
        else if (Ops.isList(status)) {
            String msg = Lists.toStringOrNull(status);
            if (msg == null) throw Errors.badarg();
            // BEAM's slogan (then it writes a crash dump; jbeam writes none)
            Vm.write(2, (msg + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        CodeServer.get().realize(mod);
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
        CodeServer.get().realize(mod);
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
        return Atom.of(CodeServer.get().realize(mod));
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

    // ---- OS time, for OsBifs (os:system_time/0,1, os:timestamp/0); Erlang time is in TimerBifs ----

    public static Term systemTime() { return TimerBifs.osSystemTime(Atom.of("native")); }

    public static Term systemTime(Term unit) { return TimerBifs.osSystemTime(unit); }

    public static Term timestamp() { return TimerBifs.osTimestamp(); }
}
