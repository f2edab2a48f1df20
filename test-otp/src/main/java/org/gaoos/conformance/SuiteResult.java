package org.gaoos.conformance;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run of one suite on one VM produced: its cases' results, whether the runner reached
 * the suite's end, and where the VM's output is kept.
 *
 * @param problem why the run is incomplete (VM missing, exited early, killed), or null
 */
public record SuiteResult(Selection.Suite suite, VmUnderTest vm, List<CaseResult> cases, boolean complete,
                          String problem, Path log) {

    public long count(CaseResult.Status status) {
        return cases.stream().filter(c -> c.status() == status).count();
    }
}
