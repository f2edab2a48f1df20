package org.gaoos.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runner against suites whose every case has a known outcome under common_test's rules
 * (src/test/erlang/runner_selftest_*_SUITE.erl), run on the reference BEAM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnerSelfTest {
    private final Workspace ws = Workspace.fromSystemProperties();
    private SuiteRunner.Run main;
    private SuiteRunner.Run init;
    private SuiteRunner.Run halt;
    private SuiteRunner.Run hang;
    private String secondAttempts;

    @BeforeAll
    void run() throws IOException {
        new SuiteCompiler(ws).compileRunner();
        Path ebin = ws.build().resolve("selftest");
        Files.createDirectories(ebin);
        Path src = ws.module().resolve("src/test/erlang");
        List<String> argv = new ArrayList<>(List.of(ReferenceOtp.get().erlc().toString(), "-o", ebin.toString()));
        try (Stream<Path> files = Files.list(src)) {
            files.filter(p -> p.toString().endsWith(".erl")).forEach(p -> argv.add(p.toString()));
        }
        Command.run(argv, ws.module(), Duration.ofMinutes(2)).requireSuccess(argv);
        Path data = ebin.resolve("runner_selftest_SUITE_data");
        if (!Files.exists(data, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(data, src.resolve("runner_selftest_SUITE_data"));
        }
        SuiteRunner runner = new SuiteRunner(ws, Duration.ofMinutes(2), 1, false);
        Path runDir = ws.runs(VmUnderTest.REFERENCE);
        Files.deleteIfExists(runDir.resolve("selftest/runner_selftest_hang_SUITE.marker"));
        Files.deleteIfExists(runDir.resolve("second-attempts.txt"));
        // one VM for them all, as for a batch of a test directory: the halt kills it, the hang
        // has it killed, and the suites after them run in a fresh VM
        Map<String, SuiteRunner.Run> runs = runner.run(VmUnderTest.REFERENCE, "selftest", ebin, List.of(
                new SuiteRunner.Job("runner_selftest_init_SUITE", Map.of()),
                new SuiteRunner.Job("runner_selftest_halt_SUITE", Map.of()),
                new SuiteRunner.Job("runner_selftest_hang_SUITE", Map.of()),
                new SuiteRunner.Job("runner_selftest_SUITE", Map.of(
                        "runner_selftest_SUITE/dropped_case", "dropped for the self-test",
                        "runner_selftest_SUITE/dropped_group", "group dropped for the self-test"))),
                name -> name.equals("runner_selftest_hang_SUITE") ? Duration.ofSeconds(3) : Duration.ofMinutes(2));
        init = runs.get("runner_selftest_init_SUITE");
        halt = runs.get("runner_selftest_halt_SUITE");
        hang = runs.get("runner_selftest_hang_SUITE");
        main = runs.get("runner_selftest_SUITE");
        secondAttempts = Files.readString(runDir.resolve("second-attempts.txt"));
    }

    @Test
    void aVmThatStopsFinishingCasesIsKilledAndTheSuiteRunsOnceMore() {
        assertTrue(hang.complete(), hang.problem());
        assertEquals(List.of("runner_selftest_hang_SUITE/before_hang", "runner_selftest_hang_SUITE/hangs_once",
                        "runner_selftest_hang_SUITE/after_hang"),
                hang.cases().stream().map(CaseResult::displayName).toList());
        assertTrue(secondAttempts.contains("selftest:runner_selftest_hang_SUITE needed a second attempt on reference:"
                + " the first did not finish (the VM ran runner_selftest_hang_SUITE for PT3S without finishing a case"
                + " and was killed; see "), secondAttempts);
        assertTrue(secondAttempts.contains("); it ran to its end"), secondAttempts);
    }

    @Test
    void aVmThatDiesLeavesTheCasesItFinishedAndTheRestRunInAFreshVm() {
        assertFalse(halt.complete());
        assertTrue(halt.problem().startsWith("the VM exited with status 7"), halt.problem());
        assertTrue(secondAttempts.contains("selftest:runner_selftest_halt_SUITE needed a second attempt on reference:"
                + " the first did not finish (the VM exited with status 7"), secondAttempts);
        assertTrue(secondAttempts.contains("it did not finish either: the VM exited with status 7"), secondAttempts);
        assertEquals(List.of("runner_selftest_halt_SUITE/before_halt"),
                halt.cases().stream().map(CaseResult::displayName).toList());
        assertTrue(main.complete(), main.problem());
    }

    @Test
    void outputGoesToTheSuitesLog() throws IOException {
        String log = Files.readString(main.log());
        assertTrue(log.contains("captured 1"), log);
        assertTrue(log.contains("from another process"), log);
    }

    private Map<String, List<CaseResult>> byId(SuiteRunner.Run run) {
        return run.cases().stream().collect(Collectors.groupingBy(c -> c.displayName(), LinkedHashMap::new,
                Collectors.toList()));
    }

    private CaseResult only(String id) {
        List<CaseResult> found = byId(main).get(id);
        assertEquals(1, found == null ? 0 : found.size(), id + " in " + main.cases());
        return found.getFirst();
    }

    private void expect(String id, CaseResult.Status status, String detailStart) {
        CaseResult c = only(id);
        assertEquals(status, c.status(), id + ": " + c.detail());
        assertTrue(c.detail().startsWith(detailStart), id + ": '" + c.detail() + "' should start with '" + detailStart + "'");
    }

    @Test
    void theRunReachesTheSuitesEnd() {
        assertTrue(main.complete(), main.problem());
        assertTrue(init.complete(), init.problem());
    }

    @Test
    void returnValuesAsCommonTestJudgesThem() {
        expect("runner_selftest_SUITE/passes", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/returns_comment", CaseResult.Status.PASSED, "returned comment");
        expect("runner_selftest_SUITE/calls_comment", CaseResult.Status.PASSED, "called comment");
        expect("runner_selftest_SUITE/unicode_comment", CaseResult.Status.PASSED, "ünïcødé ✓");
        expect("runner_selftest_SUITE/returns_fail", CaseResult.Status.FAILED, "{fail,returned_fail} returned");
        expect("runner_selftest_SUITE/returns_skip", CaseResult.Status.SKIPPED, "returned skip");
        expect("runner_selftest_SUITE/throws_skip", CaseResult.Status.SKIPPED, "thrown skip");
        expect("runner_selftest_SUITE/exits_skipped", CaseResult.Status.SKIPPED, "exited skipped");
    }

    @Test
    void failuresCarryTheErlangErrorAndStackTrace() {
        expect("runner_selftest_SUITE/badmatch", CaseResult.Status.FAILED, "error:{badmatch,2}\n    runner_selftest_SUITE:badmatch/1 (");
        expect("runner_selftest_SUITE/ct_fail", CaseResult.Status.FAILED, "exit:{test_case_failed,{reason,1}}");
        expect("runner_selftest_SUITE/throws_other", CaseResult.Status.FAILED, "throw:not_a_skip\n");
        expect("runner_selftest_SUITE/linked_crash", CaseResult.Status.FAILED, "the process died: linked_boom");
    }

    @Test
    void timetrapsFromCaseInfoGroupInfoAndCtTimetrap() {
        expect("runner_selftest_SUITE/timetrap_fires", CaseResult.Status.FAILED,
                "{timetrap_timeout,200}: the case did not return within its timetrap (200 ms); it was at\n"
                        + "    runner_selftest_SUITE:timetrap_fires/1");
        expect("runner_selftest_SUITE/short_traps/group_timetrap", CaseResult.Status.FAILED, "{timetrap_timeout,300}");
        expect("runner_selftest_SUITE/ct_timetrap_extends", CaseResult.Status.PASSED, "");
    }

    @Test
    void initAndEndPerTestcase() {
        expect("runner_selftest_SUITE/ipt_skips", CaseResult.Status.SKIPPED, "init_per_testcase says skip");
        expect("runner_selftest_SUITE/ipt_crashes", CaseResult.Status.FAILED, "init_per_testcase failed: error:ipt_crash");
        expect("runner_selftest_SUITE/ipt_state_reaches_case", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/ept_fails", CaseResult.Status.FAILED, "end_per_testcase failed: {fail,ept_says_no}");
        expect("runner_selftest_SUITE/ept_sees_status", CaseResult.Status.PASSED, "");
    }

    @Test
    void configDirsDropsPeersAndCapture() {
        expect("runner_selftest_SUITE/config_keys", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/dropped_case", CaseResult.Status.DROPPED, "dropped from the selection: dropped for the self-test");
        expect("runner_selftest_SUITE/dropped_group/in_dropped_group", CaseResult.Status.DROPPED,
                "dropped from the selection: group dropped for the self-test");
        expect("runner_selftest_SUITE/peer_skipped", CaseResult.Status.SKIPPED, "needs a peer node");
        expect("runner_selftest_SUITE/capture", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/case_process_links", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/bad_output", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/benchmark_event", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/odd_config/odd_config_entries", CaseResult.Status.PASSED, "");
    }

    @Test
    void groups() {
        expect("runner_selftest_SUITE/seq/seq_ok", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/seq/seq_fail", CaseResult.Status.FAILED, "error:seq_failure");
        expect("runner_selftest_SUITE/seq/seq_never", CaseResult.Status.FAILED, "not run: an earlier case");
        expect("runner_selftest_SUITE/par/par_waiter", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/par/par_sender", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/skipped_group/never_run", CaseResult.Status.SKIPPED, "the group says skip");
        expect("runner_selftest_SUITE/outer/outer_case", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/outer/inner/inner_a", CaseResult.Status.PASSED, "");
        expect("runner_selftest_SUITE/outer/inner/inner_b", CaseResult.Status.PASSED, "");
        assertEquals(3, byId(main).get("runner_selftest_SUITE/rep/rep_counted").size(), "{repeat,3} runs 3 times");
        assertEquals(2, byId(main).get("runner_selftest_SUITE/rep_counted").size(), "{testcase,_,[{repeat,2}]}");
        assertTrue(byId(main).get("runner_selftest_SUITE/rep/rep_counted").stream()
                .allMatch(c -> c.status() == CaseResult.Status.PASSED));
    }

    @Test
    void aCrashingInitPerSuiteFailsEveryCase() {
        assertEquals(List.of("runner_selftest_init_SUITE/a", "runner_selftest_init_SUITE/b"),
                init.cases().stream().map(CaseResult::displayName).toList());
        for (CaseResult c : init.cases()) {
            assertEquals(CaseResult.Status.FAILED, c.status());
            assertTrue(c.detail().startsWith("init_per_suite failed: error:init_per_suite_crashed"), c.detail());
        }
    }

    @Test
    void everyCaseIsReportedOnce() {
        long distinct = main.cases().stream().map(CaseResult::displayName).distinct().count();
        assertEquals(40, distinct, main.cases().stream().map(CaseResult::displayName).toList().toString());
    }
}
