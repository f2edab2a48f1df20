package org.gaoos.jbeam.runtime;

import java.util.concurrent.ConcurrentHashMap;

import org.gaoos.jbeam.term.Term;

/**
 * Process aliases (alias/0,1, unalias/1, monitor/3's {@code alias} option): references that a
 * process can be sent messages through. Active aliases are in one table; a process keeps the set it
 * owns (touched only by its own thread) to deactivate them when it exits.
 */
public final class Aliases {
    private Aliases() {}

    /** When an alias is deactivated besides unalias/1 (the options of alias/1 and monitor/3). */
    public enum Mode {
        /** Only by unalias/1. */
        EXPLICIT_UNALIAS,
        /** Also when its monitor is removed (demonitor or 'DOWN'). */
        DEMONITOR,
        /** Also when its monitor is removed or a message arrives through it (which removes the monitor). */
        REPLY_DEMONITOR,
        /** Also by the first message that arrives through it. */
        REPLY
    }

    private record Entry(Proc owner, Mode mode) {}

    private static final ConcurrentHashMap<Term, Entry> TABLE = new ConcurrentHashMap<>();

    /** Activates {@code ref} as an alias of {@code p} (p's own thread). */
    static void create(Proc p, Term ref, Mode mode) {
        TABLE.put(ref, new Entry(p, mode));
        p.aliases().add(ref);
    }

    /** Sends to an alias: dropped if the reference is not an active alias. */
    static void send(Term ref, Term msg) {
        Entry e = TABLE.get(ref);
        if (e != null) e.owner.deliverSignal(new AliasMessage(ref, msg));
    }

    /** A message through {@code ref} reached {@code p}: true if it is to be delivered. */
    static boolean received(Proc p, Term ref) {
        Entry e = TABLE.get(ref);
        if (e == null || e.owner != p) return false;
        if (e.mode == Mode.REPLY || e.mode == Mode.REPLY_DEMONITOR) {
            remove(p, ref);
            if (e.mode == Mode.REPLY_DEMONITOR) p.demonitor(ref);
        }
        return true;
    }

    /** unalias/1: true if {@code ref} was an active alias of {@code p}. */
    public static boolean unalias(Proc p, Term ref) {
        Entry e = TABLE.get(ref);
        if (e == null || e.owner != p) return false;
        remove(p, ref);
        return true;
    }

    /** The monitor {@code ref} of {@code p} is gone: deactivate an alias bound to it. */
    static void monitorRemoved(Proc p, Term ref) {
        Entry e = TABLE.get(ref);
        if (e != null && e.owner == p && (e.mode == Mode.DEMONITOR || e.mode == Mode.REPLY_DEMONITOR)) remove(p, ref);
    }

    /** {@code p} has exited: all its aliases go. */
    static void exited(Proc p) {
        var mine = p.aliasesOrNull();
        if (mine == null) return;
        for (Term ref : mine) TABLE.remove(ref);
        mine.clear();
    }

    private static void remove(Proc p, Term ref) {
        TABLE.remove(ref);
        p.aliases().remove(ref);
    }

    /** Number of active aliases (tests: no leak). */
    public static int count() { return TABLE.size(); }
}
