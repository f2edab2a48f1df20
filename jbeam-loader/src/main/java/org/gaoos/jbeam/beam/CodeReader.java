package org.gaoos.jbeam.beam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.beam.Operand.AllocList;
import org.gaoos.jbeam.beam.Operand.AtomOperand;
import org.gaoos.jbeam.beam.Operand.BigInt;
import org.gaoos.jbeam.beam.Operand.FReg;
import org.gaoos.jbeam.beam.Operand.ImportRef;
import org.gaoos.jbeam.beam.Operand.Label;
import org.gaoos.jbeam.beam.Operand.LambdaRef;
import org.gaoos.jbeam.beam.Operand.LineRef;
import org.gaoos.jbeam.beam.Operand.LiteralRef;
import org.gaoos.jbeam.beam.Operand.Nil;
import org.gaoos.jbeam.beam.Operand.OperandList;
import org.gaoos.jbeam.beam.Operand.SmallInt;
import org.gaoos.jbeam.beam.Operand.StringRef;
import org.gaoos.jbeam.beam.Operand.Unsigned;
import org.gaoos.jbeam.beam.Operand.XReg;
import org.gaoos.jbeam.beam.Operand.YReg;
import org.gaoos.jbeam.term.Atom;

/**
 * Decodes the {@code Code} chunk: instruction by instruction, each operand from its compact term,
 * checked against the opcode's operand kinds and resolved against the module's tables; then splits
 * the instruction stream into functions ({@code label [line] func_info label ...}) and checks every
 * label: defined once, below the header's label count, and every reference to a defined one.
 */
final class CodeReader {
    /** BEAM's limit on X/Y/float register numbers ({@code MAX_REG} in erl_vm.h). */
    static final int MAX_REG = 1024;
    /** BEAM's limit on a function's arity ({@code MAX_ARG}). */
    static final int MAX_ARG = 255;

    private final Atom[] atoms;
    private final List<Literal> literals;
    private final BeamType[] types; // null: no usable Type chunk, type indices are ignored as BEAM does
    private final List<Import> imports;
    private final List<Lambda> lambdas;
    private final byte[] strings;
    private final LineTable lines;
    private final int labelCount;
    private final List<Label> labelRefs = new ArrayList<>();

    CodeReader(Atom[] atoms, List<Literal> literals, BeamType[] types, List<Import> imports, List<Lambda> lambdas,
            byte[] strings, LineTable lines, int labelCount) {
        this.atoms = atoms;
        this.literals = literals;
        this.types = types;
        this.imports = imports;
        this.lambdas = lambdas;
        this.strings = strings;
        this.lines = lines;
        this.labelCount = labelCount;
    }

    /** The functions, and the map from each label to where it is defined. */
    record Result(List<BeamFunction> functions, Map<Integer, LabelSite> labels) {}

    /** Where a label is defined: function {@code function}, instruction {@code index} (the label itself). */
    record LabelSite(int function, int index) {}

    Result read(ByteReader code, int functionCount) throws BadBeamException {
        List<Instruction> all = new ArrayList<>();
        int start = code.position();
        for (;;) {
            int offset = code.position() - start;
            Instruction in;
            try {
                in = instruction(code, offset);
            } catch (BadBeamException e) {
                throw e.within("code at byte " + offset + (all.isEmpty() ? "" : " (after " + all.getLast().op().opName() + ")"));
            }
            if (in.op() == Opcode.INT_CODE_END) {
                break;
            }
            all.add(in);
        }
        return split(all, functionCount);
    }

    private Instruction instruction(ByteReader in, int offset) throws BadBeamException {
        int number = in.u8();
        Opcode op = Opcode.of(number);
        if (op == null) {
            throw new BadBeamException("unknown opcode " + number + " (this loader knows 1.." + Opcode.MAX + ")");
        }
        if (op.isObsolete()) {
            throw new BadBeamException("opcode " + number + " (" + op + ") is obsolete; please re-compile this module"
                    + " with Erlang/OTP 24 or later");
        }
        String kinds = op.operandKinds();
        Operand[] args = new Operand[kinds.length()];
        for (int i = 0; i < args.length; i++) {
            boolean last = i == args.length - 1;
            Operand o = decode(in, false, last);
            args[i] = expect(kinds.charAt(i), o, op, i);
        }
        resolveStrings(op, args);
        checkList(op, args);
        return new Instruction(op, List.of(args), offset);
    }

    // ---- operands ----

    private Operand decode(ByteReader in, boolean inList, boolean last) throws BadBeamException {
        CompactTerm t = CompactTerm.read(in);
        long v = t.value();
        switch (t.tag()) {
            case CompactTerm.U:
                return new Unsigned(v);
            case CompactTerm.I:
                return t.big() != null ? new BigInt(t.big()) : new SmallInt(v);
            case CompactTerm.A:
                if (v == 0) {
                    return Nil.NIL;
                }
                return new AtomOperand(atoms[(int) index(v, atoms.length, "atom")]);
            case CompactTerm.X:
                return new XReg((int) index(v, MAX_REG, "x register"), BeamType.ANY);
            case CompactTerm.Y:
                return new YReg((int) index(v, MAX_REG, "y register"), BeamType.ANY);
            case CompactTerm.F:
                return label(v);
            case CompactTerm.H:
                throw new BadBeamException("character operand (tag h) is not used by any instruction");
            default:
                return extended(in, v, inList, last);
        }
    }

    private Label label(long v) throws BadBeamException {
        if (v == 0) {
            return Label.NO_FAIL;
        }
        Label l = new Label((int) index(v, labelCount, "label"));
        labelRefs.add(l);
        return l;
    }

    private Operand extended(ByteReader in, long z, boolean inList, boolean last) throws BadBeamException {
        switch ((int) Math.min(z, Integer.MAX_VALUE)) {
            case CompactTerm.Z_FLOAT:
                throw new BadBeamException("float operand: floating point numbers superseded in OTP R16B");
            case CompactTerm.Z_LIST: {
                if (inList) {
                    throw new BadBeamException("list operand nested in a list");
                }
                if (!last) {
                    throw new BadBeamException("list operand is not the last operand");
                }
                int n = CompactTerm.readUnsigned(in, "list length", in.remaining());
                Operand[] elements = new Operand[n];
                for (int i = 0; i < n; i++) {
                    elements[i] = decode(in, true, false);
                }
                return new OperandList(List.of(elements));
            }
            case CompactTerm.Z_FREG:
                return new FReg(CompactTerm.readUnsigned(in, "float register", MAX_REG - 1));
            case CompactTerm.Z_ALLOC_LIST: {
                int n = CompactTerm.readUnsigned(in, "allocation list length", 3);
                long[] amounts = new long[3];
                for (int i = 0; i < n; i++) {
                    int kind = CompactTerm.readUnsigned(in, "allocation kind", 2);
                    amounts[kind] += CompactTerm.readUnsigned(in, "allocation amount", Integer.MAX_VALUE / 16);
                }
                return new AllocList(amounts[0], amounts[1], amounts[2]);
            }
            case CompactTerm.Z_LITERAL: {
                int i = CompactTerm.readUnsigned(in, "literal index", Integer.MAX_VALUE);
                index(i, literals.size(), "literal");
                return new LiteralRef(i, literals.get(i));
            }
            case CompactTerm.Z_TYPED_REG: {
                CompactTerm reg = CompactTerm.read(in);
                int typeIndex = CompactTerm.readUnsigned(in, "type index", Integer.MAX_VALUE);
                BeamType type = BeamType.ANY;
                if (types != null) {
                    type = types[(int) index(typeIndex, types.length, "type")];
                }
                if (reg.tag() == CompactTerm.X) {
                    return new XReg((int) index(reg.value(), MAX_REG, "x register"), type);
                } else if (reg.tag() == CompactTerm.Y) {
                    return new YReg((int) index(reg.value(), MAX_REG, "y register"), type);
                }
                throw new BadBeamException("typed register operand holds tag " + CompactTerm.tagName(reg.tag()));
            }
            default:
                throw new BadBeamException("unknown extended tag " + z);
        }
    }

    private static long index(long v, int size, String what) throws BadBeamException {
        if (v < 0 || v >= size) {
            throw new BadBeamException(what + " " + v + " out of range (" + size + " entries)");
        }
        return v;
    }

    private Operand expect(char kind, Operand o, Opcode op, int i) throws BadBeamException {
        boolean ok = switch (kind) {
            case 'u' -> o instanceof Unsigned;
            case 'A' -> o instanceof Unsigned || o instanceof AllocList;
            case 'f' -> o instanceof Label;
            case 'l' -> o instanceof Label l && !l.isNoFail();
            case 'x' -> o instanceof XReg;
            case 'y' -> o instanceof YReg;
            case 'd' -> isRegister(o);
            case 'F' -> o instanceof FReg;
            case 's' -> isSource(o);
            case 'a' -> o instanceof AtomOperand;
            case '*' -> o instanceof OperandList;
            case '?' -> !(o instanceof OperandList);
            case 'i', 'n', 'N', 'S' -> o instanceof Unsigned;
            default -> throw new IllegalStateException("opcodes.tsv: unknown operand kind " + kind);
        };
        if (!ok) {
            throw new BadBeamException(op + ": operand " + (i + 1) + " is " + o + ", expected " + describe(kind));
        }
        long v = o instanceof Unsigned u ? u.value() : 0;
        return switch (kind) {
            case 'i' -> {
                int ix = (int) index(v, imports.size(), "import");
                yield new ImportRef(ix, imports.get(ix));
            }
            case 'n' -> lambda(v);
            case 'N' -> lineRef(v);
            case '?' -> op == Opcode.CALL_FUN2 && i == 0 && o instanceof Unsigned ? lambda(v) : o;
            default -> o;
        };
    }

    private LambdaRef lambda(long v) throws BadBeamException {
        int ix = (int) index(v, lambdas.size(), "fun (FunT entry)");
        return new LambdaRef(ix, lambdas.get(ix));
    }

    private LineRef lineRef(long v) throws BadBeamException {
        if (lines == LineTable.EMPTY) {
            return new LineRef(0, Location.UNDEFINED); // no Line chunk: BEAM ignores line instructions
        }
        int ix = (int) index(v, lines.items().size(), "line item");
        return new LineRef(ix, lines.item(ix));
    }

    private static boolean isRegister(Operand o) {
        return o instanceof XReg || o instanceof YReg;
    }

    private static boolean isSource(Operand o) {
        return o instanceof XReg || o instanceof YReg || o instanceof AtomOperand || o instanceof Nil
                || o instanceof SmallInt || o instanceof BigInt || o instanceof LiteralRef;
    }

    private static String describe(char kind) {
        return switch (kind) {
            case 'u', 'i', 'n', 'N', 'S' -> "an unsigned number";
            case 'A' -> "an allocation";
            case 'f' -> "a label";
            case 'l' -> "a label other than 0";
            case 'x' -> "an x register";
            case 'y' -> "a y register";
            case 'd' -> "a register";
            case 'F' -> "a float register";
            case 's' -> "a register or a constant";
            case 'a' -> "an atom";
            case '*' -> "a list";
            default -> "a single operand";
        };
    }

    // ---- operands that depend on each other ----

    private void resolveStrings(Opcode op, Operand[] args) throws BadBeamException {
        switch (op) {
            case BS_PUT_STRING -> args[1] = string(args[1], ((Unsigned) args[0]).value());
            case BS_MATCH_STRING -> args[3] = string(args[3], (((Unsigned) args[2]).value() + 7) / 8);
            default -> { }
        }
    }

    private StringRef string(Operand offset, long length) throws BadBeamException {
        long off = ((Unsigned) offset).value();
        if (off > strings.length || length > strings.length - off) {
            throw new BadBeamException("string of " + length + " bytes at offset " + off + " overruns the "
                    + strings.length + "-byte string table");
        }
        return new StringRef((int) off, Arrays.copyOfRange(strings, (int) off, (int) (off + length)));
    }

    /** Checks the structure of the list operands that have one, so consumers can rely on it. */
    private void checkList(Opcode op, Operand[] args) throws BadBeamException {
        if (args.length == 0 || !(args[args.length - 1] instanceof OperandList list)) {
            return;
        }
        List<Operand> e = list.elements();
        switch (op) {
            case SELECT_VAL, SELECT_TUPLE_ARITY -> {
                pairs(op, e);
                for (int i = 0; i < e.size(); i += 2) {
                    boolean value = op == Opcode.SELECT_VAL ? isSource(e.get(i)) : e.get(i) instanceof Unsigned;
                    if (!value || !(e.get(i + 1) instanceof Label l) || l.isNoFail()) {
                        throw bad(op, "entry " + i / 2 + " is " + e.get(i) + " -> " + e.get(i + 1));
                    }
                }
            }
            case PUT_MAP_ASSOC, PUT_MAP_EXACT -> {
                pairs(op, e);
                all(op, e, CodeReader::isSource, "a register or a constant");
            }
            case GET_MAP_ELEMENTS -> {
                pairs(op, e);
                for (int i = 0; i < e.size(); i += 2) {
                    if (!isSource(e.get(i)) || !isRegister(e.get(i + 1))) {
                        throw bad(op, "key/destination pair " + e.get(i) + ", " + e.get(i + 1));
                    }
                }
            }
            case HAS_MAP_FIELDS, MAKE_FUN3, PUT_TUPLE2 -> all(op, e, CodeReader::isSource, "a register or a constant");
            case INIT_YREGS -> all(op, e, o -> o instanceof YReg, "a y register");
            case UPDATE_RECORD -> {
                pairs(op, e);
                for (int i = 0; i < e.size(); i += 2) {
                    if (!(e.get(i) instanceof Unsigned) || !isSource(e.get(i + 1))) {
                        throw bad(op, "update " + e.get(i) + ", " + e.get(i + 1));
                    }
                }
            }
            case BS_CREATE_BIN -> args[args.length - 1] = createBinSegments(op, e);
            case BS_MATCH -> checkMatchCommands(op, e);
            default -> all(op, e, o -> !(o instanceof AllocList), "a plain operand");
        }
    }

    private static void pairs(Opcode op, List<Operand> e) throws BadBeamException {
        if (e.size() % 2 != 0) {
            throw bad(op, "list of " + e.size() + " elements is not a list of pairs");
        }
    }

    private interface Check {
        boolean test(Operand o);
    }

    private static void all(Opcode op, List<Operand> e, Check check, String expected) throws BadBeamException {
        for (Operand o : e) {
            if (!check.test(o)) {
                throw bad(op, "list element " + o + " is not " + expected);
            }
        }
    }

    private static BadBeamException bad(Opcode op, String problem) {
        return new BadBeamException(op + ": " + problem);
    }

    /**
     * {@code bs_create_bin}'s segments are six operands each: type atom, segment number, unit, flags,
     * value, size. A {@code string} segment's value is a string-table offset and its size the byte count.
     */
    private OperandList createBinSegments(Opcode op, List<Operand> e) throws BadBeamException {
        if (e.size() % 6 != 0) {
            throw bad(op, "segment list of " + e.size() + " elements is not a multiple of 6");
        }
        Operand[] out = e.toArray(new Operand[0]);
        for (int i = 0; i < out.length; i += 6) {
            if (!(out[i] instanceof AtomOperand type) || !(out[i + 1] instanceof Unsigned)
                    || !(out[i + 2] instanceof Unsigned)) {
                throw bad(op, "segment " + i / 6 + " does not start with a type atom, segment number and unit");
            }
            if (type.atom().name().equals("string")) {
                if (!(out[i + 4] instanceof Unsigned) || !(out[i + 5] instanceof SmallInt size) || size.value() < 0) {
                    throw bad(op, "string segment " + i / 6 + " lacks an offset and a byte count");
                }
                out[i + 4] = string(out[i + 4], size.value());
            }
        }
        return new OperandList(List.of(out));
    }

    /** {@code bs_match} commands: an atom naming each, then its fixed number of operands. */
    private static void checkMatchCommands(Opcode op, List<Operand> e) throws BadBeamException {
        int i = 0;
        while (i < e.size()) {
            if (!(e.get(i) instanceof AtomOperand cmd)) {
                throw bad(op, "command " + e.get(i) + " is not an atom");
            }
            int n = switch (cmd.atom().name()) {
                case "ensure_at_least" -> 2;
                case "ensure_exactly", "skip" -> 1;
                case "integer", "binary" -> 5;
                case "=:=", "get_tail" -> 3;
                default -> throw bad(op, "invalid sub instruction '" + cmd.atom().name() + "'");
            };
            if (i + n >= e.size()) {
                throw bad(op, "command " + cmd.atom().name() + " lacks operands");
            }
            i += n + 1;
        }
    }

    // ---- functions and labels ----

    private Result split(List<Instruction> all, int functionCount) throws BadBeamException {
        List<Integer> starts = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            if (all.get(k).op() != Opcode.FUNC_INFO) {
                continue;
            }
            int start = k - 1;
            if (start >= 0 && all.get(start).op() == Opcode.LINE) {
                start--;
            }
            if (start < 0 || all.get(start).op() != Opcode.LABEL) {
                throw new BadBeamException("func_info at byte " + all.get(k).offset() + " is not preceded by a label");
            }
            if (k + 1 >= all.size() || all.get(k + 1).op() != Opcode.LABEL) {
                throw new BadBeamException("func_info at byte " + all.get(k).offset() + " is not followed by its entry label");
            }
            if (!starts.isEmpty() && start <= starts.getLast()) {
                throw new BadBeamException("empty function before byte " + all.get(k).offset());
            }
            starts.add(start);
        }
        if (all.isEmpty() || starts.isEmpty() || starts.getFirst() != 0) {
            throw new BadBeamException("code does not start with a function (label, func_info, label)");
        }
        if (starts.size() != functionCount) {
            throw new BadBeamException(starts.size() + " functions in the code, but the header says " + functionCount);
        }
        List<BeamFunction> functions = new ArrayList<>(starts.size());
        Map<Integer, LabelSite> labels = new HashMap<>();
        for (int f = 0; f < starts.size(); f++) {
            int from = starts.get(f);
            int to = f + 1 < starts.size() ? starts.get(f + 1) : all.size();
            List<Instruction> code = List.copyOf(all.subList(from, to));
            for (int i = 0; i < code.size(); i++) {
                Instruction in = code.get(i);
                if (in.op() == Opcode.LABEL) {
                    long l = ((Unsigned) in.arg(0)).value();
                    if (l == 0 || l >= labelCount) {
                        throw new BadBeamException("label " + l + " defined at byte " + in.offset()
                                + " is out of range 1.." + (labelCount - 1));
                    }
                    if (labels.put((int) l, new LabelSite(f, i)) != null) {
                        throw new BadBeamException("label " + l + " defined more than once");
                    }
                }
            }
            int info = code.indexOf(code.stream().filter(in -> in.op() == Opcode.FUNC_INFO).findFirst().orElseThrow());
            Instruction fi = code.get(info);
            if (!(fi.arg(1) instanceof AtomOperand name)) {
                throw new BadBeamException("func_info at byte " + fi.offset() + " names no function");
            }
            int arity = (int) index(((Unsigned) fi.arg(2)).value(), MAX_ARG + 1, "function arity");
            functions.add(new BeamFunction(name.atom(), arity, code.getFirst().u(0), code.get(info + 1).u(0), code));
        }
        for (Label l : labelRefs) {
            if (!labels.containsKey(l.value())) {
                throw new BadBeamException("label " + l.value() + " is referenced but never defined");
            }
        }
        checkCalls(functions, labels);
        return new Result(List.copyOf(functions), Map.copyOf(labels));
    }

    /** Local calls must target a function's entry with the arity they pass. */
    private static void checkCalls(List<BeamFunction> functions, Map<Integer, LabelSite> labels) throws BadBeamException {
        for (BeamFunction fn : functions) {
            for (Instruction in : fn.code()) {
                if (in.op() == Opcode.CALL || in.op() == Opcode.CALL_LAST || in.op() == Opcode.CALL_ONLY) {
                    int target = in.label(1).value();
                    BeamFunction callee = functions.get(labels.get(target).function());
                    if (callee.entryLabel() != target || callee.arity() != in.u(0)) {
                        throw new BadBeamException(fn + ": " + in + " does not call a function entry of arity " + in.u(0));
                    }
                }
            }
        }
    }
}
