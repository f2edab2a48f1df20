package org.gaoos.conformance;

import java.nio.file.Path;

/**
 * Where the conformance suite's inputs and outputs live: the repository ({@code bin/jbeam},
 * docs), this module (the runner's Erlang sources, the selection and known-failures files) and
 * its build directory {@code target/conformance}.
 */
public record Workspace(Path root, Path module) {

    /** From the system properties Surefire sets (conformance.root, conformance.module), else the working directory. */
    public static Workspace fromSystemProperties() {
        Path module = Path.of(System.getProperty("conformance.module", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = Path.of(System.getProperty("conformance.root", module.getParent().toString())).toAbsolutePath();
        return new Workspace(root, module);
    }

    public Path runnerSources() {
        return module.resolve("src/main/erlang");
    }

    public Path selectionFile() {
        return module.resolve("selection.txt");
    }

    public Path knownFailuresFile(VmUnderTest vm) {
        return module.resolve("known-failures-" + vm.label() + ".txt");
    }

    public Path build() {
        return module.resolve("target/conformance");
    }

    public Path runnerEbin() {
        return build().resolve("runner");
    }

    public Path suiteEbin(OtpTestDir dir) {
        // named like OTP's installed test directories: a code path entry named after an
        // application (…/stdlib) would make code:lib_dir(stdlib) resolve to it
        return build().resolve("suites").resolve(dir.app() + "_test");
    }

    public Path runs(VmUnderTest vm) {
        return build().resolve(vm.label());
    }

    public Path conformanceDoc() {
        return root.resolve("docs/conformance.md");
    }
}
