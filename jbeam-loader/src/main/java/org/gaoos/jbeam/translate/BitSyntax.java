package org.gaoos.jbeam.translate;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;

import org.gaoos.jbeam.beam.Instruction;
import org.gaoos.jbeam.beam.Operand;
import org.gaoos.jbeam.runtime.BitBuilder;
import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.MatchContext;
import org.gaoos.jbeam.runtime.ModuleLoader.LoadException;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.MethodVisitor;

/**
 * Translates the bit syntax: construction ({@code bs_create_bin}) into {@link BitBuilder} calls,
 * matching ({@code bs_start_match3/4}, OTP 26's {@code bs_match} commands and the
 * {@code bs_get_*}/{@code bs_skip_*} family) into {@link MatchContext} calls. A match context is
 * a plain object in a register.
 */
final class BitSyntax {
    private static final String CTX = Type.getInternalName(MatchContext.class);
    private static final String BB = Type.getInternalName(BitBuilder.class);
    private static final String TERM_D = "L" + Type.getInternalName(Term.class) + ";";
    private static final String OBJ_D = "Ljava/lang/Object;";

    private final FunctionTranslator ft;
    private final MethodVisitor mv;

    BitSyntax(FunctionTranslator ft) {
        this.ft = ft;
        this.mv = ft.mv;
    }

    void prologue() {}

    private void ctx(Operand o) {
        ft.loadAs(o, CTX);
    }

    private void failIfFalse(Operand.Label fail) {
        mv.visitJumpInsn(IFEQ, ft.label(fail.value()));
    }

    /**
     * Pushes a size in bits as a long: constant sizes fold, register sizes go through bits(). The
     * match context is below it on the stack; the failure path pops both.
     */
    private void sizeBits(Operand size, int unit, Label fail) {
        if (size instanceof Operand.SmallInt s) {
            mv.visitLdcInsn(s.value() * unit);
            return;
        }
        if (size instanceof Operand.Unsigned u) {
            mv.visitLdcInsn(u.value() * unit);
            return;
        }
        ft.load(size);
        ft.pushInt(unit);
        ft.invokeStatic(CTX, "bits", "(" + OBJ_D + "I)J");
        if (fail != null) {
            mv.visitInsn(DUP2);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            Label ok = new Label();
            mv.visitJumpInsn(IFGE, ok);
            mv.visitInsn(POP2);
            mv.visitInsn(POP);
            mv.visitJumpInsn(GOTO, fail);
            mv.visitLabel(ok);
        }
    }

    /** Field flags: a bitmask (classic ops) or a literal list of atoms (bs_match, bs_create_bin). */
    private int flags(Operand o) {
        if (o instanceof Operand.Unsigned u) return u.intValue();
        Term list = o instanceof Operand.LiteralRef l ? ft.t.literal(l) : Nil.NIL;
        int f = 0;
        for (Term t = list; t instanceof Cons c; t = c.tail()) {
            String n = c.head() instanceof Atom a ? a.name() : "";
            switch (n) {
                case "little" -> f |= MatchContext.LITTLE;
                case "native" -> f |= MatchContext.NATIVE;
                case "signed" -> f |= MatchContext.SIGNED;
                default -> {}
            }
        }
        return f;
    }

    /** Stores a nullable Term result or jumps to fail. */
    private void storeOrFail(Operand dst, Operand.Label fail) {
        Label ok = new Label();
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNONNULL, ok);
        mv.visitInsn(POP);
        mv.visitJumpInsn(GOTO, ft.label(fail.value()));
        mv.visitLabel(ok);
        ft.store(dst);
    }

    private void codePointOrFail(Operand dst, Operand.Label fail) {
        Label ok = new Label();
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFGE, ok);
        mv.visitInsn(POP);
        mv.visitJumpInsn(GOTO, ft.label(fail.value()));
        mv.visitLabel(ok);
        if (dst != null) {
            mv.visitInsn(I2L);
            ft.invokeStatic(Type.getInternalName(Small.class), "of", "(J)L" + Type.getInternalName(Small.class) + ";");
            ft.store(dst);
        } else {
            mv.visitInsn(POP);
        }
    }

    boolean instruction(int i, Instruction in) throws LoadException {
        switch (in.op()) {
            case BS_START_MATCH3 -> startMatch(in.arg(0), in.arg(1), in.arg(3));
            case BS_START_MATCH4 -> startMatch(in.arg(0), in.arg(2), in.arg(3));
            case BS_GET_POSITION -> {
                ctx(in.arg(0));
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "position", "()" + TERM_D, false);
                ft.store(in.arg(1));
            }
            case BS_SET_POSITION -> {
                ctx(in.arg(0));
                ft.load(in.arg(1));
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "setPosition", "(" + OBJ_D + ")V", false);
            }
            case BS_GET_TAIL -> {
                ctx(in.arg(0));
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "tail", "()" + TERM_D, false);
                ft.store(in.arg(1));
            }
            case BS_TEST_TAIL2 -> {
                ctx(in.arg(1));
                mv.visitLdcInsn((long) in.u(2));
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "ensureExactly", "(J)Z", false);
                failIfFalse(in.label(0));
            }
            case BS_TEST_UNIT -> {
                ctx(in.arg(1));
                ft.pushInt(in.u(2));
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "testUnit", "(I)Z", false);
                failIfFalse(in.label(0));
            }
            case BS_MATCH_STRING -> {
                ctx(in.arg(1));
                mv.visitLdcInsn((long) in.u(2));
                ft.constant(((Operand.StringRef) in.arg(3)).bytes(), byte[].class);
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "matchString", "(J[B)Z", false);
                failIfFalse(in.label(0));
            }
            case BS_GET_INTEGER2, BS_GET_BINARY2, BS_GET_FLOAT2 -> {
                Operand.Label fail = in.label(0);
                ctx(in.arg(1));
                Operand size = in.arg(3);
                int unit = in.u(4);
                int flags = flags(in.arg(5));
                if (size instanceof Operand.AtomOperand a && a.atom() == Atom.ALL) {
                    // binary with size all: the rest, which must be a multiple of the unit
                    mv.visitInsn(DUP);
                    ft.pushInt(unit);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "testUnit", "(I)Z", false);
                    Label ok = new Label();
                    mv.visitJumpInsn(IFNE, ok);
                    mv.visitInsn(POP);
                    mv.visitJumpInsn(GOTO, ft.label(fail.value()));
                    mv.visitLabel(ok);
                    mv.visitInsn(DUP);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "remaining", "()J", false);
                } else {
                    sizeBits(size, unit, ft.label(fail.value()));
                }
                switch (in.op()) {
                    case BS_GET_INTEGER2 -> {
                        ft.pushInt(flags);
                        mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "getInteger", "(JI)" + TERM_D, false);
                    }
                    case BS_GET_FLOAT2 -> {
                        ft.pushInt(flags);
                        mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "getFloat", "(JI)" + TERM_D, false);
                    }
                    default -> mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "getBinary", "(J)" + TERM_D, false);
                }
                storeOrFail(in.arg(6), fail);
            }
            case BS_SKIP_BITS2 -> {
                ctx(in.arg(1));
                Operand size = in.arg(2);
                if (size instanceof Operand.AtomOperand a && a.atom() == Atom.ALL) {
                    mv.visitInsn(DUP);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "remaining", "()J", false);
                } else {
                    sizeBits(size, in.u(3), ft.label(in.label(0).value()));
                }
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "skip", "(J)Z", false);
                failIfFalse(in.label(0));
            }
            case BS_GET_UTF8, BS_SKIP_UTF8 -> {
                ctx(in.arg(1));
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "getUtf8", "()I", false);
                codePointOrFail(in.op() == org.gaoos.jbeam.beam.Opcode.BS_GET_UTF8 ? in.arg(4) : null, in.label(0));
            }
            case BS_GET_UTF16, BS_SKIP_UTF16, BS_GET_UTF32, BS_SKIP_UTF32 -> {
                boolean is16 = in.op() == org.gaoos.jbeam.beam.Opcode.BS_GET_UTF16 || in.op() == org.gaoos.jbeam.beam.Opcode.BS_SKIP_UTF16;
                boolean get = in.op() == org.gaoos.jbeam.beam.Opcode.BS_GET_UTF16 || in.op() == org.gaoos.jbeam.beam.Opcode.BS_GET_UTF32;
                ctx(in.arg(1));
                ft.pushInt(flags(in.arg(3)));
                mv.visitMethodInsn(INVOKEVIRTUAL, CTX, is16 ? "getUtf16" : "getUtf32", "(I)I", false);
                codePointOrFail(get ? in.arg(4) : null, in.label(0));
            }
            case BS_MATCH -> match(in);
            case BS_CREATE_BIN -> create(in); // also OTP 24's bs_init2 ... bs_put_* (LegacyConstruction)
            case BS_ADD -> { // Fail S1 S2 Unit Dst
                ft.load(in.arg(1));
                ft.load(in.arg(2));
                ft.pushInt(in.u(3));
                boolean noFail = in.label(0).isNoFail();
                ft.invokeStatic(BB, noFail ? "addSizesOrRaise" : "addSizes", "(" + OBJ_D + OBJ_D + "I)" + TERM_D);
                if (noFail) ft.store(in.arg(4));
                else storeOrFail(in.arg(4), in.label(0));
            }
            case BS_UTF8_SIZE, BS_UTF16_SIZE -> { // Fail Src Dst
                ft.load(in.arg(1));
                ft.invokeStatic(BB, in.op() == org.gaoos.jbeam.beam.Opcode.BS_UTF8_SIZE ? "utf8Size" : "utf16Size",
                        "(" + OBJ_D + ")" + TERM_D);
                ft.store(in.arg(2));
            }
            case BS_INIT_WRITABLE -> {
                ft.constant(Binary.EMPTY, Term.class);
                mv.visitVarInsn(ASTORE, ft.xSlot(0));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void startMatch(Operand fail, Operand src, Operand dst) {
        ft.load(src);
        ft.invokeStatic(CTX, "start", "(" + OBJ_D + ")L" + CTX + ";");
        if (fail instanceof Operand.Label l && !l.isNoFail()) {
            Label ok = new Label();
            mv.visitInsn(DUP);
            mv.visitJumpInsn(IFNONNULL, ok);
            mv.visitInsn(POP);
            mv.visitJumpInsn(GOTO, ft.label(l.value()));
            mv.visitLabel(ok);
        }
        ft.store(dst);
    }

    /** bs_match (OTP 26+): a list of commands on one context; any failing command jumps to Fail. */
    private void match(Instruction in) throws LoadException {
        Operand.Label fail = in.label(0);
        Operand c = in.arg(1);
        List<Operand> cmds = in.list(2).elements();
        int k = 0;
        while (k < cmds.size()) {
            if (!(cmds.get(k) instanceof Operand.AtomOperand a)) throw new LoadException(ft.where(in) + ": bad command list");
            String name = a.atom().name();
            k++;
            switch (name) {
                case "ensure_at_least" -> {
                    ctx(c);
                    mv.visitLdcInsn(num(cmds.get(k)));
                    ft.pushInt((int) num(cmds.get(k + 1)));
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "ensureAtLeast", "(JI)Z", false);
                    failIfFalse(fail);
                    k += 2;
                }
                case "ensure_exactly" -> {
                    ctx(c);
                    mv.visitLdcInsn(num(cmds.get(k)));
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "ensureExactly", "(J)Z", false);
                    failIfFalse(fail);
                    k += 1;
                }
                case "integer", "binary" -> {
                    // Live, Flags, Size, Unit, Dst
                    int flags = flags(cmds.get(k + 1));
                    Operand size = cmds.get(k + 2);
                    int unit = (int) num(cmds.get(k + 3));
                    Operand dst = cmds.get(k + 4);
                    ctx(c);
                    if (size instanceof Operand.AtomOperand all && all.atom() == Atom.ALL) {
                        mv.visitInsn(DUP);
                        mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "remaining", "()J", false);
                    } else {
                        sizeBits(size, unit, ft.label(fail.value()));
                    }
                    if (name.equals("integer")) {
                        ft.pushInt(flags);
                        mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "getInteger", "(JI)" + TERM_D, false);
                    } else {
                        mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "getBinary", "(J)" + TERM_D, false);
                    }
                    storeOrFail(dst, fail);
                    k += 5;
                }
                case "skip" -> {
                    ctx(c);
                    mv.visitLdcInsn(num(cmds.get(k)));
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "skip", "(J)Z", false);
                    failIfFalse(fail);
                    k += 1;
                }
                case "get_tail" -> {
                    // Live, Unit, Dst
                    ctx(c);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "tail", "()" + TERM_D, false);
                    ft.store(cmds.get(k + 2));
                    k += 3;
                }
                case "=:=" -> {
                    // Live, Size, Value
                    ctx(c);
                    mv.visitLdcInsn(num(cmds.get(k + 1)));
                    mv.visitLdcInsn(num(cmds.get(k + 2)));
                    mv.visitMethodInsn(INVOKEVIRTUAL, CTX, "matchInteger", "(JJ)Z", false);
                    failIfFalse(fail);
                    k += 3;
                }
                default -> throw new LoadException(ft.where(in) + ": unknown bs_match command " + name);
            }
        }
    }

    private static long num(Operand o) {
        if (o instanceof Operand.Unsigned u) return u.value();
        if (o instanceof Operand.SmallInt s) return s.value();
        throw new IllegalArgumentException("expected a number, got " + o);
    }

    /** bs_create_bin: segments of six operands: Type, Seg, Unit, Flags, Src, Size. */
    private void create(Instruction in) throws LoadException {
        Operand.Label fail = in.label(0);
        List<Operand> segs = in.list(5).elements();
        boolean guarded = !fail.isNoFail();
        Label start = new Label(), end = new Label(), onError = new Label(), done = new Label();
        if (guarded) mv.visitLabel(start);
        boolean first = true;
        for (int k = 0; k + 5 < segs.size() + 0 || k < segs.size(); k += 6) {
            String type = ((Operand.AtomOperand) segs.get(k)).atom().name();
            int unit = (int) num(segs.get(k + 2));
            int flags = flags(segs.get(k + 3));
            Operand src = segs.get(k + 4), size = segs.get(k + 5);
            boolean all = size instanceof Operand.AtomOperand a && a.atom() == Atom.ALL;
            if (first) {
                if (type.equals("append") || type.equals("private_append")) {
                    ft.load(src);
                    ft.pushInt(Math.max(unit, 1));
                    ft.invokeStatic(BB, "appending", "(" + OBJ_D + "I)L" + BB + ";");
                    first = false;
                    continue;
                }
                mv.visitTypeInsn(NEW, BB);
                mv.visitInsn(DUP);
                mv.visitMethodInsn(INVOKESPECIAL, BB, "<init>", "()V", false);
                first = false;
            }
            mv.visitInsn(DUP);
            switch (type) {
                case "integer", "float" -> {
                    ft.load(src);
                    builderSize(size, unit);
                    ft.pushInt(flags);
                    mv.visitMethodInsn(INVOKEVIRTUAL, BB, type.equals("integer") ? "putInteger" : "putFloat",
                            "(" + OBJ_D + "JI)V", false);
                }
                case "binary" -> {
                    ft.load(src);
                    if (all) mv.visitLdcInsn(-1L);
                    else builderSize(size, unit);
                    ft.pushInt(unit);
                    mv.visitMethodInsn(INVOKEVIRTUAL, BB, "putBinary", "(" + OBJ_D + "JI)V", false);
                }
                case "string" -> {
                    byte[] bytes = ((Operand.StringRef) src).bytes();
                    ft.constant(bytes, byte[].class);
                    mv.visitLdcInsn(num(size) * unit);
                    mv.visitMethodInsn(INVOKEVIRTUAL, BB, "putString", "([BJ)V", false);
                }
                case "utf8" -> {
                    ft.load(src);
                    mv.visitMethodInsn(INVOKEVIRTUAL, BB, "putUtf8", "(" + OBJ_D + ")V", false);
                }
                case "utf16", "utf32" -> {
                    ft.load(src);
                    ft.pushInt(flags);
                    mv.visitMethodInsn(INVOKEVIRTUAL, BB, type.equals("utf16") ? "putUtf16" : "putUtf32",
                            "(" + OBJ_D + "I)V", false);
                }
                default -> throw new LoadException(ft.where(in) + ": unknown segment type " + type);
            }
        }
        if (first) {
            mv.visitTypeInsn(NEW, BB);
            mv.visitInsn(DUP);
            mv.visitMethodInsn(INVOKESPECIAL, BB, "<init>", "()V", false);
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, BB, "finish", "()" + TERM_D, false);
        if (guarded) mv.visitLabel(end);
        ft.store(in.arg(4));
        if (guarded) {
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(onError);
            mv.visitInsn(POP);
            mv.visitJumpInsn(GOTO, ft.label(fail.value()));
            mv.visitLabel(done);
            mv.visitTryCatchBlock(start, end, onError, Type.getInternalName(ErlangException.class));
        }
    }

    /** A construction size: constant or register (badarg when not a non-negative integer). */
    private void builderSize(Operand size, int unit) {
        if (size instanceof Operand.SmallInt s) {
            mv.visitLdcInsn(s.value() * unit);
        } else {
            ft.load(size);
            ft.pushInt(unit);
            ft.invokeStatic(BB, "size", "(" + OBJ_D + "I)J");
        }
    }
}
