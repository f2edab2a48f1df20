package org.gaoos.jbeam.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.gaoos.jbeam.runtime.CodeServer;
import org.gaoos.jbeam.runtime.ModuleCode;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.gaoos.jbeam.testing.ErlVsJbeam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Purged code is really unloaded: each module version is a hidden class, and once OTP's
 * erts_code_purger has purged a version nothing refers to it, so the JVM collects its class.
 * 100 versions of a module are loaded and purged in turn in this JVM; weak references to their
 * classes must all be cleared by the GC except the current version's (no class leak on reload).
 */
class CodeUnloadingTest {
    private static final Path SOURCES = Path.of("src/test/erlang/code");
    private static final Atom CL_B = Atom.of("cl_b");

    @TempDir
    Path out;

    @Test
    void purgedVersionsAreCollected() throws Exception {
        ErlVsJbeam vms = new ErlVsJbeam(out);
        byte[][] versions = new byte[2][];
        for (int v = 1; v <= 2; v++) {
            Path dir = Files.createDirectories(out.resolve("v" + v));
            var r = vms.run(List.of(ErlVsJbeam.OTP.erlc().toString(), "-o", dir.toString(),
                    SOURCES.resolve("v" + v + "/cl_b.erl").toAbsolutePath().toString()));
            assertEquals(0, r.exit(), r::stdout);
            versions[v - 1] = Files.readAllBytes(dir.resolve("cl_b.beam"));
        }
        CodeServer cs = CodeServer.get();
        cs.addPathLast(ErlVsJbeam.OTP.preloaded()); // erts_code_purger and erlang
        if (Processes.whereis(Atom.of("erts_code_purger")) == null) cs.startPurger(null);

        int n = 100;
        List<WeakReference<Class<?>>> classes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ModuleCode code = cs.load(CL_B, versions[i % 2], "cl_b");
            classes.add(new WeakReference<>(code.getClass()));
            Term purged = call("erts_code_purger", "purge", CL_B);
            assertEquals(Tuple.of(Atom.of(i > 0), Atom.FALSE), purged, "purge after load " + i);
        }
        assertEquals(Atom.of(n % 2 == 1 ? "b1" : "b2"), call("cl_b", "vsn"));

        int cleared = 0;
        for (int attempt = 0; attempt < 50 && cleared < n - 1; attempt++) {
            System.gc();
            Thread.sleep(20);
            cleared = 0;
            for (int i = 0; i < n - 1; i++) if (classes.get(i).get() == null) cleared++;
        }
        assertEquals(n - 1, cleared, "purged versions whose classes the GC collected");
        assertTrue(classes.get(n - 1).get() != null, "the current version stays");
        assertNull(cs.module(CL_B).old());
    }

    /** Calls M:F(Args) in a new process and returns its value (or the exit reason). */
    private static Term call(String m, String f, Term... args) throws Exception {
        CompletableFuture<Term> done = new CompletableFuture<>();
        Proc p = Processes.create(null);
        Term[] value = {null};
        p.addExitHook((q, reason) -> done.complete(reason == Atom.NORMAL ? value[0] : reason));
        Processes.start(p, () -> value[0] = p.call(CodeServer.get().export(Atom.of(m), Atom.of(f), args.length),
                (Object[]) args));
        return done.get(2, TimeUnit.MINUTES);
    }
}
