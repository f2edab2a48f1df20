package org.gaoos.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The OTP conformance suite under JUnit: each OTP test case is one dynamic test named
 * {@code SUITE/group/case}, grouped by VM, application and suite. On the reference BEAM every
 * case must pass or be skipped by its suite (the runner's validation); on jbeam a failure fails
 * unless it is a known failure ({@code known-failures-jbeam.txt}), and known failures that pass
 * are reported. {@code conformance.scope} picks the default slice or every selected suite
 * ({@code -Pconformance-full}, which also writes docs/conformance.md's table).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtpConformanceTest {
    private final Workspace ws = Workspace.fromSystemProperties();
    private final Set<String> newlyPassing = ConcurrentHashMap.newKeySet();
    private Conformance conformance;
    private KnownFailures jbeamKnown;
    private final long started = System.nanoTime();

    @BeforeAll
    void start() {
        String scope = System.getProperty("conformance.scope", "default");
        int jobs = Integer.getInteger("conformance.jobs", 2);
        conformance = new Conformance(ws, Selection.read(ws.selectionFile()), scope, jobs,
                Integer.getInteger("conformance.batch", 25),
                Duration.ofMinutes(Long.getLong("conformance.suiteTimeoutMinutes", 60)),
                Double.parseDouble(System.getProperty("conformance.multiplyTimetraps", "1")));
        jbeamKnown = KnownFailures.read(ws.knownFailuresFile(VmUnderTest.JBEAM));
        conformance.start();
    }

    @TestFactory
    Stream<DynamicNode> reference() {
        return suites(VmUnderTest.REFERENCE);
    }

    @TestFactory
    Stream<DynamicNode> jbeam() {
        return runs(VmUnderTest.JBEAM) ? suites(VmUnderTest.JBEAM) : Stream.empty();
    }

    /** conformance.vms (default both) limits a run to some VMs, e.g. reference only to validate the runner. */
    private static boolean runs(VmUnderTest vm) {
        return List.of(System.getProperty("conformance.vms", "reference,jbeam").split(",")).contains(vm.label());
    }

    private Stream<DynamicNode> suites(VmUnderTest vm) {
        Map<OtpTestDir, List<Selection.Suite>> byDir = conformance.suites().stream()
                .collect(Collectors.groupingBy(Selection.Suite::dir, java.util.LinkedHashMap::new, Collectors.toList()));
        return byDir.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey().app(),
                e.getValue().stream().map(s -> DynamicContainer.dynamicContainer(s.name(),
                        Stream.of(s).flatMap(x -> cases(vm, x))))));
    }

    /** Runs lazily: JUnit asks for a suite's cases when it reaches the suite. */
    private Stream<DynamicNode> cases(VmUnderTest vm, Selection.Suite suite) {
        SuiteResult r = conformance.result(vm, suite).join();
        return r.cases().stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> check(vm, r, c)));
    }

    private void check(VmUnderTest vm, SuiteResult r, CaseResult c) {
        boolean known = vm == VmUnderTest.JBEAM && jbeamKnown.contains(c.id());
        switch (c.status()) {
            case PASSED -> {
                if (known) {
                    newlyPassing.add(c.id());
                }
            }
            case SKIPPED -> Assumptions.abort("skipped by the suite: " + c.detail());
            case DROPPED -> Assumptions.abort(c.detail());
            case FAILED -> {
                if (known) {
                    Assumptions.abort("known failure on " + vm.label() + ": " + jbeamKnown.reason(c.id()));
                }
                fail(c.id() + " failed on " + vm.label() + ":\n" + c.detail()
                        + (r.log() == null ? "" : "\n(the VM's output: " + r.log() + ")"));
            }
        }
    }

    /** When, on what and how long: the table's provenance line. */
    private String measured() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long minutes = Duration.ofNanos(System.nanoTime() - started).toMinutes();
        return String.format(java.util.Locale.ROOT, "Scope `%s`, measured %s on %d cores, load average %.1f at the end;"
                        + " this run took %d min%s.",
                System.getProperty("conformance.scope", "default"),
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toLocalDateTime().toString().replace('T', ' ') + " UTC",
                os.getAvailableProcessors(), os.getSystemLoadAverage(), minutes,
                Boolean.getBoolean("conformance.reuseResults") ? " (results of earlier runs reused)" : "");
    }

    @AfterAll
    void finish() {
        try {
            if (!newlyPassing.isEmpty()) {
                System.out.println("[conformance] " + newlyPassing.size() + " known jbeam failures now pass;"
                        + " regenerate known-failures-jbeam.txt (-Dconformance.updateKnownFailures=true):");
                newlyPassing.stream().sorted().forEach(id -> System.out.println("[conformance]   " + id));
            }
            var jbeamRuns = conformance.finished(VmUnderTest.JBEAM);
            if (!runs(VmUnderTest.JBEAM)) {
                System.out.println("[conformance] jbeam was not run (conformance.vms): the table and the known"
                        + " failures are left as they are");
            } else if (Boolean.getBoolean("conformance.updateKnownFailures")) {
                KnownFailures.update(ws.knownFailuresFile(VmUnderTest.JBEAM), VmUnderTest.JBEAM, jbeamRuns);
            }
            if (runs(VmUnderTest.JBEAM) && Boolean.getBoolean("conformance.writeTable")) {
                String note = VmUnderTest.JBEAM.unavailable(ws.root())
                        .map(why -> "**cannot run yet** (" + why + "); its column is 0 and every case is a known failure.")
                        .orElse("run through bin/jbeam.");
                ConformanceTable.write(ws.conformanceDoc(), ConformanceTable.render(conformance.finished(VmUnderTest.REFERENCE),
                        jbeamRuns, note + " " + measured()));
            }
        } finally {
            conformance.close();
        }
    }
}
