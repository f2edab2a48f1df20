package org.gaoos.jbeam.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One way of compiling the corpus: the reference erlc 27, or Debian 12's erlc 25 (to show that
 * code compiled by an older compiler loads and runs). Each variant's .beam files go to their own
 * directory; both are run on the reference erl 27 and on bin/jbeam.
 */
record Variant(String name, Path erlc, List<String> options) {

    /** Compiles {@code programs} (all at once: one erlc start) into {@code out}; the compiler's output. */
    String compile(List<CorpusProgram> programs, Path corpusDir, Path out) {
        try {
            Files.createDirectories(out);
            // No stale .beam from an earlier build may stand in for a program that no longer compiles.
            try (var old = Files.newDirectoryStream(out, "*.beam")) {
                for (Path beam : old) {
                    Files.delete(beam);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>(List.of(erlc.toString(), "-W0", "-o", out.toAbsolutePath().toString()));
        argv.addAll(options);
        // Relative names, so that stack traces say {file, "NAME.erl"} wherever the repository is.
        programs.forEach(p -> argv.add(p.source().getFileName().toString()));
        VmRun.Result r = VmRun.run(argv, corpusDir, Duration.ofMinutes(5));
        String output = "erlc exited " + r.exit() + "\n" + r.stdout() + r.stderr();
        if (r.exit() != 0) {
            // erlc stops at the first file that does not compile: compile the rest one by one,
            // so that one broken program fails alone.
            for (CorpusProgram p : programs) {
                if (!Files.exists(out.resolve(p.name() + ".beam"))) {
                    List<String> one = new ArrayList<>(List.of(erlc.toString(), "-W0", "-o", out.toAbsolutePath().toString()));
                    one.addAll(options);
                    one.add(p.source().getFileName().toString());
                    VmRun.run(one, corpusDir, Duration.ofMinutes(5));
                }
            }
        }
        return output;
    }
}
