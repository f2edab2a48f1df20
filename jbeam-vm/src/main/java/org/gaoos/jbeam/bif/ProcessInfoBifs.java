package org.gaoos.jbeam.bif;

import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Monitor;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.InfoRequest;
import org.gaoos.jbeam.runtime.ProcessStacks;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * process_info/1,2. Exact for the process's own state (status, queue, links, monitors, dictionary,
 * flags, names, reductions, current function). Memory items are approximations, because jbeam's
 * terms live on the shared JVM heap, not in per-process heaps: {@code heap_size} and
 * {@code total_heap_size} report BEAM's minimum heap (233 words) plus two words per queued
 * message (a hibernated process: the words of its hibernation's arguments, as BEAM's hibernate
 * shrinks the heap to them), {@code stack_size} the number of Erlang frames on the stack, and {@code memory} an
 * estimate in bytes of the process's own structures (about 1 KB plus its queue and dictionary).
 * Another process's message queue and dictionary are read as a snapshot while it runs.
 */
public final class ProcessInfoBifs {
    private ProcessInfoBifs() {}

    /** A hibernated process has no stack; BEAM reports it in erlang:hibernate/3. */
    private static final Term HIBERNATE = Tuple.of(Atom.of("erlang"), Atom.of("hibernate"), Small.of(3), Nil.NIL);

    private static final List<String> DEFAULT_ITEMS = List.of("current_function", "initial_call", "status",
            "message_queue_len", "links", "dictionary", "trap_exit", "error_handler", "priority", "group_leader",
            "total_heap_size", "heap_size", "stack_size", "reductions", "garbage_collection", "suspending");

    @Bif("process_info")
    public static Term processInfo(Proc self, Term pid) {
        Proc p = target(pid);
        if (p == null) return Atom.UNDEFINED;
        ListBuilder lb = new ListBuilder();
        if (p.registeredName() != null) lb.add(Tuple.of(Atom.of("registered_name"), p.registeredName()));
        for (String item : DEFAULT_ITEMS) lb.add(Tuple.of(Atom.of(item), value(self, p, Atom.of(item))));
        return lb.build();
    }

    @Bif("process_info")
    public static Term processInfo(Proc self, Term pid, Term item) {
        if (item instanceof Atom a) {
            check(a);
            Proc p = target(pid);
            if (p == null) return Atom.UNDEFINED;
            if (a == Atom.of("registered_name") && p.registeredName() == null) return Nil.NIL;
            return Tuple.of(a, value(self, p, a));
        }
        if (tupleItem(null, null, item) != null) {
            Proc p = target(pid);
            return p == null ? Atom.UNDEFINED : Tuple.of(item, tupleItem(self, p, item));
        }
        List<Term> items = Lists.toJava(item instanceof Cons || item == Nil.NIL ? item : badarg());
        for (Term t : items) {
            if (t instanceof Atom a) check(a);
            else if (tupleItem(null, null, t) == null) throw Errors.badarg();
        }
        Proc p = target(pid);
        if (p == null) return Atom.UNDEFINED;
        ListBuilder lb = new ListBuilder();
        for (Term t : items) lb.add(Tuple.of(t, t instanceof Atom a ? value(self, p, a) : tupleItem(self, p, t)));
        return lb.build();
    }

    private static Term badarg() { throw Errors.badarg(); }

    private static Proc target(Term pid) {
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Proc p = Processes.lookup(pid);
        return p == null || !p.isAlive() ? null : p;
    }

    private static void check(Atom a) {
        if (value(null, null, a) == null) throw Errors.badarg();
    }

    /** The value of {@code item} for {@code p}; with p null, null if the item is unknown (else any non-null). */
    private static Term value(Proc self, Proc p, Atom item) {
        boolean probe = p == null;
        boolean own = p == self;
        switch (item.name()) {
            case "registered_name":
                return probe ? Nil.NIL : p.registeredName() == null ? Nil.NIL : p.registeredName();
            case "status": return probe ? Nil.NIL : own ? Atom.of("running") : p.status();
            case "message_queue_len":
                return probe ? Nil.NIL : Small.of(own ? p.mailbox().length() : p.mailbox().lengthFromOutside());
            case "messages":
                return probe ? Nil.NIL : Lists.of(own ? p.mailbox().messages() : p.mailbox().messagesFromOutside());
            case "links": return probe ? Nil.NIL : Lists.of(p.links());
            case "monitors": {
                if (probe) return Nil.NIL;
                ListBuilder lb = new ListBuilder();
                for (Monitor m : p.monitorList()) lb.add(Tuple.of(m.type(), m.who()));
                return lb.build();
            }
            case "monitored_by": {
                if (probe) return Nil.NIL;
                ListBuilder lb = new ListBuilder();
                for (Proc q : p.monitoredByList()) lb.add(q.pid());
                return lb.build();
            }
            case "dictionary": {
                if (probe) return Nil.NIL;
                // Only the owner reads its dictionary safely: another process asks it (InfoRequest).
                Term d = InfoRequest.ask(self, p, ProcessInfoBifs::dictionary);
                return d == null ? Nil.NIL : d;
            }
            case "current_function", "current_location", "current_stacktrace": {
                if (probe) return Nil.NIL;
                boolean stack = item.name().equals("current_stacktrace");
                List<Term> frames = ProcessStacks.frames(self, p, stack ? StackTraces.depth() : 1);
                if (frames == null) frames = List.of(); // exited meanwhile
                if (stack) return Lists.of(frames);
                if (frames.isEmpty() && p.isHibernating()) frames = List.of(HIBERNATE);
                if (frames.isEmpty()) return Atom.UNDEFINED;
                Tuple top = (Tuple) frames.get(0);
                return item.name().equals("current_function") ? Tuple.of(top.get(0), top.get(1), top.get(2)) : top;
            }
            case "initial_call": return probe ? Nil.NIL : p.initialCall();
            case "parent": return probe ? Nil.NIL : p.parent();
            case "label": return probe ? Nil.NIL : dictionaryValue(self, p, PROCESS_LABEL);
            case "group_leader": return probe ? Nil.NIL : p.groupLeader();
            case "trap_exit": return probe ? Nil.NIL : Atom.of(p.trapExit());
            case "priority": return probe ? Nil.NIL : p.priority();
            case "reductions": return probe ? Nil.NIL : Int.of(p.reductions());
            case "error_handler": return probe ? Nil.NIL : p.flag(item, Atom.of("error_handler"));
            case "message_queue_data": return probe ? Nil.NIL : p.flag(item, Atom.of("on_heap"));
            case "min_heap_size": return probe ? Nil.NIL : p.flag(item, Small.of(233));
            case "min_bin_vheap_size": return probe ? Nil.NIL : p.flag(item, Small.of(46422));
            case "fullsweep_after": return probe ? Nil.NIL : p.flag(item, Small.of(65535));
            case "max_heap_size": return probe ? Nil.NIL : org.gaoos.jbeam.runtime.ProcessFlags.maxHeapSize(p);
            case "heap_size", "total_heap_size":
                return probe ? Nil.NIL : Small.of(heapSize(p));
            case "stack_size":
                return probe ? Nil.NIL : Small.of(stackSize(self, p));
            case "garbage_collection_info": {
                // BEAM's heap figures, from the same estimates as heap_size and stack_size: one
                // young heap, no old generation, no heap fragments (the JVM holds the terms)
                if (probe) return Nil.NIL;
                Small heap = Small.of(heapSize(p));
                return Lists.of(Tuple.of(Atom.of("old_heap_block_size"), Small.ZERO),
                        Tuple.of(Atom.of("heap_block_size"), heap),
                        Tuple.of(Atom.of("mbuf_size"), Small.ZERO),
                        Tuple.of(Atom.of("recent_size"), Small.ZERO),
                        Tuple.of(Atom.of("stack_size"), Small.of(stackSize(self, p))),
                        Tuple.of(Atom.of("old_heap_size"), Small.ZERO),
                        Tuple.of(Atom.of("heap_size"), heap),
                        Tuple.of(Atom.of("bin_vheap_size"), Small.ZERO),
                        Tuple.of(Atom.of("bin_vheap_block_size"), p.flag(Atom.of("min_bin_vheap_size"), Small.of(46422))),
                        Tuple.of(Atom.of("bin_old_vheap_size"), Small.ZERO),
                        Tuple.of(Atom.of("bin_old_vheap_block_size"), p.flag(Atom.of("min_bin_vheap_size"), Small.of(46422))));
            }
            case "memory":
                return probe ? Nil.NIL : Small.of(1000 + 64L * p.mailbox().lengthFromOutside()
                        + (p.dictionaryOrNull() == null ? 0 : 64L * p.dictionaryOrNull().size()));
            case "garbage_collection":
                return probe ? Nil.NIL : Lists.of(
                        Tuple.of(Atom.of("max_heap_size"), org.gaoos.jbeam.runtime.ProcessFlags.maxHeapSize(p)),
                        Tuple.of(Atom.of("min_bin_vheap_size"), p.flag(Atom.of("min_bin_vheap_size"), Small.of(46422))),
                        Tuple.of(Atom.of("min_heap_size"), p.flag(Atom.of("min_heap_size"), Small.of(233))),
                        Tuple.of(Atom.of("fullsweep_after"), p.flag(Atom.of("fullsweep_after"), Small.of(65535))),
                        Tuple.of(Atom.of("minor_gcs"), Small.ZERO));
            case "suspending", "binary", "sequential_trace_token": return Nil.NIL;
            case "catchlevel": return Small.ZERO;
            case "last_calls": return Atom.FALSE;
            case "trace": return Small.ZERO;
            case "async_dist", "sensitive": return probe ? Nil.NIL : p.flag(item, Atom.FALSE);
            default: return null;
        }
    }

    private static final Atom PROCESS_LABEL = Atom.of("$process_label");  // proc_lib:set_label/1's key

    /** {dictionary, Key}: the value of Key in p's dictionary, else undefined (asked of p, as dictionary is). */
    private static Term dictionaryValue(Proc self, Proc p, Term key) {
        Term v = InfoRequest.ask(self, p, q -> {
            var d = q.dictionaryOrNull();
            return d == null ? null : d.get(key);
        });
        return v == null ? Atom.UNDEFINED : v;
    }

    /** An item given as a tuple: {dictionary, Key}; null if it is not one. */
    private static Term tupleItem(Proc self, Proc p, Term item) {
        if (item instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("dictionary")) {
            return p == null ? Nil.NIL : dictionaryValue(self, p, t.get(1));
        }
        return null;
    }

    private static Term dictionary(Proc p) {
        ListBuilder lb = new ListBuilder();
        var d = p.dictionaryOrNull();
        if (d != null) for (Map.Entry<Term, Term> e : d.entrySet()) lb.add(Tuple.of(e.getKey(), e.getValue()));
        return lb.build();
    }

    /**
     * heap_size and total_heap_size: the JVM holds a process's terms, so this counts what BEAM's
     * heap would surely hold: BEAM's minimum heap and 2 words per queued message, or, while
     * hibernating, the arguments (BEAM's hibernate shrinks the heap to the live data).
     */
    private static long heapSize(Proc p) {
        Term hibernated = p.hibernatedArgs();
        long queued = 2L * p.mailbox().lengthFromOutside();
        return (hibernated != null ? org.gaoos.jbeam.term.TermSize.debugSize(hibernated) : 233) + queued;
    }

    /** stack_size: the Erlang frames on the process's stack. */
    private static long stackSize(Proc self, Proc p) {
        List<Term> frames = ProcessStacks.frames(self, p, 1 << 20);
        return frames == null ? 0 : frames.size();
    }
}
