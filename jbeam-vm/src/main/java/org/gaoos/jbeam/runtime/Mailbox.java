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
 * <p>Receive markers ({@code recv_marker_reserve/bind/use/clear}, OTP 24+): before creating a
 * reference that a later receive waits for, the compiler reserves a marker at the current end of
 * the queue; the receive then starts scanning after it, since no older message can contain the
 * new reference. A marker is the node that was last when it was reserved: if that node has been
 * removed since, the receive scans from the start (always correct, only slower).
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
    private int size; // read racily by lengthFromOutside
    private final Proc owner;

    /** Bound receive markers: reference -> the node last in the queue when it was reserved (lazy). */
    private Object[] markerRefs;
    private Signal[] markerNodes;
    private int markerNext; // round-robin slot when all are in use: a marker lost only costs a full scan
    private static final int MARKERS = 8; // as ERTS, a few per process suffice

    Mailbox(Proc owner) {
        this.owner = owner;
        Signal stub = new Stub();
        inTail = stub;
        inHead = stub;
    }

    /** Enqueues a signal (any thread). */
    void put(Signal s) {
        Signal prev = (Signal) TAIL.getAndSet(this, s);
        prev.inNext = s;
    }

    /**
     * Takes whatever has arrived, in order: messages go to the end of the private queue, other
     * signals are acted on by the owner (which may add a message or terminate it by throwing
     * {@link ProcessExit}; the queue stays consistent). Returns true if a message was added.
     */
    private boolean drain() {
        boolean moved = false;
        Signal h = inHead;
        Signal n;
        // Only what had arrived when the drain began: a sender that keeps signalling (monitor and
        // demonitor in a loop) must not keep the owner draining forever.
        Signal end = (Signal) TAIL.getAcquire(this);
        while (h != end && (n = h.inNext) != null) {
            h.inNext = null;
            h = n;
            if (n instanceof Message) {
                append(n);
                moved = true;
            } else {
                inHead = h;
                Term m = ((ControlSignal) n).receive(owner);
                if (m != null) {
                    append(new Message(m));
                    moved = true;
                }
            }
        }
        inHead = h;
        return moved;
    }

    private void append(Signal n) {
        n.next = null;
        last.next = n;
        last = n;
        size++;
    }

    /** Acts on signals that have arrived (owner only): at preemption points and after self-sends. */
    void handleSignals() {
        if (inHead.inNext != null) drain();
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

    /** The last message in the private queue (a mark for {@link #hasNewMessage}). */
    Object lastMessage() { return last; }

    /** True if a message has been added since {@code mark} was taken (draining first). */
    boolean hasNewMessage(Object mark) {
        if (last != mark) return true;
        drain();
        return last != mark;
    }

    /** Removes the message at the save pointer and resets it to the first message (remove_message). */
    public void remove() {
        owner.receiveOver(); // the receive matched: its timeout is over
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

    /** Resets the save pointer to the first message (timeout): the receive's timer is over. */
    public void resetSave() {
        owner.receiveOver();
        savePrev = head;
    }

    // ---- receive markers ----

    /** recv_marker_reserve: a marker at the current end of the private queue (an opaque register value). */
    public Object reserveMarker() {
        return last;
    }

    /** recv_marker_bind: the receive for {@code ref} may start after {@code marker}. */
    public void bindMarker(Object marker, Object ref) {
        if (!(marker instanceof Signal node)) return;
        if (markerRefs == null) {
            markerRefs = new Object[MARKERS];
            markerNodes = new Signal[MARKERS];
        }
        int i = freeMarkerSlot();
        markerRefs[i] = ref;
        markerNodes[i] = node;
    }

    /**
     * A slot for a new marker: a cleared one, so that markers still in use survive a callee's
     * many bind/clear pairs (receive_SUITE's multi_recv_opt_clear); with all in use, round robin.
     */
    private int freeMarkerSlot() {
        for (int i = 0; i < MARKERS; i++) {
            if (markerRefs[i] == null) return i;
        }
        int i = markerNext;
        markerNext = (i + 1) % MARKERS;
        return i;
    }

    /** recv_marker_use: before the receive's first loop_rec, skips the messages older than the marker. */
    public void useMarker(Object ref) {
        Object[] refs = markerRefs;
        if (refs == null) return;
        for (int i = 0; i < MARKERS; i++) {
            if (refs[i] == ref) {
                Signal node = markerNodes[i];
                // Still queued? A removed node has no successor and is not last.
                if (node == head || node == last || node.next != null) savePrev = node;
                return;
            }
        }
    }

    /** recv_marker_clear: the receive for {@code ref} is over. */
    public void clearMarker(Object ref) {
        Object[] refs = markerRefs;
        if (refs == null) return;
        for (int i = 0; i < MARKERS; i++) {
            if (refs[i] == ref) {
                refs[i] = null;
                markerNodes[i] = null;
            }
        }
    }

    /** Messages in the private queue plus any not yet drained (message_queue_len). */
    public int length() {
        drain();
        return size;
    }

    /**
     * Message count seen from another process (process_info): the private queue's size plus the
     * messages not yet taken. A snapshot under concurrent change, not exact.
     */
    public int lengthFromOutside() {
        int n = size;
        Signal s = inHead.inNext;
        while (s != null) {
            if (s instanceof Message) n++;
            s = s.inNext;
        }
        return n;
    }

    /** The messages seen from another process (process_info): a snapshot under concurrent change. */
    public java.util.List<Term> messagesFromOutside() {
        java.util.List<Term> l = new java.util.ArrayList<>();
        for (Signal s = head.next; s != null; s = s.next) if (s instanceof Message m) l.add(m.term);
        for (Signal s = inHead.inNext; s != null; s = s.inNext) if (s instanceof Message m) l.add(m.term);
        return l;
    }

    /** The messages in the queue (owner only: process_info of oneself). */
    public java.util.List<Term> messages() {
        drain();
        java.util.List<Term> l = new java.util.ArrayList<>(size);
        for (Signal s = head.next; s != null; s = s.next) l.add(((Message) s).term);
        return l;
    }

    /** True if there is a message at or after the save pointer (draining first). */
    boolean hasMessageAtSave() {
        if (savePrev.next != null) return true;
        drain();
        return savePrev.next != null;
    }
}
