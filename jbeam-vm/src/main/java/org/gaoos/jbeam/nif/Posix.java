package org.gaoos.jbeam.nif;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * POSIX error names ({@code erl_errno_id}) for the JVM's I/O exceptions. The JVM keeps the errno of
 * a failed system call only as an exception type or as the C library's message (strerror), so both
 * are mapped back; what cannot be told apart is {@code eio}.
 */
public final class Posix {
    private Posix() {}

    public static final Atom ENOENT = Atom.of("enoent"), EACCES = Atom.of("eacces"), EEXIST = Atom.of("eexist"),
            ENOTDIR = Atom.of("enotdir"), EISDIR = Atom.of("eisdir"), EINVAL = Atom.of("einval"),
            EPERM = Atom.of("eperm"), ENOTEMPTY = Atom.of("enotempty"), EIO = Atom.of("eio"),
            ENOTSUP = Atom.of("enotsup"), EBADF = Atom.of("ebadf"), EXDEV = Atom.of("exdev"),
            ELOOP = Atom.of("eloop"), ENOMEM = Atom.of("enomem");

    /** glibc's strerror messages, as FileSystemException reasons carry them. */
    private static final Map<String, String> BY_MESSAGE = Map.ofEntries(
            Map.entry("No such file or directory", "enoent"),
            Map.entry("Not a directory", "enotdir"),
            Map.entry("Is a directory", "eisdir"),
            Map.entry("Permission denied", "eacces"),
            Map.entry("Operation not permitted", "eperm"),
            Map.entry("File exists", "eexist"),
            Map.entry("Directory not empty", "enotempty"),
            Map.entry("Too many levels of symbolic links", "eloop"),
            Map.entry("File name too long", "enametoolong"),
            Map.entry("Read-only file system", "erofs"),
            Map.entry("No space left on device", "enospc"),
            Map.entry("Invalid argument", "einval"),
            Map.entry("Device or resource busy", "ebusy"),
            Map.entry("Invalid cross-device link", "exdev"),
            Map.entry("Text file busy", "etxtbsy"),
            Map.entry("Too many open files", "emfile"),
            Map.entry("Bad file descriptor", "ebadf"),
            Map.entry("Input/output error", "eio"),
            Map.entry("Disk quota exceeded", "edquot"),
            Map.entry("File too large", "efbig"),
            Map.entry("No such device or address", "enxio"),
            Map.entry("No such device", "enodev"),
            Map.entry("Operation not supported", "enotsup"));

    /** The errno name for an I/O failure. */
    public static Atom errno(IOException e) {
        if (e instanceof NoSuchFileException) return ENOENT;
        if (e instanceof AccessDeniedException) return EACCES;
        if (e instanceof FileAlreadyExistsException) return EEXIST;
        if (e instanceof DirectoryNotEmptyException) return ENOTEMPTY;
        if (e instanceof NotDirectoryException) return ENOTDIR;
        if (e instanceof NotLinkException) return EINVAL;
        if (e instanceof FileSystemLoopException) return ELOOP;
        if (e instanceof AtomicMoveNotSupportedException) return EXDEV;
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (reason != null) {
            for (var m : BY_MESSAGE.entrySet()) {
                if (reason.contains(m.getKey())) return Atom.of(m.getValue());
            }
        }
        return EIO;
    }

    /** {error, Errno}. */
    public static Term error(Atom errno) {
        return Tuple.of(Atom.ERROR, errno);
    }

    public static Term error(IOException e) {
        return error(errno(e));
    }
}
