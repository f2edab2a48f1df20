package org.gaoos.jbeam.nif;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few C library calls the terminal needs and the JVM does not offer (through the FFM API):
 * {@code isatty}, {@code ioctl(TIOCGWINSZ)}, and {@code tcgetattr}/{@code tcsetattr} to put the
 * terminal in the non-canonical, no-echo mode the line editor expects. Without native access
 * (bin/jbeam enables it) or a reachable C library, every call answers "not a terminal".
 */
final class Libc {
    private Libc() {}

    private static final MethodHandle ISATTY, IOCTL, TCGETATTR, TCSETATTR;

    static {
        MethodHandle isatty = null, ioctl = null, get = null, set = null;
        // Only with --enable-native-access (bin/jbeam passes it): otherwise the JVM would warn on
        // standard error, and jbeam does without a terminal.
        if (Libc.class.getModule().isNativeAccessEnabled()) {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                isatty = find(linker, libc, "isatty", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                ioctl = libc.find("ioctl").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2)))
                        .orElse(null);
                get = find(linker, libc, "tcgetattr", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS));
                set = find(linker, libc, "tcsetattr", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            } catch (RuntimeException | Error e) {
                isatty = ioctl = get = set = null; // no C library reachable: no terminal
            }
        }
        ISATTY = isatty;
        IOCTL = ioctl;
        TCGETATTR = get;
        TCSETATTR = set;
    }

    private static MethodHandle find(Linker linker, SymbolLookup libc, String name, FunctionDescriptor d) {
        return libc.find(name).map(a -> linker.downcallHandle(a, d)).orElse(null);
    }

    static boolean isatty(int fd) {
        if (ISATTY == null) return false;
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }

    private static final long TIOCGWINSZ = 0x5413; // Linux (x86_64 and arm64)

    /** {columns, rows} of the terminal on {@code fd}, or null. */
    static int[] windowSize(int fd) {
        if (IOCTL == null) return null;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(8);
            if ((int) IOCTL.invokeExact(fd, TIOCGWINSZ, ws) != 0) return null;
            int rows = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0));
            int cols = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2));
            return new int[] {cols, rows};
        } catch (Throwable e) {
            return null;
        }
    }

    /** glibc's struct termios: 4 flag words, c_line, c_cc[32], speeds: 60 bytes, 64 to be safe. */
    private static final int TERMIOS_SIZE = 64;
    private static final int LFLAG = 12, CC = 17, VTIME = 5, VMIN = 6;
    private static final int ICANON = 0x2, ECHO = 0x8;

    /** The terminal's settings (to restore at exit), or null if {@code fd} is no terminal. */
    static byte[] getAttributes(int fd) {
        if (TCGETATTR == null) return null;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS_SIZE);
            if ((int) TCGETATTR.invokeExact(fd, t) != 0) return null;
            return t.toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable e) {
            return null;
        }
    }

    static boolean setAttributes(int fd, byte[] termios) {
        if (TCSETATTR == null) return false;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS_SIZE);
            t.copyFrom(MemorySegment.ofArray(termios));
            return (int) TCSETATTR.invokeExact(fd, 0 /* TCSANOW */, t) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The settings with canonical mode and echo off, reads returning after one byte. */
    static byte[] raw(byte[] termios) {
        byte[] t = termios.clone();
        int lflag = (t[LFLAG] & 0xff) | (t[LFLAG + 1] & 0xff) << 8 | (t[LFLAG + 2] & 0xff) << 16 | (t[LFLAG + 3] & 0xff) << 24;
        lflag &= ~(ICANON | ECHO);
        t[LFLAG] = (byte) lflag;
        t[LFLAG + 1] = (byte) (lflag >> 8);
        t[LFLAG + 2] = (byte) (lflag >> 16);
        t[LFLAG + 3] = (byte) (lflag >> 24);
        t[CC + VTIME] = 0;
        t[CC + VMIN] = 1;
        return t;
    }
}
