package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code erlang:system_info/1} and {@code erlang:system_flag/2}: the VM as OTP sees it. jbeam
 * answers as the OTP release whose modules it runs (27, erts 15.2.7) on a 64-bit machine with one
 * scheduler per available processor; {@code machine} is {@code "BEAM"} because OTP's libraries
 * branch on it (there is nothing else they would recognise), and {@code system_version} says
 * {@code [jbeam]}. Items about BEAM internals jbeam does not have (allocators, check_io, crash
 * dumps) are badarg, as for an unknown item, except the allocator requests timer_bif_SUITE makes
 * ({memory_internal, Ref, Allocs}): jbeam answers that the allocators are disabled.
 */
public final class SystemInfoBifs {
    private SystemInfoBifs() {}

    public static final String OTP_RELEASE = "27";
    public static final String ERTS_VERSION = "15.2.7";

    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final java.util.concurrent.atomic.AtomicLong outstandingSystemRequestsLimit =
            new java.util.concurrent.atomic.AtomicLong(2L * CPUS);  // BEAM's default: 2 x schedulers


    public static String systemVersion() {
        return "Erlang/OTP " + OTP_RELEASE + " [erts-" + ERTS_VERSION + "] [jbeam] [64-bit] [smp:" + CPUS + ":" + CPUS + "]\n";
    }

    /**
     * error_logger:warning_map/0: the tag error_logger gives warnings, erl's {@code +W} flag;
     * jbeam takes no such flag and has BEAM's default. error_logger's report handlers need it.
     */
    @Bif(module = "error_logger", value = "warning_map")
    public static Term warningMap() {
        return Atom.of("warning");
    }

    @Bif("system_info")
    public static Term systemInfo(Term item) {
        if (item instanceof Tuple t && t.arity() == 3
                && (t.get(0) == Atom.of("memory_internal") || t.get(0) == Atom.of("allocator_sizes"))) {
            return allocInfo(Processes.current(), t.get(1), t.get(2));
        }
        if (item instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom k) {
            switch (k.name()) {
                case "allocator", "allocator_sizes":
                    // BEAM traps to erlang:alloc_info/alloc_sizes, which gather the answers of
                    // {Item, Ref, Allocs}: every allocator disabled (see allocInfo)
                    if (t.get(1) instanceof Atom a && ALLOCATORS.contains(a.name())) return Atom.FALSE;
                    return disabled(t.get(1));
                case "wordsize":
                    if (t.get(1) == Atom.of("internal") || t.get(1) == Atom.of("external")) return Small.of(8);
                    break;
                case "cpu_topology":
                    if (t.get(1) == Atom.of("defined")) return Atom.UNDEFINED;
                    if (t.get(1) == Atom.of("detected") || t.get(1) == Atom.of("used")) return cpuTopology();
                    break;
                default:
                    break;
            }
            throw Errors.badarg();
        }
        if (!(item instanceof Atom a)) throw Errors.badarg();
        return switch (a.name()) {
            case "otp_release" -> Lists.fromString(OTP_RELEASE);
            case "version" -> Lists.fromString(ERTS_VERSION);
            case "system_version" -> Lists.fromString(systemVersion());
            case "machine" -> Lists.fromString("BEAM");
            case "emu_flavor" -> Atom.of("jit");
            case "emu_type", "build_type" -> Atom.of("opt");
            case "os_type" -> osType();
            case "os_version" -> osVersion();
            case "system_architecture" -> Lists.fromString(System.getProperty("os.arch") + "-pc-"
                    + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "-gnu");
            case "wordsize" -> Small.of(8);
            case "schedulers", "schedulers_online", "dirty_cpu_schedulers", "dirty_cpu_schedulers_online",
                 "logical_processors", "logical_processors_available", "logical_processors_online" -> Small.of(CPUS);
            case "dirty_io_schedulers" -> Small.of(10);
            case "thread_pool_size" -> Small.ONE;
            case "threads", "smp_support", "kernel_poll", "time_correction", "eager_check_io" -> Atom.TRUE;
            case "debug_compiled", "break_ignored", "async_dist", "ets_always_compress" -> Atom.FALSE;
            case "multi_scheduling" -> Atom.of("enabled");
            case "multi_scheduling_blockers", "normal_multi_scheduling_blockers" -> Nil.NIL;
            case "scheduler_bind_type" -> Atom.of("unbound");
            case "scheduler_bindings" -> schedulerBindings();
            case "scheduler_id" -> Small.ONE;
            case "cpu_topology" -> cpuTopology();
            case "compat_rel" -> Small.of(27);
            case "creation" -> Small.of(org.gaoos.jbeam.term.LocalNode.creation());
            case "process_limit", "atom_limit" -> Small.of(1048576);
            case "port_limit" -> Small.of(65536);
            case "ets_limit" -> Small.of(8192);
            case "process_count" -> Small.of(Processes.count());
            case "atom_count" -> Small.of(Atom.count());
            case "heap_type" -> Atom.of("private");
            case "driver_version" -> Lists.fromString("3.3");
            case "nif_version" -> Lists.fromString("2.17");
            case "time_warp_mode" -> Atom.of("no_time_warp");
            case "tolerant_timeofday" -> Atom.of("disabled");
            case "trace_control_word" -> org.gaoos.jbeam.trace.TraceBifs.tcw();
            case "sequential_tracer" -> Tuple.of(Atom.of("sequential_tracer"), Atom.FALSE);
            case "fullsweep_after" -> Tuple.of(Atom.of("fullsweep_after"), Small.of(65535));
            case "min_heap_size" -> Tuple.of(Atom.of("min_heap_size"), Small.of(233));
            case "min_bin_vheap_size" -> Tuple.of(Atom.of("min_bin_vheap_size"), Small.of(46422));
            case "max_heap_size" -> org.gaoos.jbeam.runtime.ProcessFlags.systemMaxHeapSize();
            case "message_queue_data" -> Atom.of("on_heap");
            case "outstanding_system_requests_limit" -> Small.of(outstandingSystemRequestsLimit.get());
            case "context_reductions" -> Small.of(org.gaoos.jbeam.runtime.Proc.BUDGET);
            case "endian" -> Atom.of("little");
            case "hipe_architecture" -> Atom.UNDEFINED;
            case "dist_buf_busy_limit" -> Small.of(1048576);
            case "delayed_node_table_gc" -> Small.of(60);
            case "halt_flush_timeout" -> Atom.INFINITY;
            case "start_time" -> Small.of(-(1L << 59));
            case "snifs" -> Nil.NIL;
            // BEAM's alloc_util allocators (their sizes: {allocator_sizes, _}, all disabled here)
            case "alloc_util_allocators" -> Lists.of(Atom.of("temp_alloc"), Atom.of("sl_alloc"), Atom.of("std_alloc"),
                    Atom.of("ll_alloc"), Atom.of("eheap_alloc"), Atom.of("ets_alloc"), Atom.of("fix_alloc"),
                    Atom.of("literal_alloc"), Atom.of("binary_alloc"), Atom.of("driver_alloc"));
            // BEAM lists its ethread library's native atomics; jbeam's are the JVM's (VarHandles)
            case "ethread_info" -> Lists.of(
                    Tuple.of(Lists.fromString("32-bit native atomics"), Lists.fromString("jvm"), Nil.NIL),
                    Tuple.of(Lists.fromString("64-bit native atomics"), Lists.fromString("jvm"), Nil.NIL));
            // the largest integer: BEAM's and jbeam's bignums end at Int.MAX_BITS bits
            case "max_integer" -> org.gaoos.jbeam.term.Int.of(java.math.BigInteger.ONE
                    .shiftLeft(org.gaoos.jbeam.term.Int.MAX_BITS).subtract(java.math.BigInteger.ONE));
            case "system_logger" -> org.gaoos.jbeam.runtime.SystemLogger.get();
            default -> throw Errors.badarg();
        };
    }

    private static Term osType() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows")) return Tuple.of(Atom.of("win32"), Atom.of("nt"));
        if (os.startsWith("mac")) return Tuple.of(Atom.of("unix"), Atom.of("darwin"));
        return Tuple.of(Atom.of("unix"), Atom.of(os.replace(' ', '_')));
    }

    private static Term osVersion() {
        String[] parts = System.getProperty("os.version").split("[^0-9]+");
        long[] v = new long[3];
        for (int i = 0; i < 3 && i < parts.length; i++) {
            try {
                v[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                v[i] = 0;
            }
        }
        return Tuple.of(Small.of(v[0]), Small.of(v[1]), Small.of(v[2]));
    }

    private static Term cpuTopology() {
        ListBuilder cores = new ListBuilder();
        for (int i = 0; i < CPUS; i++) cores.add(Tuple.of(Atom.of("core"), Tuple.of(Atom.of("logical"), Small.of(i))));
        return Lists.of(Tuple.of(Atom.of("processor"), cores.build()));
    }

    private static Term schedulerBindings() {
        Term[] u = new Term[CPUS];
        java.util.Arrays.fill(u, Atom.of("unbound"));
        return Tuple.adopt(u);
    }

    /**
     * system_flag/2: the flags OTP sets at start-up and in tests are accepted and their old value
     * returned; jbeam's schedulers are the JVM's, so scheduler flags change nothing.
     */
    @Bif("system_flag")
    public static Term systemFlag(Term flag, Term value) {
        if (!(flag instanceof Atom a)) throw Errors.badarg();
        switch (a.name()) {
            case "backtrace_depth" -> {
                if (!(value instanceof Small s) || s.value < 0) throw Errors.badarg();
                return Small.of(StackTraces.setDepth((int) Math.min(s.value, StackTraces.MAX_DEPTH)));
            }
            case "schedulers_online", "dirty_cpu_schedulers_online" -> {
                if (!(value instanceof Small s) || s.value < 1) throw Errors.badarg();
                return Small.of(CPUS);
            }
            case "multi_scheduling" -> {
                return Atom.of("enabled");
            }
            case "fullsweep_after" -> {
                return Small.of(65535);
            }
            case "min_heap_size" -> {
                return Small.of(233);
            }
            case "min_bin_vheap_size" -> {
                return Small.of(46422);
            }
            case "trace_control_word" -> {
                return org.gaoos.jbeam.trace.TraceBifs.setTcw(value);
            }
            case "system_logger" -> {
                return org.gaoos.jbeam.runtime.SystemLogger.set(value);
            }
            case "outstanding_system_requests_limit" -> {
                // 1..ERTS_MAX_PROCESSES; read by erts_code_purger (its check_process_code requests in flight)
                if (!(value instanceof Small n) || n.value < 1 || n.value >= 1L << 27) throw Errors.badarg();
                return Small.of(outstandingSystemRequestsLimit.getAndSet(n.value));
            }
            case "max_heap_size" -> {
                // recorded and reported (system_info, the default of new processes on BEAM);
                // jbeam's processes share the JVM heap, so no process is killed for its size
                return org.gaoos.jbeam.runtime.ProcessFlags.setSystemMaxHeapSize(value);
            }
            default -> throw Errors.badarg();
        }
    }

    /** BEAM's allocators, the names {memory_internal | allocator_sizes, Ref, Allocs} accepts (erl_alloc.c). */
    private static final java.util.Set<String> ALLOCATORS = java.util.Set.of("sys_alloc", "temp_alloc",
            "sl_alloc", "std_alloc", "ll_alloc", "eheap_alloc", "ets_alloc", "fix_alloc", "literal_alloc",
            "exec_alloc", "binary_alloc", "driver_alloc", "test_alloc", "mseg_alloc", "erts_mmap", "alloc_util");

    /**
     * {@code system_info({memory_internal | allocator_sizes, Ref, Allocs})}: BEAM answers with one
     * message {@code {Ref, ThreadIx, Info}} per aux-work thread but the first (one per scheduler),
     * the requesting scheduler's listing the global instances. jbeam has none of BEAM's
     * allocators (terms live on the JVM heap), so it answers as BEAM does for disabled allocators:
     * {@code {Alloc, false}} in the first message, nothing in the others (timer_bif_SUITE then
     * skips its allocator memory checks, as on a BEAM started with {@code +Mea min}).
     */
    private static Term allocInfo(Proc self, Term ref, Term allocs) {
        if (self == null || !(ref instanceof Ref r) || r.node != LocalNode.name() || r.creation != LocalNode.creation()) throw Errors.badarg();
        self.deliver(Tuple.of(ref, Small.ONE, disabled(allocs)));
        for (int ix = 2; ix < auxWorkThreads(); ix++) self.deliver(Tuple.of(ref, Small.of(ix), Nil.NIL));
        return Atom.TRUE;
    }

    /** {@code [{Alloc, false}]} for a list of distinct allocator names: BEAM's answer for disabled allocators. */
    private static Term disabled(Term allocs) {
        ListBuilder info = new ListBuilder();
        java.util.Set<Term> seen = new java.util.HashSet<>();
        Term l = allocs;
        for (; l instanceof Cons c; l = c.tail()) {
            if (!(c.head() instanceof Atom a) || !ALLOCATORS.contains(a.name()) || !seen.add(a)) throw Errors.badarg();
            info.add(Tuple.of(a, Atom.FALSE));
        }
        if (l != Nil.NIL) throw Errors.badarg();
        return info.build();
    }

    /** BEAM's aux-work threads: one per scheduler plus the aux thread. */
    private static int auxWorkThreads() {
        return CPUS + 1;
    }

    @Bif(module = "erts_internal", value = "no_aux_work_threads")
    public static Term noAuxWorkThreads() {
        return Small.of(auxWorkThreads());
    }
}
