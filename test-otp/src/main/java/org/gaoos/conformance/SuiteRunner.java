package org.gaoos.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gaoos.otp.ReferenceOtp;

/**
 * Runs one compiled suite on one VM: writes the runner's options (suite, data_dir, a fresh
 * priv_dir, the results file, the dropped cases), starts the VM with the erl command line
 * {@code -noshell -pa RUNNER -pa SUITES -run conformance_runner main OPTIONS}, keeps its output
 * as the suite's log and reads the result lines back. A VM that cannot start, exits before the
 * suite's end or outlives {@code timeout} gives an incomplete result that says so.
 */
public final class SuiteRunner {
    private final Workspace ws;
    private final Duration timeout;
    private final double multiplyTimetraps;

    /** VMs still running: stopped when this JVM exits (Surefire interrupted), never left behind. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        })));
    }

    private final boolean reuse;

    /**
     * The VMs' local time zone: that of OTP's own test machines. Some suites assume local time is
     * not UTC (y2k_SUITE's tz_next_date/1 returns the same day at a zero offset), and a non-zero
     * offset with daylight saving time exercises the local-time BIFs on both VMs alike.
     */
    static final String TIME_ZONE = "Europe/Stockholm";

    /**
     * @param reuse read the results a previous run left complete instead of running the suite
     *              again (to regenerate the table after editing drops, say); never the default
     */
    public SuiteRunner(Workspace ws, Duration timeout, double multiplyTimetraps, boolean reuse) {
        this.ws = ws;
        this.timeout = timeout;
        this.multiplyTimetraps = multiplyTimetraps;
        this.reuse = reuse;
    }

    /** What one run left: the results read back, whether the suite's end was reached, why not, the VM's output. */
    public record Run(List<CaseResult> cases, boolean complete, String problem, Path log) {}

    /** Runs a selected OTP suite. */
    public SuiteResult run(VmUnderTest vm, Selection.Suite suite, Map<String, String> drops, Duration timeout) {
        Run run = run(vm, suite.dir().app(), suite.name(), ws.suiteEbin(suite.dir()), drops, timeout);
        return new SuiteResult(suite, vm, run.cases(), run.complete(), run.problem(), run.log());
    }

    /** Runs suite {@code name}, compiled into {@code ebin}, reporting its cases as {@code app:name}. */
    public Run run(VmUnderTest vm, String app, String name, Path ebin, Map<String, String> drops) {
        return run(vm, app, name, ebin, drops, timeout);
    }

    private Run run(VmUnderTest vm, String app, String name, Path ebin, Map<String, String> drops, Duration timeout) {
        Path dir = ws.runs(vm).resolve(app);
        Path priv = dir.resolve("priv").resolve(name);
        Path options = dir.resolve(name + ".options");
        Path results = dir.resolve(name + ".results");
        Path log = dir.resolve(name + ".log");
        if (reuse && Files.exists(results)) {
            Run previous = read(app, results, log, null);
            if (previous.complete()) {
                return previous;
            }
        }
        try {
            deleteTree(priv);
            Files.createDirectories(priv);
            Files.deleteIfExists(results);
            Files.writeString(options, options(vm, name, ebin, priv, results, drops), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String problem = vm.unavailable(ws.root()).orElse(null);
        if (problem == null) {
            problem = execute(vm.command(ws.root(), List.of(ws.runnerEbin(), ebin), "conformance_runner", "main",
                    List.of(options.toString())), priv, log, timeout);
        }
        return read(app, results, log, problem);
    }

    private static Run read(String app, Path results, Path log, String problem) {
        List<CaseResult> cases = new ArrayList<>();
        boolean done = false;
        if (Files.exists(results)) {
            try {
                for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
                    if (line.startsWith("case\t")) {
                        cases.add(CaseResult.parse(app, line));
                    } else if (line.startsWith("done\t")) {
                        done = true;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!done && problem == null) {
            problem = "the runner did not reach the end of the suite; see " + log;
        }
        return new Run(List.copyOf(cases), done, done ? null : problem, log);
    }

    private String options(VmUnderTest vm, String name, Path ebin, Path priv, Path results, Map<String, String> drops) {
        StringBuilder b = new StringBuilder();
        b.append("{suite,").append(ErlTerms.atom(name)).append("}.\n");
        // what ct:get_progname/0 returns: the command that starts this VM (suites start more of it)
        b.append("{progname,").append(ErlTerms.string(vm.launcher(ws.root()).toString())).append("}.\n");
        b.append("{data_dir,").append(ErlTerms.string(ebin.resolve(name + "_data") + "/")).append("}.\n");
        b.append("{priv_dir,").append(ErlTerms.string(priv + "/")).append("}.\n");
        b.append("{results,").append(ErlTerms.string(results.toString())).append("}.\n");
        b.append("{multiply_timetraps,").append(multiplyTimetraps == Math.rint(multiplyTimetraps)
                ? Long.toString((long) multiplyTimetraps) : Double.toString(multiplyTimetraps)).append("}.\n");
        b.append("{drop,[");
        String sep = "";
        for (var d : drops.entrySet()) {
            b.append(sep).append('{').append(ErlTerms.string(d.getKey())).append(',')
                    .append(ErlTerms.string("dropped from the selection: " + d.getValue())).append('}');
            sep = ",";
        }
        b.append("]}.\n");
        return b.toString();
    }

    /** Runs the VM in the suite's priv_dir; returns why it failed, or null when it exited 0. */
    private String execute(List<String> argv, Path cwd, Path log, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("TZ", TIME_ZONE);
        // erl, erlc and escript of OTP 27 first: the machine's own (/usr/bin/erl) may be older
        pb.environment().put("PATH", ReferenceOtp.get().erl().getParent() + ":" + System.getenv("PATH"));
        try {
            Process p = pb.start();
            RUNNING.add(p);
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor();
                    return "the VM was still running after " + timeout + " and was killed; see " + log;
                }
            } finally {
                RUNNING.remove(p);
            }
            int exit = p.exitValue();
            return exit == 0 ? null : "the VM exited with status " + exit + firstLine(log);
        } catch (IOException e) {
            return "cannot start " + argv.getFirst() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The start of the VM's output: for a VM that could not run the suite, usually why. */
    private static String firstLine(Path log) {
        try {
            String first = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> !l.isBlank()).findFirst().orElse("");
            return first.isEmpty() ? "" : ": " + (first.length() > 300 ? first.substring(0, 300) + "..." : first);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.toList();
        }
        // cases may leave read-only files and directories behind
        paths.stream().filter(p -> !Files.isSymbolicLink(p)).forEach(p -> p.toFile().setWritable(true));
        for (Path p : paths.stream().sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
        }
    }
}
