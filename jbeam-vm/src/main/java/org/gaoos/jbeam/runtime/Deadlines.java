package org.gaoos.jbeam.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The queue of what is due ({@link Timers.Due}: timers, receive timeouts) in millisecond ticks,
 * like BEAM's timer wheel: a sorted map from tick to the list of that tick's entries in the order
 * they were queued. Starting or cancelling a timer touches one short list under its tick's lock;
 * the sorted map only changes per tick. (One ordered set of single timers made its insertion the
 * main cost of {@code send_after}: 100,000 timers fall into 50 distinct milliseconds in
 * {@code bench_timers}.) An entry fires once its tick has begun, so never early and at most a
 * millisecond late, as BEAM's timers, whose unit is the millisecond.
 */
final class Deadlines {
    private static final long TICK_NS = 1_000_000;

    /** One millisecond's entries: a doubly-linked list, closed once taken for firing or emptied. */
    static final class Tick {
        final long tick;
        Timers.Due head, tail;
        boolean closed;

        Tick(long tick) { this.tick = tick; }
    }

    private final ConcurrentSkipListMap<Long, Tick> ticks = new ConcurrentSkipListMap<>();

    /** Queues {@code d}; returns when it may fire ({@link System#nanoTime()}): its tick's start. */
    long add(Timers.Due d) {
        long t = Math.ceilDiv(d.due, TICK_NS);
        for (;;) {
            Tick k = ticks.computeIfAbsent(t, Tick::new);
            synchronized (k) {
                if (!k.closed) {
                    d.prev = k.tail;
                    if (k.tail == null) k.head = d; else k.tail.next = d;
                    k.tail = d;
                    d.tick = k;
                    return t * TICK_NS;
                }
            }
            ticks.remove(t, k); // closed meanwhile (emptied or fired): a fresh tick takes its place
        }
    }

    /** Unqueues {@code d} unless its tick has been taken for firing (then whoever fires it decides). */
    void remove(Timers.Due d) {
        Tick k = d.tick;
        if (k == null) return;
        synchronized (k) {
            if (k.closed || d.tick != k) return;
            if (d.prev == null) k.head = d.next; else d.prev.next = d.next;
            if (d.next == null) k.tail = d.prev; else d.next.prev = d.prev;
            d.prev = d.next = null;
            d.tick = null;
            if (k.head != null) return;
            k.closed = true;
        }
        ticks.remove(k.tick, k);
    }

    /** Fires every entry whose tick has begun by {@code now}: tick by tick, each in queue order. */
    void fireDue(long now) {
        Map.Entry<Long, Tick> e;
        while ((e = ticks.firstEntry()) != null && e.getKey() * TICK_NS <= now) {
            Tick k = e.getValue();
            if (!ticks.remove(e.getKey(), k)) continue; // another thread took it
            Timers.Due d;
            synchronized (k) {
                k.closed = true; // from here no one else changes the list
                d = k.head;
            }
            while (d != null) {
                Timers.Due next = d.next;
                d.prev = d.next = null; // a fired entry still referenced keeps no others alive
                d.fire();
                d = next;
            }
        }
    }

    /** When the first queued tick begins, or {@link Long#MAX_VALUE} if nothing is queued. */
    long first() {
        Map.Entry<Long, Tick> e = ticks.firstEntry();
        return e == null ? Long.MAX_VALUE : e.getKey() * TICK_NS;
    }

    /** Ticks queued (tests: cancelled timers leave none behind). */
    int ticks() {
        return ticks.size();
    }
}
