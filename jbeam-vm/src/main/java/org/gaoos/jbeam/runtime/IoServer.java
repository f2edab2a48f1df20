package org.gaoos.jbeam.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.gaoos.jbeam.bif.IoLists;
import org.gaoos.jbeam.bif.UnicodeBifs;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The standard I/O server: a process that speaks the Erlang I/O protocol
 * ({@code {io_request, From, ReplyAs, Request}} → {@code {io_reply, ReplyAs, Reply}}) on the
 * JVM's standard input and output, and is the group leader of the processes the launcher starts.
 * This stands in for OTP's {@code user}/{@code group}/{@code prim_tty} until the real boot runs.
 *
 * <p>Requests: put_chars (Encoding, Chars | M, F, A; and the old forms without encoding),
 * get_line, get_chars, setopts/getopts (binary and encoding), get_geometry ({error, enotsup}),
 * requests (a list of requests). Output is UTF-8.
 */
public final class IoServer {
    private static final Atom IO_REQUEST = Atom.of("io_request"), IO_REPLY = Atom.of("io_reply"),
            PUT_CHARS = Atom.of("put_chars"), GET_LINE = Atom.of("get_line"), GET_CHARS = Atom.of("get_chars"),
            SETOPTS = Atom.of("setopts"), GETOPTS = Atom.of("getopts"), REQUESTS = Atom.of("requests"),
            GET_GEOMETRY = Atom.of("get_geometry"), BINARY = Atom.of("binary"), ENCODING = Atom.of("encoding"),
            EOF = Atom.of("eof"), ENOTSUP = Atom.of("enotsup"), REQUEST = Atom.of("request"),
            ARGUMENTS = Atom.of("arguments");

    private final PrintStream out;
    private final BufferedReader in;
    private boolean binary;

    private IoServer(PrintStream out) {
        this.out = out;
        this.in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /** Starts the server as a process (its own group leader) and returns it. */
    public static Proc start(PrintStream out) {
        Proc p = Processes.create(null);
        p.setGroupLeader(p.pid());
        IoServer s = new IoServer(out);
        Processes.start(p, () -> s.loop(p));
        return p;
    }

    private Term loop(Proc self) {
        while (true) {
            Term m = self.receive();
            if (m instanceof Tuple t && t.arity() == 4 && t.get(0) == IO_REQUEST) {
                Term reply;
                try {
                    reply = request(self, t.get(3));
                } catch (ErlangException e) {
                    if (Boolean.getBoolean("jbeam.debug")) {
                        System.err.println("jbeam io server: " + e.kind() + ":" + e.reason() + " " + StackTraces.build(e));
                    }
                    reply = Tuple.of(Atom.ERROR, e.reason());
                }
                Processes.send(t.get(1), Tuple.of(IO_REPLY, t.get(2), reply));
            }
        }
    }

    private Term request(Proc self, Term req) {
        if (!(req instanceof Tuple t) || t.arity() == 0) {
            if (req == GETOPTS) return getopts();
            return Tuple.of(Atom.ERROR, REQUEST);
        }
        Term tag = t.get(0);
        if (tag == PUT_CHARS) {
            switch (t.arity()) {
                case 2: return putChars(Atom.LATIN1, t.get(1));
                case 3: return putChars(t.get(1), t.get(2));
                case 4: return putChars(Atom.LATIN1, apply(self, t.get(1), t.get(2), t.get(3)));
                case 5: return putChars(t.get(1), apply(self, t.get(2), t.get(3), t.get(4)));
                default: return Tuple.of(Atom.ERROR, REQUEST);
            }
        }
        if (tag == GET_LINE && (t.arity() == 2 || t.arity() == 3)) return getLine(t.get(t.arity() - 1));
        if (tag == GET_CHARS && (t.arity() == 3 || t.arity() == 4)) return getLine(t.get(t.arity() - 2));
        if (tag == SETOPTS && t.arity() == 2) return setopts(t.get(1));
        if (tag == GETOPTS) return getopts();
        if (tag == GET_GEOMETRY) return Tuple.of(Atom.ERROR, ENOTSUP);
        if (tag == REQUESTS && t.arity() == 2) {
            Term r = Atom.OK;
            for (Term sub : Lists.toJava(t.get(1))) {
                r = request(self, sub);
                if (r instanceof Tuple e && e.arity() == 2 && e.get(0) == Atom.ERROR) break;
            }
            return r;
        }
        return Tuple.of(Atom.ERROR, REQUEST);
    }

    private Term apply(Proc self, Term m, Term f, Term args) {
        return self.call(p -> Funs.apply(p, m, f, args));
    }

    private Term putChars(Term encoding, Term chars) {
        byte[] bytes;
        if (encoding == Atom.UNICODE || encoding == Atom.UTF8) {
            Term b = UnicodeBifs.charactersToBinary(chars, Atom.UNICODE);
            if (!(b instanceof Binary bin)) return Tuple.of(Atom.ERROR, PUT_CHARS);
            bytes = bin.toByteArray();
        } else {
            // latin1: bytes as characters, written as UTF-8
            byte[] raw = IoLists.toBytes(chars);
            bytes = new String(raw, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
        }
        out.write(bytes, 0, bytes.length);
        out.flush();
        return Atom.OK;
    }

    private Term getLine(Term prompt) {
        try {
            Term p = UnicodeBifs.charactersToBinary(prompt, Atom.UNICODE);
            if (p instanceof Binary pb && pb.byteSize() > 0) {
                byte[] b = pb.toByteArray();
                out.write(b, 0, b.length);
                out.flush();
            }
        } catch (ErlangException ignored) {
            // a prompt that is not chardata is not printed
        }
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            return Tuple.of(Atom.ERROR, Atom.of("eio"));
        }
        if (line == null) return EOF;
        line = line + "\n";
        return binary ? Binary.utf8(line) : Lists.fromString(line);
    }

    private Term setopts(Term opts) {
        Term t = opts;
        while (t instanceof Cons c) {
            Term o = c.head();
            if (o == BINARY) binary = true;
            else if (o == Atom.of("list")) binary = false;
            else if (o instanceof Tuple kv && kv.arity() == 2 && kv.get(0) == BINARY) binary = kv.get(1) == Atom.TRUE;
            t = c.tail();
        }
        return Atom.OK;
    }

    private Term getopts() {
        return Lists.of(Tuple.of(BINARY, Atom.of(binary)), Tuple.of(ENCODING, Atom.UNICODE));
    }

    @SuppressWarnings("unused")
    private static Term nil() { return Nil.NIL; }

    @SuppressWarnings("unused")
    private static Atom arguments() { return ARGUMENTS; }
}
