package org.gaoos.otp.stdlib;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OTP 27's runtime as jbeam ships it: {@code otp/<app>-<vsn>/ebin/*.beam}, the clean boot scripts
 * in {@code otp/bin/} and an index {@code otp/modules.idx} on the class path, so that a jbeam image
 * needs no OTP installation.
 */
public final class OtpRuntime {

    /** The class-path directory that holds the packaged applications. */
    public static final String ROOT = "otp/";

    private static final Map<String, String> MODULES = readIndex();

    private OtpRuntime() {}

    /** Module name to its path under {@link #ROOT}, e.g. {@code lists -> stdlib-6.2.2.1/ebin/lists.beam}. */
    public static Map<String, String> modules() {
        return MODULES;
    }

    /** The {@code .beam} file of a packaged module. */
    public static Optional<byte[]> beam(String module) {
        String path = MODULES.get(module);
        return path == null ? Optional.empty() : read(path);
    }

    /** A packaged file, e.g. {@code bin/start_clean.boot}. */
    public static Optional<byte[]> read(String relativePath) {
        try (InputStream in = open(relativePath)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ROOT + relativePath, e);
        }
    }

    private static InputStream open(String relativePath) {
        return OtpRuntime.class.getClassLoader().getResourceAsStream(ROOT + relativePath);
    }

    private static Map<String, String> readIndex() {
        Map<String, String> index = new LinkedHashMap<>();
        try (InputStream in = open("modules.idx")) {
            if (in == null) {
                throw new IllegalStateException(ROOT + "modules.idx is not on the class path: build otp-stdlib");
            }
            var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    index.putIfAbsent(line.substring(0, space), line.substring(space + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(index);
    }
}
