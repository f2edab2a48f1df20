package org.gaoos.jbeam.translate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.runtime.FunctionInfo;
import org.gaoos.jbeam.runtime.LambdaInfo;
import org.gaoos.jbeam.runtime.ModuleInfo;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.ExternalTermFormat;
import org.gaoos.jbeam.term.Term;

/**
 * Modules translated at build time: a translation ({@link Translator.Result} and the on_load
 * function) stored as a class-path resource {@code jbeam/precompiled/<md5 of the .beam file>.jbc},
 * so loading a module whose exact {@code .beam} bytes were precompiled (OTP's, by otp-stdlib)
 * defines the stored class instead of translating: same bytes, same class data, same hidden
 * class. Translation is deterministic, so this changes nothing but the time.
 *
 * <p>Each file records the {@link #fingerprint} of the translator and runtime that produced it
 * (hashes of jbeam-loader's and jbeam-vm's class files, made by their builds): generated code
 * calls the runtime by name, so a file from another build is ignored and the module translated
 * as usual.
 */
final class Precompiled {
    private Precompiled() {}

    static final String DIR = "jbeam/precompiled/";
    private static final int MAGIC = 0x4a424331; // "JBC1"

    /** Whether any precompiled module is on the class path (otp-stdlib). */
    private static final boolean AVAILABLE = Precompiled.class.getClassLoader().getResource(DIR) != null;

    private static final byte TERM = 'T', BYTES = 'B', INTS = 'I', MAP = 'M';

    /** The resource name for a .beam file's bytes. */
    static String resourceName(byte[] beam) {
        return DIR + HexFormat.of().formatHex(md5(beam)) + ".jbc";
    }

    /** A stored translation: the class and its data, and the on_load function (-1: none). */
    record Entry(Translator.Result result, int onLoad) {}

    /** The stored translation of exactly these .beam bytes, or null. */
    static Entry lookup(byte[] beam) {
        ClassLoader cl = Precompiled.class.getClassLoader();
        if (!AVAILABLE) return null;
        try (InputStream in = cl.getResourceAsStream(resourceName(beam))) {
            if (in == null) return null;
            DataInputStream d = new DataInputStream(in);
            if (d.readInt() != MAGIC || !d.readUTF().equals(fingerprint())) {
                if (Boolean.getBoolean("jbeam.debug")) {
                    System.err.println("jbeam: " + resourceName(beam) + " is from another jbeam build: translating");
                }
                return null;
            }
            return read(d);
        } catch (IOException | RuntimeException e) {
            if (Boolean.getBoolean("jbeam.debug")) {
                System.err.println("jbeam: cannot read " + resourceName(beam) + ": " + e);
            }
            return null;
        }
    }

    /** The stored form of a translation (see {@link #lookup}). */
    static byte[] write(Entry e) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeInt(MAGIC);
        d.writeUTF(fingerprint());
        Translator.Result r = e.result();
        d.writeUTF(r.className());
        d.writeInt(r.bytes().length);
        d.write(r.bytes());
        d.writeInt(r.classData().size());
        for (Object o : r.classData()) writeConstant(d, o);
        writeInfo(d, r.info());
        d.writeInt(e.onLoad());
        d.flush();
        return bytes.toByteArray();
    }

    private static Entry read(DataInputStream d) throws IOException {
        String className = d.readUTF();
        byte[] bytes = d.readNBytes(d.readInt());
        int n = d.readInt();
        List<Object> data = new ArrayList<>(n);
        for (int i = 0; i < n; i++) data.add(readConstant(d));
        ModuleInfo info = readInfo(d);
        int onLoad = d.readInt();
        return new Entry(new Translator.Result(className, bytes, List.copyOf(data), info), onLoad);
    }

    // ---- class data: terms, byte[], int[], select tables ----

    private static void writeConstant(DataOutputStream d, Object o) throws IOException {
        switch (o) {
            case Term t -> {
                d.writeByte(TERM);
                writeTerm(d, t);
            }
            case byte[] b -> {
                d.writeByte(BYTES);
                d.writeInt(b.length);
                d.write(b);
            }
            case int[] a -> {
                d.writeByte(INTS);
                writeInts(d, a);
            }
            case Map<?, ?> m -> {
                d.writeByte(MAP);
                d.writeInt(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    writeTerm(d, (Term) e.getKey());
                    writeTerm(d, (Term) e.getValue());
                }
            }
            default -> throw new IllegalArgumentException("cannot store a class constant of " + o.getClass());
        }
    }

    private static Object readConstant(DataInputStream d) throws IOException {
        byte tag = d.readByte();
        return switch (tag) {
            case TERM -> readTerm(d);
            case BYTES -> d.readNBytes(d.readInt());
            case INTS -> readInts(d);
            case MAP -> {
                int n = d.readInt();
                Map<Term, Term> m = new HashMap<>(n * 2);
                for (int i = 0; i < n; i++) m.put(readTerm(d), readTerm(d));
                yield m;
            }
            default -> throw new IOException("bad constant tag " + tag);
        };
    }

    private static void writeTerm(DataOutputStream d, Term t) throws IOException {
        byte[] ext = ExternalTermFormat.encode(t);
        d.writeInt(ext.length);
        d.write(ext);
    }

    private static Term readTerm(DataInputStream d) throws IOException {
        return ExternalTermFormat.decode(d.readNBytes(d.readInt()), false);
    }

    private static void writeOptionalTerm(DataOutputStream d, Term t) throws IOException {
        d.writeBoolean(t != null);
        if (t != null) writeTerm(d, t);
    }

    private static Term readOptionalTerm(DataInputStream d) throws IOException {
        return d.readBoolean() ? readTerm(d) : null;
    }

    private static void writeInts(DataOutputStream d, int[] a) throws IOException {
        d.writeInt(a.length);
        for (int v : a) d.writeInt(v);
    }

    private static int[] readInts(DataInputStream d) throws IOException {
        int[] a = new int[d.readInt()];
        for (int i = 0; i < a.length; i++) a[i] = d.readInt();
        return a;
    }

    // ---- module info ----

    private static void writeInfo(DataOutputStream d, ModuleInfo info) throws IOException {
        d.writeUTF(info.module().name());
        d.writeInt(info.functions().size());
        for (FunctionInfo f : info.functions()) {
            d.writeUTF(f.name().name());
            d.writeInt(f.arity());
            d.writeUTF(f.methodName());
        }
        writeInts(d, info.exports());
        d.writeInt(info.lambdas().size());
        for (LambdaInfo l : info.lambdas()) {
            for (int v : new int[] {l.function(), l.arity(), l.numFree(), l.index(), l.oldIndex(), l.oldUniq()}) d.writeInt(v);
        }
        d.writeInt(info.lineFiles().length);
        for (String f : info.lineFiles()) {
            d.writeBoolean(f != null);
            if (f != null) d.writeUTF(f);
        }
        writeInts(d, info.lineNumbers());
        d.writeInt(info.md5().length);
        d.write(info.md5());
        writeOptionalTerm(d, info.attributes());
        writeOptionalTerm(d, info.compileInfo());
    }

    private static ModuleInfo readInfo(DataInputStream d) throws IOException {
        Atom module = Atom.of(d.readUTF());
        int nf = d.readInt();
        List<FunctionInfo> fs = new ArrayList<>(nf);
        for (int i = 0; i < nf; i++) fs.add(new FunctionInfo(Atom.of(d.readUTF()), d.readInt(), d.readUTF()));
        int[] exports = readInts(d);
        int nl = d.readInt();
        List<LambdaInfo> ls = new ArrayList<>(nl);
        for (int i = 0; i < nl; i++) {
            ls.add(new LambdaInfo(d.readInt(), d.readInt(), d.readInt(), d.readInt(), d.readInt(), d.readInt()));
        }
        String[] files = new String[d.readInt()];
        for (int i = 0; i < files.length; i++) files[i] = d.readBoolean() ? d.readUTF() : null;
        int[] lines = readInts(d);
        byte[] md5 = d.readNBytes(d.readInt());
        Term attributes = readOptionalTerm(d), compileInfo = readOptionalTerm(d);
        return new ModuleInfo(module, List.copyOf(fs), exports, List.copyOf(ls), files, lines, md5, attributes, compileInfo);
    }

    // ---- which build ----

    private static volatile String fingerprint;

    /**
     * Which build of the translator (jbeam-loader) and of the runtime its code calls (jbeam-vm)
     * this is: the hashes of their class files that each module's build writes as a resource
     * ({@code jbeam/classes-ARTIFACT.sha256}). A build without them gets a fingerprint no stored
     * file has.
     */
    static String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            fingerprint = f = classesHash(Proc.class, "jbeam-vm") + "/" + classesHash(Translator.class, "jbeam-loader");
        }
        return f;
    }

    private static String classesHash(Class<?> c, String artifact) {
        try (InputStream in = c.getResourceAsStream("/jbeam/classes-" + artifact + ".sha256")) {
            if (in != null) return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            // as if absent
        }
        return "unknown-" + System.nanoTime();
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    /** For the precompiler: reads a stored translation from bytes (tests). */
    static Entry read(byte[] stored) throws IOException {
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(stored));
        if (d.readInt() != MAGIC) throw new IOException("not a precompiled module");
        d.readUTF();
        return read(d);
    }
}
