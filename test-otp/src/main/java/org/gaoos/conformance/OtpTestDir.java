package org.gaoos.conformance;

import java.util.List;
import java.util.Map;

/**
 * An OTP test directory the conformance suite draws from, with the compiler flags OTP's own
 * Makefile uses for it and for the compile variants it generates (a copy of {@code X_SUITE} named
 * {@code X_<variant>_SUITE}, compiled with the variant's flags).
 */
public enum OtpTestDir {
    ERTS("erts", "erts/emulator/test", List.of(), List.of("lib/stdlib/test/error_info_lib.erl"),
            Map.of("no_opt", List.of("+no_copt", "+no_postopt", "+no_ssa_opt", "+no_bsm_opt"),
                    "r24", List.of("+r24"),
                    "r25", List.of("+r25"),
                    "stripped_types", List.of("+strip_types"))),
    COMPILER("compiler", "lib/compiler/test", List.of("+clint", "+clint0", "+ssalint"), List.of(),
            Map.of("no_opt", List.of("+no_copt", "+no_bool_opt", "+no_share_opt", "+no_bsm_opt", "+no_fun_opt",
                            "+no_ssa_opt", "+no_recv_opt", "+no_postopt"),
                    "inline", List.of("+inline"),
                    "r24", List.of("+r24"),
                    "r25", List.of("+r25"))),
    STDLIB("stdlib", "lib/stdlib/test", List.of("-I", "@SRC@/lib/kernel/include", "-I", "@SRC@/lib/stdlib/include"),
            List.of("erts/emulator/test/erts_test_utils.erl", "lib/sasl/test/otp_vsns.erl", "lib/kernel/test/rtnode.erl",
                    "otp_versions.table"),
            Map.of()),
    KERNEL("kernel", "lib/kernel/test", List.of(),
            List.of("lib/sasl/test/otp_vsns.erl", "lib/stdlib/test/error_info_lib.erl", "otp_versions.table"), Map.of());

    private final String app;
    private final String path;
    private final List<String> flags;
    private final List<String> extras;
    private final Map<String, List<String>> variants;

    OtpTestDir(String app, String path, List<String> flags, List<String> extras, Map<String, List<String>> variants) {
        this.app = app;
        this.path = path;
        this.flags = flags;
        this.extras = extras;
        this.variants = variants;
    }

    /** The application name used in selection files and test ids, e.g. {@code erts}. */
    public String app() {
        return app;
    }

    /** The directory in OTP's source tree. */
    public String path() {
        return path;
    }

    /** erlc flags for every module of this directory; {@code @SRC@} stands for the OTP source tree. */
    public List<String> flags(String otpSrc) {
        return flags.stream().map(f -> f.replace("@SRC@", otpSrc)).toList();
    }

    /**
     * Files from elsewhere in OTP's source tree that OTP's test Makefile installs into this test
     * directory (its ERTS_MODULES, STDLIB_MODULES, KERNEL_MODULES, SASL_MODULES, EXTRA_FILES):
     * helper modules the suites call, compiled with this directory's flags, and data files.
     */
    public List<String> extras() {
        return extras;
    }

    public Map<String, List<String>> variants() {
        return variants;
    }

    public static OtpTestDir of(String app) {
        for (OtpTestDir d : values()) {
            if (d.app.equals(app)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown OTP test directory '" + app + "' (known: erts, compiler, stdlib, kernel)");
    }
}
