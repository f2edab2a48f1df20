package org.gaoos.jbeam.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One program of the differential corpus: {@code NAME.erl} defining module {@code NAME} with
 * {@code main/0} (started with {@code -s NAME main}) or {@code main/1} (started with
 * {@code -run NAME main ARGS}). Header comments of the form {@code %% corpus: ...} say how it runs:
 * <ul>
 *   <li>{@code %% corpus: exit N} — the exit status the program ends with (default 0);</li>
 *   <li>{@code %% corpus: run A B "C D"} — start it with {@code -run} and these arguments;</li>
 *   <li>{@code %% corpus: erlc27-only} — uses syntax or features newer than OTP 25, so erlc 25 skips it;</li>
 *   <li>{@code %% corpus: r24} — also compiled by erlc 27 with {@code +r24}, which emits OTP 24's
 *       binary construction instructions ({@code bs_init2}, {@code bs_put_*}, {@code bs_add}...).</li>
 * </ul>
 */
record CorpusProgram(String name, Path source, int expectedExit, List<String> runArgs, boolean erlc27Only,
                      boolean r24) {

    private static final String DIRECTIVE = "%% corpus:";

    /** Every program in {@code dir}, sorted by name. */
    static List<CorpusProgram> all(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".erl"))
                    .sorted()
                    .map(CorpusProgram::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the corpus in " + dir, e);
        }
    }

    static CorpusProgram read(Path source) {
        String file = source.getFileName().toString();
        String name = file.substring(0, file.length() - ".erl".length());
        int exit = 0;
        List<String> run = null;
        boolean only27 = false, r24 = false;
        try {
            for (String line : Files.readAllLines(source)) {
                if (!line.startsWith(DIRECTIVE)) {
                    continue;
                }
                String d = line.substring(DIRECTIVE.length()).trim();
                if (d.startsWith("exit ")) {
                    exit = Integer.parseInt(d.substring(5).trim());
                } else if (d.equals("run") || d.startsWith("run ")) {
                    run = splitArgs(d.substring(3).trim());
                } else if (d.equals("erlc27-only")) {
                    only27 = true;
                } else if (d.equals("r24")) {
                    r24 = true;
                } else {
                    throw new IllegalArgumentException(source + ": unknown directive '" + line + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CorpusProgram(name, source, exit, run, only27, r24);
    }

    /** The arguments after the launcher and the code path: the same for erl and for bin/jbeam. */
    List<String> startArgs() {
        List<String> args = new ArrayList<>();
        if (runArgs == null) {
            args.addAll(List.of("-s", name, "main"));
        } else {
            args.addAll(List.of("-run", name, "main"));
            args.addAll(runArgs);
        }
        // A program that returns from main stops here; one that halts itself never gets this far.
        args.addAll(List.of("-s", "erlang", "halt"));
        return args;
    }

    /** Splits on spaces, keeping "double quoted" words together. */
    private static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
