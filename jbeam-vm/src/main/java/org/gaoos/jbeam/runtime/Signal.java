package org.gaoos.jbeam.runtime;

/**
 * An entry in a process's signal queue. Messages and (later) exit, link and monitor signals travel
 * in one queue so that signals from one sender arrive in the order sent, as BEAM guarantees.
 * The node is intrusive: the queue links the signals themselves, so a send allocates one object.
 */
public abstract class Signal {
    /** Link in the lock-free incoming queue (written by senders). */
    volatile Signal inNext;
    /** Link in the owner's private message queue (written by the owner only). */
    Signal next;
}
