package org.gaoos.jbeam.nif;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.gaoos.jbeam.bif.Bif;
import org.gaoos.jbeam.bif.IoLists;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Vm;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code prim_tty}'s NIFs (erts/emulator/nifs/common/prim_tty_nif.c): the terminal that OTP 27's
 * {@code user_drv} reads standard input from and writes standard output to, with or without a
 * shell. Output is written straight to fd 1. Input: {@code tty_select} starts one reader thread
 * on fd 0; when bytes are buffered and the reader process has armed the select, it gets
 * {@code {select, TTY, Ref, ready_input}} and {@code read_nif} hands over what is buffered
 * ({@code {error, closed}} at end of input), re-arming the select as {@code enif_select} does.
 *
 * <p>Terminal mode ({@code tty_init}/{@code tty_set}): canonical input and echo are turned off
 * through the C library and restored when the VM halts. Termcap is a built-in description of
 * ANSI/xterm terminals rather than the system's terminfo database; signals (SIGWINCH, SIGCONT)
 * are not delivered.
 */
public final class PrimTty {
    private PrimTty() {}

    private static final Atom STDIN = Atom.of("stdin"), STDOUT = Atom.of("stdout"), STDERR = Atom.of("stderr"),
            SELECT = Atom.of("select"), READY_INPUT = Atom.of("ready_input"), CLOSED = Atom.of("closed"),
            ENOTSUP = Atom.of("enotsup");

    /** The terminal resource: one per tty_create. */
    static final class Tty {
        boolean tty;
        byte[] savedAttributes;
    }

    private static Tty tty(Term t) {
        return Resources.get(t, Tty.class);
    }

    // ---- standard input: one reader for the VM ----

    private static final Object INPUT = new Object();
    private static final ByteArrayOutputStream BUFFERED = new ByteArrayOutputStream();
    private static boolean inputEnded, readerStarted;
    /** The armed select: who gets ready_input, with which message. */
    private static Proc selectProc;
    private static Term selectMsg;

    private static void startReader() {
        synchronized (INPUT) {
            if (readerStarted) return;
            readerStarted = true;
        }
        Thread t = new Thread(() -> {
            InputStream in = new FileInputStream(FileDescriptor.in);
            byte[] buf = new byte[1024];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    n = -1;
                }
                synchronized (INPUT) {
                    if (n > 0) BUFFERED.write(buf, 0, n);
                    else inputEnded = true;
                    notifyReady();
                }
                if (n <= 0) return;
            }
        }, "jbeam-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** Sends ready_input if there is something to read and the select is armed (INPUT held). */
    private static void notifyReady() {
        if (selectProc != null && (BUFFERED.size() > 0 || inputEnded)) {
            Proc p = selectProc;
            selectProc = null;
            p.deliver(selectMsg);
        }
    }

    private static void arm(Proc p, Term tty, Term ref) {
        synchronized (INPUT) {
            selectProc = p;
            selectMsg = Tuple.of(SELECT, tty, ref, READY_INPUT);
            notifyReady();
        }
    }

    // ---- NIFs ----

    private static int fd(Term t) {
        if (t == STDIN) return 0;
        if (t == STDOUT) return 1;
        if (t == STDERR) return 2;
        throw Errors.badarg();
    }

    @Bif(module = "prim_tty", value = "isatty")
    public static Term isatty(Term fd) {
        if (!(fd instanceof Atom)) {
            Resources.get(fd, Tty.class);
            return Atom.of(Libc.isatty(0));
        }
        return Atom.of(Libc.isatty(fd(fd)));
    }

    @Bif(module = "prim_tty", value = "tty_create")
    public static Term ttyCreate() {
        return Tuple.of(Atom.OK, Resources.make(new Tty()));
    }

    @Bif(module = "prim_tty", value = "tty_init")
    public static Term ttyInit(Term t, Term fd, Term options) {
        Tty tty = tty(t);
        if (!Libc.isatty(0) || !Libc.isatty(1)) return Tuple.of(Atom.ERROR, ENOTSUP);
        tty.tty = true;
        synchronized (Tty.class) {
            if (tty.savedAttributes == null) tty.savedAttributes = Libc.getAttributes(0);
        }
        if (tty.savedAttributes == null) return Tuple.of(Atom.ERROR, ENOTSUP);
        byte[] saved = tty.savedAttributes;
        Vm.atHalt(() -> Libc.setAttributes(0, saved));
        return Atom.OK;
    }

    @Bif(module = "prim_tty", value = "tty_set")
    public static Term ttySet(Term t) {
        Tty tty = tty(t);
        if (tty.tty && tty.savedAttributes != null) Libc.setAttributes(0, Libc.raw(tty.savedAttributes));
        return Atom.OK;
    }

    /** True if the locale's character set is UTF-8 (setlocale(LC_CTYPE, "") and nl_langinfo). */
    @Bif(module = "prim_tty", value = "setlocale")
    public static Term setlocale(Term t) {
        tty(t);
        return Atom.of(FileNames.localeIsUtf8());
    }

    @Bif(module = "prim_tty", value = "tty_select")
    public static Term ttySelect(Proc self, Term t, Term signalRef, Term readRef) {
        tty(t);
        startReader();
        arm(self, t, readRef);
        return Atom.OK;
    }

    @Bif(module = "prim_tty", value = "tty_encoding")
    public static Term ttyEncoding(Term t) {
        tty(t);
        return Atom.UTF8;
    }

    @Bif(module = "prim_tty", value = "write_nif")
    public static Term write(Term t, Term iovec) {
        tty(t);
        byte[] bytes = IoLists.toBytes(iovec);
        if (!Vm.write(1, bytes)) return Tuple.of(Atom.ERROR, Atom.of("eio"));
        return Atom.OK;
    }

    @Bif(module = "prim_tty", value = "read_nif")
    public static Term read(Proc self, Term t, Term ref) {
        tty(t);
        byte[] data;
        synchronized (INPUT) {
            if (BUFFERED.size() == 0 && inputEnded) return Tuple.of(Atom.ERROR, CLOSED);
            data = BUFFERED.toByteArray();
            BUFFERED.reset();
        }
        arm(self, t, ref);
        return Tuple.of(Atom.OK, Binary.adopt(data));
    }

    @Bif(module = "prim_tty", value = "tty_read_signal")
    public static Term readSignal(Term t, Term ref) {
        tty(t);
        return Tuple.of(Atom.ERROR, Atom.of("eagain"));
    }

    @Bif(module = "prim_tty", value = "tty_window_size")
    public static Term windowSize(Term t) {
        tty(t);
        int[] ws = Libc.windowSize(0);
        if (ws == null) ws = Libc.windowSize(1);
        if (ws == null) return Tuple.of(Atom.ERROR, ENOTSUP);
        return Tuple.of(Atom.OK, Tuple.of(Small.of(ws[0]), Small.of(ws[1])));
    }

    @Bif(module = "prim_tty", value = "isprint")
    public static Term isprint(Term c) {
        if (!(c instanceof Small s)) throw Errors.badarg();
        long ch = s.value & 0xff;
        return Atom.of(ch >= 0x20 && ch < 0x7f);
    }

    @Bif(module = "prim_tty", value = "wcwidth")
    public static Term wcwidth(Term c) {
        if (!(c instanceof Small s)) throw Errors.badarg();
        int w = width((int) s.value);
        return w < 0 ? Tuple.of(Atom.ERROR, Atom.of("not_printable")) : Small.of(w);
    }

    /** wcswidth of the wchar_t (4-byte native) string prim_tty packs into a binary. */
    @Bif(module = "prim_tty", value = "wcswidth")
    public static Term wcswidth(Term chars) {
        byte[] b = IoLists.toBytes(chars);
        int total = 0;
        for (int i = 0; i + 3 < b.length; i += 4) {
            int cp = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
            int w = width(cp);
            if (w < 0) return Tuple.of(Atom.ERROR, Atom.of("not_printable"));
            total += w;
        }
        return Small.of(total);
    }

    @Bif(module = "prim_tty", value = "sizeof_wchar")
    public static Term sizeofWchar() {
        return Small.of(4);
    }

    /** glibc's wcwidth in a UTF-8 locale, approximately: controls -1, combining marks 0, wide 2. */
    static int width(int cp) {
        if (cp == 0) return 0;
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return -1;
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x200B) return 0;
        if (!Character.isDefined(cp)) return -1;
        if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD)) return 2;
        return 1;
    }

    // ---- termcap: ANSI/xterm ----

    private static String cap(Term nulTerminated) {
        byte[] b = IoLists.toBytes(nulTerminated);
        int n = b.length > 0 && b[b.length - 1] == 0 ? b.length - 1 : b.length;
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Bif(module = "prim_tty", value = "tgetent_nif")
    public static Term tgetent(Term term) {
        String name = cap(term);
        if (name.isEmpty() || name.equals("dumb")) return Tuple.of(Atom.ERROR, Atom.of("tgetent"));
        return Atom.OK;
    }

    @Bif(module = "prim_tty", value = "tgetnum_nif")
    public static Term tgetnum(Term c) {
        return switch (cap(c)) {
            case "co" -> Tuple.of(Atom.OK, Small.of(80));
            case "li" -> Tuple.of(Atom.OK, Small.of(24));
            default -> Atom.FALSE;
        };
    }

    @Bif(module = "prim_tty", value = "tgetflag_nif")
    public static Term tgetflag(Term c) {
        return Atom.of(switch (cap(c)) {
            case "am", "xn", "km", "mi", "ms" -> true;
            default -> false;
        });
    }

    @Bif(module = "prim_tty", value = "tgetstr_nif")
    public static Term tgetstr(Term c) {
        String s = switch (cap(c)) {
            case "clear", "cl" -> "\033[H\033[2J";
            case "up" -> "\033[A";
            case "do" -> "\n";
            case "nd" -> "\033[C";
            case "le" -> "\b";
            case "cd" -> "\033[J";
            case "ce" -> "\033[K";
            case "IC" -> "\033[%p1%d@";
            case "DC" -> "\033[%p1%dP";
            case "u7" -> "\033[6n";
            case "u6" -> "\033[%i%d;%dR";
            default -> null;
        };
        return s == null ? Atom.FALSE : Tuple.of(Atom.OK, Binary.latin1(s));
    }

    /** tgoto(Cap, Args...): the capability with its numeric parameters filled in (%p1%d style). */
    @Bif(module = "prim_tty", value = "tgoto_nif")
    public static Term tgoto(Term c) {
        return tgoto(cap(c), new long[0]);
    }

    @Bif(module = "prim_tty", value = "tgoto_nif")
    public static Term tgoto(Term c, Term a) {
        return tgoto(cap(c), new long[] {num(a)});
    }

    @Bif(module = "prim_tty", value = "tgoto_nif")
    public static Term tgoto(Term c, Term a, Term b) {
        return tgoto(cap(c), new long[] {num(a), num(b)});
    }

    private static long num(Term t) {
        if (!(t instanceof Small s)) throw Errors.badarg();
        return s.value;
    }

    private static Term tgoto(String capability, long[] args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < capability.length(); i++) {
            char ch = capability.charAt(i);
            if (ch == '%' && i + 1 < capability.length()) {
                char k = capability.charAt(++i);
                if (k == 'p' && i + 1 < capability.length()) {
                    next = capability.charAt(++i) - '1';
                } else if (k == 'd') {
                    out.append(next >= 0 && next < args.length ? args[next] : 0);
                    next++;
                } else if (k == '%') {
                    out.append('%');
                }
            } else {
                out.append(ch);
            }
        }
        return Tuple.of(Atom.OK, Binary.latin1(out.toString()));
    }
}
