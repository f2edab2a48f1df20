package org.gaoos.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.gaoos.otp.ReferenceOtp;

/**
 * Runs compiled suites of one OTP test directory on one VM, several in one VM as common_test
 * runs a test run's suites: writes the runner's options (per suite: data_dir, a fresh priv_dir,
 * the results and log files, the dropped cases), starts the VM with the erl command line
 * {@code -noshell -pa RUNNER -pa SUITES -run conformance_runner main OPTIONS} and reads the
 * result lines back.
 *
 * <p>A watchdog follows the suites' progress: when no case of the running suite has finished for
 * that suite's time, the VM is taken to hang (the cases' own timetraps end a case that hangs, so
 * this is the VM itself) and is killed, after a thread dump of a Java VM next to its log. The
 * suite a VM died or was killed in runs once more, first in a fresh VM, because on a loaded
 * machine a starved VM looks like a hung one: a second failure reports the suite incomplete,
 * saying why; either way the first attempt is reported (printed and kept in
 * {@code second-attempts.txt} of the VM's run directory), never silent. The suites it had not
 * started run in a fresh VM; a VM that cannot start makes every suite incomplete with its reason.
 */
public final class SuiteRunner {
    private final Workspace ws;
    private final Duration timeout;
    private final double multiplyTimetraps;
    private final boolean reuse;

    /**
     * The VMs' local time zone: that of OTP's own test machines. Some suites assume local time is
     * not UTC (y2k_SUITE's tz_next_date/1 returns the same day at a zero offset), and a non-zero
     * offset with daylight saving time exercises the local-time BIFs on both VMs alike.
     */
    static final String TIME_ZONE = "Europe/Stockholm";

    /** VMs still running: stopped when this JVM exits (Surefire interrupted), never left behind. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(SuiteRunner::kill)));
    }

    /**
     * @param timeout           the default time one suite may take
     * @param multiplyTimetraps common_test's multiply_timetraps
     * @param reuse             read the results a previous run left complete instead of running the
     *                          suite again (to regenerate the table after editing drops, say)
     */
    public SuiteRunner(Workspace ws, Duration timeout, double multiplyTimetraps, boolean reuse) {
        this.ws = ws;
        this.timeout = timeout;
        this.multiplyTimetraps = multiplyTimetraps;
        this.reuse = reuse;
    }

    /** What one suite's run left: the results read back, whether the suite's end was reached, why not, its log. */
    public record Run(List<CaseResult> cases, boolean complete, String problem, Path log) {}

    /** A suite to run: its module name and its dropped cases ({@code SUITE/[GROUP/]CASE -> reason}). */
    public record Job(String name, Map<String, String> drops) {}

    /** Runs one suite, compiled into {@code ebin}, reporting its cases as {@code app:name}. */
    public Run run(VmUnderTest vm, String app, String name, Path ebin, Map<String, String> drops) {
        return run(vm, app, ebin, List.of(new Job(name, drops)), j -> timeout).get(name);
    }

    /**
     * Runs suites of one directory (compiled into {@code ebin}) in as few VMs as they allow, in
     * order; {@code timeouts} gives each suite's time. Returns each suite's run by name.
     */
    public Map<String, Run> run(VmUnderTest vm, String app, Path ebin, List<Job> jobs, Function<String, Duration> timeouts) {
        Map<String, Run> runs = new LinkedHashMap<>();
        List<Job> toRun = new ArrayList<>();
        for (Job j : jobs) {
            Run previous = reuse ? read(app, files(vm, app, j.name()), null) : null;
            if (previous != null && previous.complete()) {
                runs.put(j.name(), previous);
            } else {
                toRun.add(j);
            }
        }
        Map<String, String> abandoned = new LinkedHashMap<>();
        while (!toRun.isEmpty()) {
            toRun = runInOneVm(vm, app, ebin, toRun, timeouts, runs, abandoned);
        }
        Map<String, Run> ordered = new LinkedHashMap<>();
        jobs.forEach(j -> ordered.put(j.name(), runs.get(j.name())));
        return ordered;
    }

    /** A suite's files: options are per VM run, these per suite. */
    private record SuiteFiles(Path priv, Path results, Path log) {}

    private SuiteFiles files(VmUnderTest vm, String app, String name) {
        Path dir = ws.runs(vm).resolve(app);
        return new SuiteFiles(dir.resolve("priv").resolve(name), dir.resolve(name + ".results"), dir.resolve(name + ".log"));
    }

    /** Runs the jobs in one VM; records what finished in {@code runs}; returns the jobs to run again. */
    private List<Job> runInOneVm(VmUnderTest vm, String app, Path ebin, List<Job> jobs,
                                 Function<String, Duration> timeouts, Map<String, Run> runs,
                                 Map<String, String> abandoned) {
        Path dir = ws.runs(vm).resolve(app);
        String first = jobs.getFirst().name();
        // a second attempt keeps the first one's log (and thread dump) beside its own
        String base = first + (jobs.size() > 1 ? "+" + (jobs.size() - 1) : "") + (abandoned.containsKey(first) ? ".again" : "");
        Path options = dir.resolve(base + ".options");
        Path vmLog = dir.resolve(base + ".vm.log");
        try {
            Files.createDirectories(dir);
            StringBuilder b = new StringBuilder(common(vm));
            for (Job j : jobs) {
                SuiteFiles f = files(vm, app, j.name());
                deleteTree(f.priv());
                Files.createDirectories(f.priv());
                Files.deleteIfExists(f.results());
                Files.deleteIfExists(f.log());
                b.append(suiteOptions(j, ebin, f));
            }
            Files.writeString(options, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String problem = vm.unavailable(ws.root()).orElse(null);
        if (problem == null) {
            problem = execute(vm, app, jobs, timeouts,
                    vm.command(ws.root(), List.of(ws.runnerEbin(), ebin), "conformance_runner", "main",
                            List.of(options.toString())), dir, vmLog);
        }
        List<Job> again = new ArrayList<>();
        boolean anyStarted = jobs.stream().anyMatch(j -> Files.exists(files(vm, app, j.name()).results()));
        boolean culpritFound = false;
        for (Job j : jobs) {
            SuiteFiles f = files(vm, app, j.name());
            Run r = read(app, f, null);
            if (r.complete()) {
                if (abandoned.containsKey(j.name())) {
                    secondAttempt(vm, app, j.name(), abandoned.get(j.name()), "it ran to its end");
                }
                runs.put(j.name(), r);
            } else if (problem == null) {
                // the VM went on to its end: the runner itself failed on this suite
                runs.put(j.name(), read(app, f, "the runner did not reach the end of the suite; see " + vmLog));
            } else if (!anyStarted) {
                // the VM never got to a suite (could not start, died or hung booting)
                runs.put(j.name(), read(app, f, problem));
            } else if (!culpritFound) {
                // the suite the VM died in, or was killed in: once more, first in a fresh VM
                culpritFound = true;
                if (abandoned.putIfAbsent(j.name(), problem) == null) {
                    System.out.println("[conformance] " + vm.label() + ": " + app + ":" + j.name() + " did not finish ("
                            + problem + "); running it again, first in a fresh VM");
                    again.add(j);
                } else {
                    secondAttempt(vm, app, j.name(), abandoned.get(j.name()), "it did not finish either: " + problem);
                    runs.put(j.name(), read(app, f, problem));
                }
            } else if (!Files.exists(f.results())) {
                again.add(j);
            } else {
                runs.put(j.name(), read(app, f, problem));
            }
        }
        return again;
    }

    /** Reports a suite's second attempt: printed, and kept in the VM's run directory. */
    private void secondAttempt(VmUnderTest vm, String app, String name, String first, String outcome) {
        String line = app + ":" + name + " needed a second attempt on " + vm.label() + ": the first did not finish ("
                + first + "); " + outcome;
        System.out.println("[conformance] " + line);
        try {
            Files.writeString(ws.runs(vm).resolve("second-attempts.txt"), line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String common(VmUnderTest vm) {
        // what ct:get_progname/0 returns: the command that starts this VM (suites start more of it)
        return "{progname," + ErlTerms.string(vm.launcher(ws.root()).toString()) + "}.\n"
                + "{multiply_timetraps," + (multiplyTimetraps == Math.rint(multiplyTimetraps)
                        ? Long.toString((long) multiplyTimetraps) : Double.toString(multiplyTimetraps)) + "}.\n";
    }

    private static String suiteOptions(Job j, Path ebin, SuiteFiles f) {
        StringBuilder b = new StringBuilder("{suite,[");
        b.append("{name,").append(ErlTerms.atom(j.name())).append("},\n");
        b.append("  {data_dir,").append(ErlTerms.string(ebin.resolve(j.name() + "_data") + "/")).append("},\n");
        b.append("  {priv_dir,").append(ErlTerms.string(f.priv() + "/")).append("},\n");
        b.append("  {results,").append(ErlTerms.string(f.results().toString())).append("},\n");
        b.append("  {log,").append(ErlTerms.string(f.log().toString())).append("},\n");
        b.append("  {drop,[");
        String sep = "";
        for (var d : j.drops().entrySet()) {
            b.append(sep).append('{').append(ErlTerms.string(d.getKey())).append(',')
                    .append(ErlTerms.string("dropped from the selection: " + d.getValue())).append('}');
            sep = ",\n    ";
        }
        b.append("]}]}.\n");
        return b.toString();
    }

    private static Run read(String app, SuiteFiles f, String problem) {
        List<CaseResult> cases = new ArrayList<>();
        boolean done = false;
        if (Files.exists(f.results())) {
            try {
                for (String line : Files.readAllLines(f.results(), StandardCharsets.UTF_8)) {
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
            problem = "the suite did not run to its end";
        }
        return new Run(List.copyOf(cases), done, done ? null : problem, f.log());
    }

    private static long size(Path results) {
        try {
            return Files.exists(results) ? Files.size(results) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean done(Path results) {
        try {
            return Files.exists(results) && Files.readString(results, StandardCharsets.UTF_8).contains("\ndone\t");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs the VM in the run directory, its output to {@code vmLog}, until it exits or makes no
     * progress: no case of the running suite finished for that suite's time. Returns why the VM
     * did not run to its end, or null when it exited 0.
     */
    private String execute(VmUnderTest vm, String app, List<Job> jobs, Function<String, Duration> timeouts,
                           List<String> argv, Path cwd, Path vmLog) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(vmLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("TZ", TIME_ZONE);
        // erl, erlc and escript of OTP 27 first: the machine's own (/usr/bin/erl) may be older
        pb.environment().put("PATH", ReferenceOtp.get().erl().getParent() + ":" + System.getenv("PATH"));
        try {
            Process p = pb.start();
            RUNNING.add(p);
            try {
                int current = 0;
                long progress = -1;  // the running suite's results so far (bytes)
                long since = System.nanoTime();
                while (!p.waitFor(1, TimeUnit.SECONDS)) {
                    while (current < jobs.size() && done(files(vm, app, jobs.get(current).name()).results())) {
                        current++;
                    }
                    if (current == jobs.size()) {
                        continue;
                    }
                    Path results = files(vm, app, jobs.get(current).name()).results();
                    long now = size(results);
                    if (now != progress) {
                        progress = now;
                        since = System.nanoTime();
                    }
                    Duration limit = timeouts.apply(jobs.get(current).name());
                    if (System.nanoTime() - since > limit.toNanos()) {
                        String dump = dumpThreads(p, vmLog);
                        kill(p);
                        return "the VM ran " + jobs.get(current).name() + " for " + limit
                                + " without finishing a case and was killed; see " + vmLog + dump;
                    }
                }
            } finally {
                RUNNING.remove(p);
            }
            int exit = p.exitValue();
            return exit == 0 ? null : "the VM exited with status " + exit + firstLine(vmLog);
        } catch (IOException e) {
            return "cannot start " + argv.getFirst() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A Java VM's threads, virtual ones included, into a file beside its log: what a hang was doing. */
    private static String dumpThreads(Process p, Path vmLog) {
        Path jcmd = p.info().command().map(c -> Path.of(c).resolveSibling("jcmd")).orElse(null);
        if (jcmd == null || !Files.isExecutable(jcmd)) {
            return "";  // not a Java VM (the reference BEAM)
        }
        Path dump = vmLog.resolveSibling(vmLog.getFileName() + ".threads");
        try {
            Files.deleteIfExists(dump);
            Process j = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.dump_to_file",
                    "-format=text", dump.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!j.waitFor(60, TimeUnit.SECONDS)) {
                j.destroyForcibly();
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Files.exists(dump) ? " and its threads in " + dump : "";
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The start of the VM's output: for a VM that could not run the suites, usually why. */
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
