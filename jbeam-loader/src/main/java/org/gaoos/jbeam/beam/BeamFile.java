package org.gaoos.jbeam.beam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.ExternalTermFormat;
import org.gaoos.jbeam.term.Term;

/**
 * A loaded {@code .beam} file: every chunk the runtime needs, decoded and checked, and the code split
 * into functions of resolved instructions. {@link #read(byte[])} accepts what erlc 24..28 writes
 * (OTP 28's long-atom {@code AtU8} and uncompressed {@code LitT} included) and rejects anything else
 * with a {@link BadBeamException}; nothing else escapes it, whatever the bytes.
 *
 * <p>Required chunks: {@code AtU8}, {@code Code}, {@code ImpT}, {@code ExpT}. Optional: {@code StrT},
 * {@code FunT}, {@code LitT}, {@code LocT}, {@code Line}, {@code Type}, {@code Meta}, {@code Attr},
 * {@code CInf}. Everything else ({@code Dbgi}, {@code Docs}, {@code ExCk}, {@code DbgB}, ...) is
 * ignored. The pre-OTP 20 {@code Atom} chunk is refused, as OTP 27 does.
 */
public final class BeamFile {
    /** Where a label is defined: in {@code function}, at instruction {@code index} (the {@code label} itself). */
    public record LabelSite(BeamFunction function, int index) {}

    /** OTP 27 refuses code whose header says it uses no opcode from OTP 23 on ({@code swap}). */
    static final int MIN_MAX_OPCODE = 169;
    /** The Type chunk version this loader (like OTP 25..28) understands. */
    static final int TYPES_VERSION = 3;
    /** No literal table inflates to more than this (OTP's largest, unicode_util's, is under 1 MB). */
    static final int MAX_LITERAL_TABLE = 256 << 20;

    private final Atom module;
    private final Atom[] atoms;
    private final CodeHeader header;
    private final List<Import> imports;
    private final List<Export> exports;
    private final List<Export> locals;
    private final List<Lambda> lambdas;
    private final List<Literal> literals;
    private final byte[] strings;
    private final LineTable lines;
    private final List<BeamType> types;
    private final String typesNote;
    private final byte[] attributes;
    private final byte[] compileInfo;
    private final byte[] meta;
    private final Term attributeTerm;
    private final Term compileInfoTerm;
    private final byte[] md5;
    private final List<BeamFunction> functions;
    private final Map<Integer, LabelSite> labels;
    private final Map<Integer, BeamFunction> byEntry;
    private final Set<String> chunkIds;

    private BeamFile(Builder b) {
        this.module = b.atoms[1];
        this.atoms = b.atoms;
        this.header = b.header;
        this.imports = b.imports;
        this.exports = b.exports;
        this.locals = b.locals;
        this.lambdas = b.lambdas;
        this.literals = b.literals;
        this.strings = b.strings;
        this.lines = b.lines;
        this.types = b.types;
        this.typesNote = b.typesNote;
        this.attributes = b.attributes;
        this.compileInfo = b.compileInfo;
        this.meta = b.meta;
        this.attributeTerm = b.attributeTerm;
        this.compileInfoTerm = b.compileInfoTerm;
        this.md5 = b.md5;
        this.functions = b.functions;
        this.labels = b.labels;
        this.byEntry = b.byEntry;
        this.chunkIds = b.chunkIds;
    }

    /** Reads a {@code .beam} file from disk. */
    public static BeamFile read(Path file) throws IOException, BadBeamException {
        return read(Files.readAllBytes(file));
    }

    /** Reads and checks a whole {@code .beam} file. */
    public static BeamFile read(byte[] bytes) throws BadBeamException {
        Builder b = new Builder();
        IffFile iff = IffFile.read(bytes);
        b.chunkIds = new LinkedHashSet<>();
        iff.ids().forEach(b.chunkIds::add);

        IffFile.Chunk code = iff.nonEmpty("Code");
        if (code == null) {
            throw new BadBeamException("missing code chunk");
        }
        IffFile.Chunk atomChunk = iff.nonEmpty("AtU8");
        if (atomChunk == null) {
            throw new BadBeamException(iff.nonEmpty("Atom") != null
                    ? "obsolete latin-1 atom table (Atom chunk): please re-compile this module with an Erlang/OTP 24 compiler or later"
                    : "missing atom table (AtU8 chunk)");
        }
        b.atoms = within("atom table (AtU8)", () -> atomTable(atomChunk.reader()));
        String name = b.atoms[1].name();
        try {
            ByteReader codeIn = code.reader();
            b.header = within("code chunk header", () -> codeHeader(codeIn));
            b.imports = required(iff, "ImpT", "import table", r -> imports(r, b.atoms));
            b.exports = required(iff, "ExpT", "export table", r -> functionTable(r, b.atoms));
            b.locals = optional(iff, "LocT", "locals table", r -> functionTable(r, b.atoms), List.of());
            b.lambdas = optional(iff, "FunT", "lambda table", r -> lambdas(r, b.atoms), List.of());
            b.literals = optional(iff, "LitT", "literal table", BeamFile::literals, List.of());
            b.lines = optional(iff, "Line", "line table", r -> lineTable(r, name), LineTable.EMPTY);
            IffFile.Chunk typeChunk = iff.nonEmpty("Type");
            BeamType[] typeArray = null;
            if (typeChunk == null) {
                b.typesNote = "no Type chunk: registers are untyped";
            } else {
                ByteReader r = typeChunk.reader();
                int version = within("type table (Type)", r::i32);
                if (version != TYPES_VERSION) {
                    b.typesNote = "Type chunk version " + version + " is not " + TYPES_VERSION + ": registers are untyped, as in BEAM";
                } else {
                    typeArray = within("type table (Type)", () -> typeTable(r));
                    b.typesNote = null;
                }
            }
            b.types = typeArray == null ? List.of(BeamType.ANY) : List.of(typeArray);
            IffFile.Chunk str = iff.get("StrT");
            b.strings = str == null ? new byte[0] : str.bytes();
            b.attributes = bytesOf(iff.nonEmpty("Attr"));
            b.compileInfo = bytesOf(iff.nonEmpty("CInf"));
            b.meta = bytesOf(iff.nonEmpty("Meta"));
            // BEAM refuses a module whose attributes or compile info are not valid external terms.
            b.attributeTerm = b.attributes == null ? null : term(b.attributes, "attributes (Attr chunk)");
            b.compileInfoTerm = b.compileInfo == null ? null : term(b.compileInfo, "compile info (CInf chunk)");
            b.md5 = md5(iff);

            CodeReader reader = new CodeReader(b.atoms, b.literals, typeArray, b.imports, b.lambdas, b.strings,
                    b.lines, b.header.labelCount());
            CodeReader.Result result = reader.read(codeIn, b.header.functionCount());
            b.functions = result.functions();
            b.labels = new HashMap<>();
            b.byEntry = new HashMap<>();
            for (var e : result.labels().entrySet()) {
                b.labels.put(e.getKey(), new LabelSite(b.functions.get(e.getValue().function()), e.getValue().index()));
            }
            for (BeamFunction f : b.functions) {
                b.byEntry.put(f.entryLabel(), f);
            }
            checkEntries("export", b.exports, b.byEntry);
            checkLambdas(b.lambdas, b.byEntry);
        } catch (BadBeamException e) {
            throw e.in(name);
        }
        return new BeamFile(b);
    }

    // ---- accessors ----

    /** The module's name (atom 1). */
    public Atom module() {
        return module;
    }

    /** Atom {@code index} of the atom table (1-based; index 0 stands for {@code []} in code and is null here). */
    public Atom atom(int index) {
        return atoms[index];
    }

    /** The number of atoms (not counting the reserved index 0). */
    public int atomCount() {
        return atoms.length - 1;
    }

    public CodeHeader header() {
        return header;
    }

    public List<Import> imports() {
        return imports;
    }

    /** The exported functions, in file order. */
    public List<Export> exports() {
        return exports;
    }

    /** The local (non-exported) functions from {@code LocT}; empty when the chunk is absent (e.g. slim beams). */
    public List<Export> locals() {
        return locals;
    }

    /** The fun table, by index. */
    public List<Lambda> lambdas() {
        return lambdas;
    }

    /** The literal table, by index. */
    public List<Literal> literals() {
        return literals;
    }

    /** The string table ({@code StrT}), a copy. */
    public byte[] strings() {
        return strings.clone();
    }

    public LineTable lines() {
        return lines;
    }

    /** The type table; entry 0 is always {@link BeamType#ANY}. When unusable it holds only that entry. */
    public List<BeamType> types() {
        return types;
    }

    /** Why the type table is not used (absent, unknown version), or null when it is. */
    public String typesNote() {
        return typesNote;
    }

    /** The {@code Attr} chunk: {@code term_to_binary} of the attribute list, or null when absent. */
    public byte[] attributesExternal() {
        return attributes == null ? null : attributes.clone();
    }

    /** The {@code CInf} chunk: {@code term_to_binary} of the compile info, or null when absent. */
    public byte[] compileInfoExternal() {
        return compileInfo == null ? null : compileInfo.clone();
    }

    /** The module's attributes ({@code Mod:module_info(attributes)}), or null when the file has no {@code Attr} chunk. */
    public Term attributes() {
        return attributeTerm;
    }

    /** The compile info ({@code Mod:module_info(compile)}), or null when the file has no {@code CInf} chunk. */
    public Term compileInfo() {
        return compileInfoTerm;
    }

    /** The {@code Meta} chunk (OTP 25+: enabled features), or null when absent. */
    public byte[] metaExternal() {
        return meta == null ? null : meta.clone();
    }

    /** The module's MD5 as {@code code:module_md5/1} and {@code beam_lib:md5/1} compute it. */
    public byte[] md5() {
        return md5.clone();
    }

    /** The ids of all chunks in the file, in file order. */
    public Set<String> chunkIds() {
        return chunkIds;
    }

    /** The functions, in code order. */
    public List<BeamFunction> functions() {
        return functions;
    }

    /** The function whose entry label is {@code label}, or null. */
    public BeamFunction functionAt(int entryLabel) {
        return byEntry.get(entryLabel);
    }

    /** The function {@code name/arity}, or null. */
    public BeamFunction function(String name, int arity) {
        for (BeamFunction f : functions) {
            if (f.arity() == arity && f.name().name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Where {@code label} is defined, or null if it is not. */
    public LabelSite label(int label) {
        return labels.get(label);
    }

    @Override
    public String toString() {
        return "BeamFile[" + module.name() + ", " + functions.size() + " functions]";
    }

    // ---- chunks ----

    private static final class Builder {
        Atom[] atoms;
        CodeHeader header;
        List<Import> imports;
        List<Export> exports;
        List<Export> locals;
        List<Lambda> lambdas;
        List<Literal> literals;
        byte[] strings;
        LineTable lines;
        List<BeamType> types;
        String typesNote;
        byte[] attributes;
        byte[] compileInfo;
        byte[] meta;
        Term attributeTerm;
        Term compileInfoTerm;
        byte[] md5;
        List<BeamFunction> functions;
        Map<Integer, LabelSite> labels;
        Map<Integer, BeamFunction> byEntry;
        Set<String> chunkIds;
    }

    private interface Parse<T> {
        T parse() throws BadBeamException;
    }

    private interface ParseChunk<T> {
        T parse(ByteReader r) throws BadBeamException;
    }

    private static <T> T within(String what, Parse<T> p) throws BadBeamException {
        try {
            return p.parse();
        } catch (BadBeamException e) {
            throw e.within("corrupt " + what);
        }
    }

    private static <T> T required(IffFile iff, String id, String what, ParseChunk<T> p) throws BadBeamException {
        IffFile.Chunk c = iff.nonEmpty(id);
        if (c == null) {
            throw new BadBeamException("missing " + what + " (" + id + " chunk)");
        }
        return within(what + " (" + id + ")", () -> p.parse(c.reader()));
    }

    private static <T> T optional(IffFile iff, String id, String what, ParseChunk<T> p, T absent) throws BadBeamException {
        IffFile.Chunk c = iff.nonEmpty(id);
        return c == null ? absent : within(what + " (" + id + ")", () -> p.parse(c.reader()));
    }

    private static byte[] bytesOf(IffFile.Chunk c) {
        return c == null ? null : c.bytes();
    }

    /**
     * {@code AtU8}: a count, then the atoms. Up to OTP 27 the count is positive and each atom is a byte
     * length and UTF-8 text; from OTP 28 the count is negated and each length is a compact {@code u} term.
     */
    static Atom[] atomTable(ByteReader r) throws BadBeamException {
        int count = r.i32();
        boolean longAtoms = count < 0;
        if (longAtoms) {
            count = count == Integer.MIN_VALUE ? -1 : -count;
        }
        if (count < 1 || count > r.remaining()) {
            throw new BadBeamException("atom count " + count + " is not in 1.." + r.remaining());
        }
        Atom[] atoms = new Atom[count + 1];
        for (int i = 1; i <= count; i++) {
            int len = longAtoms ? CompactTerm.readUnsigned(r, "atom length", 4 * Atom.MAX_CHARS) : r.u8();
            String text = r.utf8(len, "atom " + i);
            if (text.codePointCount(0, text.length()) > Atom.MAX_CHARS) {
                throw new BadBeamException("atom " + i + " is longer than " + Atom.MAX_CHARS + " characters");
            }
            atoms[i] = Atom.of(text);
        }
        return atoms;
    }

    static CodeHeader codeHeader(ByteReader code) throws BadBeamException {
        int headerSize = code.i32();
        if (headerSize < 16 || headerSize > code.remaining()) {
            throw new BadBeamException("header size " + headerSize + " is not in 16.." + code.remaining());
        }
        ByteReader h = code.slice(headerSize, "code header");
        int format = h.i32();
        if (format != 0) {
            throw new BadBeamException("instruction set format " + format + " is not 0");
        }
        int maxOpcode = h.i32();
        if (maxOpcode > Opcode.MAX || maxOpcode < 0) {
            throw new BadBeamException("this BEAM file was compiled for a later version of the runtime system (uses opcode "
                    + maxOpcode + "; this loader supports only up to " + Opcode.MAX + "): please re-compile it");
        }
        if (maxOpcode < MIN_MAX_OPCODE) {
            throw new BadBeamException("this BEAM file was compiled for an old version of the runtime system:"
                    + " please re-compile it with Erlang/OTP 24 or later");
        }
        int labelCount = h.i32("label count", Integer.MAX_VALUE);
        int functionCount = h.i32("function count", code.remaining());
        return new CodeHeader(format, maxOpcode, labelCount, functionCount);
    }

    private static Atom atomAt(Atom[] atoms, int index, String what) throws BadBeamException {
        if (index < 1 || index >= atoms.length) {
            throw new BadBeamException(what + " atom index " + index + " out of range 1.." + (atoms.length - 1));
        }
        return atoms[index];
    }

    private static int arity(ByteReader r) throws BadBeamException {
        return r.i32("arity", CodeReader.MAX_ARG);
    }

    static List<Import> imports(ByteReader r, Atom[] atoms) throws BadBeamException {
        int n = r.count("import", 12);
        List<Import> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Atom m = atomAt(atoms, r.i32(), "import " + i + " module");
            Atom f = atomAt(atoms, r.i32(), "import " + i + " function");
            out.add(new Import(m, f, arity(r)));
        }
        return List.copyOf(out);
    }

    static List<Export> functionTable(ByteReader r, Atom[] atoms) throws BadBeamException {
        int n = r.count("function", 12);
        List<Export> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Atom f = atomAt(atoms, r.i32(), "function " + i);
            int arity = arity(r);
            out.add(new Export(f, arity, r.i32("label", Integer.MAX_VALUE)));
        }
        return List.copyOf(out);
    }

    static List<Lambda> lambdas(ByteReader r, Atom[] atoms) throws BadBeamException {
        int n = r.count("fun", 24);
        if (r.remaining() != 24L * n) {
            throw new BadBeamException(r.remaining() + " bytes for " + n + " funs of 24 bytes");
        }
        List<Lambda> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Atom f = atomAt(atoms, r.i32(), "fun " + i);
            int arity = arity(r);
            int label = r.i32("label", Integer.MAX_VALUE);
            int oldIndex = r.i32();
            int numFree = r.i32("free variable count", arity);
            out.add(new Lambda(i, f, arity, label, oldIndex, numFree, r.i32()));
        }
        return List.copyOf(out);
    }

    /**
     * {@code LitT}: the size of the table when inflated, then its zlib data; OTP 28 writes size 0 and
     * the table uncompressed. The table is a count, then per literal a size and external-format bytes.
     */
    static List<Literal> literals(ByteReader r) throws BadBeamException {
        int size = r.i32();
        byte[] table;
        if (size == 0) {
            table = r.bytes(r.remaining(), "literals");
        } else {
            // zlib's ratio is at most 1032:1, so a larger claim is a lie: refuse before allocating.
            long bound = Math.min((long) r.remaining() * 1032 + 64, MAX_LITERAL_TABLE);
            if (size < 0 || size > bound) {
                throw new BadBeamException("inflated size " + Integer.toUnsignedString(size) + " is impossible for "
                        + r.remaining() + " compressed bytes");
            }
            table = inflate(r.bytes(r.remaining(), "compressed literals"), size);
        }
        ByteReader t = new ByteReader(table);
        int n = t.count("literal", 4);
        List<Literal> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = t.i32("literal " + i + " size", t.remaining());
            byte[] ext = t.bytes(len, "literal " + i);
            out.add(new Literal(i, term(ext, "literal " + i), ext));
        }
        return List.copyOf(out);
    }

    /** Decodes external-format bytes as the loader must: any term (unsafe: new atoms allowed), or a clear error. */
    static Term term(byte[] external, String what) throws BadBeamException {
        try {
            return ExternalTermFormat.decode(external, false);
        } catch (ExternalTermFormat.MalformedException e) {
            throw new BadBeamException(what + " is not a valid external term: " + e.getMessage());
        }
    }

    /**
     * Inflates exactly what the zlib stream holds, which must not exceed the declared {@code size}. The
     * buffer grows with the data actually produced, so a false size claims no memory.
     */
    private static byte[] inflate(byte[] compressed, int size) throws BadBeamException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[Math.min(size, 1 << 16)];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (n == size) {
                        // Full: the stream may only have its end marker left.
                        if (inflater.inflate(new byte[1]) > 0) {
                            throw new BadBeamException("zlib data inflates to more than the declared " + size + " bytes");
                        }
                        if (!inflater.finished()) {
                            throw new BadBeamException("zlib data does not end after the declared " + size + " bytes");
                        }
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(size, 2L * n));
                }
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BadBeamException("zlib data ends after " + n + " of " + size + " bytes");
                }
                n += got;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new BadBeamException("zlib data is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /**
     * {@code Line}: version (only 0 is understood; BEAM ignores others), flags, the number of line
     * instructions, items and file names; the items as compact terms ({@code a} = switch to file N,
     * {@code i} = a line in the current file); then the names, each a 16-bit length and UTF-8.
     */
    static LineTable lineTable(ByteReader r, String module) throws BadBeamException {
        int version = r.i32();
        if (version != 0) {
            return LineTable.EMPTY;
        }
        int flags = r.i32();
        int instructions = r.i32("line instruction count", Integer.MAX_VALUE);
        int itemCount = r.i32("line item count", r.remaining());
        int nameCount = r.i32("file name count", r.remaining() / 2);
        List<String> files = new ArrayList<>(nameCount + 1);
        files.add(module + ".erl");
        int[] fileOf = new int[itemCount];
        int[] lineOf = new int[itemCount];
        int file = 0;
        for (int i = 0; i < itemCount; ) {
            CompactTerm t = CompactTerm.read(r);
            if (t.tag() == CompactTerm.A) {
                if (t.value() > nameCount) {
                    throw new BadBeamException("file index " + t.value() + " out of range 0.." + nameCount);
                }
                file = (int) t.value();
            } else if (t.tag() == CompactTerm.I) {
                if (t.big() != null || t.value() < 0 || t.value() > Integer.MAX_VALUE) {
                    throw new BadBeamException("line number " + (t.big() != null ? t.big() : t.value()) + " out of range");
                }
                fileOf[i] = file;
                lineOf[i] = (int) t.value();
                i++;
            } else {
                throw new BadBeamException("illegal line item tag " + CompactTerm.tagName(t.tag()));
            }
        }
        for (int i = 0; i < nameCount; i++) {
            int len = r.u16();
            if (len > Short.MAX_VALUE) {
                throw new BadBeamException("file name " + (i + 1) + " length " + len + " out of range");
            }
            String f = r.utf8(len, "file name " + (i + 1));
            files.add(f.isEmpty() ? files.getFirst() : f);
        }
        List<Location> items = new ArrayList<>(itemCount + 1);
        items.add(Location.UNDEFINED);
        for (int i = 0; i < itemCount; i++) {
            items.add(new Location(files.get(fileOf[i]), lineOf[i]));
        }
        return new LineTable(version, flags, instructions, List.copyOf(items), List.copyOf(files));
    }

    /** {@code Type} version 3: a count, then per type a 16-bit union/flags word and its optional bounds and unit. */
    static BeamType[] typeTable(ByteReader r) throws BadBeamException {
        int n = r.count("type", 2);
        if (n < 1) {
            throw new BadBeamException("empty type table");
        }
        BeamType[] types = new BeamType[n];
        for (int i = 0; i < n; i++) {
            int flags = r.u16();
            int union = flags & BeamType.ANY_UNION;
            if (union == 0) {
                throw new BadBeamException("type " + i + " is the empty type");
            }
            boolean number = (union & (BeamType.INTEGER | BeamType.FLOAT)) != 0;
            boolean hasMin = (flags & BeamType.HAS_LOWER_BOUND) != 0;
            boolean hasMax = (flags & BeamType.HAS_UPPER_BOUND) != 0;
            boolean hasUnit = (flags & BeamType.HAS_UNIT) != 0;
            if ((hasMin || hasMax) && !number || hasUnit && (union & BeamType.BITSTRING) == 0) {
                throw new BadBeamException("type " + i + " has bounds or a unit its union cannot have");
            }
            long min = hasMin ? r.i64() : 0;
            long max = hasMax ? r.i64() : 0;
            int unit = hasUnit ? r.u8() + 1 : 1;
            types[i] = new BeamType(union, hasMin, min, hasMax, max, unit);
        }
        if (!types[0].isAny() || types[0].hasMin() || types[0].hasMax()) {
            throw new BadBeamException("type 0 is not the any type");
        }
        return types;
    }

    /**
     * The module MD5: the data of {@code AtU8 Code StrT ImpT ExpT}, {@code FunT} with each fun's
     * old-uniq word zeroed, {@code LitT} and {@code Meta} (absent chunks contribute nothing), as
     * {@code beam_file.c} computes it for {@code code:module_md5/1}; then OTP 28's {@code DbgB}, which
     * only OTP 28 files have and OTP 28 includes.
     */
    private static byte[] md5(IffFile iff) throws BadBeamException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
        for (String id : List.of("AtU8", "Code", "StrT", "ImpT", "ExpT")) {
            IffFile.Chunk c = iff.get(id);
            if (c != null) {
                md.update(c.file(), c.offset(), c.size());
            }
        }
        IffFile.Chunk fun = iff.nonEmpty("FunT");
        if (fun != null) {
            if (fun.size() < 4 || (fun.size() - 4) % 24 != 0) {
                throw new BadBeamException("corrupt lambda table (FunT): size " + fun.size() + " is not 4 + 24 per fun");
            }
            md.update(fun.file(), fun.offset(), 4);
            for (int at = fun.offset() + 4; at < fun.offset() + fun.size(); at += 24) {
                md.update(fun.file(), at, 20);
                md.update(new byte[4]);
            }
        }
        for (String id : List.of("LitT", "Meta", "DbgB")) {
            IffFile.Chunk c = iff.nonEmpty(id);
            if (c != null) {
                md.update(c.file(), c.offset(), c.size());
            }
        }
        return md.digest();
    }

    private static void checkEntries(String what, List<Export> entries, Map<Integer, BeamFunction> byEntry)
            throws BadBeamException {
        for (Export e : entries) {
            BeamFunction f = byEntry.get(e.label());
            if (f == null || f.name() != e.function() || f.arity() != e.arity()) {
                throw new BadBeamException(what + " " + e.function().name() + "/" + e.arity() + ": label " + e.label()
                        + " is not the entry of that function");
            }
        }
    }

    private static void checkLambdas(List<Lambda> lambdas, Map<Integer, BeamFunction> byEntry) throws BadBeamException {
        for (Lambda l : lambdas) {
            BeamFunction f = byEntry.get(l.label());
            if (f == null || f.name() != l.function() || f.arity() != l.arity()) {
                throw new BadBeamException("fun " + l.index() + " (" + l.function().name() + "/" + l.arity() + "): label "
                        + l.label() + " is not the entry of that function");
            }
        }
    }
}
