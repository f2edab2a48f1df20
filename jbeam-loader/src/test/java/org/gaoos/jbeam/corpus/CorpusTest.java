package org.gaoos.jbeam.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential corpus: every program in {@code src/test/erlang/corpus}, compiled by the
 * reference erlc 27, (most of them) by erlc 25 and (the bit-syntax ones) by erlc 27 with
 * {@code +r24}, is run with the same command line on the
 * reference {@code erl} and on {@code bin/jbeam}; stdout and the exit status must be identical.
 *
 * <p>Per program and variant one test: it fails when the reference run itself went wrong, when
 * jbeam differs and the program is not in {@code known-failures.txt}, and when a listed program
 * now passes (so that the list only shrinks). A listed program that still differs is reported as
 * aborted with the listed reason. Outputs are kept in {@code target/corpus/VARIANT/out/}.
 */
class CorpusTest {

    private static final Path CORPUS = Path.of("src/test/erlang/corpus");
    private static final Path WORK = Path.of("target/corpus");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    /** Runs both VMs in parallel, a few programs at a time: the whole corpus in about a minute. */
    private static final ExecutorService POOL =
            Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @TestFactory
    Stream<DynamicNode> corpus() {
        Path root = repositoryRoot();
        List<CorpusProgram> programs = CorpusProgram.all(CORPUS);
        KnownFailures known = KnownFailures.read(CORPUS.resolve("known-failures.txt"));
        ReferenceOtp otp = ReferenceOtp.get();
        Path jbeam = root.resolve("bin/jbeam");
        Optional<Path> jbeamLauncher = Files.isExecutable(jbeam) ? Optional.of(jbeam) : Optional.empty();

        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("known-failures.txt names only corpus programs", () -> {
            List<String> stale = known.stale(programs, List.of("erlc27", "erlc25", "erlc27+r24"));
            assertTrue(stale.isEmpty(), "entries naming no corpus program or variant: " + stale);
        }));
        nodes.add(variant(new Variant("erlc27", otp.erlc(), List.of()), programs, otp, jbeamLauncher, known));
        nodes.add(variant(new Variant("erlc27+r24", otp.erlc(), List.of("+r24")),
                programs.stream().filter(CorpusProgram::r24).toList(), otp, jbeamLauncher, known));
        VmRun.Result erlc25 = VmRun.run(List.of(root.resolve("tools/otp").toString(), "ensure25"), root, Duration.ofMinutes(10));
        Path erlc25Path = erlc25.exit() == 0 ? Path.of(erlc25.stdout().strip()) : null;
        if (erlc25Path != null && Files.isExecutable(erlc25Path)) {
            List<CorpusProgram> older = programs.stream().filter(p -> !p.erlc27Only()).toList();
            nodes.add(variant(new Variant("erlc25", erlc25Path, List.of()), older, otp, jbeamLauncher, known));
        } else {
            nodes.add(DynamicTest.dynamicTest("erlc25: the OTP 25 compiler is available",
                    () -> fail("tools/otp ensure25 gave no OTP 25 erlc:\n" + erlc25.stdout() + erlc25.stderr())));
        }
        return nodes.stream();
    }

    private DynamicContainer variant(Variant variant, List<CorpusProgram> programs, ReferenceOtp otp,
                                     Optional<Path> jbeam, KnownFailures known) {
        Path dir = WORK.resolve(variant.name());
        Path ebin = dir.resolve("ebin");
        String compilerOutput = variant.compile(programs, CORPUS, ebin);
        List<DynamicTest> tests = new ArrayList<>();
        for (CorpusProgram program : programs) {
            Path beam = ebin.resolve(program.name() + ".beam");
            List<String> args = new ArrayList<>(List.of("-noshell", "-pa", ebin.toAbsolutePath().toString()));
            args.addAll(program.startArgs());
            CompletableFuture<VmRun.Result> reference = launch(otp.erl(), args, dir, program, "erl");
            CompletableFuture<VmRun.Result> candidate = jbeam.map(j -> launch(j, args, dir, program, "jbeam")).orElse(null);
            tests.add(DynamicTest.dynamicTest(program.name() + " [" + variant.name() + "]", () -> {
                if (!Files.exists(beam)) {
                    fail(variant.name() + " did not compile " + program.source() + ":\n" + compilerOutput);
                }
                check(program, variant, args, reference.join(), candidate == null ? null : candidate.join(), known, dir);
            }));
        }
        return DynamicContainer.dynamicContainer(variant.name(), tests);
    }

    private static CompletableFuture<VmRun.Result> launch(Path launcher, List<String> args, Path dir,
                                                         CorpusProgram program, String vm) {
        return CompletableFuture.supplyAsync(() -> {
            Path cwd = dir.resolve("cwd").resolve(vm).resolve(program.name());
            try {
                Files.createDirectories(cwd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> argv = new ArrayList<>();
            argv.add(launcher.toString());
            argv.addAll(args);
            VmRun.Result r = VmRun.run(argv, cwd, RUN_TIMEOUT);
            save(dir.resolve("out"), program.name() + "." + vm, r);
            return r;
        }, POOL);
    }

    private static void check(CorpusProgram program, Variant variant, List<String> args, VmRun.Result ref,
                              VmRun.Result jbeam, KnownFailures known, Path dir) {
        String commandLine = String.join(" ", args);
        String test = program.name() + " [" + variant.name() + "]";
        // The oracle first: a corpus program that misbehaves on the reference is a broken test.
        assertTrue(!ref.timedOut(), test + ": the reference erl timed out on " + commandLine);
        assertEquals(program.expectedExit(), ref.exit(), () -> test + ": the reference erl exited " + ref.exit()
                + " (expected " + program.expectedExit() + ") on " + commandLine + "\nstderr:\n" + ref.stderr());

        Optional<String> listed = known.reason(program.name(), variant.name());
        String difference = jbeam == null ? "bin/jbeam not built yet" : difference(ref, jbeam);
        if (difference == null) {
            // A listed program whose output on jbeam depends on scheduling may pass by chance:
            // its line stays until it passes for a reason, so it must not turn the build red.
            listed.filter(reason -> !reason.startsWith(KnownFailures.NONDETERMINISTIC))
                    .ifPresent(reason -> fail(test + " now runs identically on jbeam:"
                            + " delete its line from " + known.file() + " (it said: " + reason + ")"));
            return;
        }
        if (listed.isPresent()) {
            Assumptions.abort(test + ": known failure: " + listed.get() + (jbeam == null ? "" : "\n" + difference));
        }
        fail(test + " differs between erl and bin/jbeam " + commandLine + "\n"
                + difference + "\noutputs in " + dir.resolve("out").toAbsolutePath()
                + "\n(if this is expected for now, add a line '" + program.name() + " REASON' to " + known.file() + ")");
    }

    /** Null when stdout and exit status are identical, else a description of the first difference. */
    static String difference(VmRun.Result ref, VmRun.Result jbeam) {
        StringBuilder d = new StringBuilder();
        if (ref.exit() != jbeam.exit()) {
            d.append("exit status: erl ").append(ref.exit()).append(", jbeam ").append(jbeam.exit())
                    .append(jbeam.timedOut() ? " (timed out)" : "").append('\n');
        }
        if (!ref.stdout().equals(jbeam.stdout())) {
            String[] a = ref.stdout().split("\n", -1), b = jbeam.stdout().split("\n", -1);
            int i = 0;
            while (i < a.length && i < b.length && a[i].equals(b[i])) {
                i++;
            }
            d.append("stdout differs at line ").append(i + 1).append(":\n  erl:   ")
                    .append(i < a.length ? a[i] : "<end of output>").append("\n  jbeam: ")
                    .append(i < b.length ? b[i] : "<end of output>").append('\n');
        }
        if (d.isEmpty()) {
            return null;
        }
        String err = jbeam.stderr();
        return d.append("jbeam stderr (tail):\n").append(err.substring(Math.max(0, err.length() - 2000))).toString();
    }

    private static void save(Path out, String stem, VmRun.Result r) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve(stem + ".stdout"), r.stdout());
            Files.writeString(out.resolve(stem + ".stderr"), r.stderr() + "\n[exit " + r.exit() + "]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("tools/otp"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (a directory with tools/otp) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
