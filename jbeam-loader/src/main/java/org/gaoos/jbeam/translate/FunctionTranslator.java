package org.gaoos.jbeam.translate;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.beam.BeamFunction;
import org.gaoos.jbeam.beam.Import;
import org.gaoos.jbeam.beam.Instruction;
import org.gaoos.jbeam.beam.Opcode;
import org.gaoos.jbeam.beam.Operand;
import org.gaoos.jbeam.bif.BifTable;
import org.gaoos.jbeam.runtime.Code;
import org.gaoos.jbeam.runtime.CodeFun;
import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Export;
import org.gaoos.jbeam.runtime.Funs;
import org.gaoos.jbeam.runtime.Linker;
import org.gaoos.jbeam.runtime.Mailbox;
import org.gaoos.jbeam.runtime.ModuleLoader.LoadException;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.RawStack;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Fun;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Translates one Erlang function into one static method {@code (Proc, Object^arity)Term}.
 *
 * <p>Registers: x(i) is JVM local 1+i (so the arguments are the first X registers and a self tail
 * call is a jump to the entry), Y and float registers are locals after them; all are initialised
 * in the prologue, so every local has one type at every merge point. A single exception handler
 * over the whole body captures the stack trace (first translated frame) and dispatches to the
 * active {@code try}/{@code catch}, tracked in an int local.
 */
final class FunctionTranslator {
    private static final String OBJ = "java/lang/Object";
    private static final String PROC = Translator.PROC;
    private static final String TERM = Translator.TERM;
    private static final String TERM_D = "L" + TERM + ";";
    private static final String OPS = Type.getInternalName(Ops.class);
    private static final String FUNS = Type.getInternalName(Funs.class);
    private static final String EXC = Type.getInternalName(ErlangException.class);
    private static final String TUPLE = Type.getInternalName(Tuple.class);
    private static final String CONS = Type.getInternalName(Cons.class);
    private static final String ATOM = Type.getInternalName(Atom.class);
    private static final String MAILBOX = Type.getInternalName(Mailbox.class);
    private static final String CODE = Type.getInternalName(Code.class);

    private static final Handle REMOTE_BSM = new Handle(H_INVOKESTATIC, Type.getInternalName(Linker.class), "remote",
            MethodType.methodType(CallSite.class, MethodHandles.Lookup.class, String.class, MethodType.class,
                    String.class, String.class).toMethodDescriptorString(), false);

    final Translator t;
    final int fn;
    final BeamFunction f;
    /** Where code goes: the function's method, or (split functions) the chunk being emitted. */
    final Sink mv = new Sink();
    private final List<Instruction> code;
    private final Map<Integer, Label> labels = new HashMap<>();

    // Local slots.
    private int nx, ny, nf;
    private int yBase, fBase;
    int lineSlot, handlerSlot, excSlot, tmpSlot;
    /** Functions with try/catch: p.tailDepth on entry, restored when a handler catches (-1: none). */
    private int depthSlot = -1;
    /**
     * Functions with try/catch: the BEAM label the head jumps to (see {@link #resumeAt}); the
     * head is a switch before the handler's range, the one way back into the body.
     */
    private int resumeSlot = -1;
    private Label head;
    /**
     * Unboxed integers: the long local of each X register that is the destination of integer
     * arithmetic (null: none). Such a register's object local is null while its value is the
     * small integer in the long local (see {@link #unboxedArith}); reads that need a term box it.
     */
    private int[] unboxed;
    private int longA, longB, longR;
    private int nextLocal;
    private final Map<Integer, Integer> saveSlots = new HashMap<>(); // y index -> saved handler
    private final Map<Integer, Integer> tryIds = new LinkedHashMap<>(); // instruction index -> id
    private final List<Instruction> tries = new ArrayList<>();

    private Label bodyStart, bodyEnd, handler;
    /** Instruction indexes not emitted: constant-result blocks folded into a select table. */
    private final java.util.Set<Integer> skipped = new java.util.HashSet<>();
    /** select_val instructions (by index) compiled as a constant lookup table. */
    private final Map<Integer, Map<Term, Term>> selectTables = new HashMap<>();
    final BitSyntax bits;
    /** Estimated bytecode size of each instruction's translation (whole-method translation). */
    private int[] sizes;
    /** Set while emitting the chunks of a function too large for one JVM method. */
    private Split split;
    /** The line-table index in effect in code order (BEAM finds a location by code address). */
    private int codeLine;

    FunctionTranslator(Translator t, int fn) {
        this.t = t;
        this.fn = fn;
        this.f = t.functions.get(fn);
        this.code = LegacyConstruction.rewrite(f.code());
        this.bits = new BitSyntax(this);
    }

    /** The JVM label of BEAM label {@code l}; in a chunk, a label of another chunk gets a local stub. */
    Label label(int l) {
        if (split != null && split.chunkOf(l) != split.chunk) return split.stubs.computeIfAbsent(l, k -> new Label());
        return labels.computeIfAbsent(l, k -> new Label());
    }

    int newLocal(int size) {
        int s = nextLocal;
        nextLocal += size;
        return s;
    }

    /**
     * The function's methods: normally one; a function whose translation would exceed the JVM's
     * 64 KB method limit (or {@code chunkBudget > 0}, forced after the assembler refused a
     * method) becomes a driver plus chunk methods (see {@link #translateSplit}).
     */
    List<MethodNode> translate(int chunkBudget) throws LoadException {
        prescan();
        MethodNode whole = translateWhole();
        int total = 0;
        for (int s : sizes) total += s;
        if (chunkBudget <= 0 && total <= SPLIT_ABOVE) return List.of(whole);
        unboxed = null; // chunks pass registers as objects in the frame
        return translateSplit(chunkBudget > 0 ? chunkBudget : CHUNK_BUDGET);
    }

    /** Above this estimated size a function is split (the JVM's limit is 65,535 bytes). */
    static final int SPLIT_ABOVE = 48_000;
    /** Estimated body bytes per chunk method (prologue, stubs and handler come on top). */
    static final int CHUNK_BUDGET = 16_000;
    /** In a split function, a select_val with at least this many values jumps through a table. */
    private static final int DYNAMIC_SELECT = 32;

    private MethodNode translateWhole() throws LoadException {
        MethodNode node = new MethodNode(ACC_STATIC | ACC_PUBLIC, t.methodNames[fn], Translator.descriptor(f.arity()), null, null);
        mv.to(node);
        newMethod();
        sizes = new int[code.size()];
        mv.visitCode();
        entryBreakpoint();
        prologue();
        if (resumeSlot >= 0) {
            // The head: a catch's landing label or the entry (self tail calls), never a jump from
            // the handler or the body straight into the body (see resumeAt).
            mv.visitLabel(head);
            mv.visitVarInsn(ILOAD, resumeSlot);
            java.util.TreeMap<Integer, Label> landings = new java.util.TreeMap<>();
            for (Instruction tr : tries) {
                int l = ((Operand.Label) tr.arg(1)).value();
                landings.put(l, label(l));
            }
            int[] keys = landings.keySet().stream().mapToInt(Integer::intValue).toArray();
            mv.visitLookupSwitchInsn(bodyStart, keys, landings.values().toArray(new Label[0]));
        }
        mv.visitLabel(bodyStart);
        mv.visitJumpInsn(GOTO, label(f.entryLabel()));
        for (int i = 0; i < code.size(); i++) {
            if (skipped.contains(i)) continue;
            AbstractInsnNode before = node.instructions.getLast();
            emit(i);
            sizes[i] = Sizes.estimate(before == null ? node.instructions.getFirst() : before.getNext());
        }
        mv.visitLabel(bodyEnd);
        exceptionHandler();
        finish(node);
        return node;
    }

    private void emit(int i) throws LoadException {
        Instruction in = code.get(i);
        try {
            instruction(i, in);
        } catch (LoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LoadException(where(in) + ": " + e, e);
        }
    }

    /** Fresh per-method state: BEAM labels map to new JVM labels in each method. */
    private void newMethod() {
        labels.clear();
        bodyStart = new Label();
        bodyEnd = new Label();
        handler = new Label();
        head = new Label();
        codeLine = 0;
    }

    private void finish(MethodNode node) {
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        // The whole-body handler must come after the guard handlers nested in it.
        TryCatchBlockNode whole = null;
        for (TryCatchBlockNode b : node.tryCatchBlocks) if (b.handler == handler.info) whole = b; // MethodNode keeps its LabelNode in info
        node.tryCatchBlocks.remove(whole);
        node.tryCatchBlocks.add(whole);
    }

    // ---- functions too large for one JVM method ----

    /**
     * A split function: its code is cut at instruction boundaries into chunks, each a static
     * method {@code name$arity$$cK(Proc, SplitFrame)}. The registers and the try/line state live
     * in a {@link SplitFrame} between chunks: a chunk loads them into the same locals the whole
     * translation uses, runs, and on a jump to a label in another chunk stores them back, sets
     * the frame's next label and returns null. The function's own method (the driver) creates
     * the frame and loops: next label -> chunk -> call, until a chunk returns a result (or TAIL).
     * Jumps inside a chunk stay plain jumps; calls, exceptions and try/catch work as in a whole
     * method (each chunk has the catch-all handler; a try label in another chunk is reached
     * through the frame).
     */
    private final class Split {
        final int chunk;
        final int[] chunkOf;          // by (label - labelBase)
        final Map<Integer, Label> stubs = new LinkedHashMap<>();
        final Label dispatch = new Label(), exit = new Label();
        final int frameSlot, regsSlot, fregsSlot, intsSlot, nextSlot;

        Split(int chunk, int[] chunkOf, int frameSlot) {
            this.chunk = chunk;
            this.chunkOf = chunkOf;
            this.frameSlot = frameSlot;
            regsSlot = frameSlot + 1;
            fregsSlot = frameSlot + 2;
            intsSlot = frameSlot + 3;
            nextSlot = frameSlot + 4;
        }

        int chunkOf(int label) {
            int k = label - labelBase;
            return k >= 0 && k < chunkOf.length ? chunkOf[k] : -1;
        }
    }

    private int labelBase;

    private List<MethodNode> translateSplit(int budget) throws LoadException {
        // Labels of this function (contiguous in BEAM's numbering) plus one synthetic label per
        // chunk start that is not a label instruction.
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (Instruction in : code) {
            if (in.op() == Opcode.LABEL) {
                lo = Math.min(lo, in.u(0));
                hi = Math.max(hi, in.u(0));
            }
        }
        labelBase = lo;
        // Chunk boundaries: greedy on estimated sizes, at any instruction (never inside one).
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        int acc = 0;
        for (int i = 0; i < code.size(); i++) {
            int s = skipped.contains(i) ? 0 : sizes[i];
            if (code.get(i).op() == Opcode.SELECT_VAL && !selectTables.containsKey(i)
                    && code.get(i).list(2).elements().size() >= 2 * DYNAMIC_SELECT) s = 48;
            if (acc > 0 && acc + s > budget && !skipped.contains(i)) {
                starts.add(i);
                acc = 0;
            }
            acc += s;
        }
        int chunks = starts.size();
        int[] startLabel = new int[chunks];
        int synthetic = hi + 1;
        for (int k = 0; k < chunks; k++) {
            Instruction first = code.get(starts.get(k));
            startLabel[k] = first.op() == Opcode.LABEL ? first.u(0) : synthetic++;
        }
        int[] chunkOf = new int[synthetic - lo];
        java.util.Arrays.fill(chunkOf, -1);
        for (int k = 0; k < chunks; k++) {
            int to = k + 1 < chunks ? starts.get(k + 1) : code.size();
            for (int i = starts.get(k); i < to; i++) {
                if (code.get(i).op() == Opcode.LABEL) chunkOf[code.get(i).u(0) - lo] = k;
            }
            chunkOf[startLabel[k] - lo] = k;
        }
        int ints = SplitFrame.SAVES + saveSlots.size();
        int frameSlot = nextLocal;
        List<MethodNode> out = new ArrayList<>();
        out.add(driver(chunks, chunkOf, ints));
        for (int k = 0; k < chunks; k++) {
            int from = starts.get(k), to = k + 1 < chunks ? starts.get(k + 1) : code.size();
            MethodNode node = new MethodNode(ACC_STATIC | ACC_PRIVATE, chunkName(t.methodNames[fn], k), CHUNK_DESC, null, null);
            mv.to(node);
            int line = codeLine;
            newMethod();
            codeLine = line; // code order continues across chunks
            split = new Split(k, chunkOf, frameSlot);
            try {
                mv.visitCode();
                chunkPrologue();
                List<Integer> entries = new ArrayList<>();
                for (int i = from; i < to; i++) if (code.get(i).op() == Opcode.LABEL) entries.add(code.get(i).u(0));
                if (code.get(from).op() != Opcode.LABEL) entries.add(0, startLabel[k]);
                TreeMapLabels cases = new TreeMapLabels();
                for (int l : entries) cases.put(l, label(l));
                mv.visitLabel(split.dispatch);
                mv.visitVarInsn(ILOAD, split.nextSlot);
                mv.visitLookupSwitchInsn(split.exit, cases.keys(), cases.labels());
                mv.visitLabel(bodyStart);
                mv.visitInsn(NOP); // the handler's range is never empty
                if (code.get(from).op() != Opcode.LABEL) mv.visitLabel(label(startLabel[k]));
                for (int i = from; i < to; i++) if (!skipped.contains(i)) emit(i);
                if (k + 1 < chunks) mv.visitJumpInsn(GOTO, label(startLabel[k + 1])); // fall through to the next chunk
                mv.visitLabel(bodyEnd);
                exceptionHandler();
                for (Map.Entry<Integer, Label> stub : split.stubs.entrySet()) {
                    mv.visitLabel(stub.getValue());
                    pushInt(stub.getKey());
                    mv.visitVarInsn(ISTORE, split.nextSlot);
                    mv.visitJumpInsn(GOTO, split.exit);
                }
                chunkExit();
                finish(node);
            } finally {
                split = null;
            }
            out.add(node);
        }
        return out;
    }

    static final String FRAME = Type.getInternalName(SplitFrame.class);
    private static final String CHUNK_DESC = "(L" + PROC + ";L" + FRAME + ";)" + TERM_D;

    /** The JVM name of chunk {@code k} of the function implemented by {@code method}. */
    static String chunkName(String method, int k) {
        return method + "$$c" + k;
    }

    /** The driver: the function's own method, which runs the chunks over one frame. */
    private MethodNode driver(int chunks, int[] chunkOf, int ints) {
        MethodNode node = new MethodNode(ACC_STATIC | ACC_PUBLIC, t.methodNames[fn], Translator.descriptor(f.arity()), null, null);
        boolean array = f.arity() > Translator.MAX_JVM_ARITY;
        int frame = 1 + (array ? 1 : f.arity()), regs = frame + 1;
        node.visitCode();
        node.visitTypeInsn(NEW, FRAME);
        node.visitInsn(DUP);
        Translator.pushInt(node, nx + ny);
        Translator.pushInt(node, nf);
        Translator.pushInt(node, ints);
        Translator.pushInt(node, f.entryLabel());
        node.visitMethodInsn(INVOKESPECIAL, FRAME, "<init>", "(IIII)V", false);
        node.visitVarInsn(ASTORE, frame);
        node.visitVarInsn(ALOAD, frame);
        node.visitFieldInsn(GETFIELD, FRAME, "regs", "[Ljava/lang/Object;");
        node.visitVarInsn(ASTORE, regs);
        for (int a = 0; a < f.arity(); a++) {
            node.visitVarInsn(ALOAD, regs);
            Translator.pushInt(node, a);
            if (array) {
                node.visitVarInsn(ALOAD, 1);
                Translator.pushInt(node, a);
                node.visitInsn(AALOAD);
            } else {
                node.visitVarInsn(ALOAD, 1 + a);
            }
            node.visitInsn(AASTORE);
        }
        Label loop = new Label(), bad = new Label(), result = new Label();
        Label[] cases = new Label[chunks];
        for (int k = 0; k < chunks; k++) cases[k] = new Label();
        node.visitLabel(loop);
        node.visitLdcInsn(t.constants.of(chunkOf, int[].class));
        node.visitVarInsn(ALOAD, frame);
        node.visitFieldInsn(GETFIELD, FRAME, "ints", "[I");
        Translator.pushInt(node, SplitFrame.NEXT);
        node.visitInsn(IALOAD);
        Translator.pushInt(node, labelBase);
        node.visitInsn(ISUB);
        node.visitInsn(IALOAD);
        node.visitTableSwitchInsn(0, chunks - 1, bad, cases);
        for (int k = 0; k < chunks; k++) {
            node.visitLabel(cases[k]);
            node.visitVarInsn(ALOAD, 0);
            node.visitVarInsn(ALOAD, frame);
            node.visitMethodInsn(INVOKESTATIC, t.className, chunkName(t.methodNames[fn], k), CHUNK_DESC, false);
            node.visitInsn(DUP);
            node.visitJumpInsn(IFNONNULL, result);
            node.visitInsn(POP);
            node.visitJumpInsn(GOTO, loop);
        }
        node.visitLabel(result);
        node.visitInsn(ARETURN);
        node.visitLabel(bad);
        node.visitTypeInsn(NEW, "java/lang/IllegalStateException");
        node.visitInsn(DUP);
        node.visitLdcInsn("split function: bad chunk label");
        node.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
        node.visitInsn(ATHROW);
        node.visitMaxs(0, 0);
        node.visitEnd();
        return node;
    }

    /** Loads the registers and the int state from the frame (argument 1) into their locals. */
    private void chunkPrologue() {
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ASTORE, split.frameSlot);
        frameArray("regs", "[Ljava/lang/Object;", split.regsSlot);
        frameArray("fregs", "[D", split.fregsSlot);
        frameArray("ints", "[I", split.intsSlot);
        for (int i = 0; i < nx + ny; i++) {
            mv.visitVarInsn(ALOAD, split.regsSlot);
            pushInt(i);
            mv.visitInsn(AALOAD);
            mv.visitVarInsn(ASTORE, i < nx ? xSlot(i) : ySlot(i - nx));
        }
        for (int i = 0; i < nf; i++) {
            mv.visitVarInsn(ALOAD, split.fregsSlot);
            pushInt(i);
            mv.visitInsn(DALOAD);
            mv.visitVarInsn(DSTORE, fSlot(i));
        }
        for (Map.Entry<Integer, Integer> e : intState().entrySet()) {
            mv.visitVarInsn(ALOAD, split.intsSlot);
            pushInt(e.getKey());
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, e.getValue());
        }
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, excSlot);
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, tmpSlot);
        saveTailDepth(); // a chunk runs at its function's depth: the driver calls it directly
    }

    /** Functions with try/catch remember the direct-tail-call depth they run at (see Proc.tailDepth). */
    private void saveTailDepth() {
        if (depthSlot < 0) return;
        loadProc();
        mv.visitFieldInsn(GETFIELD, PROC, "tailDepth", "I");
        mv.visitVarInsn(ISTORE, depthSlot);
    }

    /** Stores everything back (the next label is in its local) and returns null to the driver. */
    private void chunkExit() {
        mv.visitLabel(split.exit);
        for (int i = 0; i < nx + ny; i++) {
            mv.visitVarInsn(ALOAD, split.regsSlot);
            pushInt(i);
            mv.visitVarInsn(ALOAD, i < nx ? xSlot(i) : ySlot(i - nx));
            mv.visitInsn(AASTORE);
        }
        for (int i = 0; i < nf; i++) {
            mv.visitVarInsn(ALOAD, split.fregsSlot);
            pushInt(i);
            mv.visitVarInsn(DLOAD, fSlot(i));
            mv.visitInsn(DASTORE);
        }
        for (Map.Entry<Integer, Integer> e : intState().entrySet()) {
            mv.visitVarInsn(ALOAD, split.intsSlot);
            pushInt(e.getKey());
            mv.visitVarInsn(ILOAD, e.getValue());
            mv.visitInsn(IASTORE);
        }
        mv.visitInsn(ACONST_NULL);
        mv.visitInsn(ARETURN);
    }

    private void frameArray(String field, String desc, int slot) {
        mv.visitVarInsn(ALOAD, split.frameSlot);
        mv.visitFieldInsn(GETFIELD, FRAME, field, desc);
        mv.visitVarInsn(ASTORE, slot);
    }

    /** Frame int index -> local: line, active handler, next label, saved handlers. */
    private Map<Integer, Integer> intState() {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        m.put(SplitFrame.LINE, lineSlot);
        m.put(SplitFrame.HANDLER, handlerSlot);
        m.put(SplitFrame.NEXT, split.nextSlot);
        int k = SplitFrame.SAVES;
        for (int s : saveSlots.values()) m.put(k++, s);
        return m;
    }

    /**
     * In a chunk, a select_val over many values maps the value to its label number with one
     * table lookup and jumps through the chunk's dispatch (or out to the label's chunk): its
     * size does not grow with the number of values.
     */
    /**
     * {@code select_val} by one lookup of the selector in a constant table: leaves the value found
     * on the stack, or jumps to the fail label when the selector is not in the table.
     */
    private void selectLookup(Instruction in, Map<Term, Term> table) {
        load(in.arg(0));
        constant(table, Map.class);
        ops("selectConstant", "(Ljava/lang/Object;Ljava/util/Map;)" + TERM_D);
        Label found = new Label();
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNONNULL, found);
        mv.visitInsn(POP);
        jump(in.label(1));
        mv.visitLabel(found);
    }

    private boolean dynamicSelect(Instruction in) {
        List<Operand> pairs = in.list(2).elements();
        if (split == null || pairs.size() < 2 * DYNAMIC_SELECT) return false;
        Map<Term, Term> table = new HashMap<>();
        for (int k = 0; k + 1 < pairs.size(); k += 2) {
            table.putIfAbsent(constantTerm(pairs.get(k)), Small.of(((Operand.Label) pairs.get(k + 1)).value()));
        }
        selectLookup(in, table);
        String small = Type.getInternalName(Small.class);
        mv.visitTypeInsn(CHECKCAST, small);
        mv.visitFieldInsn(GETFIELD, small, "value", "J");
        mv.visitInsn(L2I);
        mv.visitVarInsn(ISTORE, split.nextSlot);
        mv.visitJumpInsn(GOTO, split.dispatch);
        return true;
    }

    String where(Instruction in) {
        return t.module().name() + ":" + f + ": " + in.op().opName();
    }

    LoadException unsupported(Instruction in) {
        return new LoadException(where(in) + " is not supported yet by the translator");
    }

    // ---- layout ----

    private void prescan() {
        int mx = f.arity() - 1, my = -1, mf = -1;
        for (int i = 0; i < code.size(); i++) {
            Instruction in = code.get(i);
            for (Operand o : in.args()) {
                int[] m = maxRegs(o);
                mx = Math.max(mx, m[0]);
                my = Math.max(my, m[1]);
                mf = Math.max(mf, m[2]);
            }
            switch (in.op()) {
                case TRY, CATCH -> {
                    tryIds.put(i, tries.size());
                    tries.add(in);
                }
                case APPLY, APPLY_LAST -> mx = Math.max(mx, in.u(0) + 1);
                case CALL_FUN -> mx = Math.max(mx, in.u(0));
                default -> {}
            }
        }
        nx = Math.max(mx + 1, 3); // try dispatch writes x0..x2
        ny = my + 1;
        nf = mf + 1;
        yBase = 1 + nx;
        fBase = yBase + ny;
        lineSlot = fBase + 2 * nf;
        handlerSlot = lineSlot + 1;
        excSlot = lineSlot + 2;
        tmpSlot = lineSlot + 3;
        nextLocal = lineSlot + 4;
        for (Instruction in : tries) {
            int y = ((Operand.YReg) in.arg(0)).index();
            saveSlots.computeIfAbsent(y, k -> newLocal(1));
        }
        if (!tries.isEmpty()) {
            depthSlot = newLocal(1);
            resumeSlot = newLocal(1);
        }
        // Only loops (functions that tail-call themselves) keep integers unboxed: there a value
        // is carried to the next iteration without a box. Elsewhere arithmetic results mostly
        // go straight into calls or data (boxed anyway), and the larger code would only cost.
        boolean loop = false;
        for (Instruction in : code) {
            if ((in.op() == Opcode.CALL_ONLY || in.op() == Opcode.CALL_LAST) && in.label(1).value() == f.entryLabel()) loop = true;
        }
        for (Instruction in : code) {
            if (loop && arithmetic(in) != null && in.arg(in.op() == Opcode.GC_BIF2 ? 5 : 4) instanceof Operand.XReg x) {
                if (unboxed == null) {
                    unboxed = new int[nx];
                    java.util.Arrays.fill(unboxed, -1);
                    longA = newLocal(2);
                    longB = newLocal(2);
                    longR = newLocal(2);
                }
                if (unboxed[x.index()] < 0) unboxed[x.index()] = newLocal(2);
            }
        }
        findSelectTables();
    }

    /**
     * Finds select_val instructions whose every target is a block {@code label; move Const x0;
     * return} reached from nowhere else: they become one lookup in a constant map and the blocks
     * are dropped. This is how generated table functions (unicode_util:unicode_table/1 has 4,738
     * clauses) fit in a JVM method; other oversized functions still need splitting (TODO).
     */
    private void findSelectTables() {
        Map<Integer, Integer> labelAt = new HashMap<>();
        Map<Integer, Integer> refs = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            Instruction in = code.get(i);
            if (in.op() == Opcode.LABEL) labelAt.put(in.u(0), i);
            for (Operand o : in.args()) countLabels(o, refs);
        }
        for (int i = 0; i < code.size(); i++) {
            Instruction in = code.get(i);
            if (in.op() != Opcode.SELECT_VAL) continue;
            List<Operand> pairs = in.list(2).elements();
            if (pairs.size() < 16) continue;
            Map<Term, Term> table = new HashMap<>();
            java.util.Set<Integer> blocks = new java.util.HashSet<>();
            Map<Integer, Integer> uses = new HashMap<>();
            for (int k = 1; k < pairs.size(); k += 2) uses.merge(((Operand.Label) pairs.get(k)).value(), 1, Integer::sum);
            boolean ok = true;
            for (int k = 0; k + 1 < pairs.size() && ok; k += 2) {
                int l = ((Operand.Label) pairs.get(k + 1)).value();
                Integer at = labelAt.get(l);
                ok = at != null && at + 2 < code.size() && at > 0
                        && refs.getOrDefault(l, 0).equals(uses.get(l))
                        && code.get(at + 1).op() == Opcode.MOVE && isConstant(code.get(at + 1).arg(0))
                        && code.get(at + 1).arg(1) instanceof Operand.XReg x && x.index() == 0
                        && code.get(at + 2).op() == Opcode.RETURN
                        && endsBlock(code.get(at - 1).op());
                if (ok) {
                    table.put(constantTerm(pairs.get(k)), constantTerm(code.get(at + 1).arg(0)));
                    blocks.add(at);
                }
            }
            if (!ok) continue;
            selectTables.put(i, table);
            for (int at : blocks) {
                skipped.add(at);
                skipped.add(at + 1);
                skipped.add(at + 2);
            }
        }
    }

    private static boolean endsBlock(Opcode op) {
        return op == Opcode.RETURN || op == Opcode.JUMP || op == Opcode.SELECT_VAL || op == Opcode.SELECT_TUPLE_ARITY;
    }

    private static void countLabels(Operand o, Map<Integer, Integer> refs) {
        if (o instanceof Operand.Label l) refs.merge(l.value(), 1, Integer::sum);
        else if (o instanceof Operand.OperandList list) for (Operand e : list.elements()) countLabels(e, refs);
    }

    private Term constantTerm(Operand o) {
        return switch (o) {
            case Operand.AtomOperand a -> a.atom();
            case Operand.Nil n -> Nil.NIL;
            case Operand.SmallInt i -> Small.of(i.value());
            case Operand.BigInt b -> Int.of(b.value());
            case Operand.LiteralRef l -> t.literal(l);
            default -> throw new IllegalArgumentException("not a constant: " + o);
        };
    }

    private static int[] maxRegs(Operand o) {
        int[] m = {-1, -1, -1};
        if (o instanceof Operand.XReg x) m[0] = x.index();
        else if (o instanceof Operand.YReg y) m[1] = y.index();
        else if (o instanceof Operand.FReg fr) m[2] = fr.index();
        else if (o instanceof Operand.OperandList l) {
            for (Operand e : l.elements()) {
                int[] s = maxRegs(e);
                for (int i = 0; i < 3; i++) m[i] = Math.max(m[i], s[i]);
            }
        }
        return m;
    }

    private static final Handle ENTRY_BSM = new Handle(H_INVOKESTATIC, "org/gaoos/jbeam/trace/LocalTrace", "bootstrap",
            MethodType.methodType(CallSite.class, MethodHandles.Lookup.class, String.class, MethodType.class,
                    String.class, String.class, String.class).toMethodDescriptorString(), false);

    /**
     * The function's entry breakpoint (trace package, LocalTrace): an invokedynamic of the
     * function's own type whose target returns null until a local trace, meta trace or call
     * counter is set on the function; then it may return the function's result instead. Before
     * the entry label, so self tail calls skip it as they skip BEAM's breakpoint.
     */
    private void entryBreakpoint() {
        if (f.arity() > Translator.MAX_JVM_ARITY || !ENTRY_BREAKPOINTS) return;
        for (int i = 0; i <= f.arity(); i++) mv.visitVarInsn(ALOAD, i);
        breakpoint("entry");
    }

    /**
     * The same breakpoint on a self tail call (a jump to the entry: BEAM's call_only/call_last to
     * the function itself enters its breakpoint too). Not in functions with unboxed registers,
     * where loading the arguments would box them on every iteration.
     */
    private void selfTailBreakpoint() {
        if (f.arity() > Translator.MAX_JVM_ARITY || unboxed != null || !ENTRY_BREAKPOINTS) return;
        loadProc();
        pushArgs(f.arity());
        breakpoint("tail");
    }

    static final boolean ENTRY_BREAKPOINTS = !"false".equals(System.getProperty("jbeam.entryBreakpoints"));

    private void breakpoint(String kind) {
        mv.visitInvokeDynamicInsn(kind, Translator.descriptor(f.arity()), ENTRY_BSM, t.module().name(),
                f.name().name(), t.methodNames[fn]);
        mv.visitInsn(DUP);
        Label run = new Label();
        mv.visitJumpInsn(IFNULL, run);
        mv.visitInsn(ARETURN);
        mv.visitLabel(run);
        mv.visitInsn(POP);
    }

    private void prologue() {
        if (f.arity() > Translator.MAX_JVM_ARITY) {
            // Array convention: local 1 holds the arguments; x0.. (local 1 onwards) take them.
            int array = newLocal(1);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ASTORE, array);
            for (int i = 0; i < f.arity(); i++) {
                mv.visitVarInsn(ALOAD, array);
                pushInt(i);
                mv.visitInsn(AALOAD);
                mv.visitVarInsn(ASTORE, xSlot(i));
            }
        }
        for (int i = f.arity(); i < nx; i++) {
            mv.visitInsn(ACONST_NULL);
            mv.visitVarInsn(ASTORE, 1 + i);
        }
        for (int i = 0; i < ny; i++) {
            mv.visitInsn(ACONST_NULL);
            mv.visitVarInsn(ASTORE, yBase + i);
        }
        for (int i = 0; i < nf; i++) {
            mv.visitInsn(DCONST_0);
            mv.visitVarInsn(DSTORE, fBase + 2 * i);
        }
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, lineSlot);
        mv.visitInsn(ICONST_M1);
        mv.visitVarInsn(ISTORE, handlerSlot);
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, excSlot);
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, tmpSlot);
        for (int s : saveSlots.values()) {
            mv.visitInsn(ICONST_M1);
            mv.visitVarInsn(ISTORE, s);
        }
        if (resumeSlot >= 0) {
            pushInt(f.entryLabel());
            mv.visitVarInsn(ISTORE, resumeSlot);
        }
        saveTailDepth();
        if (unboxed != null) {
            for (int slot : unboxed) {
                if (slot < 0) continue;
                mv.visitInsn(LCONST_0);
                mv.visitVarInsn(LSTORE, slot);
            }
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, longA);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, longB);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, longR);
        }
        bits.prologue();
    }

    /**
     * Jumps to BEAM label {@code l} through the head, in a function with try/catch: a catch's
     * landing (from the handler) and the entry (a self tail call). C1 cannot compile a method
     * whose exception handler jumps straight back into the range it covers ("error while
     * joining with exception handler"): that makes a loop with two entries (the landing is also
     * reached from the body), and such methods stayed interpreted. Through one head every
     * loop has a single entry. In a chunk the chunk's dispatch is the head.
     */
    private void resumeAt(int l) {
        pushInt(l);
        if (split != null) {
            mv.visitVarInsn(ISTORE, split.nextSlot);
            mv.visitJumpInsn(GOTO, split.dispatch);
        } else {
            mv.visitVarInsn(ISTORE, resumeSlot);
            mv.visitJumpInsn(GOTO, head);
        }
    }

    int xSlot(int i) { return 1 + i; }

    int ySlot(int i) { return yBase + i; }

    int fSlot(int i) { return fBase + 2 * i; }

    // ---- operands ----

    /** Pushes a source operand as an Object (registers) or its constant's own type. */
    void load(Operand o) {
        switch (o) {
            case Operand.XReg x -> loadX(x.index());
            case Operand.YReg y -> mv.visitVarInsn(ALOAD, ySlot(y.index()));
            case Operand.FReg fr -> {
                mv.visitVarInsn(DLOAD, fSlot(fr.index()));
                mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(Flonum.class), "of",
                        "(D)L" + Type.getInternalName(Flonum.class) + ";", false);
            }
            case Operand.AtomOperand a -> constant(a.atom(), Atom.class);
            case Operand.Nil n -> mv.visitFieldInsn(GETSTATIC, Type.getInternalName(Nil.class), "NIL",
                    "L" + Type.getInternalName(Nil.class) + ";");
            case Operand.SmallInt i -> constant(Small.of(i.value()), Small.class);
            case Operand.BigInt b -> constant(Int.of(b.value()), Int.class);
            case Operand.LiteralRef l -> constant(t.literal(l), Term.class);
            default -> throw new IllegalArgumentException("not a source operand: " + o);
        }
    }

    /**
     * Pushes a source operand typed as Term. A register may hold a match context where the
     * compiler lets it stand for the rest of its binary (e.g. put into a list): Ops.term converts.
     */
    void loadTerm(Operand o) {
        load(o);
        if (o instanceof Operand.XReg || o instanceof Operand.YReg) ops("term", "(Ljava/lang/Object;)" + TERM_D);
    }

    void loadAs(Operand o, String internalName) {
        load(o);
        mv.visitTypeInsn(CHECKCAST, internalName);
    }

    void constant(Object value, Class<?> type) {
        mv.visitLdcInsn(t.constants.of(value, type));
    }

    void store(Operand d) {
        switch (d) {
            case Operand.XReg x -> mv.visitVarInsn(ASTORE, xSlot(x.index()));
            case Operand.YReg y -> mv.visitVarInsn(ASTORE, ySlot(y.index()));
            default -> throw new IllegalArgumentException("not a destination: " + d);
        }
    }

    static boolean isConstant(Operand o) {
        return o instanceof Operand.AtomOperand || o instanceof Operand.Nil || o instanceof Operand.SmallInt
                || o instanceof Operand.BigInt || o instanceof Operand.LiteralRef;
    }

    void jump(Operand.Label l) {
        mv.visitJumpInsn(GOTO, label(l.value()));
    }

    void invokeStatic(String owner, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    void ops(String name, String desc) {
        invokeStatic(OPS, name, desc);
    }

    void pushInt(int v) {
        Translator.pushInt(mv, v);
    }

    void loadProc() {
        mv.visitVarInsn(ALOAD, 0);
    }

    /** After a call that may return TAIL: run the trampoline. */
    private void trampolineCheck() {
        Label ok = new Label();
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETSTATIC, PROC, "TAIL", TERM_D);
        mv.visitJumpInsn(IF_ACMPNE, ok);
        mv.visitInsn(POP);
        loadProc();
        mv.visitMethodInsn(INVOKEVIRTUAL, PROC, "trampoline", "()" + TERM_D, false);
        mv.visitLabel(ok);
    }

    private void returnTail() {
        mv.visitFieldInsn(GETSTATIC, PROC, "TAIL", TERM_D);
        mv.visitInsn(ARETURN);
    }

    /** Copies x0..x(n-1) into p.args. */
    private void spillArgs(int n) {
        loadProc();
        pushInt(n);
        mv.visitMethodInsn(INVOKEVIRTUAL, PROC, "args", "(I)[Ljava/lang/Object;", false);
        for (int i = 0; i < n; i++) {
            mv.visitInsn(DUP);
            pushInt(i);
            loadX(i);
            mv.visitInsn(AASTORE);
        }
        mv.visitInsn(POP);
    }

    /**
     * A tail call that the JVM cannot make without growing the stack (remote, or local within a
     * cycle of tail calls): {@code call} directly while fewer than {@link Proc#TAIL_DEPTH} such
     * calls are on the stack, else {@code trampoline} (which returns TAIL and so unwinds them).
     * The direct call's frame is not one BEAM has: its line (JVM and lineSlot) is
     * {@link StackTraces#TAIL_CALL_LINE}, which stack traces skip.
     */
    private void directTail(Runnable call, Runnable trampoline) {
        Label viaTrampoline = new Label();
        loadProc();
        mv.visitFieldInsn(GETFIELD, PROC, "tailDepth", "I");
        pushInt(Proc.TAIL_DEPTH);
        mv.visitJumpInsn(IF_ICMPGE, viaTrampoline);
        addTailDepth(1);
        pushInt(StackTraces.TAIL_CALL_LINE);
        mv.visitVarInsn(ISTORE, lineSlot);
        lineNumber(StackTraces.TAIL_CALL_LINE);
        call.run();
        addTailDepth(-1);
        mv.visitInsn(ARETURN); // a TAIL from further down passes through to our caller's trampoline
        lineNumber(codeLine);
        mv.visitLabel(viaTrampoline);
        trampoline.run();
    }

    private void addTailDepth(int d) {
        loadProc();
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, PROC, "tailDepth", "I");
        pushInt(d);
        mv.visitInsn(IADD);
        mv.visitFieldInsn(PUTFIELD, PROC, "tailDepth", "I");
    }

    /** Stores the Code on the stack as p.tail and returns TAIL. */
    private void setTailAndReturn() {
        loadProc();
        mv.visitInsn(SWAP);
        mv.visitFieldInsn(PUTFIELD, PROC, "tail", "L" + CODE + ";");
        returnTail();
    }

    void throwException() {
        mv.visitInsn(ATHROW);
    }

    /** True if the instruction after {@code i} returns (possibly after deallocate): a tail position. */
    private boolean tailAfter(int i) {
        int j = i + 1;
        while (j < code.size() && code.get(j).op() == Opcode.DEALLOCATE) j++;
        return j < code.size() && code.get(j).op() == Opcode.RETURN;
    }

    // ---- instructions ----

    private void instruction(int i, Instruction in) throws LoadException {
        switch (in.op()) {
            case LABEL -> {
                mv.visitLabel(label(in.u(0)));
                if (codeLine > 0) { // jumps arrive here: the location is the code-order one
                    pushInt(codeLine);
                    mv.visitVarInsn(ISTORE, lineSlot);
                }
                if (in.u(0) == f.entryLabel()) reductionCheck();
            }
            case LINE, EXECUTABLE_LINE -> line(in);
            case DEBUG_LINE -> {}
            case FUNC_INFO -> {
                mv.visitFieldInsn(GETSTATIC, t.className, "SELF", "L" + Translator.MODULE_CODE + ";");
                pushInt(fn);
                mv.visitVarInsn(ILOAD, lineSlot);
                pushInt(f.arity());
                mv.visitTypeInsn(ANEWARRAY, OBJ);
                for (int a = 0; a < f.arity(); a++) {
                    mv.visitInsn(DUP);
                    pushInt(a);
                    loadX(a);
                    mv.visitInsn(AASTORE);
                }
                ops("functionClause", "(L" + Translator.MODULE_CODE + ";II[Ljava/lang/Object;)L" + EXC + ";");
                throwException();
            }
            case INT_CODE_END, ALLOCATE, ALLOCATE_HEAP, ALLOCATE_ZERO, ALLOCATE_HEAP_ZERO, TEST_HEAP, DEALLOCATE,
                 FCLEARERROR, FCHECKERROR, ON_LOAD, NIF_START, TRY_CASE -> {}
            case INIT_YREGS -> {
                for (Operand y : in.list(0).elements()) {
                    mv.visitInsn(ACONST_NULL);
                    store(y);
                }
            }
            case TRIM -> {
                int n = in.u(0), remaining = in.u(1);
                for (int k = 0; k < remaining; k++) {
                    mv.visitVarInsn(ALOAD, ySlot(k + n));
                    mv.visitVarInsn(ASTORE, ySlot(k));
                }
            }
            case RETURN -> {
                loadX(0);
                ops("term", "(Ljava/lang/Object;)" + TERM_D);
                mv.visitInsn(ARETURN);
            }
            case MOVE -> {
                if (in.arg(0) instanceof Operand.XReg a && in.arg(1) instanceof Operand.XReg b && isUnboxed(a.index())
                        && isUnboxed(b.index())) {
                    mv.visitVarInsn(ALOAD, xSlot(a.index())); // both representations, no boxing
                    mv.visitVarInsn(ASTORE, xSlot(b.index()));
                    mv.visitVarInsn(LLOAD, unboxed[a.index()]);
                    mv.visitVarInsn(LSTORE, unboxed[b.index()]);
                } else {
                    load(in.arg(0));
                    store(in.arg(1));
                }
            }
            case SWAP -> {
                load(in.arg(0));
                load(in.arg(1));
                store(in.arg(0));
                store(in.arg(1));
            }
            case JUMP -> jump(in.label(0));

            // -- calls --
            case CALL -> localCall(in.u(0), in.label(1), false);
            case CALL_LAST, CALL_ONLY -> localCall(in.u(0), in.label(1), true);
            case CALL_EXT -> externalCall(in.u(0), in.importRef(1).entry(), false);
            case CALL_EXT_LAST, CALL_EXT_ONLY -> externalCall(in.u(0), in.importRef(1).entry(), true);
            case BIF0 -> bif(null, in.importRef(0).entry(), List.of(), in.arg(1));
            case BIF1 -> bif(in.label(0), in.importRef(1).entry(), List.of(in.arg(2)), in.arg(3));
            case BIF2 -> {
                if (!unboxedArith(in)) bif(in.label(0), in.importRef(1).entry(), List.of(in.arg(2), in.arg(3)), in.arg(4));
            }
            case GC_BIF1 -> bif(in.label(0), in.importRef(2).entry(), List.of(in.arg(3)), in.arg(4));
            case GC_BIF2 -> {
                if (!unboxedArith(in)) bif(in.label(0), in.importRef(2).entry(), List.of(in.arg(3), in.arg(4)), in.arg(5));
            }
            case GC_BIF3 -> bif(in.label(0), in.importRef(2).entry(), List.of(in.arg(3), in.arg(4), in.arg(5)), in.arg(6));
            case CALL_FUN -> callFun(i, in.u(0), new Operand.XReg(in.u(0), null));
            case CALL_FUN2 -> callFun(i, in.u(1), in.arg(2));
            case APPLY -> {
                int a = in.u(0);
                spillArgs(a + 2);
                loadProc();
                pushInt(a);
                invokeStatic(FUNS, "resolveApplyOp", "(L" + PROC + ";I)L" + CODE + ";");
                loadProc();
                mv.visitMethodInsn(INVOKEINTERFACE, CODE, "invoke", "(L" + PROC + ";)" + TERM_D, true);
                trampolineCheck();
                mv.visitVarInsn(ASTORE, xSlot(0));
            }
            case APPLY_LAST -> {
                int a = in.u(0);
                spillArgs(a + 2);
                loadProc();
                pushInt(a);
                invokeStatic(FUNS, "resolveApplyOp", "(L" + PROC + ";I)L" + CODE + ";");
                setTailAndReturn();
            }

            // -- type tests and comparisons --
            case IS_INTEGER -> instanceTest(in, Int.class);
            case IS_FLOAT -> instanceTest(in, Flonum.class);
            case IS_ATOM -> instanceTest(in, Atom.class);
            case IS_PID -> instanceTest(in, Pid.class);
            case IS_REFERENCE -> instanceTest(in, Ref.class);
            case IS_PORT -> instanceTest(in, Port.class);
            case IS_BINARY -> instanceTest(in, Binary.class);
            case IS_BITSTR -> instanceTest(in, Bitstring.class);
            case IS_NONEMPTY_LIST -> instanceTest(in, Cons.class);
            case IS_TUPLE -> instanceTest(in, Tuple.class);
            case IS_MAP -> instanceTest(in, MapTerm.class);
            case IS_FUNCTION -> instanceTest(in, Fun.class);
            case IS_NUMBER -> helperTest(in, "isNumber");
            case IS_LIST -> helperTest(in, "isList");
            case IS_BOOLEAN -> helperTest(in, "isBoolean");
            case IS_NIL -> {
                load(in.arg(1));
                load(Operand.Nil.NIL);
                mv.visitJumpInsn(IF_ACMPNE, label(in.label(0).value()));
            }
            case IS_FUNCTION2 -> {
                load(in.arg(1));
                loadTerm(in.arg(2));
                ops("isFunction2", "(Ljava/lang/Object;" + TERM_D + ")Z");
                mv.visitJumpInsn(IFEQ, label(in.label(0).value()));
            }
            case IS_TAGGED_TUPLE -> {
                load(in.arg(1));
                pushInt(in.u(2));
                load(in.arg(3));
                ops("isTaggedTuple", "(Ljava/lang/Object;IL" + ATOM + ";)Z");
                mv.visitJumpInsn(IFEQ, label(in.label(0).value()));
            }
            case TEST_ARITY -> {
                loadAs(in.arg(1), TUPLE);
                mv.visitMethodInsn(INVOKEVIRTUAL, TUPLE, "arity", "()I", false);
                pushInt(in.u(2));
                mv.visitJumpInsn(IF_ICMPNE, label(in.label(0).value()));
            }
            case IS_EQ_EXACT -> unboxedCompare(in, IFNE, () -> equality(in, true));
            case IS_NE_EXACT -> unboxedCompare(in, IFEQ, () -> equality(in, false));
            case IS_EQ -> unboxedCompare(in, IFNE, () -> compare(in, "isEq", IFEQ));
            case IS_NE -> unboxedCompare(in, IFEQ, () -> compare(in, "isEq", IFNE));
            case IS_LT -> unboxedCompare(in, IFGE, () -> compare(in, "isLt", IFEQ));
            case IS_GE -> unboxedCompare(in, IFLT, () -> compare(in, "isGe", IFEQ));
            case SELECT_VAL -> {
                Map<Term, Term> table = selectTables.get(i);
                if (table != null) {
                    selectLookup(in, table);
                    mv.visitInsn(ARETURN);
                } else if (!dynamicSelect(in)) {
                    selectVal(in);
                }
            }
            case SELECT_TUPLE_ARITY -> selectTupleArity(in);

            // -- data --
            case GET_LIST -> {
                loadAs(in.arg(0), CONS);
                mv.visitInsn(DUP);
                mv.visitMethodInsn(INVOKEVIRTUAL, CONS, "head", "()" + TERM_D, false);
                store(in.arg(1));
                mv.visitMethodInsn(INVOKEVIRTUAL, CONS, "tail", "()" + TERM_D, false);
                store(in.arg(2));
            }
            case GET_HD -> {
                loadAs(in.arg(0), CONS);
                mv.visitMethodInsn(INVOKEVIRTUAL, CONS, "head", "()" + TERM_D, false);
                store(in.arg(1));
            }
            case GET_TL -> {
                loadAs(in.arg(0), CONS);
                mv.visitMethodInsn(INVOKEVIRTUAL, CONS, "tail", "()" + TERM_D, false);
                store(in.arg(1));
            }
            case PUT_LIST -> {
                mv.visitTypeInsn(NEW, CONS);
                mv.visitInsn(DUP);
                loadTerm(in.arg(0));
                loadTerm(in.arg(1));
                mv.visitMethodInsn(INVOKESPECIAL, CONS, "<init>", "(" + TERM_D + TERM_D + ")V", false);
                store(in.arg(2));
            }
            case GET_TUPLE_ELEMENT -> {
                loadAs(in.arg(0), TUPLE);
                pushInt(in.u(1));
                mv.visitMethodInsn(INVOKEVIRTUAL, TUPLE, "get", "(I)" + TERM_D, false);
                store(in.arg(2));
            }
            case PUT_TUPLE2 -> {
                List<Operand> es = in.list(1).elements();
                termArray(es);
                invokeStatic(TUPLE, "adopt", "([" + TERM_D + ")L" + TUPLE + ";");
                store(in.arg(0));
            }
            case SET_TUPLE_ELEMENT -> {
                load(in.arg(1));
                ops("tupleElements", "(Ljava/lang/Object;)[" + TERM_D);
                mv.visitInsn(DUP);
                pushInt(in.u(2));
                loadTerm(in.arg(0));
                mv.visitInsn(AASTORE);
                invokeStatic(TUPLE, "adopt", "([" + TERM_D + ")L" + TUPLE + ";");
                store(in.arg(1));
            }
            case UPDATE_RECORD -> {
                load(in.arg(2));
                ops("tupleElements", "(Ljava/lang/Object;)[" + TERM_D);
                List<Operand> ups = in.list(4).elements();
                for (int k = 0; k + 1 < ups.size(); k += 2) {
                    mv.visitInsn(DUP);
                    pushInt(((Operand.Unsigned) ups.get(k)).intValue() - 1);
                    loadTerm(ups.get(k + 1));
                    mv.visitInsn(AASTORE);
                }
                invokeStatic(TUPLE, "adopt", "([" + TERM_D + ")L" + TUPLE + ";");
                store(in.arg(3));
            }
            case MAKE_FUN3 -> {
                Operand.LambdaRef l = (Operand.LambdaRef) in.arg(0);
                String cf = Type.getInternalName(CodeFun.class);
                mv.visitTypeInsn(NEW, cf);
                mv.visitInsn(DUP);
                mv.visitFieldInsn(GETSTATIC, t.className, "SELF", "L" + Translator.MODULE_CODE + ";");
                pushInt(l.index());
                termArray(in.list(2).elements());
                mv.visitMethodInsn(INVOKESPECIAL, cf, "<init>", "(L" + Translator.MODULE_CODE + ";I[" + TERM_D + ")V", false);
                store(in.arg(1));
            }

            // -- maps --
            case GET_MAP_ELEMENTS -> {
                load(in.arg(1));
                mv.visitVarInsn(ASTORE, tmpSlot);
                List<Operand> kv = in.list(2).elements();
                for (int k = 0; k + 1 < kv.size(); k += 2) {
                    mv.visitVarInsn(ALOAD, tmpSlot);
                    load(kv.get(k));
                    ops("mapGet", "(Ljava/lang/Object;Ljava/lang/Object;)" + TERM_D);
                    Label ok = new Label();
                    mv.visitInsn(DUP);
                    mv.visitJumpInsn(IFNONNULL, ok);
                    mv.visitInsn(POP);
                    jump(in.label(0));
                    mv.visitLabel(ok);
                    store(kv.get(k + 1));
                }
            }
            case HAS_MAP_FIELDS -> {
                for (Operand key : in.list(2).elements()) {
                    load(in.arg(1));
                    load(key);
                    ops("mapGet", "(Ljava/lang/Object;Ljava/lang/Object;)" + TERM_D);
                    mv.visitJumpInsn(IFNULL, label(in.label(0).value()));
                }
            }
            case PUT_MAP_ASSOC, PUT_MAP_EXACT -> {
                String op = in.op() == Opcode.PUT_MAP_ASSOC ? "mapAssoc" : "mapExact";
                load(in.arg(1));
                List<Operand> kv = in.list(4).elements();
                for (int k = 0; k + 1 < kv.size(); k += 2) {
                    load(kv.get(k));
                    load(kv.get(k + 1));
                    ops(op, "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)L" + Type.getInternalName(MapTerm.class) + ";");
                }
                store(in.arg(2));
            }

            // -- exceptions --
            case BADMATCH -> raiseWith(in.arg(0), "badmatch");
            case CASE_END -> raiseWith(in.arg(0), "caseClause");
            case TRY_CASE_END -> raiseWith(in.arg(0), "tryClause");
            case BADRECORD -> raiseWith(in.arg(0), "badrecord");
            case IF_END -> {
                ops("ifClause", "()L" + EXC + ";");
                throwException();
            }
            case TRY, CATCH -> {
                int y = ((Operand.YReg) in.arg(0)).index();
                mv.visitVarInsn(ILOAD, handlerSlot);
                mv.visitVarInsn(ISTORE, saveSlots.get(y));
                pushInt(tryIds.get(i));
                mv.visitVarInsn(ISTORE, handlerSlot);
            }
            case TRY_END, CATCH_END -> {
                int y = ((Operand.YReg) in.arg(0)).index();
                Integer s = saveSlots.get(y);
                if (s == null) throw new LoadException(where(in) + ": no try/catch uses y" + y);
                mv.visitVarInsn(ILOAD, s);
                mv.visitVarInsn(ISTORE, handlerSlot);
            }
            case RAISE -> {
                load(in.arg(0));
                load(in.arg(1));
                ops("raise", "(Ljava/lang/Object;Ljava/lang/Object;)L" + EXC + ";");
                throwException();
            }
            case RAW_RAISE -> {
                loadX(0);
                loadX(1);
                loadX(2);
                ops("rawRaise", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)L" + EXC + ";");
                throwException();
            }
            case BUILD_STACKTRACE -> {
                loadX(0);
                ops("buildStacktrace", "(Ljava/lang/Object;)" + TERM_D);
                mv.visitVarInsn(ASTORE, xSlot(0));
            }

            // -- messages --
            case SEND -> {
                loadProc();
                loadX(0);
                loadX(1);
                ops("send", "(L" + PROC + ";Ljava/lang/Object;Ljava/lang/Object;)" + TERM_D);
                mv.visitVarInsn(ASTORE, xSlot(0));
            }
            case LOOP_REC -> {
                mailbox();
                mv.visitMethodInsn(INVOKEVIRTUAL, MAILBOX, "peek", "()" + TERM_D, false);
                mv.visitInsn(DUP);
                Label got = new Label();
                mv.visitJumpInsn(IFNONNULL, got);
                mv.visitInsn(POP);
                jump(in.label(0));
                mv.visitLabel(got);
                store(in.arg(1));
            }
            case REMOVE_MESSAGE -> mailboxCall("remove");
            case LOOP_REC_END -> {
                mailboxCall("next");
                jump(in.label(0));
            }
            case TIMEOUT -> mailboxCall("resetSave");
            case WAIT -> {
                loadProc();
                mv.visitMethodInsn(INVOKEVIRTUAL, PROC, "waitMessage", "()V", false);
                jump(in.label(0));
            }
            case WAIT_TIMEOUT -> {
                loadProc();
                loadTerm(in.arg(1));
                mv.visitMethodInsn(INVOKEVIRTUAL, PROC, "waitMessage", "(" + TERM_D + ")Z", false);
                mv.visitJumpInsn(IFNE, label(in.label(0).value()));
            }
            case RECV_MARKER_RESERVE -> {
                mailbox();
                mv.visitMethodInsn(INVOKEVIRTUAL, MAILBOX, "reserveMarker", "()Ljava/lang/Object;", false);
                store(in.arg(0));
            }
            case RECV_MARKER_BIND -> {
                mailbox();
                load(in.arg(0));
                load(in.arg(1));
                mv.visitMethodInsn(INVOKEVIRTUAL, MAILBOX, "bindMarker", "(Ljava/lang/Object;Ljava/lang/Object;)V", false);
            }
            case RECV_MARKER_USE, RECV_MARKER_CLEAR -> {
                mailbox();
                load(in.arg(0));
                String m = in.op() == Opcode.RECV_MARKER_USE ? "useMarker" : "clearMarker";
                mv.visitMethodInsn(INVOKEVIRTUAL, MAILBOX, m, "(Ljava/lang/Object;)V", false);
            }

            // -- floats --
            case FMOVE -> fmove(in);
            case FCONV -> {
                load(in.arg(0));
                ops("toDouble", "(Ljava/lang/Object;)D");
                mv.visitVarInsn(DSTORE, fSlot(((Operand.FReg) in.arg(1)).index()));
            }
            case FADD -> floatOp(in, DADD);
            case FSUB -> floatOp(in, DSUB);
            case FMUL -> floatOp(in, DMUL);
            case FDIV -> floatOp(in, DDIV);
            case FNEGATE -> {
                mv.visitVarInsn(DLOAD, fSlot(((Operand.FReg) in.arg(1)).index()));
                mv.visitInsn(DNEG);
                mv.visitVarInsn(DSTORE, fSlot(((Operand.FReg) in.arg(2)).index()));
            }

            default -> {
                if (!bits.instruction(i, in)) throw unsupported(in);
            }
        }
    }

    private void line(Instruction in) {
        Operand.LineRef ref = (Operand.LineRef) in.arg(0);
        int idx = ref.index();
        // Emitted at every occurrence: code order is not execution order, so no de-duplication.
        if (idx <= 0 || idx >= StackTraces.TAIL_CALL_LINE) return;
        codeLine = idx;
        Label l = new Label();
        mv.visitLabel(l);
        mv.visitLineNumber(idx, l);
        pushInt(idx);
        mv.visitVarInsn(ISTORE, lineSlot);
    }

    /** The JVM line number (what the stack walk sees) of the code that follows. */
    private void lineNumber(int line) {
        Label l = new Label();
        mv.visitLabel(l);
        mv.visitLineNumber(line, l);
    }

    private void reductionCheck() {
        Label ok = new Label();
        loadProc();
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, PROC, "reds", "I");
        mv.visitInsn(ICONST_1);
        mv.visitInsn(ISUB);
        mv.visitInsn(DUP_X1);
        mv.visitFieldInsn(PUTFIELD, PROC, "reds", "I");
        mv.visitJumpInsn(IFGE, ok);
        loadProc();
        mv.visitMethodInsn(INVOKEVIRTUAL, PROC, "preempt", "()V", false);
        mv.visitLabel(ok);
    }

    private void mailbox() {
        loadProc();
        mv.visitMethodInsn(INVOKEVIRTUAL, PROC, "mailbox", "()L" + MAILBOX + ";", false);
    }

    private void mailboxCall(String name) {
        mailbox();
        mv.visitMethodInsn(INVOKEVIRTUAL, MAILBOX, name, "()V", false);
    }

    void termArray(List<Operand> es) {
        pushInt(es.size());
        mv.visitTypeInsn(ANEWARRAY, TERM);
        for (int k = 0; k < es.size(); k++) {
            mv.visitInsn(DUP);
            pushInt(k);
            loadTerm(es.get(k));
            mv.visitInsn(AASTORE);
        }
    }

    private void raiseWith(Operand value, String helper) {
        load(value);
        ops(helper, "(Ljava/lang/Object;)L" + EXC + ";");
        throwException();
    }

    private void instanceTest(Instruction in, Class<?> c) {
        load(in.arg(1));
        mv.visitTypeInsn(INSTANCEOF, Type.getInternalName(c));
        mv.visitJumpInsn(IFEQ, label(in.label(0).value()));
    }

    private void helperTest(Instruction in, String helper) {
        load(in.arg(1));
        ops(helper, "(Ljava/lang/Object;)Z");
        mv.visitJumpInsn(IFEQ, label(in.label(0).value()));
    }

    // ---- unboxed integers ----

    private static final String SMALL = Type.getInternalName(Small.class);

    boolean isUnboxed(int x) {
        return unboxed != null && x < unboxed.length && unboxed[x] >= 0;
    }

    /**
     * Pushes X register {@code i} as an object; an unboxed one is boxed (and the box kept in the
     * register, so it is boxed once).
     */
    void loadX(int i) {
        mv.visitVarInsn(ALOAD, xSlot(i));
        if (!isUnboxed(i)) return;
        Label boxed = new Label();
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNONNULL, boxed);
        mv.visitInsn(POP);
        mv.visitVarInsn(LLOAD, unboxed[i]);
        mv.visitMethodInsn(INVOKESTATIC, SMALL, "of", "(J)L" + SMALL + ";", false);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, xSlot(i));
        mv.visitLabel(boxed);
    }

    /** Pushes operand {@code o} as a long if it is a small integer, else jumps to {@code notSmall}. */
    private void loadLong(Operand o, Label notSmall) {
        if (o instanceof Operand.SmallInt c) {
            mv.visitLdcInsn(c.value());
            return;
        }
        Label done = new Label();
        if (o instanceof Operand.XReg x && isUnboxed(x.index())) {
            Label boxed = new Label();
            mv.visitVarInsn(ALOAD, xSlot(x.index()));
            mv.visitJumpInsn(IFNONNULL, boxed);
            mv.visitVarInsn(LLOAD, unboxed[x.index()]);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(boxed);
        }
        load(o);
        mv.visitVarInsn(ASTORE, tmpSlot);
        mv.visitVarInsn(ALOAD, tmpSlot);
        mv.visitTypeInsn(INSTANCEOF, SMALL);
        mv.visitJumpInsn(IFEQ, notSmall);
        mv.visitVarInsn(ALOAD, tmpSlot);
        mv.visitTypeInsn(CHECKCAST, SMALL);
        mv.visitFieldInsn(GETFIELD, SMALL, "value", "J");
        mv.visitLabel(done);
    }

    private static final java.util.Set<String> ARITH = java.util.Set.of("+", "-", "*", "band", "bor", "bxor", "div", "rem", "bsr");

    /** The operator of an integer arithmetic instruction jbeam computes unboxed, or null. */
    private static String arithmetic(Instruction in) {
        Import imp;
        if (in.op() == Opcode.GC_BIF2) imp = in.importRef(2).entry();
        else if (in.op() == Opcode.BIF2) imp = in.importRef(1).entry();
        else return null;
        if (imp.module() != ERLANG || !ARITH.contains(imp.function().name())) return null;
        return imp.function().name();
    }

    /**
     * Integer arithmetic into an unboxed X register: when both operands are small integers the
     * result is computed on longs and left unboxed (no allocation; it is boxed only if read as a
     * term); on overflow, division by zero or any other operand the BIF computes it as before.
     */
    private boolean unboxedArith(Instruction in) {
        String op = arithmetic(in);
        boolean gc = in.op() == Opcode.GC_BIF2;
        Operand a = in.arg(gc ? 3 : 2), b = in.arg(gc ? 4 : 3), dst = in.arg(gc ? 5 : 4);
        if (op == null || !(dst instanceof Operand.XReg d) || !isUnboxed(d.index())) return false;
        Label slow = new Label();
        loadLong(a, slow);
        mv.visitVarInsn(LSTORE, longA);
        loadLong(b, slow);
        mv.visitVarInsn(LSTORE, longB);
        switch (op) {
            case "+", "-" -> { // overflow iff the result's sign differs from what the operands allow
                boolean add = op.equals("+");
                mv.visitVarInsn(LLOAD, longA);
                mv.visitVarInsn(LLOAD, longB);
                mv.visitInsn(add ? LADD : LSUB);
                mv.visitVarInsn(LSTORE, longR);
                mv.visitVarInsn(LLOAD, longA); // add: (a ^ r) & (b ^ r) < 0; sub: (a ^ b) & (a ^ r) < 0
                mv.visitVarInsn(LLOAD, add ? longR : longB);
                mv.visitInsn(LXOR);
                mv.visitVarInsn(LLOAD, add ? longB : longA);
                mv.visitVarInsn(LLOAD, longR);
                mv.visitInsn(LXOR);
                mv.visitInsn(LAND);
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFLT, slow);
                mv.visitVarInsn(LLOAD, longR);
                mv.visitVarInsn(LSTORE, unboxed[d.index()]);
            }
            case "*" -> { // fits iff the high word is the sign extension of the low one
                mv.visitVarInsn(LLOAD, longA);
                mv.visitVarInsn(LLOAD, longB);
                mv.visitInsn(LMUL);
                mv.visitVarInsn(LSTORE, longR);
                mv.visitVarInsn(LLOAD, longA);
                mv.visitVarInsn(LLOAD, longB);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "multiplyHigh", "(JJ)J", false);
                mv.visitVarInsn(LLOAD, longR);
                mv.visitIntInsn(BIPUSH, 63);
                mv.visitInsn(LSHR);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, slow);
                mv.visitVarInsn(LLOAD, longR);
                mv.visitVarInsn(LSTORE, unboxed[d.index()]);
            }
            case "band", "bor", "bxor" -> {
                mv.visitVarInsn(LLOAD, longA);
                mv.visitVarInsn(LLOAD, longB);
                mv.visitInsn(op.equals("band") ? LAND : op.equals("bor") ? LOR : LXOR);
                mv.visitVarInsn(LSTORE, unboxed[d.index()]);
            }
            default -> { // div, rem, bsr: Ops decides whether the long operation is BEAM's
                mv.visitVarInsn(LLOAD, longA);
                mv.visitVarInsn(LLOAD, longB);
                ops(op + "Unboxed", "(JJ)Z");
                mv.visitJumpInsn(IFEQ, slow);
                mv.visitVarInsn(LLOAD, longA);
                mv.visitVarInsn(LLOAD, longB);
                if (op.equals("bsr")) mv.visitInsn(L2I);
                mv.visitInsn(op.equals("div") ? LDIV : op.equals("rem") ? LREM : LSHR);
                mv.visitVarInsn(LSTORE, unboxed[d.index()]);
            }
        }
        mv.visitInsn(ACONST_NULL); // the value is the long
        mv.visitVarInsn(ASTORE, xSlot(d.index()));
        Label end = new Label();
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(slow);
        if (gc) bif(in.label(0), in.importRef(2).entry(), List.of(a, b), dst);
        else bif(in.label(0), in.importRef(1).entry(), List.of(a, b), dst);
        mv.visitLabel(end);
        return true;
    }

    /**
     * A comparison with an unboxed register: on longs when both are small integers, else as
     * before. {@code failIf} is the long-comparison jump to the fail label.
     */
    private void unboxedCompare(Instruction in, int failIf, Runnable boxed) {
        Operand a = in.arg(1), b = in.arg(2);
        if (!(a instanceof Operand.XReg x && isUnboxed(x.index())) && !(b instanceof Operand.XReg y && isUnboxed(y.index()))) {
            boxed.run();
            return;
        }
        Label slow = new Label(), end = new Label();
        loadLong(a, slow);
        mv.visitVarInsn(LSTORE, longA);
        loadLong(b, slow);
        mv.visitVarInsn(LSTORE, longB);
        mv.visitVarInsn(LLOAD, longA);
        mv.visitVarInsn(LLOAD, longB);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(failIf, label(in.label(0).value()));
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(slow);
        boxed.run();
        mv.visitLabel(end);
    }

    /** Constants compared by identity: atoms, [] and cached small integers are unique objects. */
    private static boolean identityConstant(Operand o) {
        return o instanceof Operand.AtomOperand || o instanceof Operand.Nil
                || o instanceof Operand.SmallInt s && s.value() >= -256 && s.value() <= 1023;
    }

    private void equality(Instruction in, boolean equal) {
        Operand a = in.arg(1), b = in.arg(2);
        Label fail = label(in.label(0).value());
        if (identityConstant(a) || identityConstant(b)) {
            load(a);
            load(b);
            mv.visitJumpInsn(equal ? IF_ACMPNE : IF_ACMPEQ, fail);
            return;
        }
        loadTerm(a);
        loadTerm(b);
        ops("isEqExact", "(" + TERM_D + TERM_D + ")Z");
        mv.visitJumpInsn(equal ? IFEQ : IFNE, fail);
    }

    private void compare(Instruction in, String helper, int jumpOp) {
        loadTerm(in.arg(1));
        loadTerm(in.arg(2));
        ops(helper, "(" + TERM_D + TERM_D + ")Z");
        mv.visitJumpInsn(jumpOp, label(in.label(0).value()));
    }

    private void selectVal(Instruction in) {
        Operand src = in.arg(0);
        Label fail = label(in.label(1).value());
        List<Operand> pairs = in.list(2).elements();
        boolean allInts = true;
        for (int k = 0; k < pairs.size(); k += 2) {
            if (!(pairs.get(k) instanceof Operand.SmallInt s) || s.value() != (int) s.value()
                    || s.value() == Integer.MIN_VALUE) allInts = false;
        }
        if (allInts && pairs.size() >= 2) {
            TreeMapLabels cases = new TreeMapLabels();
            for (int k = 0; k < pairs.size(); k += 2) {
                cases.put((int) ((Operand.SmallInt) pairs.get(k)).value(), label(((Operand.Label) pairs.get(k + 1)).value()));
            }
            load(src);
            ops("selectInt", "(Ljava/lang/Object;)I");
            mv.visitLookupSwitchInsn(fail, cases.keys(), cases.labels());
            return;
        }
        for (int k = 0; k < pairs.size(); k += 2) {
            Operand v = pairs.get(k);
            Label target = label(((Operand.Label) pairs.get(k + 1)).value());
            if (identityConstant(v)) {
                load(src);
                load(v);
                mv.visitJumpInsn(IF_ACMPEQ, target);
            } else {
                loadTerm(src);
                loadTerm(v);
                ops("isEqExact", "(" + TERM_D + TERM_D + ")Z");
                mv.visitJumpInsn(IFNE, target);
            }
        }
        mv.visitJumpInsn(GOTO, fail);
    }

    private void selectTupleArity(Instruction in) {
        Label fail = label(in.label(1).value());
        List<Operand> pairs = in.list(2).elements();
        TreeMapLabels cases = new TreeMapLabels();
        for (int k = 0; k < pairs.size(); k += 2) {
            cases.put(((Operand.Unsigned) pairs.get(k)).intValue(), label(((Operand.Label) pairs.get(k + 1)).value()));
        }
        loadAs(in.arg(0), TUPLE);
        mv.visitMethodInsn(INVOKEVIRTUAL, TUPLE, "arity", "()I", false);
        mv.visitLookupSwitchInsn(fail, cases.keys(), cases.labels());
    }

    /** Sorted int -> label map for lookupswitch. */
    private static final class TreeMapLabels {
        private final java.util.TreeMap<Integer, Label> m = new java.util.TreeMap<>();

        void put(int k, Label l) { m.putIfAbsent(k, l); }

        int[] keys() { return m.keySet().stream().mapToInt(Integer::intValue).toArray(); }

        Label[] labels() { return m.values().toArray(new Label[0]); }
    }

    private void fmove(Instruction in) {
        Operand src = in.arg(0), dst = in.arg(1);
        if (dst instanceof Operand.FReg fd) {
            if (src instanceof Operand.FReg fs) {
                mv.visitVarInsn(DLOAD, fSlot(fs.index()));
            } else {
                load(src);
                ops("toDouble", "(Ljava/lang/Object;)D");
            }
            mv.visitVarInsn(DSTORE, fSlot(fd.index()));
        } else {
            load(src); // an FReg boxes itself
            store(dst);
        }
    }

    private void floatOp(Instruction in, int op) {
        mv.visitVarInsn(DLOAD, fSlot(((Operand.FReg) in.arg(1)).index()));
        mv.visitVarInsn(DLOAD, fSlot(((Operand.FReg) in.arg(2)).index()));
        mv.visitInsn(op);
        ops("checkFloat", "(D)D");
        mv.visitVarInsn(DSTORE, fSlot(((Operand.FReg) in.arg(3)).index()));
    }

    // ---- calls ----

    private void localCall(int arity, Operand.Label target, boolean tail) throws LoadException {
        int callee = t.functionAt(target.value());
        if (callee < 0) throw new LoadException(t.module().name() + ":" + f + ": call to label " + target.value()
                + " which is not a function entry");
        if (tail && callee == fn) {
            // The arguments are already in x0.. = the parameters.
            selfTailBreakpoint();
            if (resumeSlot >= 0) resumeAt(f.entryLabel());
            else mv.visitJumpInsn(GOTO, label(f.entryLabel()));
            return;
        }
        if (tail && t.tailCalls.needsTrampoline(fn, callee)) {
            directTail(() -> {
                loadProc();
                pushArgs(arity);
                invokeStatic(t.className, t.methodNames[callee], Translator.descriptor(arity));
            }, () -> {
                spillArgs(arity);
                mv.visitFieldInsn(GETSTATIC, t.className, "SELF", "L" + Translator.MODULE_CODE + ";");
                pushInt(callee);
                mv.visitMethodInsn(INVOKEVIRTUAL, Translator.MODULE_CODE, "entry", "(I)L" + CODE + ";", false);
                setTailAndReturn();
            });
            return;
        }
        if (tail) lineNumber(StackTraces.TAIL_CALL_LINE); // no frame of ours in stack traces from here
        loadProc();
        pushArgs(arity);
        invokeStatic(t.className, t.methodNames[callee], Translator.descriptor(arity));
        if (tail) {
            mv.visitInsn(ARETURN); // a pending TAIL passes through to our caller's trampoline
            lineNumber(codeLine);
        } else {
            trampolineCheck();
            mv.visitVarInsn(ASTORE, xSlot(0));
        }
    }

    private static final Atom ERLANG = Atom.of("erlang"), APPLY = Atom.of("apply");

    private void externalCall(int arity, Import imp, boolean tail) {
        if (imp.module() == ERLANG && imp.function() == APPLY && (arity == 2 || arity == 3)) {
            loadProc();
            for (int a = 0; a < arity; a++) {
                loadX(a);
                mv.visitTypeInsn(CHECKCAST, TERM);
            }
            String desc = "(L" + PROC + ";" + TERM_D.repeat(arity) + ")" + TERM_D;
            invokeStatic(FUNS, tail ? "applyTail" : "apply", desc);
            if (tail) {
                mv.visitInsn(ARETURN);
            } else {
                trampolineCheck();
                mv.visitVarInsn(ASTORE, xSlot(0));
            }
            return;
        }
        BifTable.Entry bif = BifTable.lookup(imp.module(), imp.function(), arity);
        if (bif != null && tracedAtCall(imp, arity)) {
            // Through the BIF's export site, whose target is the BIF itself (with its failure
            // frame) until a trace pattern on the BIF puts the breakpoint there, as BEAM's
            // call_light_bif dispatches through the export while the BIF is traced.
            loadProc();
            for (int a = 0; a < arity; a++) loadTerm(new Operand.XReg(a, null));
            remoteCall(imp, arity); // a BIF never returns TAIL (the breakpoint trampolines itself)
            if (tail) mv.visitInsn(ARETURN);
            else mv.visitVarInsn(ASTORE, xSlot(0));
            return;
        }
        if (bif != null) {
            List<Operand> args = new ArrayList<>();
            for (int a = 0; a < arity; a++) args.add(new Operand.XReg(a, null));
            callBifWithFrame(bif, args);
            if (tail) mv.visitInsn(ARETURN);
            else mv.visitVarInsn(ASTORE, xSlot(0));
            return;
        }
        Runnable call = () -> {
            loadProc();
            pushArgs(arity);
            remoteCall(imp, arity);
        };
        if (tail) {
            directTail(call, () -> {
                spillArgs(arity);
                mv.visitLdcInsn(new org.objectweb.asm.ConstantDynamic("export", "L" + Type.getInternalName(Export.class) + ";",
                        EXPORT_BSM, imp.module().name(), imp.function().name(), arity));
                setTailAndReturn();
            });
            return;
        }
        call.run();
        trampolineCheck();
        mv.visitVarInsn(ASTORE, xSlot(0));
    }

    private static final java.util.Set<String> UNTRACED_CALL_EXT = java.util.Set.of(
            "erlang:load_nif/2", "erlang:call_on_load_function/1", "erlang:yield/0", "erlang:hibernate/3",
            "os:perf_counter/0");

    /**
     * True if a {@code call_ext} to this BIF is seen by trace patterns on it: on BEAM it
     * dispatches through the export while the BIF is traced, except for the BIFs its loader
     * makes instructions of (ops.tab; apply/2,3 are handled before). {@code bif}/{@code gc_bif}
     * instructions and guards are never traced.
     */
    private static boolean tracedAtCall(Import imp, int arity) {
        return arity <= Translator.MAX_JVM_ARITY
                && !UNTRACED_CALL_EXT.contains(imp.module().name() + ":" + imp.function().name() + "/" + arity);
    }

    /**
     * The arguments x0..x(arity-1) of a call: as JVM arguments, or, above
     * {@link Translator#MAX_JVM_ARITY}, as one {@code Object[]} (the JVM allows 255 argument slots
     * and the process takes one).
     */
    private void pushArgs(int arity) {
        if (arity <= Translator.MAX_JVM_ARITY) {
            for (int a = 0; a < arity; a++) loadX(a);
            return;
        }
        pushInt(arity);
        mv.visitTypeInsn(ANEWARRAY, OBJ);
        for (int a = 0; a < arity; a++) {
            mv.visitInsn(DUP);
            pushInt(a);
            loadX(a);
            mv.visitInsn(AASTORE);
        }
    }

    /** invokedynamic of export M:F/arity with the process and the arguments on the stack. */
    private void remoteCall(Import imp, int arity) {
        String name = Names.sanitize(imp.function().name());
        if (arity <= Translator.MAX_JVM_ARITY) {
            mv.visitInvokeDynamicInsn(name, Translator.descriptor(arity), REMOTE_BSM, imp.module().name(), imp.function().name());
        } else {
            mv.visitInvokeDynamicInsn(name, Translator.descriptor(arity), REMOTE_ARRAY_BSM, imp.module().name(),
                    imp.function().name(), arity);
        }
    }

    private static final Handle REMOTE_ARRAY_BSM = new Handle(H_INVOKESTATIC, Type.getInternalName(Linker.class), "remoteArray",
            MethodType.methodType(CallSite.class, MethodHandles.Lookup.class, String.class, MethodType.class,
                    String.class, String.class, int.class).toMethodDescriptorString(), false);

    private static final Handle EXPORT_BSM = new Handle(H_INVOKESTATIC, Type.getInternalName(Linker.class), "export",
            MethodType.methodType(Export.class, MethodHandles.Lookup.class, String.class, Class.class,
                    String.class, String.class, int.class).toMethodDescriptorString(), false);

    /** Calls a registered BIF directly; arguments are loaded as terms. */
    private void callBif(BifTable.Entry bif, List<Operand> args) {
        Method m = bif.method();
        if (bif.takesProc()) loadProc();
        for (Operand a : args) loadTerm(a);
        invokeStatic(Type.getInternalName(m.getDeclaringClass()), m.getName(), Type.getMethodDescriptor(m));
    }

    /**
     * A BIF call outside a guard. If the BIF raises, BEAM puts the BIF's own frame
     * {@code {M, F, Args, [{error_info, ..}]}} on top of the stack trace: a handler around the
     * call reloads the arguments (their registers and literals still hold them) and has
     * {@link StackTraces#bifFailed} record the frame before the exception goes on.
     */
    private void callBifWithFrame(BifTable.Entry bif, List<Operand> args) {
        if (!StackTraces.hasBifFrame(bif.module(), bif.name(), args.size())) {
            callBif(bif, args);
            return;
        }
        Label start = new Label(), end = new Label(), onError = new Label(), done = new Label();
        mv.visitLabel(start);
        callBif(bif, args);
        mv.visitLabel(end);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(onError);
        constant(bif.module(), Atom.class);
        constant(bif.name(), Atom.class);
        pushInt(args.size());
        mv.visitTypeInsn(ANEWARRAY, TERM);
        for (int k = 0; k < args.size(); k++) {
            mv.visitInsn(DUP);
            pushInt(k);
            loadTerm(args.get(k));
            mv.visitInsn(AASTORE);
        }
        invokeStatic(Type.getInternalName(StackTraces.class), "bifFailed",
                "(L" + EXC + ";L" + ATOM + ";L" + ATOM + ";[" + TERM_D + ")L" + EXC + ";");
        mv.visitInsn(ATHROW);
        mv.visitLabel(done);
        mv.visitTryCatchBlock(start, end, onError, EXC);
    }

    /** bif/gc_bif: a BIF call whose failure jumps to {@code fail} when it is not 0. */
    private void bif(Operand.Label fail, Import imp, List<Operand> args, Operand dst) {
        BifTable.Entry bif = BifTable.lookup(imp.module(), imp.function(), args.size());
        boolean guarded = fail != null && !fail.isNoFail();
        Label start = new Label(), end = new Label(), onError = new Label(), done = new Label();
        if (guarded) mv.visitLabel(start);
        if (bif != null && !guarded) {
            callBifWithFrame(bif, args);
        } else if (bif != null) {
            callBif(bif, args);
        } else {
            // Not a BIF here: an ordinary remote call (undef if nothing defines it).
            loadProc();
            for (Operand a : args) load(a);
            remoteCall(imp, args.size()); // (at most 3 arguments)
            trampolineCheck();
        }
        if (guarded) mv.visitLabel(end);
        store(dst);
        if (guarded) {
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(onError);
            mv.visitInsn(POP);
            jump(fail);
            mv.visitLabel(done);
            mv.visitTryCatchBlock(start, end, onError, EXC);
        }
    }

    private void callFun(int i, int arity, Operand fun) {
        spillArgs(arity);
        loadProc();
        load(fun);
        mv.visitTypeInsn(CHECKCAST, TERM);
        pushInt(arity);
        if (tailAfter(i)) {
            invokeStatic(FUNS, "prepareTail", "(L" + PROC + ";" + TERM_D + "I)" + TERM_D);
            mv.visitInsn(ARETURN);
        } else {
            invokeStatic(FUNS, "call", "(L" + PROC + ";" + TERM_D + "I)" + TERM_D);
            trampolineCheck();
            mv.visitVarInsn(ASTORE, xSlot(0));
        }
    }

    // ---- the exception handler ----

    private void exceptionHandler() {
        mv.visitTryCatchBlock(bodyStart, bodyEnd, handler, EXC);
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, excSlot);
        // With try/catch here the callers are walked only if the trace is needed (StackTraces.mark).
        stackTrace(tries.isEmpty() ? "capture" : "mark");
        Label rethrow = new Label();
        if (!tries.isEmpty()) {
            // Frames above this one are gone, with the decrements of their direct tail calls.
            loadProc();
            mv.visitVarInsn(ILOAD, depthSlot);
            mv.visitFieldInsn(PUTFIELD, PROC, "tailDepth", "I");
            Label[] cases = new Label[tries.size()];
            for (int k = 0; k < cases.length; k++) cases[k] = new Label();
            mv.visitVarInsn(ILOAD, handlerSlot);
            mv.visitTableSwitchInsn(0, cases.length - 1, rethrow, cases);
            for (int k = 0; k < cases.length; k++) {
                Instruction tr = tries.get(k);
                mv.visitLabel(cases[k]);
                int y = ((Operand.YReg) tr.arg(0)).index();
                mv.visitVarInsn(ILOAD, saveSlots.get(y));
                mv.visitVarInsn(ISTORE, handlerSlot);
                if (tr.op() == Opcode.TRY) {
                    mv.visitVarInsn(ALOAD, excSlot);
                    mv.visitTypeInsn(CHECKCAST, EXC);
                    mv.visitMethodInsn(INVOKEVIRTUAL, EXC, "kind", "()L" + ATOM + ";", false);
                    mv.visitVarInsn(ASTORE, xSlot(0));
                    mv.visitVarInsn(ALOAD, excSlot);
                    mv.visitTypeInsn(CHECKCAST, EXC);
                    mv.visitMethodInsn(INVOKEVIRTUAL, EXC, "reason", "()" + TERM_D, false);
                    mv.visitVarInsn(ASTORE, xSlot(1));
                    String raw = Type.getInternalName(RawStack.class);
                    mv.visitTypeInsn(NEW, raw);
                    mv.visitInsn(DUP);
                    mv.visitVarInsn(ALOAD, excSlot);
                    mv.visitTypeInsn(CHECKCAST, EXC);
                    mv.visitMethodInsn(INVOKESPECIAL, raw, "<init>", "(L" + EXC + ";)V", false);
                    mv.visitVarInsn(ASTORE, xSlot(2));
                } else {
                    mv.visitVarInsn(ALOAD, excSlot);
                    mv.visitTypeInsn(CHECKCAST, EXC);
                    ops("catchValue", "(L" + EXC + ";)" + TERM_D);
                    mv.visitVarInsn(ASTORE, xSlot(0));
                }
                resumeAt(((Operand.Label) tr.arg(1)).value());
            }
        }
        mv.visitLabel(rethrow);
        if (!tries.isEmpty()) stackTrace("capture");
        mv.visitVarInsn(ALOAD, excSlot);
        mv.visitTypeInsn(CHECKCAST, EXC);
        mv.visitInsn(ATHROW);
    }

    /** StackTraces.capture or mark for the exception in the handler: this frame and its line. */
    private void stackTrace(String method) {
        mv.visitVarInsn(ALOAD, excSlot);
        mv.visitTypeInsn(CHECKCAST, EXC);
        mv.visitFieldInsn(GETSTATIC, t.className, "SELF", "L" + Translator.MODULE_CODE + ";");
        pushInt(fn);
        mv.visitVarInsn(ILOAD, lineSlot);
        invokeStatic(Type.getInternalName(StackTraces.class), method, "(L" + EXC + ";L" + Translator.MODULE_CODE + ";II)V");
    }

    /** A method visitor whose target can change: the whole method, or one chunk after another. */
    static final class Sink extends MethodVisitor {
        Sink() {
            super(ASM9);
        }

        void to(MethodNode node) {
            this.mv = node;
        }
    }
}
