package org.gaoos.jbeam.runtime;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gaoos.jbeam.bif.BifTable;
import org.gaoos.jbeam.term.Atom;

/**
 * The module table, the export table and the code path: what ERTS's code index and the
 * {@code code} server's path handling do together. Loading a version binds the exports it
 * defines and unbinds those the previous version had but the new one lacks.
 */
public final class CodeServer {
    private static final CodeServer INSTANCE = new CodeServer();

    public static CodeServer get() { return INSTANCE; }

    private record Key(Atom module, Atom function, int arity) {}

    private final ConcurrentHashMap<Atom, Module> modules = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Export> exports = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Path> path = new CopyOnWriteArrayList<>();
    private volatile ModuleLoader loader;

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

    /**
     * Loads {@code module} from the code path unless it is loaded (code:ensure_loaded/1).
     * Returns false if it cannot be found or loaded; the reason goes to standard error.
     */
    public boolean ensureLoaded(Atom module) {
        Module m = modules.get(module);
        if (m != null && m.current != null) return true;
        synchronized (this) {
            m = modules.get(module);
            if (m != null && m.current != null) return true;
            Path file = find(module);
            if (file == null) return false;
            try {
                load(module, Files.readAllBytes(file), file.toString());
                return true;
            } catch (IOException | ModuleLoader.LoadException e) {
                System.err.println("jbeam: cannot load " + file + ": " + e.getMessage());
                if (Boolean.getBoolean("jbeam.debug")) e.printStackTrace();
                return false;
            }
        }
    }

    /**
     * Translates and installs a module version (erlang:load_module/2): the current version
     * becomes old, exports switch to the new code.
     *
     * @param expected the module name the file must define, or null
     */
    public synchronized ModuleCode load(Atom expected, byte[] beam, String name) throws ModuleLoader.LoadException {
        ModuleCode code = loader().load(beam, name);
        Atom mod = code.module();
        if (expected != null && mod != expected) {
            throw new ModuleLoader.LoadException(name + ": module name in object code is " + mod.name()
                    + ", expected " + expected.name());
        }
        install(code);
        return code;
    }

    /** Publishes a translated module version. */
    public synchronized void install(ModuleCode code) {
        Atom mod = code.module();
        Module m = modules.computeIfAbsent(mod, Module::new);
        ModuleCode previous = m.current;
        ModuleInfo info = code.info();
        List<Export> bound = new ArrayList<>();
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
        }
        m.old = previous;
        m.current = code;
    }

    /** All loaded modules (erlang:loaded/0). */
    public List<Module> loaded() {
        return List.copyOf(modules.values());
    }
}
