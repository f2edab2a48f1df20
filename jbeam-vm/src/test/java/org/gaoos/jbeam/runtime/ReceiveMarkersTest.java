package org.gaoos.jbeam.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.junit.jupiter.api.Test;

/**
 * Receive markers (recv_marker_reserve/bind/use/clear): a receive for a new reference starts after
 * the messages that were queued before the reference existed.
 */
class ReceiveMarkersTest {
    private static final Term REPLY = Atom.of("reply");

    @Test
    void markerInUseSurvivesManyCalleeMarkersThatWereCleared() {
        Proc p = Processes.create(Atom.UNDEFINED);
        Mailbox box = p.mailbox();
        for (int i = 1; i <= 5; i++) p.deliver(Small.of(i));
        box.peek(); // takes the five into the private queue, as a receive would
        box.resetSave();

        Term outer = Processes.makeRef();
        box.bindMarker(box.reserveMarker(), outer);
        p.deliver(REPLY);
        // The callee's calls, each bound and cleared (receive_SUITE's multi_recv_opt_clear):
        // more than the marker slots, which must not push out the outer call's marker.
        for (int i = 0; i < 20; i++) {
            Term inner = Processes.makeRef();
            box.bindMarker(box.reserveMarker(), inner);
            box.clearMarker(inner);
        }

        box.useMarker(outer);
        assertEquals(REPLY, box.peek(), "the receive starts after the five older messages");
    }

    @Test
    void markerOfARemovedMessageMeansAFullScan() {
        Proc p = Processes.create(Atom.UNDEFINED);
        Mailbox box = p.mailbox();
        p.deliver(Small.of(1));
        box.peek();
        box.resetSave();
        Term ref = Processes.makeRef();
        box.bindMarker(box.reserveMarker(), ref); // the marker is message 1's node
        p.deliver(Small.of(2));
        box.peek();
        box.remove(); // message 1 is received: the marker's node is gone

        box.useMarker(ref);
        assertEquals(Small.of(2), box.peek());
    }
}
