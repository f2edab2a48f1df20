package org.gaoos.jbeam.bif;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** The {@code os} BIFs: environment variables (a VM-local copy of the JVM's environment), pid, time. */
public final class OsBifs {
    private OsBifs() {}

    private static final Map<String, String> ENV = new ConcurrentHashMap<>(System.getenv());

    /** The VM's environment as os:putenv/unsetenv left it (what programs started by ports get). */
    public static Map<String, String> environment() {
        return Map.copyOf(ENV);
    }

    private static String string(Term t) {
        String s = Lists.toStringOrNull(t);
        if (s == null) throw Errors.badarg();
        return s;
    }

    @Bif(module = "os", value = "getenv")
    public static Term getenv(Term name) {
        String v = ENV.get(string(name));
        return v == null ? Atom.FALSE : Lists.fromString(v);
    }

    @Bif(module = "os", value = "getenv")
    public static Term getenv() {
        ListBuilder lb = new ListBuilder();
        ENV.forEach((k, v) -> lb.add(Lists.fromString(k + "=" + v)));
        return lb.build();
    }

    /** os:env/0: [{Name, Value}] of the environment (os:getenv/0 is built on it in OTP). */
    @Bif(module = "os", value = "env")
    public static Term env() {
        ListBuilder lb = new ListBuilder();
        ENV.forEach((k, v) -> lb.add(org.gaoos.jbeam.term.Tuple.of(Lists.fromString(k), Lists.fromString(v))));
        return lb.build();
    }

    @Bif(module = "os", value = "putenv")
    public static Term putenv(Term name, Term value) {
        String k = string(name);
        if (k.isEmpty() || k.indexOf('=') >= 0) throw Errors.badarg();
        ENV.put(k, string(value));
        return Atom.TRUE;
    }

    @Bif(module = "os", value = "unsetenv")
    public static Term unsetenv(Term name) {
        ENV.remove(string(name));
        return Atom.TRUE;
    }

    @Bif(module = "os", value = "getpid")
    public static Term getpid() {
        return Lists.fromString(Long.toString(ProcessHandle.current().pid()));
    }

    @Bif(module = "os", value = "system_time")
    public static Term systemTime() {
        return ProcessBifs.systemTime();
    }

    @Bif(module = "os", value = "system_time")
    public static Term systemTime(Term unit) {
        return ProcessBifs.systemTime(unit);
    }

    @Bif(module = "os", value = "timestamp")
    public static Term timestamp() {
        return ProcessBifs.timestamp();
    }

    /** The perf_counter time unit is nanoseconds here (see TimerBifs' unit table). */
    @Bif(module = "os", value = "perf_counter")
    public static Term perfCounter() {
        return org.gaoos.jbeam.term.Int.of(System.nanoTime());
    }

    @SuppressWarnings("unused")
    private static Term pair(Term a, Term b) { return Tuple.of(a, b); }

    @SuppressWarnings("unused")
    private static Term zero() { return Small.ZERO; }
}
