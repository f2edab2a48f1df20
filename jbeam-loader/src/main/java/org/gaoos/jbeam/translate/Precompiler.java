package org.gaoos.jbeam.translate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.gaoos.jbeam.beam.BadBeamException;
import org.gaoos.jbeam.beam.BeamFile;
import org.gaoos.jbeam.runtime.ModuleLoader.LoadException;

/**
 * Build-time translation (otp-stdlib): {@code Precompiler OUT_DIR BEAM_DIR_OR_FILE...} translates
 * every {@code .beam} file and stores each translation in {@code OUT_DIR/jbeam/precompiled/}
 * (see {@link Precompiled}). A module the translator refuses is reported and left out: at run
 * time it is translated (and refused) as before.
 */
public final class Precompiler {
    private Precompiler() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Precompiler OUT_DIR BEAM_DIR_OR_FILE...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        List<Path> beams = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            try (Stream<Path> s = Files.walk(Path.of(args[i]))) {
                s.filter(p -> p.toString().endsWith(".beam")).sorted().forEach(beams::add);
            }
        }
        Files.createDirectories(out.resolve(Precompiled.DIR));
        long t0 = System.nanoTime();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> jobs = new ArrayList<>();
        for (Path beam : beams) jobs.add(pool.submit(() -> precompile(beam, out)));
        int done = 0;
        long bytes = 0;
        for (Future<String> j : jobs) {
            String skipped = j.get();
            if (skipped == null) done++;
            else System.err.println("precompiler: left out " + skipped);
        }
        pool.shutdown();
        try (Stream<Path> s = Files.list(out.resolve(Precompiled.DIR))) {
            for (Path p : s.toList()) bytes += Files.size(p);
        }
        System.out.printf("precompiler: %d of %d modules translated in %.1f s (%.1f MB)%n",
                done, beams.size(), (System.nanoTime() - t0) / 1e9, bytes / 1e6);
    }

    /** Translates one file into OUT_DIR; null, or what was left out and why. */
    private static String precompile(Path beam, Path out) throws IOException {
        byte[] bytes = Files.readAllBytes(beam);
        try {
            BeamFile file = BeamFile.read(bytes);
            Translator.Result r = Translator.translate(file);
            byte[] stored = Precompiled.write(new Precompiled.Entry(r, BeamModuleLoader.onLoadFunction(file)));
            Files.write(out.resolve(Precompiled.resourceName(bytes)), stored);
            return null;
        } catch (BadBeamException | LoadException | RuntimeException e) {
            return beam.getFileName() + ": " + e.getMessage();
        }
    }
}
