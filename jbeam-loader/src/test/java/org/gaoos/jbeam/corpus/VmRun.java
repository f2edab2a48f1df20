package org.gaoos.jbeam.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one launcher (the reference {@code erl} or {@code bin/jbeam}) on one command line in a fixed
 * environment, so that both VMs see the same locale and no user flags.
 */
final class VmRun {

    /** How a run ended: exit status (-1 when killed on timeout), stdout, stderr. */
    record Result(int exit, String stdout, String stderr, boolean timedOut) {}

    private VmRun() {}

    static Result run(List<String> argv, Path dir, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        // Same locale for both VMs: io's encoding of stdout follows it.
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        // No user flags, and no crash dump (a program that crashes on purpose would write one).
        env.remove("ERL_FLAGS");
        env.remove("ERL_AFLAGS");
        env.remove("ERL_ZFLAGS");
        env.put("ERL_CRASH_DUMP_SECONDS", "0");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                return new Result(-1, out.join(), err.join() + "\n[killed after " + timeout + "]", true);
            }
            return new Result(p.exitValue(), out.join(), err.join(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv.getFirst(), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}
