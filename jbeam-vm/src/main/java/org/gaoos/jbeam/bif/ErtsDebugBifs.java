package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.ets.Table;
import org.gaoos.jbeam.ets.Tables;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.LiteralAreas;
import org.gaoos.jbeam.runtime.Monitor;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.SystemLogger;
import org.gaoos.jbeam.runtime.Timers;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.TermSize;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code erts_debug:get_internal_state/1} and {@code set_internal_state/2}: the test hooks OTP's
 * own suites switch on in their {@code init_per_*} (erl_bif_info.c). As on BEAM both are
 * {@code undef} until {@code set_internal_state(available_internal_state, true)}, and an item
 * jbeam does not have is badarg, like an unknown one. The items are those the process, signal,
 * timer, ETS and persistent_term suites use and that mean something on jbeam: the reduction
 * budget, process status and lists, waits (jbeam has no deferred deallocations or timer
 * cancellations: they complete at once), sleeps and the per-process GC switch (gc_state: garbage_collect
 * requests to the process wait while it is off; the JVM does the collecting).
 */
public final class ErtsDebugBifs {
    private ErtsDebugBifs() {}

    private static volatile boolean available;

    private static final java.util.Set<String> WAITS =
            java.util.Set.of("deallocations", "timer_cancellations", "aux_work", "thread_progress");

    /** process_info/2's items in BEAM's order (erl_bif_info.c pi_args), dictionary twice as there. */
    /** erl_binary.h's Binary flags. */
    private static final int BIN_FLAG_WRITABLE = 1, BIN_FLAG_ACTIVE_WRITER = 2;

    private static final String[] PI_ARGS = {"registered_name", "current_function", "initial_call", "status",
        "messages", "message_queue_len", "links", "monitors", "monitored_by", "dictionary", "trap_exit",
        "error_handler", "heap_size", "stack_size", "memory", "garbage_collection", "group_leader", "reductions",
        "priority", "trace", "binary", "sequential_trace_token", "catchlevel", "backtrace", "last_calls",
        "total_heap_size", "suspending", "min_heap_size", "min_bin_vheap_size", "max_heap_size",
        "current_location", "current_stacktrace", "message_queue_data", "garbage_collection_info", "magic_ref",
        "fullsweep_after", "parent", "async_dist", "dictionary", "label"};

    /** erts_debug:flat_size/1: the term's words on a 64-bit BEAM heap (see {@link TermSize}). */
    @Bif(module = "erts_debug", value = "flat_size")
    public static Term flatSize(Term t) {
        return Int.of(TermSize.flatSize(t));
    }

    /** erts_debug:size_shared/1: shared subterms counted once, literals (modules, persistent_term) not. */
    @Bif(module = "erts_debug", value = "size_shared")
    public static Term sizeShared(Term t) {
        return Int.of(LiteralAreas.sizeShared(t));
    }

    /**
     * erts_debug:size/1, OTP's Erlang function implemented natively: it walks maps with
     * erts_internal:map_hashmap_children/1, whose HAMT nodes jbeam does not expose as terms.
     */
    @Bif(module = "erts_debug", value = "size")
    public static Term size(Term t) {
        return Int.of(TermSize.debugSize(t));
    }

    /** erts_debug:same/2: the same object (immediates: equal values). */
    @Bif(module = "erts_debug", value = "same")
    public static Term same(Term a, Term b) {
        return Atom.of(a == b || (TermSize.isImmediate(a) && TermSize.isImmediate(b) && a.equals(b)));
    }

    @Bif(module = "erts_debug", value = "get_internal_state")
    public static Term get(Proc self, Term item) {
        if (!available) throw Errors.undef();
        if (item instanceof Atom a) {
            switch (a.name()) {
                case "available_internal_state": return Atom.TRUE;
                case "reds_left": return Small.of(Math.max(0, self.reds + 1));
                case "process_info_args": {
                    ListBuilder lb = new ListBuilder();
                    for (String s : PI_ARGS) lb.add(Atom.of(s));
                    return lb.build();
                }
                case "processes": {
                    ListBuilder lb = new ListBuilder();
                    for (Proc p : Processes.all()) lb.add(p.pid());
                    return lb.build();
                }
                case "persistent_term":
                    return org.gaoos.jbeam.term.MapTerm.of(Atom.of("table"), Small.of(PersistentTermBifs.tableSlots()));
                // BEAM: the memory of its flexible counters when built to measure it, else notsup
                case "flxctr_memory_usage": return Atom.NOTSUP;
                default: break;
            }
        } else if (item instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("binary_info")
                && t.get(1) instanceof Bitstring b) {
            // erl_bif_info.c: {refc_binary, ByteSize, {binary, StorageSize}, Flags}. Every jbeam
            // binary lives in a byte array of its own, as BEAM's refc binaries (none is on a heap).
            return Tuple.of(Atom.of("refc_binary"), Small.of(b.byteSizeCeil()),
                    Tuple.of(Atom.of("binary"), Small.of(b.storageBytes())),
                    Small.of(b.isWritable() ? BIN_FLAG_WRITABLE | BIN_FLAG_ACTIVE_WRITER : 0));
        } else if (item instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("internal_hash")) {
            // erts_internal_hash/1 (maps' and persistent_term's hash), unsigned
            long h = org.gaoos.jbeam.term.InternalHash.hash(t.get(1));
            return Int.of(new java.math.BigInteger(Long.toUnsignedString(h)));
        } else if (item instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom k && t.get(1) instanceof Pid) {
            Proc p = Processes.lookup(t.get(1));
            boolean alive = p != null && p.isAlive();
            switch (k.name()) {
                case "process_status": return alive ? p.status() : Atom.UNDEFINED;
                case "link_list": return alive ? linkList(p) : Atom.UNDEFINED;
                case "monitor_list": return alive ? monitorList(p) : Atom.UNDEFINED;
                default: break;
            }
        }
        throw Errors.badarg();
    }

    /**
     * erl_bif_info.c's link records, {@code {erl_link, process, Pid, linked, Id}}: jbeam sets links
     * up and removes them at once (never half-unlinked), and a link's id is its two pids' hash.
     */
    private static Term linkList(Proc p) {
        ListBuilder lb = new ListBuilder();
        for (Term other : p.links()) {
            lb.add(Tuple.of(Atom.of("erl_link"), Atom.of("process"), other, Atom.of("linked"),
                    Small.of(((long) p.pid().hashCode() << 32) ^ other.hashCode() & 0xffffffffL)));
        }
        return lb.build();
    }

    /**
     * erl_bif_info.c's monitor records, {@code {erl_monitor, process, origin|target, Ref, Pid, Extra}}:
     * the monitors the process holds (Pid the monitored process) and those on it (Pid the
     * monitoring one); Extra is the name of a monitor by registered name on both sides, else [].
     */
    private static Term monitorList(Proc p) {
        ListBuilder lb = new ListBuilder();
        Atom process = Atom.of("process");
        for (var e : p.monitorsByRef().entrySet()) {
            if (e.getValue().target() == null) continue;  // target gone, 'DOWN' not yet taken
            lb.add(Tuple.of(Atom.of("erl_monitor"), process, Atom.of("origin"), e.getKey(), e.getValue().target().pid(),
                    monitorName(e.getValue())));
        }
        for (var e : p.monitoredByRef().entrySet()) {
            Monitor m = e.getValue().monitorsByRef().get(e.getKey());
            lb.add(Tuple.of(Atom.of("erl_monitor"), process, Atom.of("target"), e.getKey(), e.getValue().pid(),
                    m == null ? Nil.NIL : monitorName(m)));
        }
        return lb.build();
    }

    private static Term monitorName(Monitor m) {
        return m.who() instanceof Tuple nameNode && nameNode.arity() == 2 ? nameNode.get(0) : Nil.NIL;
    }

    @Bif(module = "erts_debug", value = "set_internal_state")
    public static Term set(Proc self, Term item, Term value) {
        if (item == Atom.of("available_internal_state") && (value == Atom.TRUE || value == Atom.FALSE)) {
            boolean was = available;
            available = value == Atom.TRUE;
            if (available) {
                SystemLogger.warning(self, "Process " + org.gaoos.jbeam.term.ErtsPrinter.printLatin1(self.pid()) + " enabled access to the emulator internal state.\n"
                        + "NOTE: This is an erts internal test feature and should *only* be used by OTP test-suites.\n");
            }
            return Atom.of(was);
        }
        if (!available) throw Errors.undef();
        if (item instanceof Atom a) {
            switch (a.name()) {
                case "reds_left":
                    if (value instanceof Int i) {
                        // BEAM yields when its count reaches zero, jbeam when it goes below: N left here is N - 1
                        if (i instanceof Small s && s.value() >= 0 && s.value() <= Proc.BUDGET) self.reds = (int) s.value() - 1;
                        return Atom.TRUE;
                    }
                    break;
                case "sleep", "block", "block_scheduler":
                    if (value instanceof Small ms) {
                        if (ms.value() > 0) sleep(ms.value());
                        return Atom.TRUE;
                    }
                    break;
                case "gc_state":
                    if (value == Atom.TRUE || value == Atom.FALSE) return Atom.of(self.collections(value == Atom.TRUE));
                    break;
                case "wait":
                    // jbeam frees memory through the JVM's GC and cancels timers synchronously:
                    // nothing is ever left pending for these to wait for
                    if (value instanceof Atom w && WAITS.contains(w.name())) {
                        return Atom.of("ok");
                    }
                    break;
                // A BEAM built with ETS_DBG_FORCE_TRAP makes every ETS operation that can yield
                // do so; a release BEAM answers notsup, as jbeam, whose ETS operations never yield.
                case "ets_force_trap":
                    return Atom.NOTSUP;
                // BEAM splits the lock routing tree of an ordered_set with write_concurrency (a CA
                // tree) as if contended; ok for such a table, else badarg. jbeam's ordered_set is one
                // lock-free skip list, as fine-grained as that split can make a CA tree.
                case "ets_force_split", "ets_debug_random_split_join":
                    if (value instanceof Tuple t && t.arity() == 2
                            && Tables.find(t.get(0)) instanceof Table tab && tab.type == Table.Type.ORDERED_SET
                            && tab.options.writeConcurrency() != Atom.FALSE) return Atom.OK;
                    break;
                // BEAM installs its parallel signal-queue buffers (so that many senders can
                // enqueue without contending) on a process with off_heap message queue data,
                // and answers whether it has them. jbeam's queue is lock-free for any number of
                // senders, always: it answers as BEAM for the same process.
                case "proc_sig_buffers":
                    if (value != Atom.TRUE) return Atom.NOTSUP;
                    return Atom.of(self.flag(Atom.of("message_queue_data"), Atom.of("on_heap")) == Atom.of("off_heap"));
                // BEAM's timer-service test hook: a callback after Value ms starts a zero-timeout
                // callback, which starts another, which sends multizero_timeout_in_timeout_done
                // (capped at 2^40 ms, 34 years, so the deadline cannot overflow)
                case "multizero_timeout_in_timeout":
                    if (value instanceof Small ms) {
                        Runnable done = () -> self.deliver(Atom.of("multizero_timeout_in_timeout_done"));
                        Runnable second = () -> Timers.callbackAt(System.nanoTime(), done);
                        long ns = Math.min(Math.max(ms.value(), 0), 1L << 40) * 1_000_000L;
                        Timers.callbackAt(System.nanoTime() + ns, () -> Timers.callbackAt(System.nanoTime(), second));
                        return Atom.OK;
                    }
                    break;
                default:
                    break;
            }
        }
        throw Errors.badarg();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
