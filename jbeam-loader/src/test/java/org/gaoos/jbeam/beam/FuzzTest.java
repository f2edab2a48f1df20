package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of real .beam files (bit flips, truncations, chunk sizes, 32-bit fields, byte
 * splices, insertions and deletions, damage inside the code and the uncompressed literal table): every
 * case must either load or be refused with a {@link BadBeamException}. Nothing else may escape, and a
 * per-case watchdog reports any case that does not finish (a hang), rather than timing anything.
 * {@code -Djbeam.fuzz.seed=N -Djbeam.fuzz.cases=N} reproduce or extend a run.
 */
class FuzzTest {
    static final long SEED = Long.getLong("jbeam.fuzz.seed", 0x6a6265616dL);
    static final int CASES = Integer.getInteger("jbeam.fuzz.cases", 8000);
    /** Far beyond any honest case (they take milliseconds); only a hang reaches it. */
    static final long WATCHDOG_SECONDS = 30;

    record Input(String name, byte[] bytes) {}

    @Test
    void mutatedBeamsLoadOrAreRefusedCleanly(@TempDir Path work) throws Exception {
        List<Input> inputs = inputs(work);
        SplittableRandom seeds = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        int refused = 0;
        ExecutorService exec = watchdogThread();
        try {
            for (int n = 0; n < CASES && failures.size() < 20; n++) {
                long caseSeed = seeds.nextLong();
                SplittableRandom rnd = new SplittableRandom(caseSeed);
                Input in = inputs.get(rnd.nextInt(inputs.size()));
                StringBuilder how = new StringBuilder();
                byte[] mutated = mutate(in.bytes(), rnd, how);
                String id = "case " + n + " (seed " + caseSeed + ", " + in.name() + ": " + how + ")";
                Future<?> result = exec.submit(() -> {
                    BeamFile.read(mutated);
                    return null;
                });
                try {
                    result.get(WATCHDOG_SECONDS, TimeUnit.SECONDS);
                    loaded++;
                } catch (TimeoutException e) {
                    failures.add(id + ": still running after " + WATCHDOG_SECONDS + " s (a hang)");
                    result.cancel(true);
                    exec.shutdownNow();
                    exec = watchdogThread();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof BadBeamException) {
                        refused++;
                    } else {
                        Throwable t = e.getCause();
                        failures.add(id + ": escaped " + t + " at " + Arrays.stream(t.getStackTrace()).limit(4).toList());
                    }
                }
            }
        } finally {
            exec.shutdownNow();
        }
        assertEquals(List.of(), failures, "seed " + SEED);
        assertEquals(CASES, loaded + refused);
        assertTrue(refused > CASES / 2, "the mutations mostly produce bad files: " + refused + " refused, " + loaded + " loaded");
    }

    private static ExecutorService watchdogThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "beam-fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    /** Real modules without their debug chunks (which the loader ignores), plus OTP 28-style variants. */
    static List<Input> inputs(Path work) throws Exception {
        ReferenceOtp otp = ReferenceOtp.get();
        List<Path> files = new ArrayList<>(List.of(otp.preloaded().resolve("prim_zip.beam"),
                otp.preloaded().resolve("erts_internal.beam"), otp.ebin("stdlib").resolve("base64.beam"),
                otp.ebin("stdlib").resolve("io_lib_format.beam"), otp.ebin("stdlib").resolve("maps.beam"),
                otp.ebin("compiler").resolve("beam_types.beam")));
        Path def = CompiledCorpus.compile(work.resolve("def"), List.of(), "ld_bits", "ld_control", "ld_maps");
        Path r24 = CompiledCorpus.compile(work.resolve("r24"), List.of("+r24"), "ld_bits");
        files.addAll(List.of(def.resolve("ld_bits.beam"), def.resolve("ld_control.beam"), def.resolve("ld_maps.beam"),
                r24.resolve("ld_bits.beam")));
        List<Input> out = new ArrayList<>();
        for (Path f : files) {
            Chunks c = Chunks.parse(OtpBeams.bytes(f)).remove("Dbgi").remove("Docs");
            byte[] plain = c.write();
            BeamFile.read(plain); // every input is valid before it is mutated
            out.add(new Input(f.getFileName().toString(), plain));
            byte[] litt = c.get("LitT");
            if (litt != null) {
                int size = ByteBuffer.wrap(litt).getInt();
                byte[] raw = c.put("LitT", Chunks.concat(Chunks.u32(0), Chunks.inflate(litt, 4, size))).write();
                BeamFile.read(raw);
                out.add(new Input(f.getFileName() + " (raw LitT)", raw));
            }
        }
        return out;
    }

    private static final int[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 0x7FFF, 0xFFFF, 0x10000,
            0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x40000000, 0x3FFFFFFF};

    static byte[] mutate(byte[] original, SplittableRandom rnd, StringBuilder how) {
        byte[] b = original.clone();
        List<int[]> chunks = chunkSpans(b); // {header offset, data offset, size}
        int kind = rnd.nextInt(9);
        switch (kind) {
            case 0 -> {
                int flips = 1 + rnd.nextInt(8);
                how.append(flips).append(" bit flips");
                for (int i = 0; i < flips; i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> {
                int len = rnd.nextInt(b.length);
                how.append("truncated to ").append(len);
                b = Arrays.copyOf(b, len);
            }
            case 2 -> {
                int[] c = chunks.get(rnd.nextInt(chunks.size()));
                int v = rnd.nextBoolean() ? INTERESTING[rnd.nextInt(INTERESTING.length)] : c[2] + rnd.nextInt(-9, 10);
                how.append("chunk size at ").append(c[0] + 4).append(" := ").append(Integer.toUnsignedString(v));
                ByteBuffer.wrap(b).putInt(c[0] + 4, v);
            }
            case 3 -> {
                int[] c = chunks.get(rnd.nextInt(chunks.size()));
                if (c[2] >= 4) {
                    int at = c[1] + 4 * rnd.nextInt(c[2] / 4);
                    int v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                    how.append("word at ").append(at).append(" := ").append(Integer.toUnsignedString(v));
                    ByteBuffer.wrap(b).putInt(at, v);
                } else {
                    how.append("no-op");
                }
            }
            case 4 -> {
                int at = rnd.nextInt(b.length);
                int len = Math.min(1 + rnd.nextInt(32), b.length - at);
                how.append(len).append(" random bytes at ").append(at);
                for (int i = 0; i < len; i++) {
                    b[at + i] = (byte) rnd.nextInt(256);
                }
            }
            case 5 -> {
                int at = rnd.nextInt(b.length);
                byte[] ins = new byte[1 + rnd.nextInt(16)];
                for (int i = 0; i < ins.length; i++) {
                    ins[i] = (byte) rnd.nextInt(256);
                }
                how.append(ins.length).append(" bytes inserted at ").append(at);
                b = Chunks.concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
            }
            case 6 -> {
                int at = rnd.nextInt(b.length);
                int len = Math.min(1 + rnd.nextInt(64), b.length - at);
                how.append(len).append(" bytes deleted at ").append(at);
                b = Chunks.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
            }
            default -> {
                // Damage inside one chunk's data, mostly the code and the literals: where the decoders work hardest.
                String want = kind == 7 ? "Code" : rnd.nextBoolean() ? "LitT" : "Code";
                byte[] file = b;
                int[] c = chunks.stream().filter(s -> new String(file, s[0], 4).equals(want)).findFirst()
                        .orElse(chunks.get(rnd.nextInt(chunks.size())));
                int flips = 1 + rnd.nextInt(4);
                how.append(flips).append(" byte changes in ").append(new String(b, c[0], 4));
                for (int i = 0; i < flips && c[2] > 0; i++) {
                    int at = c[1] + rnd.nextInt(c[2]);
                    b[at] = rnd.nextBoolean() ? (byte) rnd.nextInt(256) : (byte) (b[at] ^ (1 << rnd.nextInt(8)));
                }
            }
        }
        return b;
    }

    private static List<int[]> chunkSpans(byte[] b) {
        List<int[]> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int at = 12;
        while (at + 8 <= b.length) {
            int size = buf.getInt(at + 4);
            out.add(new int[] {at, at + 8, size});
            at += 8 + ((size + 3) & ~3);
        }
        return out;
    }
}
