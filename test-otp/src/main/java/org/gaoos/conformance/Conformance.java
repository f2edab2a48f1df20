package org.gaoos.conformance;

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
 * One conformance run: the suites in scope, compiled once, each run on the reference BEAM and
 * on jbeam, {@code jobs} VMs at a time. A jbeam result is completed against the reference's: a
 * case the reference ran but jbeam did not (its VM could not start, crashed, hung) is a failure
 * on jbeam that says why.
 */
public final class Conformance implements AutoCloseable {
    /** The runner's own marker for a suite whose run, not one of its cases, failed. */
    public static final String RUN = "(run)";

    private final Workspace ws;
    private final Selection selection;
    private final List<Selection.Suite> suites;
    private final SuiteRunner runner;
    private final Duration suiteTimeout;
    private final ExecutorService pool;
    private final Map<String, CompletableFuture<SuiteResult>> reference = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<SuiteResult>> jbeam = new ConcurrentHashMap<>();
    private Map<String, String> compileFailures;

    /**
     * @param multiplyTimetraps common_test's multiply_timetraps, for both VMs (1: the suites' own
     *                          timetraps; more on a loaded machine)
     */
    public Conformance(Workspace ws, Selection selection, String scope, int jobs, Duration suiteTimeout,
                       double multiplyTimetraps) {
        this.ws = ws;
        this.selection = selection;
        this.suites = selection.scope(scope);
        this.suiteTimeout = suiteTimeout;
        this.runner = new SuiteRunner(ws, suiteTimeout, multiplyTimetraps, Boolean.getBoolean("conformance.reuseResults"));
        this.pool = Executors.newFixedThreadPool(jobs);
    }

    public List<Selection.Suite> suites() {
        return suites;
    }

    public Selection selection() {
        return selection;
    }

    /** Compiles every suite in scope (once), then starts their reference runs. */
    public synchronized void start() {
        if (compileFailures == null) {
            compileFailures = new SuiteCompiler(ws).compile(suites);
            suites.forEach(s -> result(VmUnderTest.REFERENCE, s));
        }
    }

    public CompletableFuture<SuiteResult> result(VmUnderTest vm, Selection.Suite suite) {
        return switch (vm) {
            case REFERENCE -> reference.computeIfAbsent(suite.id(),
                    id -> CompletableFuture.supplyAsync(() -> runOne(VmUnderTest.REFERENCE, suite), pool));
            case JBEAM -> jbeam.computeIfAbsent(suite.id(),
                    id -> result(VmUnderTest.REFERENCE, suite).thenApplyAsync(
                            ref -> completeAgainst(runOne(VmUnderTest.JBEAM, suite, timeoutAfter(ref)), ref), pool));
        };
    }

    /**
     * jbeam's time for a suite: 20 times what the reference's cases took, at least 2 minutes, at
     * most the suite timeout, so that a VM that hangs costs minutes, not the whole build.
     */
    private Duration timeoutAfter(SuiteResult reference) {
        long millis = reference.cases().stream().mapToLong(CaseResult::millis).sum();
        Duration t = Duration.ofMillis(Math.max(Duration.ofMinutes(2).toMillis(), 20 * millis));
        return t.compareTo(suiteTimeout) < 0 ? t : suiteTimeout;
    }

    private SuiteResult runOne(VmUnderTest vm, Selection.Suite suite) {
        return runOne(vm, suite, suiteTimeout);
    }

    private SuiteResult runOne(VmUnderTest vm, Selection.Suite suite, Duration timeout) {
        start();
        String compileError = compileFailures.get(suite.id());
        if (compileError != null) {
            CaseResult c = new CaseResult(suite.id(), List.of(), RUN, CaseResult.Status.FAILED, 0,
                    "the suite does not compile with the reference OTP 27 compiler:\n" + compileError);
            return new SuiteResult(suite, vm, List.of(c), false, "does not compile", null);
        }
        Map<String, String> drops = selection.caseDrops(suite);
        SuiteResult r = runner.run(vm, suite, drops, timeout);
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
        String why = result.problem() == null ? "the case was not run" : result.problem();
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
