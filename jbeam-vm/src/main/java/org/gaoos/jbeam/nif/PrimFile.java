package org.gaoos.jbeam.nif;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gaoos.jbeam.bif.Bif;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.ExitHook;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * {@code prim_file}'s NIFs (erts/emulator/nifs/common/prim_file_nif.c and unix_prim_file.c) on
 * the JVM's file API, with the same results: {@code {error, Posix}} with the errno BEAM's C
 * library would give, the same open modes (write alone truncates, {@code append}/{@code exclusive}
 * imply write, no mode means read, a directory only in {@code directory} mode), the 14-field
 * {@code #file_info{}} with POSIX times, and names in the native encoding ({@link FileNames}).
 *
 * <p>An open file is a resource owned by the process that opened it: when that process exits the
 * file is closed, as ERTS's monitor does. Gaps: {@code get_handle} and {@code file_desc_to_ref}
 * (the JVM gives no file descriptors) answer {@code {error, enotsup}}; {@code sync} mode is
 * {@code O_SYNC}'s JVM equivalent.
 */
public final class PrimFile {
    private PrimFile() {}

    private static final Atom READ = Atom.of("read"), WRITE = Atom.of("write"), APPEND = Atom.of("append"),
            EXCLUSIVE = Atom.of("exclusive"), SYNC = Atom.of("sync"), SKIP_TYPE_CHECK = Atom.of("skip_type_check"),
            DIRECTORY = Atom.of("directory"), CONTINUE = Atom.of("continue"), EOF = Atom.of("eof"),
            BOF = Atom.of("bof"), CUR = Atom.of("cur"), FILE_INFO = Atom.of("file_info"),
            READ_WRITE = Atom.of("read_write"), NONE = Atom.of("none"), DEVICE = Atom.of("device"),
            REGULAR = Atom.of("regular"), SYMLINK = Atom.of("symlink"), OTHER = Atom.of("other");

    private static final Set<Atom> ADVICE = Set.of(Atom.of("normal"), Atom.of("random"), Atom.of("sequential"),
            Atom.of("will_need"), Atom.of("dont_need"), Atom.of("no_reuse"));

    /** An open file: the channel (null for a directory opened in directory mode). */
    static final class OpenFile {
        final Path path;
        final FileChannel channel;
        final boolean append;
        volatile boolean closed;
        Proc owner;
        ExitHook hook;

        OpenFile(Path path, FileChannel channel, boolean append) {
            this.path = path;
            this.channel = channel;
            this.append = append;
        }

        synchronized boolean close() {
            if (closed) return false;
            closed = true;
            if (owner != null) owner.removeExitHook(hook);
            try {
                if (channel != null) channel.close();
            } catch (IOException ignored) {
                // close(2) errors are not reported for files ERTS closes itself either
            }
            return true;
        }
    }

    private static OpenFile file(Term ref) {
        OpenFile f = Resources.get(ref, OpenFile.class);
        if (f.closed) throw new Closed();
        return f;
    }

    /** Operations on a closed file give {error, einval} (file_handle_wrapper). */
    private static final class Closed extends RuntimeException {
        Closed() { super(null, null, false, false); }
    }

    private interface FileOp {
        Term run(OpenFile f) throws IOException;
    }

    private static Term onFile(Term ref, FileOp op) {
        try {
            OpenFile f = file(ref);
            synchronized (f) {
                if (f.closed) return Posix.error(Posix.EINVAL);
                return op.run(f);
            }
        } catch (Closed c) {
            return Posix.error(Posix.EINVAL);
        } catch (java.nio.channels.NonReadableChannelException | java.nio.channels.NonWritableChannelException e) {
            return Posix.error(Posix.EBADF);
        } catch (IOException e) {
            return Posix.error(e);
        }
    }

    private interface PathOp {
        Term run(Path p) throws IOException;
    }

    /** A NIF on a path: {error, enoent} for the empty name, errno for I/O failures. */
    private static Term onPath(Term name, PathOp op) {
        Path p = FileNames.path(name);
        if (p == null) return Posix.error(Posix.ENOENT);
        try {
            return op.run(p);
        } catch (IOException e) {
            return Posix.error(e);
        } catch (UnsupportedOperationException e) {
            return Posix.error(Posix.ENOTSUP);
        }
    }

    // ---- opening and closing ----

    @Bif(module = "prim_file", value = "open_nif")
    public static Term open(Proc self, Term name, Term modes) {
        if (!org.gaoos.jbeam.runtime.Ops.isList(modes)) throw Errors.badarg();
        boolean read = false, write = false, append = false, excl = false, sync = false, skip = false, dir = false;
        for (Term m = modes; m instanceof Cons c; m = c.tail()) {
            Term h = c.head();
            if (h == READ) read = true;
            else if (h == WRITE) write = true;
            else if (h == APPEND) append = true;
            else if (h == EXCLUSIVE) excl = true;
            else if (h == SYNC) sync = true;
            else if (h == SKIP_TYPE_CHECK) skip = true;
            else if (h == DIRECTORY) dir = true;
        }
        if (append || excl) write = true;
        else if (!read && !write) read = true;
        boolean r = read, w = write, a = append, x = excl, s = sync, sk = skip, d = dir;
        return onPath(name, p -> {
            if (d) {
                if (!Files.exists(p)) throw new java.nio.file.NoSuchFileException(p.toString());
                if (!Files.isDirectory(p)) return Posix.error(Posix.ENOTDIR);
                return own(self, new OpenFile(p, null, false));
            }
            Set<OpenOption> opts = new HashSet<>();
            if (r) opts.add(StandardOpenOption.READ);
            if (w) {
                opts.add(StandardOpenOption.WRITE);
                opts.add(x ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
                if (!r && !a) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            if (a) opts.add(StandardOpenOption.APPEND);
            if (s) opts.add(StandardOpenOption.SYNC);
            if (!sk && Files.isDirectory(p)) {
                // open(2) fails with EISDIR for writing; for reading ERTS checks and refuses itself
                if (x && w) return Posix.error(Posix.EEXIST);
                return Posix.error(Posix.EISDIR);
            }
            if (a && r) opts.remove(StandardOpenOption.APPEND); // the JVM refuses READ+APPEND; positioned below
            FileChannel ch = FileChannel.open(p, opts);
            OpenFile f = new OpenFile(p, ch, a);
            if (a && r) ch.position(ch.size());
            return own(self, f);
        });
    }

    private static Term own(Proc self, OpenFile f) {
        f.owner = self;
        f.hook = (proc, reason) -> f.close();
        if (!self.addExitHook(f.hook)) f.close();
        return Tuple.of(Atom.OK, Resources.make(f, () -> f.close()));
    }

    @Bif(module = "prim_file", value = "file_desc_to_ref_nif")
    public static Term fileDescToRef(Term fd) {
        if (!(fd instanceof Int)) throw Errors.badarg();
        return Posix.error(Posix.ENOTSUP);
    }

    @Bif(module = "prim_file", value = "close_nif")
    public static Term close(Term ref) {
        OpenFile f = Resources.get(ref, OpenFile.class);
        synchronized (f) {
            return f.close() ? Atom.OK : Posix.error(Posix.EINVAL);
        }
    }

    @Bif(module = "prim_file", value = "delayed_close_nif")
    public static Term delayedClose(Term ref) {
        Resources.get(ref, OpenFile.class).close();
        return Atom.OK;
    }

    @Bif(module = "prim_file", value = "get_handle_nif")
    public static Term getHandle(Term ref) {
        return onFile(ref, f -> Posix.error(Posix.ENOTSUP));
    }

    // ---- reading and writing ----

    private static long int64(Term t) {
        if (t instanceof Small s) return s.value;
        if (t instanceof Int) throw new Overflow();
        throw Errors.badarg();
    }

    /** A number outside int64: {error, einval} like enif_get_int64 failing. */
    private static final class Overflow extends RuntimeException {
        Overflow() { super(null, null, false, false); }
    }

    private static Term read(FileChannel ch, long pos, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 16) return Posix.error(Posix.ENOMEM);
        if (ch == null) return Posix.error(Posix.EISDIR);
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        int n = pos < 0 ? ch.read(buf) : ch.read(buf, pos);
        if (n <= 0) return EOF;
        byte[] out = buf.array();
        return Tuple.of(Atom.OK, n == out.length ? Binary.adopt(out) : Binary.adopt(java.util.Arrays.copyOf(out, n)));
    }

    @Bif(module = "prim_file", value = "read_nif")
    public static Term read(Term ref, Term size) {
        if (!(size instanceof Int)) throw Errors.badarg();
        return onFile(ref, f -> {
            long n;
            try {
                n = int64(size);
            } catch (Overflow o) {
                return Posix.error(Posix.EINVAL);
            }
            if (n < 0) return Posix.error(Posix.EINVAL);
            return read(f.channel, -1, n);
        });
    }

    @Bif(module = "prim_file", value = "pread_nif")
    public static Term pread(Term ref, Term offset, Term size) {
        if (!(offset instanceof Int) || !(size instanceof Int)) throw Errors.badarg();
        return onFile(ref, f -> {
            long off, n;
            try {
                off = int64(offset);
                n = int64(size);
            } catch (Overflow o) {
                return Posix.error(Posix.EINVAL);
            }
            if (off < 0 || n < 0) return Posix.error(Posix.EINVAL);
            return read(f.channel, off, n);
        });
    }

    /** The binaries of an iovec (a list of binaries); badarg otherwise. */
    private static ByteBuffer[] iovec(Term iov) {
        List<ByteBuffer> bufs = new ArrayList<>();
        Term t = iov;
        while (t instanceof Cons c) {
            if (!(c.head() instanceof Binary b)) throw Errors.badarg();
            bufs.add(ByteBuffer.wrap(b.toByteArray()));
            t = c.tail();
        }
        if (t != Nil.NIL) throw Errors.badarg();
        return bufs.toArray(new ByteBuffer[0]);
    }

    private static void writeAll(FileChannel ch, ByteBuffer[] bufs, long pos) throws IOException {
        for (ByteBuffer b : bufs) {
            while (b.hasRemaining()) {
                if (pos < 0) ch.write(b);
                else pos += ch.write(b, pos);
            }
        }
    }

    @Bif(module = "prim_file", value = "write_nif")
    public static Term write(Term ref, Term iov) {
        ByteBuffer[] bufs = iovec(iov);
        return onFile(ref, f -> {
            if (f.channel == null) return Posix.error(Posix.EISDIR);
            if (f.append) f.channel.position(f.channel.size());
            writeAll(f.channel, bufs, -1);
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "pwrite_nif")
    public static Term pwrite(Term ref, Term offset, Term iov) {
        if (!(offset instanceof Int)) throw Errors.badarg();
        ByteBuffer[] bufs = iovec(iov);
        return onFile(ref, f -> {
            long off;
            try {
                off = int64(offset);
            } catch (Overflow o) {
                return Posix.error(Posix.EINVAL);
            }
            if (off < 0) return Posix.error(Posix.EINVAL);
            if (f.channel == null) return Posix.error(Posix.EISDIR);
            writeAll(f.channel, bufs, off);
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "seek_nif")
    public static Term seek(Term ref, Term mark, Term offset) {
        if (!(offset instanceof Small)) throw Errors.badarg();
        long off = ((Small) offset).value;
        if (mark != BOF && mark != CUR && mark != EOF) throw Errors.badarg();
        return onFile(ref, f -> {
            if (f.channel == null) return Tuple.of(Atom.OK, Small.ZERO);
            long base = mark == BOF ? 0 : mark == CUR ? f.channel.position() : f.channel.size();
            long pos = base + off;
            if (pos < 0) return Posix.error(Posix.EINVAL);
            f.channel.position(pos);
            return Tuple.of(Atom.OK, Int.of(pos));
        });
    }

    @Bif(module = "prim_file", value = "sync_nif")
    public static Term sync(Term ref, Term dataOnly) {
        if (!(dataOnly instanceof Small)) throw Errors.badarg();
        return onFile(ref, f -> {
            if (f.channel != null) f.channel.force(((Small) dataOnly).value == 0);
            return Atom.OK;
        });
    }

    /** Grows the file with zeros to {@code size} bytes (ftruncate/posix_fallocate beyond the end). */
    private static void extend(FileChannel ch, long size) throws IOException {
        if (size > ch.size()) ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }

    @Bif(module = "prim_file", value = "truncate_nif")
    public static Term truncate(Term ref) {
        return onFile(ref, f -> {
            if (f.channel == null) return Posix.error(Posix.EINVAL);
            long pos = f.channel.position();
            if (pos < f.channel.size()) f.channel.truncate(pos);
            else extend(f.channel, pos);
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "allocate_nif")
    public static Term allocate(Term ref, Term offset, Term length) {
        if (!(offset instanceof Int) || !(length instanceof Int)) throw Errors.badarg();
        return onFile(ref, f -> {
            long off, len;
            try {
                off = int64(offset);
                len = int64(length);
            } catch (Overflow o) {
                return Posix.error(Posix.EINVAL);
            }
            if (off < 0 || len < 0) return Posix.error(Posix.EINVAL);
            if (f.channel == null) return Posix.error(Posix.EBADF);
            extend(f.channel, off + len);
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "advise_nif")
    public static Term advise(Term ref, Term offset, Term length, Term advice) {
        if (!(offset instanceof Int) || !(length instanceof Int)) throw Errors.badarg();
        return onFile(ref, f -> {
            if (!(offset instanceof Small o) || !(length instanceof Small l) || o.value < 0 || l.value < 0
                    || !ADVICE.contains(advice)) {
                return Posix.error(Posix.EINVAL);
            }
            return Atom.OK; // advice only tunes the page cache
        });
    }

    /** Reads a 32-bit size and 32-bit offset at {@code offset}, then that block (disk_log's format). */
    @Bif(module = "prim_file", value = "ipread_s32bu_p32bu_nif")
    public static Term ipread(Term ref, Term offset, Term maxSize) {
        if (!(offset instanceof Int) || !(maxSize instanceof Int)) throw Errors.badarg();
        return onFile(ref, f -> {
            long off, max;
            try {
                off = int64(offset);
                max = int64(maxSize);
            } catch (Overflow o) {
                return Posix.error(Posix.EINVAL);
            }
            if (off < 0 || max >= 1L << 31) return Posix.error(Posix.EINVAL);
            ByteBuffer ptr = ByteBuffer.allocate(8);
            int n = f.channel.read(ptr, off);
            if (n < 8) return EOF;
            long size = ptr.getInt(0) & 0xffffffffL, at = ptr.getInt(4) & 0xffffffffL;
            if (size > max) return EOF;
            Term data = read(f.channel, at, size);
            Term payload = data == EOF ? EOF : ((Tuple) data).get(1);
            return Tuple.of(Atom.OK, Tuple.of(Int.of(size), Int.of(at), payload));
        });
    }

    @Bif(module = "prim_file", value = "read_handle_info_nif")
    public static Term readHandleInfo(Term ref) {
        return onFile(ref, f -> fileInfo(f.path, true));
    }

    // ---- whole files and names ----

    @Bif(module = "prim_file", value = "read_file_nif")
    public static Term readFile(Term name) {
        return onPath(name, p -> {
            if (Files.isDirectory(p)) return Posix.error(Posix.EISDIR);
            return Tuple.of(Atom.OK, Binary.adopt(Files.readAllBytes(p)));
        });
    }

    @Bif(module = "prim_file", value = "read_info_nif")
    public static Term readInfo(Term name, Term followLinks) {
        if (!(followLinks instanceof Small f)) throw Errors.badarg();
        return onPath(name, p -> fileInfo(p, f.value != 0));
    }

    /** #file_info{} as the NIF builds it (times as POSIX seconds; prim_file converts them). */
    static Term fileInfo(Path p, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:*", opts);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            a = posixAttributes(p, opts);
        }
        int mode = ((Number) a.get("mode")).intValue();
        int type = mode & 0170000;
        Atom kind = type == 0020000 || type == 0060000 ? DEVICE : type == 0040000 ? Atom.of("directory")
                : type == 0100000 ? REGULAR : type == 0120000 ? SYMLINK : OTHER;
        boolean r = Files.isReadable(p), w = Files.isWritable(p);
        Atom access = r && w ? READ_WRITE : r ? READ : w ? WRITE : NONE;
        return Tuple.of(new Term[] {FILE_INFO,
            Int.of(((Number) a.get("size")).longValue()), kind, access,
            seconds(a.get("lastAccessTime")), seconds(a.get("lastModifiedTime")), seconds(a.get("ctime")),
            Int.of(mode & 0xffffffffL), Int.of(((Number) a.get("nlink")).longValue()),
            Int.of(((Number) a.get("dev")).longValue()), Int.of(((Number) a.get("rdev")).longValue()),
            Int.of(((Number) a.get("ino")).longValue()),
            Int.of(((Number) a.get("uid")).longValue()), Int.of(((Number) a.get("gid")).longValue())});
    }

    /** Where the JVM has no "unix" view: what the POSIX view tells (no inode, device or link count). */
    private static Map<String, Object> posixAttributes(Path p, LinkOption[] opts) throws IOException {
        var pa = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class, opts);
        int mode = 0;
        for (PosixFilePermission perm : pa.permissions()) mode |= 0400 >> perm.ordinal();
        mode |= pa.isDirectory() ? 0040000 : pa.isRegularFile() ? 0100000 : pa.isSymbolicLink() ? 0120000 : 0;
        Map<String, Object> a = new java.util.HashMap<>(Map.of("mode", mode, "size", pa.size(),
                "lastAccessTime", pa.lastAccessTime(), "lastModifiedTime", pa.lastModifiedTime(),
                "ctime", pa.lastModifiedTime(), "nlink", 1));
        for (String k : new String[] {"dev", "rdev", "ino", "uid", "gid"}) a.put(k, 0);
        return a;
    }

    private static Term seconds(Object time) {
        return Int.of(Math.floorDiv(((FileTime) time).toMillis(), 1000));
    }

    @Bif(module = "prim_file", value = "list_dir_nif")
    public static Term listDir(Term name) {
        return onPath(name, p -> {
            Term out = Nil.NIL;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path e : ds) out = new Cons(FileNames.nativeBytes(e.getFileName().toString()), out);
            }
            return Tuple.of(Atom.OK, out);
        });
    }

    @Bif(module = "prim_file", value = "read_link_nif")
    public static Term readLink(Term name) {
        return onPath(name, p -> Tuple.of(Atom.OK, FileNames.nativeBytes(Files.readSymbolicLink(p).toString())));
    }

    @Bif(module = "prim_file", value = "make_hard_link_nif")
    public static Term makeHardLink(Term existing, Term created) {
        Path e = FileNames.path(existing);
        return onPath(created, p -> {
            if (e == null) return Posix.error(Posix.ENOENT);
            Files.createLink(p, e);
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "make_soft_link_nif")
    public static Term makeSoftLink(Term existing, Term created) {
        if (!(existing instanceof Binary eb)) throw Errors.badarg();
        byte[] raw = eb.toByteArray();
        int n = raw.length > 0 && raw[raw.length - 1] == 0 ? raw.length - 1 : raw.length;
        String target = new String(raw, 0, n, FileNames.UTF8 ? java.nio.charset.StandardCharsets.UTF_8
                : java.nio.charset.StandardCharsets.ISO_8859_1);
        return onPath(created, p -> {
            if (target.isEmpty()) return Posix.error(Posix.ENOENT);
            Files.createSymbolicLink(p, Path.of(target));
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "rename_nif")
    public static Term rename(Term from, Term to) {
        Path target = FileNames.path(to);
        return onPath(from, p -> {
            if (target == null) return Posix.error(Posix.ENOENT);
            if (p.toString().equals("/")) return Posix.error(Posix.EINVAL);
            try {
                Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                return Posix.error(Posix.EEXIST);
            }
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "make_dir_nif")
    public static Term makeDir(Term name) {
        return onPath(name, p -> {
            Files.createDirectory(p);
            return Atom.OK;
        });
    }

    /** unlink(2): a directory gives eperm (ERTS corrects Linux's eisdir). */
    @Bif(module = "prim_file", value = "del_file_nif")
    public static Term delFile(Term name) {
        return onPath(name, p -> {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return Posix.error(Posix.EPERM);
            Files.delete(p);
            return Atom.OK;
        });
    }

    /** rmdir(2): eexist for a non-empty directory, einval for the current directory, enotdir for files. */
    @Bif(module = "prim_file", value = "del_dir_nif")
    public static Term delDir(Term name) {
        return onPath(name, p -> {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return Posix.error(Posix.ENOTDIR);
                // a missing parent component that is a file gives enotdir too
                Path parent = p.getParent();
                if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) return Posix.error(Posix.ENOTDIR);
                return Posix.error(Posix.ENOENT);
            }
            try {
                Files.delete(p);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                if (Files.isSameFile(p, FileNames.cwd())) return Posix.error(Posix.EINVAL);
                return Posix.error(Posix.EEXIST);
            }
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "get_cwd_nif")
    public static Term getCwd() {
        return Tuple.of(Atom.OK, FileNames.nativeBytes(FileNames.cwd().toString()));
    }

    @Bif(module = "prim_file", value = "get_device_cwd_nif")
    public static Term getDeviceCwd(Term device) {
        if (!(device instanceof Small)) throw Errors.badarg();
        return Posix.error(Posix.ENOTSUP);
    }

    @Bif(module = "prim_file", value = "set_cwd_nif")
    public static Term setCwd(Term name) {
        return onPath(name, p -> {
            if (!Files.exists(p)) return Posix.error(Posix.ENOENT);
            if (!Files.isDirectory(p)) return Posix.error(Posix.ENOTDIR);
            if (!Files.isExecutable(p)) return Posix.error(Posix.EACCES);
            FileNames.setCwd(p.toRealPath());
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "altname_nif")
    public static Term altname(Term name) {
        return onPath(name, p -> Posix.error(Posix.ENOTSUP));
    }

    @Bif(module = "prim_file", value = "set_permissions_nif")
    public static Term setPermissions(Term name, Term mode) {
        if (!(mode instanceof Small m) || m.value < 0 || m.value > 0xffffffffL) throw Errors.badarg();
        return onPath(name, p -> {
            Files.setAttribute(p, "unix:mode", (int) m.value);
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "set_owner_nif")
    public static Term setOwner(Term name, Term uid, Term gid) {
        if (!(uid instanceof Small u) || !(gid instanceof Small g)) throw Errors.badarg();
        return onPath(name, p -> {
            if (u.value != -1) Files.setAttribute(p, "unix:uid", (int) u.value);
            if (g.value != -1) Files.setAttribute(p, "unix:gid", (int) g.value);
            return Atom.OK;
        });
    }

    @Bif(module = "prim_file", value = "set_time_nif")
    public static Term setTime(Term name, Term atime, Term mtime, Term ctime) {
        if (!(atime instanceof Small a) || !(mtime instanceof Small m) || !(ctime instanceof Small)) throw Errors.badarg();
        return onPath(name, p -> {
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(
                    FileTime.fromMillis(m.value * 1000), FileTime.fromMillis(a.value * 1000), null);
            return Atom.OK;
        });
    }
}
