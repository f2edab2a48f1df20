package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Term;

/**
 * A signal that is not a plain message (exit, monitor down, message to an alias). It travels in the
 * same queue as messages, so signals from one sender keep their order, and is acted on by the
 * receiver when it takes the signal from the queue: at receive, at preemption points and when
 * waiting.
 */
abstract class ControlSignal extends Signal {
    /**
     * Acts on this signal in the receiving process {@code p} (its own thread). Returns the message
     * it turns into, to be added at the end of the message queue, or null if it adds none.
     *
     * @throws ProcessExit if the signal terminates the process
     */
    abstract Term receive(Proc p);
}
