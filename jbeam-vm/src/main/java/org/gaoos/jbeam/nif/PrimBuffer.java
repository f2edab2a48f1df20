package org.gaoos.jbeam.nif;

import java.io.ByteArrayOutputStream;

import org.gaoos.jbeam.bif.Bif;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code prim_buffer}'s NIFs (erts/emulator/nifs/common/prim_buffer_nif.c): a byte queue used by
 * prim_file's read-ahead and by the I/O servers. One buffer is a growable array with a read
 * position; the lock is the advisory {@code try_lock/unlock} flag the Erlang side uses.
 */
public final class PrimBuffer {
    private PrimBuffer() {}

    private static final Atom ACQUIRED = Atom.of("acquired"), BUSY = Atom.of("busy"), NOT_FOUND = Atom.of("not_found");

    /** The queue: bytes {@code [head, tail)} of {@code data} are unread. */
    static final class Buffer {
        byte[] data = new byte[0];
        int head, tail;
        boolean locked;

        synchronized int size() { return tail - head; }

        synchronized void write(byte[] b) {
            if (tail + b.length > data.length) {
                int live = tail - head;
                byte[] n = live + b.length <= data.length / 2 ? data : new byte[Math.max(16, (live + b.length) * 2)];
                System.arraycopy(data, head, n, 0, live);
                data = n;
                head = 0;
                tail = live;
            }
            System.arraycopy(b, 0, data, tail, b.length);
            tail += b.length;
        }

        synchronized byte[] read(int n) {
            byte[] out = java.util.Arrays.copyOfRange(data, head, head + n);
            head += n;
            return out;
        }
    }

    private static Buffer buffer(Term t) {
        return Resources.get(t, Buffer.class);
    }

    private static int size(Term n, Buffer b) {
        if (!(n instanceof Small s) || s.value < 0 || s.value > b.size()) throw Errors.badarg();
        return (int) s.value;
    }

    @Bif(module = "prim_buffer", value = "new")
    public static Term create() {
        return Resources.make(new Buffer());
    }

    @Bif(module = "prim_buffer", value = "size")
    public static Term size(Term buf) {
        return Small.of(buffer(buf).size());
    }

    @Bif(module = "prim_buffer", value = "peek_head")
    public static Term peekHead(Term buf) {
        Buffer b = buffer(buf);
        synchronized (b) {
            if (b.size() == 0) throw Errors.badarg();
            return Binary.of(java.util.Arrays.copyOfRange(b.data, b.head, b.tail));
        }
    }

    @Bif(module = "prim_buffer", value = "copying_read")
    public static Term copyingRead(Term buf, Term n) {
        Buffer b = buffer(buf);
        synchronized (b) {
            return Binary.adopt(b.read(size(n, b)));
        }
    }

    @Bif(module = "prim_buffer", value = "skip")
    public static Term skip(Term buf, Term n) {
        Buffer b = buffer(buf);
        synchronized (b) {
            b.read(size(n, b));
        }
        return Atom.OK;
    }

    /** write(Buffer, IOVec): appends a list of binaries. */
    @Bif(module = "prim_buffer", value = "write")
    public static Term write(Term buf, Term iovec) {
        Buffer b = buffer(buf);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Term t = iovec;
        while (t instanceof Cons c) {
            if (!(c.head() instanceof Binary bin)) throw Errors.badarg();
            all.writeBytes(bin.toByteArray());
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        b.write(all.toByteArray());
        return Atom.OK;
    }

    @Bif(module = "prim_buffer", value = "find_byte_index")
    public static Term findByteIndex(Term buf, Term needle) {
        Buffer b = buffer(buf);
        if (!(needle instanceof Small s) || s.value < 0 || s.value > 255) throw Errors.badarg();
        synchronized (b) {
            for (int i = b.head; i < b.tail; i++) {
                if ((b.data[i] & 0xff) == s.value) return Tuple.of(Atom.OK, Small.of(i - b.head));
            }
        }
        return NOT_FOUND;
    }

    @Bif(module = "prim_buffer", value = "try_lock")
    public static Term tryLock(Term buf) {
        Buffer b = buffer(buf);
        synchronized (b) {
            if (b.locked) return BUSY;
            b.locked = true;
            return ACQUIRED;
        }
    }

    @Bif(module = "prim_buffer", value = "unlock")
    public static Term unlock(Term buf) {
        Buffer b = buffer(buf);
        synchronized (b) {
            if (!b.locked) throw Errors.badarg();
            b.locked = false;
        }
        return Atom.OK;
    }

}
