package org.gaoos.jbeam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.runtime.Vm;

/**
 * {@code bin/jbeam}: what {@code erlexec} does for {@code erl}. It turns the command line into the
 * boot arguments BEAM hands to {@code erl_init:start(init, BootArgs)}:
 * {@code -root Root -bindir Bindir -progname erl -- -home Home -- Args...}, with the emulator's
 * {@code +flags} taken out, {@code -noinput} expanded to {@code -noshell -noinput}, and the
 * {@code ERL_AFLAGS}/{@code ERL_FLAGS}/{@code ERL_ZFLAGS} environment variables added as erlexec
 * does. Everything else (boot script, {@code -eval}, {@code -s}, the shell) is OTP's own
 * {@code init} running on the VM ({@link Vm#boot}).
 *
 * <p>The OTP installation is found from {@code jbeam.otp.root} or {@code OTP_ROOT}, else from
 * {@code jbeam.otp.lib}/{@code OTP_LIB} (its parent directory).
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] argv) throws InterruptedException {
        Path root = otpRoot();
        if (root == null || !Files.isDirectory(root.resolve("lib"))) {
            System.err.println("jbeam: no OTP installation found (set OTP_ROOT or OTP_LIB, see tools/otp env)");
            System.exit(2);
        }
        Vm.boot(root, bootArgs(root, argv));
        // The VM runs until halt/0,1,2 ends the JVM (virtual threads do not keep it alive).
        Thread.currentThread().join();
    }

    /** erlexec's argument massage, for the flags that matter on jbeam. */
    static List<String> bootArgs(Path root, String[] argv) {
        List<String> user = new ArrayList<>();
        addEnvFlags(user, "ERL_AFLAGS");
        for (String a : argv) user.add(a);
        addEnvFlags(user, "ERL_FLAGS");
        addEnvFlags(user, "ERL_ZFLAGS");

        List<String> args = new ArrayList<>();
        String home = System.getenv("HOME");
        if (home != null) {
            args.add("-home");
            args.add(home);
        }
        args.add("--");
        boolean extra = false;
        for (int i = 0; i < user.size(); i++) {
            String a = user.get(i);
            if (extra) {
                args.add(a);
            } else if (a.equals("-extra")) {
                extra = true;
                args.add(a);
            } else if (a.equals("-noinput")) {
                args.add("-noshell");
                args.add("-noinput");
            } else if (a.startsWith("+")) {
                // An emulator flag: BEAM tunes itself with these; jbeam has nothing to tune.
                if (takesValue(a) && i + 1 < user.size()) i++;
            } else if (a.equals("-env") && i + 2 < user.size()) {
                i += 2; // erlexec sets the variable for the emulator; the JVM's environment is fixed
            } else {
                args.add(a);
            }
        }
        List<String> boot = new ArrayList<>(List.of(
                "-root", root.toString(),
                "-bindir", root.resolve("erts-" + ertsVersion(root)).resolve("bin").toString(),
                "-progname", "erl", "--"));
        boot.addAll(args);
        return boot;
    }

    /** Emulator flags that take their value as a separate argument (erlexec's table, abridged). */
    private static boolean takesValue(String flag) {
        if (flag.length() < 2) return false;
        return switch (flag.substring(1)) {
            case "B", "Bc", "Bd", "Bi", "d", "r", "V", "c" -> false;
            default -> true;
        };
    }

    private static void addEnvFlags(List<String> out, String var) {
        String v = System.getenv(var);
        if (v == null || v.isBlank()) return;
        for (String w : v.trim().split("\\s+")) out.add(w);
    }

    private static String ertsVersion(Path root) {
        try (var s = Files.list(root.resolve("lib"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("erts-"))
                    .map(n -> n.substring(5)).findFirst().orElse("0");
        } catch (java.io.IOException e) {
            return "0";
        }
    }

    private static Path otpRoot() {
        String r = setting("jbeam.otp.root", "OTP_ROOT");
        if (r != null) return Path.of(r);
        String lib = setting("jbeam.otp.lib", "OTP_LIB");
        return lib == null ? null : Path.of(lib).toAbsolutePath().getParent();
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
