package org.gaoos.otp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the reference Erlang/OTP 27 lives: its {@code erl}/{@code erlc}/{@code escript}, its
 * runtime {@code .beam} files and its source tree with the test suites. The build writes these
 * paths (from {@code tools/otp env}) after {@code tools/otp ensure} has provided them.
 */
public record ReferenceOtp(Path root, Path bin, Path lib, Path src, Path preloaded) {

    private static final String PATHS = "otp.properties";

    /** The reference OTP recorded by the build. */
    public static ReferenceOtp get() {
        Properties p = new Properties();
        try (InputStream in = ReferenceOtp.class.getResourceAsStream(PATHS)) {
            if (in == null) {
                throw new IllegalStateException("no " + PATHS + " on the class path: build reference-otp"
                        + " (mvn -pl reference-otp generate-resources) or run tools/otp ensure");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReferenceOtp otp = new ReferenceOtp(path(p, "OTP_ROOT"), path(p, "OTP_BIN"), path(p, "OTP_LIB"),
                path(p, "OTP_SRC"), path(p, "OTP_PRELOADED"));
        if (!Files.isExecutable(otp.erl())) {
            throw new IllegalStateException("the reference erl is missing at " + otp.erl() + ": run tools/otp ensure");
        }
        return otp;
    }

    private static Path path(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(PATHS + " lacks " + key + ": run tools/otp env");
        }
        return Path.of(v.trim());
    }

    public Path erl() {
        return bin.resolve("erl");
    }

    public Path erlc() {
        return bin.resolve("erlc");
    }

    public Path escript() {
        return bin.resolve("escript");
    }

    /** An OTP application's ebin directory, e.g. {@code stdlib}. */
    public Path ebin(String application) {
        try (var dirs = Files.list(lib)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(application + "-"))
                    .findFirst()
                    .map(d -> d.resolve("ebin"))
                    .orElseThrow(() -> new IllegalStateException("no application " + application + " in " + lib));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
