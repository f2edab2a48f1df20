package org.gaoos.jbeam.nif;

import java.util.ArrayDeque;

import org.gaoos.jbeam.bif.Bif;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.ExitHook;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code zlib}'s NIFs (erts/emulator/nifs/common/zlib_nif.c) on java.util.zip: a stream is a resource
 * with an input queue, a stash and a deflate ({@link ZlibDeflate}) or inflate ({@link ZlibInflate})
 * state, used only by its controlling process. {@link #codec} is zlib_nif.c's queue loop, so the
 * {@code {continue | finished | need_dictionary, ...}} answers split the output at the same points.
 * Where ERTS's resource lives until garbage collected, here the codec's native memory is also freed
 * when the controlling process exits (nobody else may use the stream), and by the resource's cleanup.
 * Gap: no timeslice accounting, so a call runs through its whole input chunk.
 */
public final class Zlib {
    private Zlib() {}

    private static final Atom NOT_ON_CONTROLLING_PROCESS = Atom.of("not_on_controlling_process"),
            NOT_INITIALIZED = Atom.of("not_initialized"), ALREADY_INITIALIZED = Atom.of("already_initialized"),
            CONTINUE = Atom.of("continue"), FINISHED = Atom.of("finished"), NEED_DICTIONARY = Atom.of("need_dictionary"),
            EMPTY = Atom.of("empty"), STREAM_END = Atom.of("stream_end"), STREAM_ERROR = Atom.of("stream_error"),
            DATA_ERROR = Atom.of("data_error"), MEM_ERROR = Atom.of("mem_error"), BUF_ERROR = Atom.of("buf_error"),
            UNKNOWN_ERROR = Atom.of("unknown_error");

    private enum State { NONE, DEFLATE, INFLATE, CLOSED }

    /** EoS behaviours of inflateInit_nif/3: what to do with input after the end of the stream. */
    private static final int EOS_ERROR = 0, EOS_RESET = 1;

    /** A zlib stream (zlib_data_t). Guarded by its own lock. */
    static final class Stream {
        State state = State.NONE;
        ZlibCodec codec;
        int eosBehavior = 2;
        boolean eosSeen;
        Pid controller;
        Proc controllerProc;
        final ExitHook hook = (proc, reason) -> closeInternal();
        /** The input queue: unconsumed bytes of each enqueued binary, {@link #headOff} into the first. */
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        int headOff;
        long queued;
        Term stash;

        synchronized void closeInternal() {
            if (codec != null) codec.end();
            codec = null;
            stash = null;
            state = State.CLOSED;
        }

        void resetInput() {
            queue.clear();
            headOff = 0;
            queued = 0;
            stash = null;
        }

        void dequeue(long n) {
            queued -= n;
            while (n > 0) {
                int left = queue.peekFirst().length - headOff;
                if (n < left) {
                    headOff += (int) n;
                    return;
                }
                n -= left;
                queue.removeFirst();
                headOff = 0;
            }
        }

        /** Moves the exit hook to the process {@code pid}; closes the stream if none can ever use it. */
        void control(Pid pid) {
            if (controllerProc != null) controllerProc.removeExitHook(hook);
            controller = pid;
            controllerProc = Processes.lookup(pid);
            if (controllerProc == null || !controllerProc.addExitHook(hook)) {
                controllerProc = null;
                closeInternal();
            }
        }
    }

    /** The stream behind {@code z}, checked to be used by its controlling process. */
    private static Stream stream(Proc self, Term z) {
        Stream s = Resources.get(z, Stream.class);
        if (!self.pid().equals(s.controller)) throw Errors.error(NOT_ON_CONTROLLING_PROCESS);
        return s;
    }

    private static Stream stream(Proc self, Term z, State want) {
        Stream s = stream(self, z);
        if (s.state != want) throw Errors.error(NOT_INITIALIZED);
        return s;
    }

    private static int integer(Term t) {
        if (t instanceof Small s && s.value == (int) s.value) return (int) s.value;
        throw Errors.badarg();
    }

    /** zlib_return: the atom for a zlib result, or the exception ERTS raises for it. */
    private static Term result(int code) {
        return switch (code) {
            case ZlibCodec.Z_OK -> Atom.OK;
            case ZlibCodec.Z_STREAM_END -> STREAM_END;
            case ZlibCodec.Z_STREAM_ERROR -> throw Errors.error(STREAM_ERROR);
            case ZlibCodec.Z_DATA_ERROR -> throw Errors.error(DATA_ERROR);
            case ZlibCodec.Z_MEM_ERROR -> MEM_ERROR;
            case ZlibCodec.Z_BUF_ERROR -> BUF_ERROR;
            default -> UNKNOWN_ERROR;
        };
    }

    private static byte[] iodata(Term t) {
        if (t instanceof Bitstring b) {
            if (!b.isBinary()) throw Errors.badarg();
            return b.toByteArray();
        }
        return org.gaoos.jbeam.bif.IoLists.toBytes(t);
    }

    // ---- open, close, controller ----

    @Bif(module = "zlib", value = "open_nif")
    public static Term open(Proc self) {
        Stream s = new Stream();
        synchronized (s) {
            s.control(self.pid());
        }
        return Resources.make(s, s::closeInternal);
    }

    @Bif(module = "zlib", value = "close_nif")
    public static Term close(Proc self, Term z) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z);
            if (s.state == State.CLOSED) throw Errors.error(NOT_INITIALIZED);
            if (s.controllerProc != null) s.controllerProc.removeExitHook(s.hook);
            s.closeInternal();
            return Atom.OK;
        }
    }

    @Bif(module = "zlib", value = "set_controller_nif")
    public static Term setController(Proc self, Term z, Term pid) {
        Stream s = Resources.get(z, Stream.class);
        if (!(pid instanceof Pid p) || p.node != LocalNode.name()) throw Errors.badarg();
        synchronized (s) {
            stream(self, z);
            if (s.state == State.CLOSED) {
                s.controller = p; // nothing left to free
            } else {
                s.control(p);
            }
            return Atom.OK;
        }
    }

    // ---- deflate ----

    @Bif(module = "zlib", value = "deflateInit_nif")
    public static Term deflateInit(Proc self, Term z, Term level, Term method, Term windowBits, Term memLevel,
                                   Term strategy) {
        Stream s = Resources.get(z, Stream.class);
        int l = integer(level), m = integer(method), w = integer(windowBits), ml = integer(memLevel),
                st = integer(strategy);
        synchronized (s) {
            stream(self, z);
            if (s.state != State.NONE) throw Errors.error(ALREADY_INITIALIZED);
            ZlibDeflate d = ZlibDeflate.init(l, m, w, ml, st);
            if (d == null) return result(ZlibCodec.Z_STREAM_ERROR);
            s.codec = d;
            s.state = State.DEFLATE;
            s.eosSeen = false;
            return Atom.OK;
        }
    }

    @Bif(module = "zlib", value = "deflateSetDictionary_nif")
    public static Term deflateSetDictionary(Proc self, Term z, Term dict) {
        Stream s = Resources.get(z, Stream.class);
        byte[] d = iodata(dict);
        synchronized (s) {
            stream(self, z, State.DEFLATE);
            long adler = ((ZlibDeflate) s.codec).setDictionary(d);
            return adler < 0 ? result(ZlibCodec.Z_STREAM_ERROR) : Int.of(adler);
        }
    }

    @Bif(module = "zlib", value = "deflateReset_nif")
    public static Term deflateReset(Proc self, Term z) {
        return reset(self, z, State.DEFLATE);
    }

    private static Term reset(Proc self, Term z, State state) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z, state);
            s.codec.reset();
            s.eosSeen = false;
            s.resetInput();
            return Atom.OK;
        }
    }

    @Bif(module = "zlib", value = "deflateEnd_nif")
    public static Term deflateEnd(Proc self, Term z) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z, State.DEFLATE);
            int res = ((ZlibDeflate) s.codec).endResult();
            if (res == ZlibCodec.Z_OK && s.queued > 0) res = ZlibCodec.Z_DATA_ERROR;
            s.codec.end();
            s.codec = null;
            s.resetInput();
            s.state = State.NONE;
            return result(res);
        }
    }

    @Bif(module = "zlib", value = "deflateParams_nif")
    public static Term deflateParams(Proc self, Term z, Term level, Term strategy) {
        Stream s = Resources.get(z, Stream.class);
        int l = integer(level), st = integer(strategy);
        synchronized (s) {
            stream(self, z, State.DEFLATE);
            return result(((ZlibDeflate) s.codec).params(l, st));
        }
    }

    @Bif(module = "zlib", value = "deflate_nif")
    public static Term deflate(Proc self, Term z, Term inputChunk, Term outputChunk, Term flush) {
        Stream s = Resources.get(z, Stream.class);
        int in = integer(inputChunk), out = integer(outputChunk), f = integer(flush);
        synchronized (s) {
            stream(self, z, State.DEFLATE);
            return codec(s, in, out, f);
        }
    }

    // ---- inflate ----

    @Bif(module = "zlib", value = "inflateInit_nif")
    public static Term inflateInit(Proc self, Term z, Term windowBits, Term eosBehavior) {
        Stream s = Resources.get(z, Stream.class);
        int w = integer(windowBits), eos = integer(eosBehavior);
        synchronized (s) {
            stream(self, z);
            if (s.state != State.NONE) throw Errors.error(ALREADY_INITIALIZED);
            ZlibInflate i = ZlibInflate.init(w);
            if (i == null) return result(ZlibCodec.Z_STREAM_ERROR);
            s.codec = i;
            s.state = State.INFLATE;
            s.eosBehavior = eos;
            s.eosSeen = false;
            return Atom.OK;
        }
    }

    @Bif(module = "zlib", value = "inflateSetDictionary_nif")
    public static Term inflateSetDictionary(Proc self, Term z, Term dict) {
        Stream s = Resources.get(z, Stream.class);
        byte[] d = iodata(dict);
        synchronized (s) {
            stream(self, z, State.INFLATE);
            return result(((ZlibInflate) s.codec).setDictionary(d));
        }
    }

    @Bif(module = "zlib", value = "inflateGetDictionary_nif")
    public static Term inflateGetDictionary(Proc self, Term z) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z, State.INFLATE);
            return Binary.of(((ZlibInflate) s.codec).dictionary());
        }
    }

    @Bif(module = "zlib", value = "inflateReset_nif")
    public static Term inflateReset(Proc self, Term z) {
        return reset(self, z, State.INFLATE);
    }

    @Bif(module = "zlib", value = "inflateEnd_nif")
    public static Term inflateEnd(Proc self, Term z) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z, State.INFLATE);
            int res = !s.eosSeen || s.queued > 0 ? ZlibCodec.Z_DATA_ERROR : ZlibCodec.Z_OK;
            s.codec.end();
            s.codec = null;
            s.resetInput();
            s.state = State.NONE;
            return result(res);
        }
    }

    @Bif(module = "zlib", value = "inflate_nif")
    public static Term inflate(Proc self, Term z, Term inputChunk, Term outputChunk, Term flush) {
        Stream s = Resources.get(z, Stream.class);
        int in = integer(inputChunk), out = integer(outputChunk), f = integer(flush);
        synchronized (s) {
            stream(self, z, State.INFLATE);
            if (s.eosSeen && s.queued > 0) {
                switch (s.eosBehavior) {
                    case EOS_ERROR -> { return result(ZlibCodec.Z_DATA_ERROR); }
                    case EOS_RESET -> {
                        ((ZlibInflate) s.codec).reset();
                        s.eosSeen = false;
                    }
                    default -> s.resetInput();
                }
            }
            return codec(s, in, out, f);
        }
    }

    // ---- the stash and the input queue ----

    @Bif(module = "zlib", value = "getStash_nif")
    public static Term getStash(Proc self, Term z) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z);
            return s.stash == null ? EMPTY : Tuple.of(Atom.OK, s.stash);
        }
    }

    @Bif(module = "zlib", value = "clearStash_nif")
    public static Term clearStash(Proc self, Term z) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z);
            if (s.stash == null) throw Errors.error(Atom.ERROR);
            s.stash = null;
            return Atom.OK;
        }
    }

    @Bif(module = "zlib", value = "setStash_nif")
    public static Term setStash(Proc self, Term z, Term term) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z);
            if (s.stash != null) throw Errors.error(Atom.ERROR);
            s.stash = term;
            return Atom.OK;
        }
    }

    /** enif_inspect_iovec takes at most this many binaries per call; the rest comes back to enqueue. */
    private static final int IOVEC_MAX = 256;

    @Bif(module = "zlib", value = "enqueue_nif")
    public static Term enqueue(Proc self, Term z, Term iovec) {
        Stream s = Resources.get(z, Stream.class);
        synchronized (s) {
            stream(self, z);
            if (s.state != State.DEFLATE && s.state != State.INFLATE) throw Errors.error(NOT_INITIALIZED);
            java.util.List<byte[]> taken = new java.util.ArrayList<>();
            Term t = iovec;
            for (int n = 0; n < IOVEC_MAX && t instanceof Cons c; n++, t = c.tail()) {
                if (!(c.head() instanceof Binary b)) throw Errors.badarg();
                if (b.byteSize() > 0) taken.add(b.toByteArray());
            }
            if (!(t instanceof Cons) && t != Nil.NIL) throw Errors.badarg();
            for (byte[] b : taken) {
                s.queue.addLast(b);
                s.queued += b.length;
            }
            return t == Nil.NIL ? Atom.OK : Tuple.of(CONTINUE, t);
        }
    }

    // ---- the codec loop ----

    /** zlib_codec + zlib_flush_queue: run the codec over the queue, then flush. */
    private static Term codec(Stream s, int inputChunk, int outputChunk, int flush) {
        if (outputChunk < 0) return MEM_ERROR; // enif_alloc_binary of a negative size fails
        ZlibCodec c = s.codec;
        long limit = inputChunk < 0 ? Long.MAX_VALUE : inputChunk; // a size_t in C
        ZlibCodec.Out out = new ZlibCodec.Out(outputChunk);
        int res = ZlibCodec.Z_OK;
        long consumed = 0;
        int off = s.headOff;
        for (byte[] block : s.queue) {
            if (res != ZlibCodec.Z_OK || consumed >= limit) break;
            int size = (int) Math.min(block.length - off, limit);
            res = c.call(block, off, size, out, ZlibCodec.Z_NO_FLUSH);
            consumed += c.consumed;
            // zlib_nif.c moves on to the next block regardless; stopping here keeps the input in order
            if (c.consumed < block.length - off) break;
            off = 0;
        }
        s.dequeue(consumed);
        long remaining = s.queued;
        if (res == ZlibCodec.Z_OK && remaining == 0 && out.avail() > 0) {
            res = c.call(ZlibCodec.NO_BYTES, 0, 0, out, flush);
        }
        int produced = out.pos;
        if (res < 0 && res != ZlibCodec.Z_BUF_ERROR) return result(res);
        if (res == ZlibCodec.Z_STREAM_END) s.eosSeen = true;
        if (consumed == 0 && produced == 0 && remaining != 0) return result(ZlibCodec.Z_DATA_ERROR);
        Term flushed = produced == 0 ? Nil.NIL
                : new Cons(Binary.adopt(out.buf, 0, produced), Nil.NIL);
        if (remaining == 0 && produced < outputChunk) return Tuple.of(FINISHED, flushed);
        if (res != ZlibCodec.Z_NEED_DICT) return Tuple.of(CONTINUE, flushed);
        return Tuple.of(NEED_DICTIONARY, Int.of(c.adler()), flushed);
    }
}
