package org.gaoos.otp;

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
import java.util.function.Consumer;

/** Runs an external program (a reference OTP tool, bin/jbeam) to completion and captures its output. */
public final class Command {

    /** What a finished program left: its exit status and everything it printed. */
    public record Result(int exit, String stdout, String stderr) {
        public Result requireSuccess(List<String> argv) {
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " exited " + exit
                        + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    /**
     * A program still running after its time limit: it was killed, with its descendants, after
     * printing {@code stdout} and {@code stderr}.
     */
    public static final class TimedOut extends IllegalStateException {
        private final String stdout;
        private final String stderr;

        TimedOut(String message, String stdout, String stderr) {
            super(message);
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public String stdout() {
            return stdout;
        }

        public String stderr() {
            return stderr;
        }
    }

    private Command() {}

    /** Runs {@code argv} in {@code dir}; a program still running after {@code timeout} is killed and reported. */
    public static Result run(List<String> argv, Path dir, Duration timeout) {
        return run(argv, dir, timeout, env -> {});
    }

    /**
     * Runs {@code argv} in {@code dir} with this JVM's environment as changed by {@code environment};
     * a program still running after {@code timeout} is killed with its descendants and reported
     * as {@link TimedOut}.
     */
    public static Result run(List<String> argv, Path dir, Duration timeout, Consumer<Map<String, String>> environment) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        environment.accept(pb.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                String stdout = out.join();
                throw new TimedOut(String.join(" ", argv) + " still running after " + timeout
                        + "; killed. stdout so far:\n" + stdout, stdout, err.join());
            }
            return new Result(p.exitValue(), out.join(), err.join());
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
