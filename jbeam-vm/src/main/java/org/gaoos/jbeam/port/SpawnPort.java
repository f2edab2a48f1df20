package org.gaoos.jbeam.port;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code open_port({spawn, Command} | {spawn_executable, File}, Opts)}: an external program whose
 * standard input gets the port's commands and whose standard output comes back to the owner as
 * {@code {Port, {data, Data}}} in the framing the options chose (stream, {@code {line, L}},
 * {@code {packet, N}}). At the end of its output the owner gets {@code {Port, eof}} (option
 * {@code eof}, and the port stays open) and {@code {Port, {exit_status, S}}} (option
 * {@code exit_status}); without {@code eof} the port then closes with reason {@code normal}.
 */
final class SpawnPort extends OpenPort {
    enum Framing { STREAM, LINE, PACKET }

    private final Process process;
    private final OutputStream stdin;
    private final Framing framing;
    private final int frameArg;
    private final boolean eof, exitStatus;

    SpawnPort(Port id, String name, boolean binary, Process process, Framing framing, int frameArg,
              boolean eof, boolean exitStatus) {
        super(id, name, binary);
        this.process = process;
        this.stdin = process.getOutputStream();
        this.framing = framing;
        this.frameArg = frameArg;
        this.eof = eof;
        this.exitStatus = exitStatus;
    }

    /** Starts reading the program's output (after the port is in the table and owned). */
    void startReader() {
        Thread t = new Thread(this::readLoop, "jbeam-port-" + id.number);
        t.setDaemon(true);
        t.start();
    }

    @Override
    void output(byte[] data) {
        try {
            if (framing == Framing.PACKET) {
                byte[] header = new byte[frameArg];
                long n = data.length;
                for (int i = frameArg - 1; i >= 0; i--, n >>>= 8) header[i] = (byte) n;
                stdin.write(header);
            }
            stdin.write(data);
            stdin.flush();
        } catch (IOException e) {
            close(Atom.of("epipe"));
        }
    }

    private void readLoop() {
        InputStream in = process.getInputStream();
        byte[] buf = new byte[4096];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                INPUT_BYTES.add(n);
                switch (framing) {
                    case STREAM -> send(Tuple.of(Atom.of("data"), data(buf, 0, n)));
                    case LINE -> {
                        pending.write(buf, 0, n);
                        lines(pending, false);
                    }
                    case PACKET -> {
                        pending.write(buf, 0, n);
                        packets(pending);
                    }
                }
            }
            if (framing == Framing.LINE) lines(pending, true);
        } catch (IOException e) {
            // the program closed its output
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            status = -1;
        }
        if (!isOpen()) return;
        if (eof) send(Atom.of("eof"));
        if (exitStatus) send(Tuple.of(Atom.of("exit_status"), Small.of(status)));
        if (!eof) close(Atom.NORMAL);
    }

    /** {line, L}: {eol, Line} per complete line, {noeol, Part} for parts longer than L. */
    private void lines(ByteArrayOutputStream pending, boolean atEnd) {
        byte[] b = pending.toByteArray();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                emitLine(b, start, i, true);
                start = i + 1;
            }
        }
        int rest = b.length - start;
        while (rest > frameArg) {
            send(Tuple.of(Atom.of("data"), Tuple.of(Atom.of("noeol"), data(b, start, frameArg))));
            start += frameArg;
            rest -= frameArg;
        }
        if (atEnd && rest > 0) {
            send(Tuple.of(Atom.of("data"), Tuple.of(Atom.of("noeol"), data(b, start, rest))));
            rest = 0;
            start = b.length;
        }
        pending.reset();
        pending.write(b, start, rest);
    }

    private void emitLine(byte[] b, int from, int to, boolean eol) {
        int len = to - from;
        while (len > frameArg) {
            send(Tuple.of(Atom.of("data"), Tuple.of(Atom.of("noeol"), data(b, from, frameArg))));
            from += frameArg;
            len -= frameArg;
        }
        send(Tuple.of(Atom.of("data"), Tuple.of(Atom.of(eol ? "eol" : "noeol"), data(b, from, len))));
    }

    /** {packet, N}: an N-byte big-endian length, then that many bytes. */
    private void packets(ByteArrayOutputStream pending) {
        byte[] b = pending.toByteArray();
        int at = 0;
        while (b.length - at >= frameArg) {
            long len = 0;
            for (int i = 0; i < frameArg; i++) len = (len << 8) | (b[at + i] & 0xff);
            if (b.length - at - frameArg < len) break;
            send(Tuple.of(Atom.of("data"), data(b, at + frameArg, (int) len)));
            at += frameArg + (int) len;
        }
        pending.reset();
        pending.write(b, at, b.length - at);
    }

    @Override
    void stop() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the program may already be gone
        }
    }

    long osPid() {
        return process.pid();
    }
}
