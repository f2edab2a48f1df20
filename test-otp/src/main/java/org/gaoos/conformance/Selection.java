package org.gaoos.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The selection file: which OTP suites make up the conformance suite, in which tier, which of
 * them form the default slice that every {@code mvn test} runs, and which cases are dropped (with
 * the reason written down). Grammar, one statement per line, {@code #} starts a comment:
 * <pre>
 * tier N APP SUITE...            suites of tier N from APP (erts, compiler, stdlib, kernel)
 * default APP SUITE...           also in the default slice (must be selected by a tier line)
 * drop APP:SUITE/[GROUP/]CASE REASON...   not run: the runner reports it as dropped
 * drop APP:SUITE/GROUP[/GROUP] REASON...  every case under that group path is dropped
 * drop APP:SUITE REASON...        the whole suite is not run
 * </pre>
 */
public record Selection(List<Suite> suites, Map<String, String> drops) {

    /** A selected suite: {@code base} is the source suite of a compile variant (or the suite itself). */
    public record Suite(int tier, OtpTestDir dir, String name, String base, String variant, boolean inDefault) {
        public String id() {
            return dir.app() + ":" + name;
        }
    }

    public static Selection read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the selection file " + file, e);
        }
        Map<String, Suite> suites = new LinkedHashMap<>();
        Map<String, String> drops = new LinkedHashMap<>();
        List<String[]> defaults = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            String where = file.getFileName() + ":" + n + ": ";
            switch (w[0]) {
                case "tier" -> {
                    if (w.length < 4) {
                        throw new IllegalArgumentException(where + "expected: tier N APP SUITE...");
                    }
                    int tier = Integer.parseInt(w[1]);
                    OtpTestDir dir = OtpTestDir.of(w[2]);
                    for (int i = 3; i < w.length; i++) {
                        Suite s = suite(tier, dir, w[i], where);
                        if (suites.putIfAbsent(s.id(), s) != null) {
                            throw new IllegalArgumentException(where + s.id() + " is selected twice");
                        }
                    }
                }
                case "default" -> defaults.add(w);
                case "drop" -> {
                    if (w.length < 3) {
                        throw new IllegalArgumentException(where + "expected: drop APP:SUITE[/GROUP]/CASE REASON");
                    }
                    drops.put(w[1], line.substring(line.indexOf(w[1]) + w[1].length()).strip());
                }
                default -> throw new IllegalArgumentException(where + "unknown statement '" + w[0] + "'");
            }
        }
        for (String[] w : defaults) {
            for (int i = 2; i < w.length; i++) {
                String id = w[1] + ":" + w[i];
                Suite s = suites.get(id);
                if (s == null) {
                    throw new IllegalArgumentException("default " + id + " is not selected by a tier line");
                }
                suites.put(id, new Suite(s.tier(), s.dir(), s.name(), s.base(), s.variant(), true));
            }
        }
        return new Selection(List.copyOf(suites.values()), Map.copyOf(drops));
    }

    private static Suite suite(int tier, OtpTestDir dir, String name, String where) {
        if (!name.endsWith("_SUITE")) {
            throw new IllegalArgumentException(where + name + " is not a suite name (X_SUITE)");
        }
        for (String variant : dir.variants().keySet()) {
            String suffix = "_" + variant + "_SUITE";
            if (name.endsWith(suffix)) {
                return new Suite(tier, dir, name, name.substring(0, name.length() - suffix.length()) + "_SUITE", variant, false);
            }
        }
        return new Suite(tier, dir, name, name, null, false);
    }

    /**
     * The suites in scope, in selection order: a comma-separated union of {@code default} (the
     * default slice), {@code full} (everything), {@code tierN}, and suites by id ({@code APP:SUITE}) or name.
     * Suites dropped as a whole are left out.
     */
    public List<Suite> scope(String scope) {
        List<String> items = List.of(scope.split(",")).stream().map(String::strip).filter(x -> !x.isEmpty()).toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("conformance.scope is empty");
        }
        for (String item : items) {
            boolean known = item.equals("default") || item.equals("full") || item.matches("tier[0-9]+")
                    || suites.stream().anyMatch(s -> s.id().equals(item) || s.name().equals(item));
            if (!known) {
                throw new IllegalArgumentException("conformance.scope: '" + item
                        + "' is not default, full, tierN or a selected suite");
            }
        }
        return suites.stream()
                .filter(s -> !drops.containsKey(s.id()))
                .filter(s -> items.stream().anyMatch(item -> switch (item) {
                    case "default" -> s.inDefault();
                    case "full" -> true;
                    default -> item.equals("tier" + s.tier()) || item.equals(s.id()) || item.equals(s.name());
                }))
                .toList();
    }

    /** The drops of one suite's cases, keyed by {@code SUITE/[GROUP/]CASE} as the runner matches them. */
    public Map<String, String> caseDrops(Suite suite) {
        Map<String, String> result = new LinkedHashMap<>();
        String prefix = suite.id() + "/";
        drops.forEach((id, reason) -> {
            if (id.startsWith(prefix)) {
                result.put(id.substring(suite.dir().app().length() + 1), reason);
            }
        });
        return result;
    }
}
