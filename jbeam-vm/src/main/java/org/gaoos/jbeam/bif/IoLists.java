package org.gaoos.jbeam.bif;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;

/** iolists (deep lists of bytes and binaries, binary tails allowed) flattened without recursion. */
public final class IoLists {
    private IoLists() {}

    /** Walks an iolist, calling the sinks; badarg if it is not one. */
    private static void walk(Term root, java.util.function.IntConsumer onByte, java.util.function.Consumer<Bitstring> onBin,
                             boolean bitsAllowed) {
        ArrayDeque<Term> stack = new ArrayDeque<>();
        Term t = root;
        while (true) {
            if (t instanceof Cons c) {
                Term h = c.head();
                if (h instanceof Small s) {
                    if (s.value < 0 || s.value > 255) throw Errors.badarg();
                    onByte.accept((int) s.value);
                } else if (h instanceof Bitstring b) {
                    if (!b.isBinary() && !bitsAllowed) throw Errors.badarg();
                    onBin.accept(b);
                } else if (h instanceof Cons || h == Nil.NIL) {
                    stack.push(c.tail());
                    t = h;
                    continue;
                } else {
                    throw Errors.badarg();
                }
                t = c.tail();
            } else if (t == Nil.NIL) {
                if (stack.isEmpty()) return;
                t = stack.pop();
            } else if (t instanceof Bitstring b) { // binary tail
                if (!b.isBinary() && !bitsAllowed) throw Errors.badarg();
                onBin.accept(b);
                if (stack.isEmpty()) return;
                t = stack.pop();
            } else {
                throw Errors.badarg();
            }
        }
    }

    public static byte[] toBytes(Term iolist) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        walk(iolist, out::write, b -> {
            byte[] bytes = b.toByteArray();
            out.write(bytes, 0, bytes.length);
        }, false);
        return out.toByteArray();
    }

    public static Binary toBinary(Term iolist) {
        return Binary.adopt(toBytes(iolist));
    }

    /** list_to_bitstring: like toBinary but bitstrings may appear anywhere. */
    public static Bitstring toBitstring(Term list) {
        BitWriter w = new BitWriter();
        walk(list, v -> w.putBits(v, 8), w::putBitstring, true);
        return w.finish();
    }

    public static long size(Term iolist) {
        long[] n = {0};
        walk(iolist, v -> n[0]++, b -> n[0] += b.wholeBytes(), false);
        return n[0];
    }

    /** Accumulates bits (most significant first). */
    static final class BitWriter {
        private byte[] buf = new byte[64];
        private long bits;

        void putBits(long value, int count) {
            ensure(count);
            for (int i = count - 1; i >= 0; i--) {
                if (((value >>> i) & 1) != 0) buf[(int) (bits >>> 3)] |= (byte) (0x80 >>> (bits & 7));
                bits++;
            }
        }

        void putBitstring(Bitstring b) {
            long n = b.bitSize();
            ensure(n);
            if ((bits & 7) == 0 && b.isAligned()) {
                int whole = (int) (n >>> 3);
                b.copyBytes(0, buf, (int) (bits >>> 3), whole);
                bits += (long) whole * 8;
                for (long i = (long) whole * 8; i < n; i++) putBits(b.bit(i), 1);
            } else {
                for (long i = 0; i < n; i++) putBits(b.bit(i), 1);
            }
        }

        private void ensure(long more) {
            long need = (bits + more + 7) >>> 3;
            if (need > buf.length) buf = java.util.Arrays.copyOf(buf, (int) Math.max(need, buf.length * 2L));
        }

        Bitstring finish() {
            byte[] out = java.util.Arrays.copyOf(buf, (int) ((bits + 7) >>> 3));
            return Bitstring.of(out, bits);
        }
    }
}
