package org.gaoos.conformance;

import java.util.List;

/**
 * One OTP test case's result on one VM, as the runner reported it (one protocol line).
 *
 * @param suite  the suite id, {@code app:SUITE}
 * @param groups the group path, outermost first
 * @param name   the case (or {@code end_per_group}/{@code end_per_suite} when those failed)
 * @param detail the comment, the skip reason, or the Erlang error with its stack trace
 */
public record CaseResult(String suite, List<String> groups, String name, Status status, long millis, String detail) {

    public enum Status { PASSED, SKIPPED, FAILED, DROPPED }

    /** {@code app:SUITE/group/.../case}: the key of the selection and known-failures files. */
    public String id() {
        return suite + "/" + path();
    }

    /** {@code SUITE/group/.../case}: the JUnit display name. */
    public String displayName() {
        return suite.substring(suite.indexOf(':') + 1) + "/" + path();
    }

    private String path() {
        return groups.isEmpty() ? name : String.join("/", groups) + "/" + name;
    }

    /** Parses a {@code case} line of the runner's protocol (conformance_report). */
    static CaseResult parse(String app, String line) {
        String[] f = line.split("\t", 7);
        if (f.length != 7 || !f[0].equals("case")) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        List<String> groups = f[2].isEmpty() ? List.of() : List.of(f[2].split("/"));
        return new CaseResult(app + ":" + f[1], groups, f[3], Status.valueOf(f[4].toUpperCase()),
                Long.parseLong(f[5]), ErlTerms.unescape(f[6]));
    }
}
