package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * erlang:system_info/1 for the items jbeam can answer truthfully: the release it implements
 * (OTP 27, erts 15.2.7), its limits, counts and scheduler figures (schedulers are the JVM's
 * carrier threads: one per available processor), and the values OTP's own code reads at start
 * (e.g. erts_code_purger's {@code outstanding_system_requests_limit}, BEAM's default of twice
 * the schedulers). Any other item is badarg (not yet known to jbeam).
 */
public final class SystemInfoBifs {
    private SystemInfoBifs() {}

    private static int cpus() { return Runtime.getRuntime().availableProcessors(); }

    @Bif("system_info")
    public static Term systemInfo(Term item) {
        if (item instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("wordsize")
                && (t.get(1) == Atom.of("internal") || t.get(1) == Atom.of("external"))) {
            return Small.of(8);
        }
        if (!(item instanceof Atom a)) throw Errors.badarg();
        return switch (a.name()) {
            case "otp_release" -> Lists.fromString("27");
            case "version" -> Lists.fromString("15.2.7");
            case "machine" -> Lists.fromString("BEAM");
            case "compat_rel" -> Small.of(27);
            case "wordsize" -> Small.of(8);
            case "schedulers", "schedulers_online", "logical_processors", "logical_processors_available",
                 "logical_processors_online", "dirty_cpu_schedulers", "dirty_cpu_schedulers_online" -> Small.of(cpus());
            case "outstanding_system_requests_limit" -> Small.of(2L * cpus());
            case "process_count" -> Small.of(Processes.count());
            case "process_limit", "atom_limit" -> Small.of(1 << 20);
            case "atom_count" -> Small.of(Atom.count());
            case "context_reductions" -> Small.of(org.gaoos.jbeam.runtime.Proc.BUDGET);
            case "smp_support", "threads" -> Atom.TRUE;
            case "debug_compiled" -> Atom.FALSE;
            case "build_type", "emu_type" -> Atom.of("opt");
            case "heap_type" -> Atom.of("private");
            case "endian" -> Atom.of("little");
            case "hipe_architecture" -> Atom.UNDEFINED;
            case "multi_scheduling" -> Atom.of("enabled");
            case "normal_multi_scheduling_blockers", "multi_scheduling_blockers" -> org.gaoos.jbeam.term.Nil.NIL;
            default -> throw Errors.badarg();
        };
    }
}
