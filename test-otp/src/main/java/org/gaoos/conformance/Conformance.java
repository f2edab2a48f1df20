package org.gaoos.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * One conformance run: the suites in scope, compiled once, run on the reference BEAM and on
 * jbeam, {@code jobs} VMs at a time. Suites of one test directory run together in one VM (at
 * most {@code batch} of them, in alphabetical order), as OTP's test server runs a directory in
 * one node; a jbeam batch starts when the reference has run its suites. A jbeam result is completed
 * against the reference's: a case the reference ran but jbeam did not (its VM could not start,
 * crashed, hung) is a failure on jbeam that says why.
 */
public final class Conformance implements AutoCloseable {
    /** The runner's own marker for a suite whose run, not one of its cases, failed. */
    public static final String RUN = "(run)";

    private final Workspace ws;
    private final Selection selection;
    private final List<Selection.Suite> suites;
    private final List<List<Selection.Suite>> batches;
    private final SuiteRunner runner;
    private final boolean reuse; // conformance.reuseResults: results of an earlier run, not a new one
    private final Duration suiteTimeout;
    private final ExecutorService pool;
    private final Map<String, CompletableFuture<SuiteResult>> reference = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<SuiteResult>> jbeam = new ConcurrentHashMap<>();
    private Map<String, String> compileFailures;

    /**
     * @param batch             suites run in one VM at most
     * @param multiplyTimetraps common_test's multiply_timetraps, for both VMs (1: the suites' own
     *                          timetraps; more on a loaded machine)
     */
    public Conformance(Workspace ws, Selection selection, String scope, int jobs, int batch, Duration suiteTimeout,
                       double multiplyTimetraps) {
        this.ws = ws;
        this.selection = selection;
        this.suites = selection.scope(scope);
        this.batches = batches(suites, batch);
        this.suiteTimeout = suiteTimeout;
        this.reuse = Boolean.getBoolean("conformance.reuseResults");
        this.runner = new SuiteRunner(ws, suiteTimeout, multiplyTimetraps, reuse);
        this.pool = Executors.newFixedThreadPool(jobs);
    }

    /**
     * The suites of each directory in alphabetical order, as OTP's test server runs a directory
     * in one node, cut into batches of at most {@code size}. The order matters: suites can see
     * what earlier ones left (big_SUITE loads a module literal_test that beam_literals_SUITE
     * then fails to replace cleanly), and OTP runs beam_literals_SUITE first.
     */
    static List<List<Selection.Suite>> batches(List<Selection.Suite> suites, int size) {
        Map<OtpTestDir, List<Selection.Suite>> byDir = new LinkedHashMap<>();
        suites.forEach(s -> byDir.computeIfAbsent(s.dir(), d -> new ArrayList<>()).add(s));
        List<List<Selection.Suite>> batches = new ArrayList<>();
        for (List<Selection.Suite> dir : byDir.values()) {
            List<Selection.Suite> sorted = dir.stream().sorted(java.util.Comparator.comparing(Selection.Suite::name)).toList();
            for (int i = 0; i < sorted.size(); i += size) {
                batches.add(sorted.subList(i, Math.min(sorted.size(), i + size)));
            }
        }
        return batches;
    }

    public List<Selection.Suite> suites() {
        return suites;
    }

    public Selection selection() {
        return selection;
    }

    /** Compiles every suite in scope (once), then starts the reference runs. */
    public synchronized void start() {
        if (compileFailures == null) {
            for (VmUnderTest vm : reuse ? List.<VmUnderTest>of() : List.of(VmUnderTest.values())) {
                // this run's second attempts only: the file is appended to as they happen
                try {
                    Files.deleteIfExists(ws.runs(vm).resolve("second-attempts.txt"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            compileFailures = new SuiteCompiler(ws).compile(suites);
            for (List<Selection.Suite> b : batches) {
                CompletableFuture<Map<String, SuiteResult>> run =
                        CompletableFuture.supplyAsync(() -> runBatch(VmUnderTest.REFERENCE, b, Map.of()), pool);
                b.forEach(s -> reference.put(s.id(), run.thenApply(m -> m.get(s.id()))));
            }
        }
    }

    /** The result of {@code suite} on {@code vm}; jbeam's batch starts when it is first asked for. */
    public CompletableFuture<SuiteResult> result(VmUnderTest vm, Selection.Suite suite) {
        start();
        return switch (vm) {
            case REFERENCE -> reference.get(suite.id());
            case JBEAM -> {
                synchronized (jbeam) {
                    if (!jbeam.containsKey(suite.id())) {
                        List<Selection.Suite> b = batches.stream().filter(x -> x.contains(suite)).findFirst().orElseThrow();
                        CompletableFuture<Map<String, SuiteResult>> run = CompletableFuture
                                .allOf(b.stream().map(s -> reference.get(s.id())).toArray(CompletableFuture[]::new))
                                .thenApplyAsync(x -> {
                                    Map<String, SuiteResult> refs = new LinkedHashMap<>();
                                    b.forEach(s -> refs.put(s.id(), reference.get(s.id()).join()));
                                    Map<String, SuiteResult> jb = runBatch(VmUnderTest.JBEAM, b, refs);
                                    Map<String, SuiteResult> completed = new LinkedHashMap<>();
                                    jb.forEach((id, r) -> completed.put(id, completeAgainst(r, refs.get(id))));
                                    return completed;
                                }, pool);
                        b.forEach(s -> jbeam.put(s.id(), run.thenApply(m -> m.get(s.id()))));
                    }
                    yield jbeam.get(suite.id());
                }
            }
        };
    }

    /**
     * How long jbeam may run a suite without finishing a case: 20 times the reference's longest
     * case, at least 5 minutes (a VM's start, a loaded machine), at most the suite timeout, so
     * that a VM that hangs costs minutes, not the whole build, and a slow one is not taken for hung.
     */
    private Duration timeoutAfter(SuiteResult reference) {
        if (reference == null) {
            return suiteTimeout;
        }
        long millis = reference.cases().stream().mapToLong(CaseResult::millis).max().orElse(0);
        Duration t = Duration.ofMillis(Math.max(Duration.ofMinutes(5).toMillis(), 20 * millis));
        return t.compareTo(suiteTimeout) < 0 ? t : suiteTimeout;
    }

    /** Runs a batch on {@code vm}; {@code references} (for jbeam) set each suite's time. */
    private Map<String, SuiteResult> runBatch(VmUnderTest vm, List<Selection.Suite> batch,
                                              Map<String, SuiteResult> references) {
        Map<String, SuiteResult> results = new LinkedHashMap<>();
        List<SuiteRunner.Job> jobs = new ArrayList<>();
        Map<String, Selection.Suite> byName = new LinkedHashMap<>();
        for (Selection.Suite s : batch) {
            String compileError = compileFailures.get(s.id());
            if (compileError != null) {
                CaseResult c = new CaseResult(s.id(), List.of(), RUN, CaseResult.Status.FAILED, 0,
                        "the suite does not compile with the reference OTP 27 compiler:\n" + compileError);
                results.put(s.id(), new SuiteResult(s, vm, List.of(c), false, "does not compile", null));
            } else {
                jobs.add(new SuiteRunner.Job(s.name(), selection.caseDrops(s)));
                byName.put(s.name(), s);
            }
        }
        if (!jobs.isEmpty()) {
            OtpTestDir dir = batch.getFirst().dir();
            Map<String, SuiteRunner.Run> runs = runner.run(vm, dir.app(), ws.suiteEbin(dir), jobs,
                    name -> vm == VmUnderTest.REFERENCE ? suiteTimeout
                            : timeoutAfter(references.get(byName.get(name).id())));
            runs.forEach((name, run) -> {
                Selection.Suite s = byName.get(name);
                results.put(s.id(), suiteResult(vm, s, run, selection.caseDrops(s)));
            });
        }
        Map<String, SuiteResult> ordered = new LinkedHashMap<>();
        batch.forEach(s -> ordered.put(s.id(), results.get(s.id())));
        return ordered;
    }

    private static SuiteResult suiteResult(VmUnderTest vm, Selection.Suite suite, SuiteRunner.Run r,
                                           Map<String, String> drops) {
        List<CaseResult> cases = new ArrayList<>(r.cases().stream().map(c -> dropped(c, drops)).toList());
        if (r.complete()) {
            return new SuiteResult(suite, vm, List.copyOf(cases), true, null, r.log());
        }
        cases.add(new CaseResult(suite.id(), List.of(), RUN, CaseResult.Status.FAILED, 0, r.problem()));
        return new SuiteResult(suite, vm, List.copyOf(cases), false, r.problem(), r.log());
    }

    /** A case dropped since its results were written (reused results) is reported as dropped. */
    private static CaseResult dropped(CaseResult c, Map<String, String> drops) {
        if (c.status() == CaseResult.Status.DROPPED) {
            return c;
        }
        String path = c.id().substring(c.id().indexOf(':') + 1);
        String shortPath = c.displayName().substring(0, c.displayName().indexOf('/') + 1) + c.name();
        String reason = drops.getOrDefault(path, c.groups().isEmpty() ? null : drops.get(shortPath));
        if (reason == null) {  // a dropped group: every case under it
            reason = drops.entrySet().stream().filter(d -> path.startsWith(d.getKey() + "/"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return reason == null ? c : new CaseResult(c.suite(), c.groups(), c.name(), CaseResult.Status.DROPPED, 0,
                "dropped from the selection: " + reason);
    }

    /** Adds, as failures, the reference's cases that {@code result} lacks. */
    static SuiteResult completeAgainst(SuiteResult result, SuiteResult reference) {
        Set<String> ran = result.cases().stream().map(CaseResult::id).collect(Collectors.toSet());
        List<CaseResult> cases = new ArrayList<>();
        // a suite whose module did not load reports one failed "all": its cases were not run for that reason
        String notLoaded = result.cases().stream()
                .filter(c -> c.status() == CaseResult.Status.FAILED && c.detail().contains("{cannot_load_suite,"))
                .map(CaseResult::detail).findFirst().orElse(null);
        String why = result.problem() != null ? result.problem()
                : notLoaded != null ? "the suite did not load: " + notLoaded : "the case was not run";
        for (CaseResult c : reference.cases()) {
            if (!ran.contains(c.id()) && !c.name().equals(RUN)) {
                cases.add(c.status() == CaseResult.Status.DROPPED ? c
                        : new CaseResult(c.suite(), c.groups(), c.name(), CaseResult.Status.FAILED, 0,
                                "not run on " + result.vm().label() + ": " + why));
            }
        }
        if (cases.isEmpty()) {
            return result;
        }
        List<CaseResult> all = new ArrayList<>(result.cases().stream().filter(c -> !c.name().equals(RUN)).toList());
        all.addAll(cases);
        if (!result.complete() && cases.stream().noneMatch(c -> c.status() == CaseResult.Status.FAILED)) {
            all.add(new CaseResult(result.suite().id(), List.of(), RUN, CaseResult.Status.FAILED, 0, why));
        }
        return new SuiteResult(result.suite(), result.vm(), List.copyOf(all), result.complete(), result.problem(),
                result.log());
    }

    /** Every finished run of {@code vm}, in selection order. */
    public Collection<SuiteResult> finished(VmUnderTest vm) {
        Map<String, CompletableFuture<SuiteResult>> runs = vm == VmUnderTest.REFERENCE ? reference : jbeam;
        Map<String, SuiteResult> done = new LinkedHashMap<>();
        for (Selection.Suite s : suites) {
            CompletableFuture<SuiteResult> f = runs.get(s.id());
            if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
                done.put(s.id(), f.join());
            }
        }
        return done.values();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
