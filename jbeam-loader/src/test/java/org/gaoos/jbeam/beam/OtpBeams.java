package org.gaoos.jbeam.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gaoos.otp.ReferenceOtp;

/** The reference OTP 27 runtime's .beam files: erts' preloaded modules and every lib/APP/ebin. */
final class OtpBeams {
    private OtpBeams() {}

    static List<Path> all() {
        ReferenceOtp otp = ReferenceOtp.get();
        List<Path> out = new ArrayList<>(list(otp.preloaded()));
        try (Stream<Path> apps = Files.list(otp.lib())) {
            for (Path app : apps.sorted().toList()) {
                Path ebin = app.resolve("ebin");
                if (Files.isDirectory(ebin) && !ebin.equals(otp.preloaded())) {
                    out.addAll(list(ebin));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".beam")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
