package org.gaoos.jbeam.runtime;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gaoos.jbeam.bif.BifTable;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * ERTS's code index: the module table (current, old and on_load-pending version of each module),
 * the export table, prepared code, purging, and the code path the runtime itself loads from.
 *
 * <p>Loading follows {@code beam_bif_load.c}: {@link #prepare} translates and defines a version
 * without publishing it (a reference stands for it, like BEAM's magic binary);
 * {@link #finishLoading} publishes a list of them atomically (all or none: {@code duplicated},
 * {@code not_purged}); a version with an {@code -on_load} function waits in
 * {@link Module#onLoad} until {@link #finishAfterOnLoad}. Publishing binds the exports the
 * version defines and unbinds those the previous version had and it lacks. Purging
 * ({@link #purgeModule}, driven by OTP's {@code erts_code_purger}) drops the old version.
 * All changes happen under this object's lock; readers read volatile fields.
 */
public final class CodeServer {
    private static final CodeServer INSTANCE = new CodeServer();

    public static CodeServer get() { return INSTANCE; }

    /**
     * The modules ERTS preloads (erlang:pre_loaded/0, in BEAM's order): OTP's erts modules whose
     * BIFs and NIFs jbeam supplies. jbeam loads them from the code path on first use.
     */
    public static final List<Atom> PRELOADED = List.of("persistent_term", "counters", "atomics",
            "erts_dirty_process_signal_handler", "erts_trace_cleaner", "erts_literal_area_collector",
            "erl_tracer", "erts_internal", "erlang", "erl_prim_loader", "prim_zip", "prim_net",
            "prim_socket", "socket_registry", "zlib", "prim_file", "prim_inet", "prim_eval",
            "prim_buffer", "init", "erl_init", "erts_code_purger").stream().map(Atom::of).toList();

    private static final Atom ERTS_CODE_PURGER = Atom.of("erts_code_purger");

    private record Key(Atom module, Atom function, int arity) {}

    private final ConcurrentHashMap<Atom, Module> modules = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Export> exports = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Path> path = new CopyOnWriteArrayList<>();
    private volatile ModuleLoader loader;
    /**
     * Prepared versions by their reference (weak: a dropped reference frees its version). The
     * holder stays, emptied, once its version is loaded, as BEAM's magic binary does.
     */
    private final Map<Ref, ModuleCode[]> prepared = Collections.synchronizedMap(new WeakHashMap<>());
    /** The erts_code_purger process, the only one allowed to call erts_internal:purge_module/2. */
    private volatile Proc purger;
    // Purge in progress (guarded by this): the module, and the old version set aside while an
    // on_load version that failed is purged in its place.
    private Atom purging;
    private ModuleCode savedOld;

    private CodeServer() {}

    /** The export entry for M:F/A, created (undefined, or bound to its BIF) on first use. */
    public Export export(Atom module, Atom function, int arity) {
        Key k = new Key(module, function, arity);
        Export e = exports.get(k);
        if (e != null) return e;
        return exports.computeIfAbsent(k, key -> {
            Export x = new Export(module, function, arity);
            BifTable.Entry bif = BifTable.lookup(module, function, arity);
            if (bif != null) x.bindBif(bif.callHandle(), bif.code());
            return x;
        });
    }

    public Module module(Atom name) {
        return modules.get(name);
    }

    /** Directories searched for {@code Module.beam}, in order. */
    public List<Path> path() { return List.copyOf(path); }

    public void addPathFirst(Path dir) { path.remove(dir); path.add(0, dir); }

    public void addPathLast(Path dir) { path.remove(dir); path.add(dir); }

    private ModuleLoader loader() throws ModuleLoader.LoadException {
        ModuleLoader l = loader;
        if (l == null) {
            l = ServiceLoader.load(ModuleLoader.class, CodeServer.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new ModuleLoader.LoadException(
                            "no ModuleLoader on the class path (jbeam-loader missing)"));
            loader = l;
        }
        return l;
    }

    /** Sets the loader explicitly (tests, embedders). */
    public void setLoader(ModuleLoader l) { loader = l; }

    /** Where {@code module.beam} is on the code path, or null. */
    public Path find(Atom module) {
        String file = module.name() + ".beam";
        for (Path dir : path) {
            Path p = dir.resolve(file);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    // ---- the runtime's own loading (before OTP's code server runs) ----

    /**
     * Loads {@code module} from the code path unless it is loaded: the undefined-function path
     * when no {@code error_handler} module is loaded yet (jbeam's stand-in for what init and the
     * code server do once OTP has booted). A module with an {@code -on_load} function has it run in
     * a new process first, as init does; it is loaded only if that returns {@code ok}. Returns false
     * if the module cannot be found or loaded (the reason goes to standard error) or its on_load
     * function is running right now.
     */
    public boolean ensureLoaded(Atom module) {
        ModuleCode code;
        synchronized (this) {
            Module m = modules.get(module);
            if (m != null && m.current != null) return true;
            if (m != null && m.onLoad != null) return false;
            Path file = find(module);
            if (file == null) return false;
            try {
                code = translate(module, Files.readAllBytes(file), file.toString());
            } catch (IOException | ModuleLoader.LoadException e) {
                reportLoadError(file.toString(), e);
                return false;
            }
            if (code.onLoadFunction() < 0) {
                publish(code);
                return true;
            }
            modules.computeIfAbsent(module, Module::new).onLoad = code;
        }
        return runOnLoad(module, code);
    }

    /**
     * Runs an on_load function in a new process and keeps or drops the version when that process
     * exits (even if the caller is killed meanwhile); the caller waits for the outcome.
     */
    private boolean runOnLoad(Atom module, ModuleCode code) {
        Proc caller = Processes.current();
        Proc runner = Processes.create(caller == null ? null : caller.groupLeader());
        Term[] result = {null};
        CompletableFuture<Boolean> kept = new CompletableFuture<>();
        runner.addExitHook((p, reason) -> {
            boolean keep = reason == Atom.NORMAL && result[0] == Atom.OK;
            synchronized (this) {
                finishAfterOnLoad(module, keep);
                if (!keep) dropOnLoad(module);
            }
            if (!keep && reason == Atom.NORMAL && !(result[0] instanceof Atom)) {
                System.err.println("The on_load function for module " + module.name() + " returned:\n"
                        + org.gaoos.jbeam.term.TermPrinter.write(result[0]));
            }
            kept.complete(keep);
            if (caller != null && caller.thread() != null) java.util.concurrent.locks.LockSupport.unpark(caller.thread());
        });
        Processes.start(runner, () -> result[0] = runner.call(code.entry(code.onLoadFunction())));
        // A waiting process still acts on its signals (it can be killed meanwhile).
        return caller != null ? caller.await(kept) : kept.join();
    }

    /**
     * Translates and installs a module version at once (tests, tools): the current version becomes
     * old, exports switch to the new code. An on_load function is not run.
     *
     * @param expected the module name the file must define, or null
     * @throws ModuleLoader.LoadException also if the module has old code (not_purged)
     */
    public synchronized ModuleCode load(Atom expected, byte[] beam, String name) throws ModuleLoader.LoadException {
        ModuleCode code = translate(expected, beam, name);
        if (notPurged(code.module())) {
            throw new ModuleLoader.LoadException(name + ": not_purged: old code of " + code.module().name()
                    + " must be purged first");
        }
        publish(code);
        return code;
    }

    private ModuleCode translate(Atom expected, byte[] beam, String name) throws ModuleLoader.LoadException {
        ModuleCode code = loader().load(beam, name);
        Atom mod = code.module();
        if (expected != null && mod != expected) {
            throw new ModuleLoader.LoadException(name + ": module name in object code is " + mod.name()
                    + ", expected " + expected.name());
        }
        return code;
    }

    /** Publishes a translated module version now (the current one becomes old); not if old code exists. */
    public synchronized void install(ModuleCode code) {
        if (notPurged(code.module())) throw new IllegalStateException("not_purged: " + code.module().name());
        publish(code);
    }

    private boolean notPurged(Atom module) {
        Module m = modules.get(module);
        return m != null && m.current != null && m.old != null;
    }

    /**
     * Makes {@code code} its module's current version: binds the exports it defines, unbinds
     * those the previous current version had and it lacks. BEAM's "make current old".
     */
    private void publish(ModuleCode code) {
        Atom mod = code.module();
        org.gaoos.jbeam.trace.CallTrace.moduleLoaded(mod);
        Module m = modules.computeIfAbsent(mod, Module::new);
        ModuleCode previous = m.current;
        Set<Export> bound = new HashSet<>();
        ModuleInfo info = code.info();
        for (int fn : info.exports()) {
            FunctionInfo f = info.functions().get(fn);
            Export e = export(mod, f.name(), f.arity());
            MethodHandle h = code.handle(fn);
            e.bind(h, code.entry(fn));
            bound.add(e);
        }
        if (previous != null) {
            for (int fn : previous.info().exports()) {
                FunctionInfo f = previous.info().functions().get(fn);
                Export e = export(mod, f.name(), f.arity());
                if (!bound.contains(e)) e.unbind();
            }
            m.old = previous;
        }
        m.current = code;
    }

    private static void reportLoadError(String what, Exception e) {
        System.err.println("jbeam: cannot load " + what + ": " + e.getMessage());
        if (Boolean.getBoolean("jbeam.debug")) e.printStackTrace();
    }

    // ---- erts_internal:prepare_loading/2, erlang:finish_loading/1 ----

    /**
     * erts_internal:prepare_loading/2: translates {@code beam} and defines its class, without
     * publishing anything. Returns the reference that stands for the prepared code, or
     * {@code {error, badfile}} (the reason goes to standard error, as BEAM sends it to the logger).
     */
    public Term prepare(Atom module, byte[] beam) {
        ModuleCode code;
        try {
            code = translate(module, beam, module.name());
        } catch (ModuleLoader.LoadException | RuntimeException e) {
            reportLoadError("module " + module.name(), e);
            return Tuple.of(Atom.ERROR, Atom.of("badfile"));
        }
        Ref ref = Processes.makeRef();
        prepared.put(ref, new ModuleCode[] {code});
        return ref;
    }

    /**
     * erlang:has_prepared_code_on_load/1: true or false for prepared code (false once loaded),
     * null if {@code ref} is not prepared code (badarg).
     */
    public Atom preparedHasOnLoad(Term ref) {
        ModuleCode[] holder = ref instanceof Ref r ? prepared.get(r) : null;
        if (holder == null) return null;
        return Atom.of(holder[0] != null && holder[0].onLoadFunction() >= 0);
    }

    /**
     * erlang:finish_loading/1: publishes prepared versions all together or not at all. Returns
     * {@code ok}, {@code {duplicated, Ms}}, {@code {not_purged, Ms}} (a module that has old code
     * besides its current) or {@code {on_load, Ms}} (loaded, waiting for its on_load function).
     *
     * @throws ErlangException badarg for anything but a proper list of prepared code;
     *         system_limit for more than one version if any has an on_load function
     */
    public synchronized Term finishLoading(Term list) {
        List<ModuleCode[]> holders = new ArrayList<>();
        List<ModuleCode> codes = new ArrayList<>();
        Term t = list;
        while (t instanceof Cons c) {
            ModuleCode[] holder = c.head() instanceof Ref r ? prepared.get(r) : null;
            if (holder == null || holder[0] == null) throw Errors.badarg();
            holders.add(holder);
            codes.add(holder[0]);
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        int n = codes.size();
        if (n > 1) {
            for (ModuleCode code : codes) if (code.onLoadFunction() >= 0) throw Errors.systemLimit();
        }
        List<Atom> failed = new ArrayList<>();
        Set<Atom> seen = new HashSet<>();
        for (ModuleCode code : codes) if (!seen.add(code.module())) failed.add(code.module());
        if (!failed.isEmpty()) return exceptionList("duplicated", failed);
        for (ModuleCode code : codes) if (notPurged(code.module())) failed.add(code.module());
        if (!failed.isEmpty()) return exceptionList("not_purged", failed);
        for (int i = 0; i < n; i++) {
            ModuleCode code = codes.get(i);
            holders.get(i)[0] = null;
            if (code.onLoadFunction() >= 0) {
                // Keep the current version callable; the new one waits for its on_load function.
                modules.computeIfAbsent(code.module(), Module::new).onLoad = code;
                failed.add(code.module());
            } else {
                publish(code);
            }
        }
        return failed.isEmpty() ? Atom.OK : exceptionList("on_load", failed);
    }

    /** {Tag, Modules}, the modules in reverse order as BEAM builds the list. */
    private static Term exceptionList(String tag, List<Atom> mods) {
        Term l = Nil.NIL;
        for (Atom m : mods) l = new Cons(m, l);
        return Tuple.of(Atom.of(tag), l);
    }

    // ---- on_load ----

    /** The on_load function of {@code module}'s pending version, as code to call; null if none. */
    public Code onLoadFunction(Atom module) {
        Module m = modules.get(module);
        ModuleCode code = m == null ? null : m.onLoad;
        return code == null ? null : code.entry(code.onLoadFunction());
    }

    /**
     * erlang:finish_after_on_load/2: {@code keep} makes the pending version current (its exports
     * bound, the current version old); otherwise it stays pending until
     * {@code purge_module(M, prepare_on_load)} purges it. False if no version is pending (badarg).
     */
    public synchronized boolean finishAfterOnLoad(Atom module, boolean keep) {
        Module m = modules.get(module);
        if (m == null || m.onLoad == null) return false;
        if (keep) {
            ModuleCode code = m.onLoad;
            m.onLoad = null;
            publish(code);
        }
        return true;
    }

    /** Drops a failed on_load version directly (the runtime's own loading; no process runs it). */
    private void dropOnLoad(Atom module) {
        Module m = modules.get(module);
        if (m != null && m.onLoad != null) {
            m.onLoad.purged = true;
            LiteralAreas.purged(m.onLoad);
            m.onLoad = null;
        }
    }

    // ---- delete, purge, queries ----

    /**
     * erlang:delete_module/1: the current version becomes old and every export of the module
     * undefined. Returns {@code undefined} if the module is unknown; null if it still has old code
     * (badarg: it must be purged first).
     */
    public synchronized Term deleteModule(Atom module) {
        realize(module);
        Module m = modules.get(module);
        if (m == null) return Atom.UNDEFINED;
        if (m.old != null) {
            System.err.println("Module " + module.name() + " must be purged before deleting");
            return null;
        }
        ModuleCode cur = m.current;
        if (cur != null) {
            for (int fn : cur.info().exports()) {
                FunctionInfo f = cur.info().functions().get(fn);
                export(module, f.name(), f.arity()).unbind();
            }
            m.old = cur;
            m.current = null;
        }
        deletedPreloaded.add(module);
        return Atom.TRUE;
    }

    /** erlang:check_old_code/1. */
    public boolean hasOldCode(Atom module) {
        Module m = modules.get(module);
        return m != null && m.old != null;
    }

    /** erlang:module_loaded/1: a current version exists (a pending on_load version does not count). */
    public boolean isLoaded(Atom module) {
        Module m = modules.get(module);
        return m != null && m.current != null;
    }

    /**
     * True if {@code module} is one of the {@link #PRELOADED} modules. ERTS loads those before
     * anything runs; jbeam translates each on first use ({@link #realize}), so to Erlang code they
     * are loaded from the start (the code server, which must never call an unloaded module, calls
     * some of them).
     */
    public boolean isPreloaded(Atom module) {
        return PRELOADED.contains(module) && !deletedPreloaded.contains(module);
    }

    /** Preloaded modules deleted since (they are no longer loaded from the start). */
    private final Set<Atom> deletedPreloaded = ConcurrentHashMap.newKeySet();

    /**
     * Loads a preloaded module that has not been translated yet; true if it is loaded now. Any
     * other module: true if it is loaded.
     */
    public boolean realize(Atom module) {
        if (isLoaded(module)) return true;
        Module m = modules.get(module);
        boolean fresh = m == null || (m.current == null && m.old == null && m.onLoad == null);
        return isPreloaded(module) && fresh && ensureLoaded(module);
    }

    /** erlang:loaded/0: modules with current or old code (preloaded ones from the start). */
    public Term loadedList() {
        ListBuilder lb = new ListBuilder();
        Set<Atom> seen = new HashSet<>();
        for (Module m : modules.values()) {
            if (m.current != null || m.old != null) {
                lb.add(m.name);
                seen.add(m.name);
            }
        }
        for (Atom p : PRELOADED) if (!seen.contains(p) && isPreloaded(p) && find(p) != null) lb.add(p);
        return lb.build();
    }

    /** All modules in the table (some may have no code left). */
    public List<Module> loaded() {
        return List.copyOf(modules.values());
    }

    /**
     * erts_internal:purge_module/2, called only by erts_code_purger (else notsup). {@code prepare}
     * (or {@code prepare_on_load}, which first puts the failed on_load version in the old slot):
     * true if there is old code to purge, and the purge is then in progress; {@code abort} ends it
     * (false); {@code complete} drops the old version (true; false if there was none).
     *
     * @throws ErlangException badarg for a bad argument or a step out of order
     */
    public synchronized boolean purgeModule(Proc caller, Term module, Term op) {
        if (caller == null || caller != purger) throw Errors.notsup();
        if (!(module instanceof Atom mod) || !(op instanceof Atom o)) throw Errors.badarg();
        Module m = modules.get(mod);
        switch (o.name()) {
            case "prepare", "prepare_on_load" -> {
                if (purging != null) throw Errors.badarg();
                if (m == null) return false;
                if (o.name().equals("prepare_on_load")) {
                    if (m.onLoad == null) throw Errors.badarg();
                    savedOld = m.old;
                    m.old = m.onLoad;
                    m.onLoad = null;
                }
                if (m.old == null) return false;
                purging = mod;
                return true;
            }
            case "abort" -> {
                if (purging != mod) throw Errors.badarg();
                purging = null;
                return false;
            }
            case "complete" -> {
                if (purging != mod) throw Errors.badarg();
                purging = null;
                boolean did = false;
                if (m != null && m.old != null) {
                    m.old.purged = true;
                    LiteralAreas.purged(m.old);
                    m.old = null;
                    did = true;
                }
                if (m != null && savedOld != null) m.old = savedOld;
                savedOld = null;
                return did;
            }
            default -> throw Errors.badarg();
        }
    }

    /**
     * Starts the erts_code_purger process, as ERTS does at boot: registered and trapping exits
     * before anyone can send to it, then OTP's {@code erts_code_purger:wait_for_request/0} (what
     * its {@code start/0} does after registering), translated when the first request arrives.
     */
    public Proc startPurger(Term groupLeader) {
        Proc p = Processes.create(groupLeader);
        Processes.register(ERTS_CODE_PURGER, p);
        p.trapExit = true;
        p.initialCall = Tuple.of(ERTS_CODE_PURGER, Atom.of("start"), org.gaoos.jbeam.term.Small.ZERO);
        purger = p;
        Processes.start(p, () -> {
            p.waitAnyMessage(); // translate OTP's module only when the first request comes
            return p.call(export(ERTS_CODE_PURGER, Atom.of("wait_for_request"), 0));
        });
        return p;
    }

    /** erlang:pre_loaded/0. */
    public static Term preloadedList() {
        return Lists.of(PRELOADED);
    }
}
