package org.gaoos.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A VM's known failures: the selected cases that do not pass on it yet, one line each,
 * {@code app:SUITE/[group/]case<TAB>reason}. The file is generated (never edited by hand) from a
 * run; a test run fails on any failure not listed and reports listed cases that now pass, so the
 * list only shrinks.
 */
public record KnownFailures(Map<String, String> reasons) {

    private static final String HEADER = """
            # Known failures of the OTP conformance suite on %s: generated, do not edit. %d cases.
            # One line per case: app:SUITE/[group/]case<TAB>reason. Regenerate (for the suites run) with
            #   mvn -pl test-otp -am test -Pconformance-full -Dconformance.updateKnownFailures=true
            # (-Dconformance.scope=... regenerates the lines of those suites and keeps the others).
            """;

    public static KnownFailures read(Path file) {
        Map<String, String> reasons = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int tab = line.indexOf('\t');
                    reasons.put(tab < 0 ? line.strip() : line.substring(0, tab), tab < 0 ? "" : line.substring(tab + 1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new KnownFailures(Map.copyOf(reasons));
    }

    public boolean contains(String id) {
        return reasons.containsKey(id);
    }

    public String reason(String id) {
        return reasons.get(id);
    }

    /**
     * Writes the new list: the failures of {@code results}, and the listed failures of suites that
     * {@code results} does not cover (a run of one tier or suite keeps the others' entries).
     */
    public static void update(Path file, VmUnderTest vm, Collection<SuiteResult> results) {
        Set<String> ran = new HashSet<>();
        results.forEach(r -> ran.add(r.suite().id()));
        Map<String, String> lines = new TreeMap<>();
        read(file).reasons().forEach((id, reason) -> {
            if (!ran.contains(suiteOf(id))) {
                lines.put(id, reason);
            }
        });
        results.forEach(r -> {
            String load = loadProblem(r);
            r.cases().stream().filter(c -> c.status() == CaseResult.Status.FAILED)
                    .forEach(c -> lines.put(c.id(), FailureReason.of(c.detail(), load)));
        });
        StringBuilder b = new StringBuilder(HEADER.formatted(vm.label(), lines.size()));
        lines.forEach((id, reason) -> b.append(id).append('\t').append(reason).append('\n'));
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code app:SUITE} of {@code app:SUITE/group/case}. */
    static String suiteOf(String id) {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }

    public int size() {
        return reasons.size();
    }

    /**
     * What the VM printed when it could not load the suite's module (jbeam: "cannot load module
     * SUITE: why"), from the VM logs beside the suite's log; null if none says.
     */
    static String loadProblem(SuiteResult r) {
        if (r.log() == null || r.log().getParent() == null) {
            return null;
        }
        String name = r.suite().name();
        String marker = "cannot load module " + name + ": ";
        try (var logs = Files.newDirectoryStream(r.log().getParent(), "*.vm.log")) {
            for (Path log : logs) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    int at = line.indexOf(marker);
                    if (at >= 0) {
                        return line.substring(at + marker.length()).replaceFirst("^" + Pattern.quote(name) + ":\\s*", "");
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        return null;
    }

    /** The first line of a failure, shortened. */
    static String summary(String detail) {
        String first = detail.strip().lines().findFirst().orElse("").replace('\t', ' ');
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }
}
