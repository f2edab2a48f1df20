package org.gaoos.jbeam.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked-in list of corpus programs that jbeam does not run identically yet, each with its
 * reason. One line per entry: {@code PROGRAM REASON} (every variant) or {@code PROGRAM@VARIANT REASON}
 * (one variant, e.g. {@code bits_utf@erlc25}); {@code #} starts a comment. The list may only shrink:
 * a listed program that now passes fails its test until its line is deleted, unless its reason
 * starts with {@link #NONDETERMINISTIC} (its jbeam output depends on scheduling, so it may pass by
 * chance).
 */
record KnownFailures(Path file, Map<String, String> reasons) {

    /** Reason prefix of entries whose jbeam output varies from run to run. */
    static final String NONDETERMINISTIC = "nondeterministic:";

    static KnownFailures read(Path file) {
        Map<String, String> reasons = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": an entry needs a reason: '" + line + "'");
                }
                String key = line.substring(0, space);
                if (reasons.put(key, line.substring(space + 1).strip()) != null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + key + " is listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new KnownFailures(file, reasons);
    }

    /** Why {@code program} compiled as {@code variant} is expected to differ, if it is listed. */
    Optional<String> reason(String program, String variant) {
        String specific = reasons.get(program + "@" + variant);
        return Optional.ofNullable(specific != null ? specific : reasons.get(program));
    }

    /** Entries that name no program of the corpus (or no variant it is compiled in). */
    List<String> stale(List<CorpusProgram> programs, List<String> variants) {
        return reasons.keySet().stream().filter(key -> {
            String[] parts = key.split("@", 2);
            boolean known = programs.stream().anyMatch(p -> p.name().equals(parts[0]));
            return !known || (parts.length == 2 && !variants.contains(parts[1]));
        }).toList();
    }
}
