package org.gaoos.jbeam.beam;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * BEAM's generic instructions (the ones {@code erlc} writes), numbered as in OTP's
 * {@code lib/compiler/src/genop.tab}. Each constant's arity, release, status and operand kinds come
 * from the machine-readable table {@code opcodes.tsv} beside this class.
 *
 * <p>Operand kinds, one letter per operand, checked by the loader so that a consumer may rely on them:
 * <ul>
 * <li>{@code u} {@link Operand.Unsigned}; {@code A} an allocation: {@link Operand.Unsigned} or {@link Operand.AllocList}
 * <li>{@code f} {@link Operand.Label}, 0 = no fail label; {@code l} a {@link Operand.Label} that is not 0
 * <li>{@code x} {@link Operand.XReg}; {@code y} {@link Operand.YReg}; {@code d} either (a destination);
 *     {@code F} {@link Operand.FReg}
 * <li>{@code s} a source: a register or a constant ({@code AtomOperand}, {@code Nil}, {@code SmallInt},
 *     {@code BigInt}, {@code LiteralRef})
 * <li>{@code a} {@link Operand.AtomOperand}
 * <li>{@code i} {@link Operand.ImportRef}; {@code n} {@link Operand.LambdaRef}; {@code S} {@link Operand.StringRef};
 *     {@code N} {@link Operand.LineRef}
 * <li>{@code *} an {@link Operand.OperandList} (always the last operand)
 * <li>{@code ?} any single operand (for the few that take several kinds, e.g. a size that is a register,
 *     an integer or the atom {@code all})
 * </ul>
 */
public enum Opcode {
    LABEL(1),
    FUNC_INFO(2),
    INT_CODE_END(3),
    CALL(4),
    CALL_LAST(5),
    CALL_ONLY(6),
    CALL_EXT(7),
    CALL_EXT_LAST(8),
    BIF0(9),
    BIF1(10),
    BIF2(11),
    ALLOCATE(12),
    ALLOCATE_HEAP(13),
    ALLOCATE_ZERO(14),
    ALLOCATE_HEAP_ZERO(15),
    TEST_HEAP(16),
    INIT(17),
    DEALLOCATE(18),
    RETURN(19),
    SEND(20),
    REMOVE_MESSAGE(21),
    TIMEOUT(22),
    LOOP_REC(23),
    LOOP_REC_END(24),
    WAIT(25),
    WAIT_TIMEOUT(26),
    M_PLUS(27),
    M_MINUS(28),
    M_TIMES(29),
    M_DIV(30),
    INT_DIV(31),
    INT_REM(32),
    INT_BAND(33),
    INT_BOR(34),
    INT_BXOR(35),
    INT_BSL(36),
    INT_BSR(37),
    INT_BNOT(38),
    IS_LT(39),
    IS_GE(40),
    IS_EQ(41),
    IS_NE(42),
    IS_EQ_EXACT(43),
    IS_NE_EXACT(44),
    IS_INTEGER(45),
    IS_FLOAT(46),
    IS_NUMBER(47),
    IS_ATOM(48),
    IS_PID(49),
    IS_REFERENCE(50),
    IS_PORT(51),
    IS_NIL(52),
    IS_BINARY(53),
    IS_CONSTANT(54),
    IS_LIST(55),
    IS_NONEMPTY_LIST(56),
    IS_TUPLE(57),
    TEST_ARITY(58),
    SELECT_VAL(59),
    SELECT_TUPLE_ARITY(60),
    JUMP(61),
    CATCH(62),
    CATCH_END(63),
    MOVE(64),
    GET_LIST(65),
    GET_TUPLE_ELEMENT(66),
    SET_TUPLE_ELEMENT(67),
    PUT_STRING(68),
    PUT_LIST(69),
    PUT_TUPLE(70),
    PUT(71),
    BADMATCH(72),
    IF_END(73),
    CASE_END(74),
    CALL_FUN(75),
    MAKE_FUN(76),
    IS_FUNCTION(77),
    CALL_EXT_ONLY(78),
    BS_START_MATCH(79),
    BS_GET_INTEGER(80),
    BS_GET_FLOAT(81),
    BS_GET_BINARY(82),
    BS_SKIP_BITS(83),
    BS_TEST_TAIL(84),
    BS_SAVE(85),
    BS_RESTORE(86),
    BS_INIT(87),
    BS_FINAL(88),
    BS_PUT_INTEGER(89),
    BS_PUT_BINARY(90),
    BS_PUT_FLOAT(91),
    BS_PUT_STRING(92),
    BS_NEED_BUF(93),
    FCLEARERROR(94),
    FCHECKERROR(95),
    FMOVE(96),
    FCONV(97),
    FADD(98),
    FSUB(99),
    FMUL(100),
    FDIV(101),
    FNEGATE(102),
    MAKE_FUN2(103),
    TRY(104),
    TRY_END(105),
    TRY_CASE(106),
    TRY_CASE_END(107),
    RAISE(108),
    BS_INIT2(109),
    BS_BITS_TO_BYTES(110),
    BS_ADD(111),
    APPLY(112),
    APPLY_LAST(113),
    IS_BOOLEAN(114),
    IS_FUNCTION2(115),
    BS_START_MATCH2(116),
    BS_GET_INTEGER2(117),
    BS_GET_FLOAT2(118),
    BS_GET_BINARY2(119),
    BS_SKIP_BITS2(120),
    BS_TEST_TAIL2(121),
    BS_SAVE2(122),
    BS_RESTORE2(123),
    GC_BIF1(124),
    GC_BIF2(125),
    BS_FINAL2(126),
    BS_BITS_TO_BYTES2(127),
    PUT_LITERAL(128),
    IS_BITSTR(129),
    BS_CONTEXT_TO_BINARY(130),
    BS_TEST_UNIT(131),
    BS_MATCH_STRING(132),
    BS_INIT_WRITABLE(133),
    BS_APPEND(134),
    BS_PRIVATE_APPEND(135),
    TRIM(136),
    BS_INIT_BITS(137),
    BS_GET_UTF8(138),
    BS_SKIP_UTF8(139),
    BS_GET_UTF16(140),
    BS_SKIP_UTF16(141),
    BS_GET_UTF32(142),
    BS_SKIP_UTF32(143),
    BS_UTF8_SIZE(144),
    BS_PUT_UTF8(145),
    BS_UTF16_SIZE(146),
    BS_PUT_UTF16(147),
    BS_PUT_UTF32(148),
    ON_LOAD(149),
    RECV_MARK(150),
    RECV_SET(151),
    GC_BIF3(152),
    LINE(153),
    PUT_MAP_ASSOC(154),
    PUT_MAP_EXACT(155),
    IS_MAP(156),
    HAS_MAP_FIELDS(157),
    GET_MAP_ELEMENTS(158),
    IS_TAGGED_TUPLE(159),
    BUILD_STACKTRACE(160),
    RAW_RAISE(161),
    GET_HD(162),
    GET_TL(163),
    PUT_TUPLE2(164),
    BS_GET_TAIL(165),
    BS_START_MATCH3(166),
    BS_GET_POSITION(167),
    BS_SET_POSITION(168),
    SWAP(169),
    BS_START_MATCH4(170),
    MAKE_FUN3(171),
    INIT_YREGS(172),
    RECV_MARKER_BIND(173),
    RECV_MARKER_CLEAR(174),
    RECV_MARKER_RESERVE(175),
    RECV_MARKER_USE(176),
    BS_CREATE_BIN(177),
    CALL_FUN2(178),
    NIF_START(179),
    BADRECORD(180),
    UPDATE_RECORD(181),
    BS_MATCH(182),
    EXECUTABLE_LINE(183),
    DEBUG_LINE(184);

    /** The highest generic opcode this loader knows (OTP 28's {@code debug_line}). */
    public static final int MAX = 184;

    private final int number;

    Opcode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The name as in genop.tab, e.g. {@code call_ext_last}. */
    public String opName() {
        return Table.ROWS[number].name;
    }

    /** The number of operands; a trailing list operand counts as one. */
    public int arity() {
        return Table.ROWS[number].arity;
    }

    /** The release that introduced it, e.g. {@code OTP25}, {@code R12B}, {@code pre-R10B}. */
    public String since() {
        return Table.ROWS[number].since;
    }

    /** OTP 27 refuses to load it (it belongs to code compiled before OTP 24). */
    public boolean isObsolete() {
        return Table.ROWS[number].obsolete;
    }

    /** The release that made it obsolete, for instructions still loadable here ({@code OTP28}), else null. */
    public String removedIn() {
        return Table.ROWS[number].removedIn;
    }

    /** The operand kinds, one character per operand (see the class comment); empty for obsolete ones. */
    public String operandKinds() {
        return Table.ROWS[number].kinds;
    }

    /** Instructions that carry only metadata (locations, coverage, NIF markers) and do nothing at run time. */
    public boolean isMetadata() {
        return this == LINE || this == EXECUTABLE_LINE || this == DEBUG_LINE || this == NIF_START;
    }

    /** The opcode numbered {@code number}, or null if there is none. */
    public static Opcode of(int number) {
        return number > 0 && number <= MAX ? Table.BY_NUMBER[number] : null;
    }

    @Override
    public String toString() {
        return opName() + "/" + arity();
    }

    private record Row(String name, int arity, String since, boolean obsolete, String removedIn, String kinds) {}

    /** The opcode table, read once from the resource and checked against the constants. */
    private static final class Table {
        static final Row[] ROWS = new Row[MAX + 1];
        static final Opcode[] BY_NUMBER = new Opcode[MAX + 1];

        static {
            try (InputStream in = Opcode.class.getResourceAsStream("opcodes.tsv")) {
                if (in == null) {
                    throw new IllegalStateException("opcodes.tsv missing from the class path");
                }
                var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
                for (String line : lines) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    int n = Integer.parseInt(f[0]);
                    String kinds = f[6].equals("-") || f[6].equals(".") ? "" : f[6].replace(" ", "");
                    ROWS[n] = new Row(f[1], Integer.parseInt(f[2]), f[3], f[4].equals("obsolete"),
                            f[5].equals("-") ? null : f[5], kinds);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Opcode op : values()) {
                Row r = ROWS[op.number];
                if (r == null || !r.name.toUpperCase(Locale.ROOT).equals(op.name())
                        || (!r.obsolete && r.kinds.length() != r.arity)) {
                    throw new IllegalStateException("opcodes.tsv disagrees with Opcode." + op.name());
                }
                BY_NUMBER[op.number] = op;
            }
        }
    }
}
