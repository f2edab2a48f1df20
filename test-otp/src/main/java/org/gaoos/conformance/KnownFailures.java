package org.gaoos.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VM's known failures: the selected cases that do not pass on it yet, one line each,
 * {@code app:SUITE/[group/]case<TAB>reason}. The file is generated (never edited by hand) from a
 * run; a test run fails on any failure not listed and reports listed cases that now pass, so the
 * list only shrinks.
 */
public record KnownFailures(Map<String, String> reasons) {

    private static final String HEADER = """
            # Known failures of the OTP conformance suite on %s: generated, do not edit.
            # One line per case: app:SUITE/[group/]case<TAB>reason. Regenerate after a full run with
            #   mvn -pl test-otp -am test -Pconformance-full -Dconformance.updateKnownFailures=true
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

    /** Writes the failures of {@code results} as the new list. */
    public static void write(Path file, VmUnderTest vm, Collection<SuiteResult> results) {
        List<CaseResult> failed = new ArrayList<>();
        results.forEach(r -> r.cases().stream().filter(c -> c.status() == CaseResult.Status.FAILED).forEach(failed::add));
        failed.sort(Comparator.comparing(CaseResult::id));
        StringBuilder b = new StringBuilder(HEADER.formatted(vm.label()));
        for (CaseResult c : failed) {
            b.append(c.id()).append('\t').append(summary(c.detail())).append('\n');
        }
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line of a failure, shortened: the reason column. */
    static String summary(String detail) {
        String first = detail.strip().lines().findFirst().orElse("").replace('\t', ' ');
        return first.length() > 200 ? first.substring(0, 200) + "..." : first;
    }
}
