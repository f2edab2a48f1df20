import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java program the POSIX shim must run (issue 7): 10,000 virtual threads joined, enough
 * allocation for several collections, a file read from the initramfs, a file written to and read
 * back from the tmpfs, and null checks that HotSpot implements with SIGSEGV (so the shim's signal
 * delivery and rt_sigreturn are exercised). Prints one line per step and the marker {@code JAVA-SMOKE OK} last; any
 * failure prints {@code JAVA-SMOKE FAIL <why>} and exits 1. Uses java.base only.
 *
 * Usage: java JavaSmoke FILE EXPECTED-FIRST-LINE
 */
public final class JavaSmoke {
    static final int THREADS = 10_000;
    static final int GCS = 4;
    static final int NULL_CHECKS = 2_000;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) fail("usage: JavaSmoke FILE EXPECTED-FIRST-LINE");
        System.out.println("JavaSmoke: main() entered");
        virtualThreads();
        collections();
        readFile(Path.of(args[0]), args[1]);
        tmpFile();
        nullChecks();
        System.out.println("JAVA-SMOKE OK");
    }

    static void virtualThreads() throws InterruptedException {
        AtomicLong sum = new AtomicLong();
        List<Thread> threads = new ArrayList<>(THREADS);
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                Thread.yield();
                sum.addAndGet(n);
            }));
        }
        for (Thread t : threads) t.join();
        long want = (long) THREADS * (THREADS - 1) / 2;
        if (sum.get() != want) fail("virtual threads summed " + sum.get() + ", expected " + want);
        System.out.println("virtual threads: " + THREADS + " joined");
    }

    /** Counts collections without java.management: a weakly reachable sentinel is cleared by each one. */
    static void collections() {
        int gcs = 0;
        long allocated = 0, limit = 4L << 30;
        Object sentinel = new Object();
        WeakReference<Object> ref = new WeakReference<>(sentinel);
        sentinel = null;
        byte[][] keep = new byte[16][];
        for (int i = 0; gcs < GCS; i++) {
            keep[i & 15] = new byte[64 * 1024];
            allocated += 64 * 1024;
            if (ref.get() == null) {
                gcs++;
                ref = new WeakReference<>(new Object());
            }
            if (allocated > limit) fail("only " + gcs + " collections after " + (allocated >> 20) + " MB allocated");
        }
        System.out.println("collections: " + gcs + " observed after " + (allocated >> 20) + " MB allocated");
    }

    static void readFile(Path file, String expected) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(expected))
            fail(file + " starts with " + (lines.isEmpty() ? "nothing" : "'" + lines.get(0) + "'") + ", expected '" + expected + "'");
        System.out.println("read " + file + ": " + lines.size() + " lines");
    }

    static void tmpFile() throws IOException {
        Path tmp = Files.createTempFile("smoke", ".txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) text.append("line ").append(i).append(" \u00e9\u03bb\u4e2d\n");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        String back = Files.readString(tmp, StandardCharsets.UTF_8);
        if (!back.contentEquals(text)) fail("tmp file " + tmp + " read back differs");
        Files.delete(tmp);
        if (Files.exists(tmp)) fail("tmp file " + tmp + " still exists after delete");
        System.out.println("tmp file: " + back.length() + " chars written, read back and deleted");
    }

    static final class Box { int value; }

    /** HotSpot turns a null dereference into SIGSEGV and its handler into a NullPointerException. */
    static void nullChecks() {
        Box[] boxes = { new Box(), null };
        int caught = 0;
        for (int i = 0; i < NULL_CHECKS; i++) {
            try {
                caught -= boxes[i & 1].value;
            } catch (NullPointerException e) {
                caught++;
            }
        }
        if (caught != NULL_CHECKS / 2) fail("caught " + caught + " NullPointerExceptions, expected " + NULL_CHECKS / 2);
        System.out.println("null checks: " + caught + " NullPointerExceptions caught");
    }

    static void fail(String why) {
        System.out.println("JAVA-SMOKE FAIL " + why);
        System.exit(1);
    }
}
