package org.gaoos.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gaoos.otp.ReferenceOtp;

/**
 * The Erlang VM a suite runs on. Both are started with the same erl command line
 * ({@code -noshell -pa DIR ... -run M F ARGS}) and report through the same results file, so
 * adding a VM is one constant here.
 */
public enum VmUnderTest {
    /** The reference BEAM, OTP 27's {@code erl} (the oracle). */
    REFERENCE("reference") {
        @Override
        Path launcher(Path root) {
            return ReferenceOtp.get().erl();
        }
    },
    /** jbeam through {@code bin/jbeam}, its erl-compatible launcher. */
    JBEAM("jbeam") {
        @Override
        Path launcher(Path root) {
            return root.resolve("bin").resolve("jbeam");
        }
    };

    private final String label;

    VmUnderTest(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    abstract Path launcher(Path root);

    /** Why this VM cannot be started from the repository at {@code root}, if it cannot. */
    public Optional<String> unavailable(Path root) {
        Path launcher = launcher(root);
        if (!Files.isExecutable(launcher)) {
            return Optional.of(launcher + " does not exist or is not executable: " + label + " cannot run code yet");
        }
        return Optional.empty();
    }

    /** The command that runs {@code module:function(Args)} after boot, with {@code codePath} prepended. */
    public List<String> command(Path root, List<Path> codePath, String module, String function, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(launcher(root).toString());
        argv.add("-noshell");
        for (Path dir : codePath) {
            argv.add("-pa");
            argv.add(dir.toString());
        }
        argv.add("-run");
        argv.add(module);
        argv.add(function);
        argv.addAll(args);
        return argv;
    }
}
