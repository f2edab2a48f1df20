package org.gaoos.jbeam.bif;

import java.util.concurrent.atomic.AtomicLong;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * erlang:statistics/1 (erl_bif_info.c). The "since the last call" halves are VM-wide, as on
 * BEAM: whichever process asks next gets the difference. Run queues are the schedulers' own
 * (Schedulers); there is one dirty CPU queue in BEAM's lists, always empty here (jbeam has no
 * dirty schedulers). The JVM collects garbage, so jbeam counts no Erlang garbage collections.
 * {@code io} counts the bytes through ports (files and the terminal are NIFs, as on BEAM, and
 * not counted).
 */
public final class StatisticsBifs {
    private StatisticsBifs() {}

    private static final int SCHEDULERS = Runtime.getRuntime().availableProcessors();
    /** When the VM started (wall_clock counts from here). */
    private static final long START_NS = System.nanoTime()
            - ProcessHandle.current().info().startInstant()
                    .map(i -> java.time.Duration.between(i, java.time.Instant.now()).toNanos()).orElse(0L);

    private static final AtomicLong LAST_RUNTIME = new AtomicLong(), LAST_WALL_CLOCK = new AtomicLong(),
            LAST_REDUCTIONS = new AtomicLong(), LAST_EXACT_REDUCTIONS = new AtomicLong();

    @Bif("statistics")
    public static Term statistics(Term item) {
        if (!(item instanceof Atom a)) throw Errors.badarg();
        return switch (a.name()) {
            case "runtime" -> sinceLast(cpuMillis(), LAST_RUNTIME);
            case "wall_clock" -> sinceLast((System.nanoTime() - START_NS) / 1_000_000, LAST_WALL_CLOCK);
            // BEAM keeps one "since last call" per item
            case "reductions" -> sinceLast(Processes.totalReductions(), LAST_REDUCTIONS);
            case "exact_reductions" -> sinceLast(Processes.totalReductions(), LAST_EXACT_REDUCTIONS);
            case "context_switches" -> Tuple.of(Int.of(Proc.CONTEXT_SWITCHES.sum()), Small.ZERO);
            case "garbage_collection" -> Tuple.of(Small.ZERO, Small.ZERO, Small.ZERO);
            case "io" -> {
                long[] io = org.gaoos.jbeam.port.OpenPort.ioBytes();
                yield Tuple.of(Tuple.of(Atom.of("input"), Int.of(io[0])), Tuple.of(Atom.of("output"), Int.of(io[1])));
            }
            case "run_queue", "total_run_queue_lengths", "total_run_queue_lengths_all" ->
                    Int.of(sum(Processes.runQueueLengths(SCHEDULERS, false)));
            case "total_active_tasks", "total_active_tasks_all" -> Int.of(sum(Processes.runQueueLengths(SCHEDULERS, true)));
            case "run_queue_lengths" -> perQueue(Processes.runQueueLengths(SCHEDULERS, false), 1);
            case "run_queue_lengths_all" -> perQueue(Processes.runQueueLengths(SCHEDULERS, false), 2);
            case "active_tasks" -> perQueue(Processes.runQueueLengths(SCHEDULERS, true), 1);
            case "active_tasks_all" -> perQueue(Processes.runQueueLengths(SCHEDULERS, true), 2);
            // not measured (see docs/jbeam.md): BEAM's answer while they are switched off
            case "scheduler_wall_time", "scheduler_wall_time_all", "microstate_accounting" -> Atom.UNDEFINED;
            default -> throw Errors.badarg();
        };
    }

    /** {Total, SinceLastCall}, the last total kept VM-wide. */
    private static Term sinceLast(long total, AtomicLong last) {
        long before = last.getAndSet(total);
        return Tuple.of(Int.of(total), Int.of(Math.max(0, total - before)));
    }

    /** The VM's CPU time in milliseconds (all threads), or its wall time where the OS does not tell. */
    private static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis)
                .orElse((System.nanoTime() - START_NS) / 1_000_000);
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) s += x;
        return s;
    }

    /** BEAM's list: the normal schedulers' queues, then {@code dirty} empty dirty queues. */
    private static Term perQueue(long[] queues, int dirty) {
        ListBuilder lb = new ListBuilder();
        for (long q : queues) lb.add(Int.of(q));
        for (int i = 0; i < dirty; i++) lb.add(Small.ZERO);
        return lb.build();
    }
}
