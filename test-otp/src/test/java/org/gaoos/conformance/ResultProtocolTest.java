package org.gaoos.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java side of the result protocol, known failures, completion against the reference, the table. */
class ResultProtocolTest {
    @TempDir
    Path dir;

    private static final Selection.Suite SUITE =
            new Selection.Suite(1, OtpTestDir.ERTS, "x_SUITE", "x_SUITE", null, false);

    @Test
    void parsesAResultLine() {
        CaseResult c = CaseResult.parse("erts", "case\tx_SUITE\tg1/g2\tcase1\tfailed\t12\terror:{badmatch,2}\\n    x:y/1\\t\\\\");
        assertEquals("erts:x_SUITE/g1/g2/case1", c.id());
        assertEquals("x_SUITE/g1/g2/case1", c.displayName());
        assertEquals(CaseResult.Status.FAILED, c.status());
        assertEquals("error:{badmatch,2}\n    x:y/1\t\\", c.detail());
        assertEquals("erts:x_SUITE/top", CaseResult.parse("erts", "case\tx_SUITE\t\ttop\tpassed\t0\t").id());
    }

    @Test
    void jbeamLacksCasesTheReferenceRan() {
        SuiteResult ref = new SuiteResult(SUITE, VmUnderTest.REFERENCE, List.of(
                new CaseResult("erts:x_SUITE", List.of(), "a", CaseResult.Status.PASSED, 1, ""),
                new CaseResult("erts:x_SUITE", List.of(), "b", CaseResult.Status.DROPPED, 0, "dropped")), true, null, null);
        SuiteResult jb = new SuiteResult(SUITE, VmUnderTest.JBEAM, List.of(), false, "cannot start bin/jbeam", null);
        SuiteResult completed = Conformance.completeAgainst(jb, ref);
        assertEquals(2, completed.cases().size());
        assertEquals(CaseResult.Status.FAILED, completed.cases().get(0).status());
        assertEquals("not run on jbeam: cannot start bin/jbeam", completed.cases().get(0).detail());
        assertEquals(CaseResult.Status.DROPPED, completed.cases().get(1).status());
    }

    @Test
    void casesOfASuiteThatDidNotLoadSaySo() {
        SuiteResult ref = new SuiteResult(SUITE, VmUnderTest.REFERENCE, List.of(
                new CaseResult("erts:x_SUITE", List.of(), "a", CaseResult.Status.PASSED, 1, "")), true, null, null);
        SuiteResult jb = new SuiteResult(SUITE, VmUnderTest.JBEAM, List.of(new CaseResult("erts:x_SUITE", List.of(), "all",
                CaseResult.Status.FAILED, 0, "{cannot_load_suite,x_SUITE,badfile}")), true, null, null);
        CaseResult a = Conformance.completeAgainst(jb, ref).cases().stream().filter(c -> c.name().equals("a")).findFirst().orElseThrow();
        assertEquals("not run on jbeam: the suite did not load: {cannot_load_suite,x_SUITE,badfile}", a.detail());
        assertEquals("the suite does not load on jbeam: l/2: bs_add is not supported yet by the translator",
                FailureReason.of(a.detail(), "l/2: bs_add is not supported yet by the translator"));
    }

    @Test
    void knownFailuresAreRegeneratedForTheSuitesRun() throws IOException {
        Path f = dir.resolve("known.txt");
        Files.writeString(f, """
                # header
                erts:x_SUITE/old\tfailed before, passes now
                erts:y_SUITE/c\tnot run this time: kept
                """);
        SuiteResult jb = new SuiteResult(SUITE, VmUnderTest.JBEAM, List.of(
                new CaseResult("erts:x_SUITE", List.of("g"), "a", CaseResult.Status.FAILED, 1, "error:badarg\n    erlang:foo/2\n    x_SUITE:a/1 (x_SUITE.erl:3)\n"),
                new CaseResult("erts:x_SUITE", List.of(), "b", CaseResult.Status.PASSED, 1, "")), true, null, null);
        KnownFailures.update(f, VmUnderTest.JBEAM, List.of(jb));
        KnownFailures k = KnownFailures.read(f);
        assertEquals(Map.of("erts:x_SUITE/g/a", "error:badarg in erlang:foo/2", "erts:y_SUITE/c", "not run this time: kept"), k.reasons());
        assertTrue(Files.readString(f).contains("2 cases."), Files.readString(f));
    }

    @Test
    void tableIsReplacedInPlace() throws IOException {
        Path doc = dir.resolve("conformance.md");
        Files.writeString(doc, "# Title\n\nbefore\n\n" + ConformanceTable.BEGIN + "\nold\n" + ConformanceTable.END + "\n\nafter\n");
        SuiteResult ref = new SuiteResult(SUITE, VmUnderTest.REFERENCE, List.of(
                new CaseResult("erts:x_SUITE", List.of(), "a", CaseResult.Status.PASSED, 1, ""),
                new CaseResult("erts:x_SUITE", List.of(), "b", CaseResult.Status.SKIPPED, 1, "no")), true, null, null);
        ConformanceTable.write(doc, ConformanceTable.render(List.of(ref), List.of(), "cannot run yet"));
        String text = Files.readString(doc);
        assertTrue(text.startsWith("# Title\n\nbefore\n\n" + ConformanceTable.BEGIN), text);
        assertTrue(text.endsWith(ConformanceTable.END + "\n\nafter\n"), text);
        assertTrue(text.contains("| erts:x_SUITE | 2 | 1 | 0 | 1 | 0 | 0 | 2 | 0 |"), text);
        assertTrue(!text.contains("old"), text);
    }
}
