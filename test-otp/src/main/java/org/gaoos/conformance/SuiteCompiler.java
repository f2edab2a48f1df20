package org.gaoos.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;

/**
 * Builds what the VMs under test load: the runner's own Erlang modules, and the selected OTP
 * suites with every helper module of their directories, compiled by the reference OTP 27
 * compiler with the flags OTP's Makefiles use. The build output mirrors OTP's installed test
 * layout: each directory holds the {@code .erl} sources beside their {@code .beam} files and
 * copies of the {@code X_SUITE_data} folders. Files are recompiled only when their
 * source changed.
 */
public final class SuiteCompiler {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final Workspace ws;
    private final ReferenceOtp otp;

    public SuiteCompiler(Workspace ws) {
        this.ws = ws;
        this.otp = ReferenceOtp.get();
    }

    /** Compiles the runner's modules (ct, test_server, conformance_*) into {@code target/conformance/runner}. */
    public Path compileRunner() {
        Path out = ws.runnerEbin();
        try {
            Files.createDirectories(out);
            List<String> argv = new ArrayList<>(List.of(otp.erlc().toString(), "-Wall", "+warnings_as_errors",
                    "+debug_info", "-o", out.toString()));
            try (Stream<Path> sources = Files.list(ws.runnerSources())) {
                sources.filter(p -> p.toString().endsWith(".erl")).sorted().forEach(p -> argv.add(p.toString()));
            }
            Command.run(argv, ws.module(), TIMEOUT).requireSuccess(argv);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the given suites (and their directories' helper modules) when needed. Returns the
     * suites that do not compile, with the compiler's errors.
     */
    public Map<String, String> compile(Collection<Selection.Suite> suites) {
        Path runner = compileRunner();
        List<String> jobs = new ArrayList<>();
        Map<Path, Selection.Suite> suiteSources = new HashMap<>();
        Map<OtpTestDir, List<Selection.Suite>> byDir = new LinkedHashMap<>();
        suites.forEach(s -> byDir.computeIfAbsent(s.dir(), d -> new ArrayList<>()).add(s));
        try {
            for (var e : byDir.entrySet()) {
                OtpTestDir dir = e.getKey();
                Path src = otp.src().resolve(dir.path());
                Path out = ws.suiteEbin(dir);
                Files.createDirectories(out);
                List<String> options = options(dir, src, out);
                try (Stream<Path> files = Files.list(src)) {
                    for (Path helper : files.filter(p -> p.toString().endsWith(".erl")
                            && !p.getFileName().toString().endsWith("_SUITE.erl")).sorted().toList()) {
                        Path copy = copy(helper, out.resolve(helper.getFileName()), null, null);
                        addJob(jobs, copy, out, options);
                    }
                }
                for (String extra : dir.extras()) {
                    Path from = otp.src().resolve(extra);
                    Path copy = copy(from, out.resolve(from.getFileName()), null, null);
                    if (extra.endsWith(".erl")) {
                        addJob(jobs, copy, out, options);
                    }
                }
                for (Selection.Suite s : e.getValue()) {
                    Path source = src.resolve(s.base() + ".erl");
                    Path copy = copy(source, out.resolve(s.name() + ".erl"), s.base(), s.name());
                    List<String> suiteOptions = new ArrayList<>(options);
                    if (s.variant() != null) {
                        dir.variants().get(s.variant()).forEach(f -> suiteOptions.add(ErlTerms.compileOption(f)));
                    }
                    addJob(jobs, copy, out, suiteOptions);
                    suiteSources.put(copy, s);
                    copyDataDir(src, out, s.base());
                }
            }
            Map<String, String> failures = new LinkedHashMap<>();
            if (!jobs.isEmpty()) {
                Path jobsFile = ws.build().resolve("compile-jobs.terms");
                Files.writeString(jobsFile, String.join("", jobs), StandardCharsets.UTF_8);
                List<String> argv = VmUnderTest.REFERENCE.command(ws.root(), List.of(runner),
                        "conformance_compile", "main", List.of(jobsFile.toString()));
                Command.Result r = Command.run(argv, ws.build(), TIMEOUT).requireSuccess(argv);
                for (String line : r.stdout().split("\n")) {
                    String[] f = line.split("\t", 3);
                    if (f.length == 3 && f[0].equals("failed")) {
                        Selection.Suite s = suiteSources.get(Path.of(f[1]));
                        if (s != null) {
                            failures.put(s.id(), ErlTerms.unescape(f[2]));
                        }
                    }
                }
            }
            for (var e : suiteSources.entrySet()) {
                if (!Files.exists(beam(e.getKey())) && !failures.containsKey(e.getValue().id())) {
                    failures.put(e.getValue().id(), "no " + beam(e.getKey()) + " after compiling");
                }
            }
            return failures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> options(OtpTestDir dir, Path src, Path out) {
        List<String> options = new ArrayList<>();
        options.add("{outdir," + ErlTerms.string(out.toString()) + "}");
        options.add("{i," + ErlTerms.string(src.toString()) + "}");
        options.add("debug_info");
        List<String> flags = dir.flags(otp.src().toString());
        for (int i = 0; i < flags.size(); i++) {
            String f = flags.get(i);
            if (f.equals("-I")) {
                options.add("{i," + ErlTerms.string(flags.get(++i)) + "}");
            } else {
                options.add(ErlTerms.compileOption(f));
            }
        }
        return options;
    }

    private static void addJob(List<String> jobs, Path source, Path out, List<String> options) throws IOException {
        Path beam = beam(source);
        if (Files.exists(beam) && Files.getLastModifiedTime(beam).compareTo(Files.getLastModifiedTime(source)) >= 0) {
            return;
        }
        Files.deleteIfExists(beam);
        jobs.add("{compile," + ErlTerms.string(source.getParent().toString()) + ","
                + ErlTerms.string(source.getFileName().toString()) + ",[" + String.join(",", options) + "]}.\n");
    }

    private static Path beam(Path source) {
        String name = source.getFileName().toString();
        return source.resolveSibling(name.substring(0, name.length() - 4) + ".beam");
    }

    /** Copies a source, renaming the module for a compile variant as OTP's Makefiles do (sed on -module). */
    private static Path copy(Path from, Path to, String module, String newModule) throws IOException {
        String text = Files.readString(from, StandardCharsets.ISO_8859_1);
        if (newModule != null && !newModule.equals(module)) {
            text = text.replace("-module(" + module + ")", "-module(" + newModule + ")");
        }
        if (!Files.exists(to) || !Files.readString(to, StandardCharsets.ISO_8859_1).equals(text)) {
            Files.writeString(to, text, StandardCharsets.ISO_8859_1);
        }
        return to;
    }

    /**
     * Copies (never links) a suite's data folder beside its beam: suites write into their data_dir
     * (zip_SUITE, zlib_SUITE), and OTP's source tree is shared. Files already copied and unchanged
     * are kept; files the suites created are left alone, as in an installed OTP test directory.
     */
    private static void copyDataDir(Path src, Path out, String base) throws IOException {
        Path data = src.resolve(base + "_data");
        Path copy = out.resolve(base + "_data");
        if (Files.isSymbolicLink(copy)) {
            Files.delete(copy);  // the layout of earlier builds
        }
        if (!Files.isDirectory(data)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.toList();
        }
        for (Path from : files) {
            Path to = copy.resolve(data.relativize(from).toString());
            if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(to);
            } else if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)
                    || Files.isSymbolicLink(from) != Files.isSymbolicLink(to)
                    || !Files.isSymbolicLink(from) && (Files.size(from) != Files.size(to)
                        || Files.getLastModifiedTime(from).compareTo(Files.getLastModifiedTime(to)) != 0)) {
                to.toFile().setWritable(true);
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
