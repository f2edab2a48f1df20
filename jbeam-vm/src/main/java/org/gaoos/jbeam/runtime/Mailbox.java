package org.gaoos.jbeam.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.gaoos.jbeam.term.Term;

/**
 * A process's signal queue: a lock-free multi-producer single-consumer queue of incoming
 * {@link Signal}s (Vyukov's intrusive queue) drained by the owner into a private message queue
 * on which selective receive works with a save pointer, like BEAM's {@code loop_rec} /
 * {@code remove_message} / {@code loop_rec_end} / {@code timeout}.
 *
 * <p>Only the owning process calls the receive-side methods. Senders call {@link #put}.
 */
public final class Mailbox {
    private static final VarHandle TAIL;
    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(Mailbox.class, "inTail", Signal.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Stub extends Signal {}

    // Incoming (MPSC): producers swap inTail and link the previous tail to the new node.
    private volatile Signal inTail;
    private Signal inHead; // consumer side: last consumed node (stub initially)

    // Private queue (owner only): head sentinel, tail, and the node before the save pointer.
    private final Signal head = new Stub();
    private Signal last = head;
    private Signal savePrev = head;
    private int size;

    Mailbox() {
        Signal stub = new Stub();
        inTail = stub;
        inHead = stub;
    }

    /** Enqueues a signal (any thread). */
    void put(Signal s) {
        Signal prev = (Signal) TAIL.getAndSet(this, s);
        prev.inNext = s;
    }

    /** Moves whatever has arrived into the private queue. Returns true if anything moved. */
    private boolean drain() {
        boolean moved = false;
        Signal h = inHead;
        Signal n;
        while ((n = h.inNext) != null) {
            h.inNext = null;
            h = n;
            if (n instanceof Message) {
                n.next = null;
                last.next = n;
                last = n;
                size++;
                moved = true;
            }
        }
        inHead = h;
        return moved;
    }

    /** True if a producer has published something not yet drained. */
    boolean hasIncoming() {
        return inHead.inNext != null;
    }

    /** The message at the save pointer, or null if none (loop_rec). */
    public Term peek() {
        Signal n = savePrev.next;
        if (n == null) {
            drain();
            n = savePrev.next;
            if (n == null) return null;
        }
        return ((Message) n).term;
    }

    /** Removes the message at the save pointer and resets it to the first message (remove_message). */
    public void remove() {
        Signal n = savePrev.next;
        savePrev.next = n.next;
        if (last == n) last = savePrev;
        n.next = null;
        size--;
        savePrev = head;
    }

    /** Moves the save pointer past the current message (loop_rec_end). */
    public void next() {
        savePrev = savePrev.next;
    }

    /** Resets the save pointer to the first message (timeout). */
    public void resetSave() {
        savePrev = head;
    }

    /** Messages in the private queue plus any not yet drained (message_queue_len). */
    public int length() {
        drain();
        return size;
    }

    /** True if there is a message at or after the save pointer (draining first). */
    boolean hasMessageAtSave() {
        if (savePrev.next != null) return true;
        drain();
        return savePrev.next != null;
    }
}
