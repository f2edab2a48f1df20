package org.gaoos.jbeam.term;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Spare capacity behind an appended bitstring (BEAM's writable binary). The bitstring whose end
 * equals {@link #used} may extend the buffer in place; any other appender copies. {@code used}
 * only grows, claimed by CAS, so bits visible to an existing bitstring are never overwritten.
 */
final class AppendBuffer {
    final byte[] bytes;
    final AtomicLong used; // bits used from the start of bytes

    AppendBuffer(byte[] bytes, long usedBits) {
        this.bytes = bytes;
        this.used = new AtomicLong(usedBits);
    }

    long capacityBits() { return (long) bytes.length << 3; }

    /** Claims [end, end+bits) if {@code end} is the current end and it fits. */
    boolean claim(long end, long bits) {
        long newEnd = end + bits;
        return newEnd <= capacityBits() && used.compareAndSet(end, newEnd);
    }
}
