package org.gaoos.jbeam.nif;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.gaoos.jbeam.bif.Bif;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.gaoos.jbeam.term.Unicode;

/**
 * File names as ERTS handles them (erl_unicode.c): the native encoding ({@code utf8} when the
 * locale's character set is UTF-8, else {@code latin1}, like {@code erl} without {@code +fn}),
 * the conversions prim_file makes before and after its NIFs, and the VM's current directory,
 * which relative names are resolved against (the JVM cannot change its process's directory, so
 * {@code file:set_cwd/1} changes this one).
 */
public final class FileNames {
    private FileNames() {}

    private static final Atom WARNING = Atom.of("warning");

    /** True if names are UTF-8 (file:native_name_encoding() =:= utf8). */
    public static final boolean UTF8 = localeIsUtf8();

    private static volatile Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    /** The locale's character set as setlocale(LC_CTYPE, "") would find it. */
    public static boolean localeIsUtf8() {
        for (String var : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = System.getenv(var);
            if (v != null && !v.isEmpty()) {
                String u = v.toUpperCase(java.util.Locale.ROOT);
                return u.contains("UTF-8") || u.contains("UTF8");
            }
        }
        return false;
    }

    public static Path cwd() { return cwd; }

    static void setCwd(Path dir) { cwd = dir; }

    /** The path a native name (as internal_name2native/1 makes it) stands for; null if it is empty. */
    static Path path(Term nativeName) {
        if (!(nativeName instanceof Binary b)) throw Errors.badarg();
        byte[] bytes = b.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == 0) n--;
        for (int i = 0; i < n; i++) if (bytes[i] == 0) throw Errors.badarg();
        if (n == 0) return null;
        String s = new String(bytes, 0, n, UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return cwd.resolve(s);
    }

    /** A name as the NIFs return it (list_dir entries, read_link, get_cwd): raw bytes. */
    static Binary nativeBytes(String name) {
        return Binary.adopt(name.getBytes(UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }

    @Bif(module = "file", value = "native_name_encoding")
    public static Term nativeNameEncoding() {
        return UTF8 ? Atom.UTF8 : Atom.LATIN1;
    }

    /** The name in the native encoding, NUL-terminated; badarg for atoms, NULs and unencodable chars. */
    @Bif(module = "prim_file", value = "internal_name2native")
    public static Term name2native(Term name) {
        if (name instanceof Atom) throw Errors.badarg();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (name instanceof Bitstring bs) {
            if (!(bs instanceof Binary b)) throw Errors.badarg();
            byte[] bytes = b.toByteArray();
            for (byte x : bytes) if (x == 0) throw Errors.badarg();
            out.writeBytes(bytes);
        } else {
            put(name, out);
        }
        out.write(0);
        return Binary.adopt(out.toByteArray());
    }

    private static void put(Term t, ByteArrayOutputStream out) {
        if (t == Nil.NIL) return;
        if (t instanceof Atom a) {
            if (a.name().indexOf('\0') >= 0) throw Errors.badarg();
            putChars(a.name().codePoints().toArray(), out);
            return;
        }
        if (t instanceof Binary b) {
            out.writeBytes(b.toByteArray());
            return;
        }
        if (!(t instanceof Cons)) throw Errors.badarg();
        Term l = t;
        while (l instanceof Cons c) {
            Term h = c.head();
            if (h instanceof Small s) {
                long x = s.value;
                if (x <= 0 || (UTF8 ? !Unicode.isCodePoint(x) : x > 255)) throw Errors.badarg();
                putChars(new int[] {(int) x}, out);
            } else {
                put(h, out);
            }
            l = c.tail();
        }
        if (l != Nil.NIL) put(l, out);
    }

    private static void putChars(int[] cps, ByteArrayOutputStream out) {
        for (int cp : cps) {
            if (cp == 0) throw Errors.badarg();
            if (UTF8) {
                out.writeBytes(new String(new int[] {cp}, 0, 1).getBytes(StandardCharsets.UTF_8));
            } else {
                if (cp > 255) throw Errors.badarg();
                out.write(cp);
            }
        }
    }

    /** A native name as a string (list of characters), {error, warning} if it is not valid UTF-8. */
    @Bif(module = "prim_file", value = "internal_native2name")
    public static Term native2name(Term bin) {
        if (!(bin instanceof Binary b)) throw Errors.badarg();
        byte[] bytes = b.toByteArray();
        if (bytes.length == 0) return Nil.NIL;
        if (!UTF8) return Lists.fromBytes(bytes, 0, bytes.length);
        String s = Unicode.decodeUtf8Strict(bytes, 0, bytes.length);
        if (s == null) return Tuple.of(Atom.ERROR, WARNING);
        return Lists.fromString(s);
    }

    @Bif(module = "prim_file", value = "internal_normalize_utf8")
    public static Term normalizeUtf8(Term bin) {
        if (!(bin instanceof Binary b)) throw Errors.badarg();
        byte[] bytes = b.toByteArray();
        String s = Unicode.decodeUtf8Strict(bytes, 0, bytes.length);
        if (s == null) throw Errors.badarg();
        return Lists.fromString(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC));
    }

    @Bif(module = "prim_file", value = "is_translatable")
    public static Term isTranslatable(Term bin) {
        if (!(bin instanceof Binary b)) throw Errors.badarg();
        byte[] bytes = b.toByteArray();
        return Atom.of(!UTF8 || bytes.length == 0 || Unicode.decodeUtf8Strict(bytes, 0, bytes.length) != null);
    }
}
