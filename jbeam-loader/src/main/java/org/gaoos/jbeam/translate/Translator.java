package org.gaoos.jbeam.translate;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.beam.BeamFile;
import org.gaoos.jbeam.beam.BeamFunction;
import org.gaoos.jbeam.beam.Instruction;
import org.gaoos.jbeam.beam.Lambda;
import org.gaoos.jbeam.beam.Location;
import org.gaoos.jbeam.beam.Opcode;
import org.gaoos.jbeam.beam.Operand;
import org.gaoos.jbeam.bif.BifTable;
import org.gaoos.jbeam.runtime.FunctionInfo;
import org.gaoos.jbeam.runtime.LambdaInfo;
import org.gaoos.jbeam.runtime.Linker;
import org.gaoos.jbeam.runtime.ModuleCode;
import org.gaoos.jbeam.runtime.ModuleInfo;
import org.gaoos.jbeam.runtime.ModuleLoader.LoadException;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.ExternalTermFormat;
import org.gaoos.jbeam.term.Term;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * Translates one module version ({@link BeamFile}) into one JVM class: a static method per Erlang
 * function and {@code dispatch}, the generic entry. See docs/jbeam.md for the calling convention.
 */
final class Translator {
    /** What the loader needs to define and publish the class. */
    record Result(String className, byte[] bytes, List<Object> classData, ModuleInfo info) {}

    /** Functions per dispatch helper method (keeps each under the 64 KB method limit). */
    private static final int DISPATCH_CHUNK = 256;
    /**
     * The largest arity passed as JVM arguments (the JVM allows 255 argument slots and the process
     * takes one); a function of arity 255 (BEAM's limit) takes its arguments as one Object[].
     */
    static final int MAX_JVM_ARITY = Linker.MAX_JVM_ARITY;

    static final String PROC = Type.getInternalName(Proc.class);
    static final String TERM = Type.getInternalName(Term.class);
    static final String MODULE_CODE = Type.getInternalName(ModuleCode.class);

    final BeamFile beam;
    final String className;
    final Constants constants = new Constants();
    final List<BeamFunction> functions;
    final String[] methodNames;
    final Map<Integer, Integer> functionByEntry = new HashMap<>();
    final TailCalls tailCalls;

    private Translator(BeamFile beam) {
        this.beam = beam;
        this.className = Names.className(beam.module().name());
        this.functions = beam.functions();
        Names.Methods names = new Names.Methods();
        methodNames = new String[functions.size()];
        for (int i = 0; i < functions.size(); i++) {
            BeamFunction f = functions.get(i);
            methodNames[i] = names.name(f.name().name(), f.arity());
            functionByEntry.put(f.entryLabel(), i);
        }
        this.tailCalls = new TailCalls(tailCallGraph());
    }

    static Result translate(BeamFile beam) throws LoadException {
        return new Translator(beam).run();
    }

    /** The smallest chunk budget tried before a function is declared untranslatable. */
    private static final int MIN_CHUNK_BUDGET = 256;

    /** The function a JVM method (a function's own method or one of its chunks) implements, or -1. */
    private int functionOfMethod(String method) {
        for (int i = 0; i < methodNames.length; i++) if (method.equals(methodNames[i])) return i;
        int c = method.lastIndexOf("$$c");
        if (c < 0 || !method.substring(c + 3).matches("[0-9]+")) return -1;
        for (int i = 0; i < methodNames.length; i++) if (method.substring(0, c).equals(methodNames[i])) return i;
        return -1;
    }

    /** The function index whose entry is {@code label}, or -1. */
    int functionAt(int label) {
        Integer i = functionByEntry.get(label);
        return i == null ? -1 : i;
    }

    static String descriptor(int arity) {
        if (arity > MAX_JVM_ARITY) return "(L" + PROC + ";[Ljava/lang/Object;)L" + TERM + ";";
        StringBuilder sb = new StringBuilder("(L").append(PROC).append(';');
        for (int i = 0; i < arity; i++) sb.append("Ljava/lang/Object;");
        return sb.append(")L").append(TERM).append(';').toString();
    }

    private List<List<Integer>> tailCallGraph() {
        List<List<Integer>> g = new ArrayList<>(functions.size());
        for (int i = 0; i < functions.size(); i++) {
            List<Integer> out = new ArrayList<>();
            for (Instruction in : functions.get(i).code()) {
                if (in.op() == Opcode.CALL_LAST || in.op() == Opcode.CALL_ONLY) {
                    int target = functionAt(in.label(1).value());
                    if (target >= 0 && target != i) out.add(target);
                }
            }
            g.add(out);
        }
        return g;
    }

    private Result run() throws LoadException {
        String module = beam.module().name();
        // Functions are split into chunk methods when their estimated size exceeds the JVM's
        // method limit; if the assembler still refuses a method (the estimate is only an
        // estimate), that function is translated again with smaller chunks.
        int[] chunkBudget = new int[functions.size()];
        byte[] bytes;
        while (true) {
            List<MethodNode> methods = new ArrayList<>();
            for (int i = 0; i < functions.size(); i++) {
                BeamFunction f = functions.get(i);
                BifTable.Entry nif = BifTable.lookup(beam.module(), f.name(), f.arity());
                if (nif != null) methods.add(nativeMethod(i, nif));
                else methods.addAll(new FunctionTranslator(this, i).translate(chunkBudget[i]));
            }
            try {
                bytes = assemble(methods);
                break;
            } catch (MethodTooLargeException e) {
                int fn = functionOfMethod(e.getMethodName());
                if (fn < 0 || chunkBudget[fn] == MIN_CHUNK_BUDGET) {
                    throw new LoadException(module + ": method " + e.getMethodName() + " is larger than 64 KB even"
                            + " when split (" + e.getCodeSize() + " bytes): an instruction too large to translate");
                }
                chunkBudget[fn] = chunkBudget[fn] == 0 ? FunctionTranslator.CHUNK_BUDGET
                        : Math.max(MIN_CHUNK_BUDGET, chunkBudget[fn] / 2);
            } catch (RuntimeException e) {
                throw new LoadException(module + ": translation failed: " + e, e);
            }
        }
        return new Result(className, bytes, constants.data(), info());
    }

    /**
     * A function implemented natively (a BIF or NIF registered for this module's M:F/A, e.g.
     * prim_file:read_file_nif/1): its method calls the Java implementation instead of running the
     * stub's body, so local calls reach it too, as BEAM's load_nif patches the function's entry.
     */
    private MethodNode nativeMethod(int fn, BifTable.Entry nif) {
        int arity = functions.get(fn).arity();
        MethodNode m = new MethodNode(ACC_STATIC | ACC_PUBLIC, methodNames[fn], descriptor(arity), null, null);
        m.visitCode();
        if (nif.takesProc()) m.visitVarInsn(ALOAD, 0);
        for (int a = 0; a < arity; a++) {
            m.visitVarInsn(ALOAD, 1 + a);
            m.visitMethodInsn(INVOKESTATIC, Type.getInternalName(org.gaoos.jbeam.runtime.Ops.class), "term",
                    "(Ljava/lang/Object;)L" + TERM + ";", false);
        }
        java.lang.reflect.Method jm = nif.method();
        m.visitMethodInsn(INVOKESTATIC, Type.getInternalName(jm.getDeclaringClass()), jm.getName(),
                Type.getMethodDescriptor(jm), false);
        m.visitInsn(ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        return m;
    }

    private byte[] assemble(List<MethodNode> methods) {
        ClassWriter cw = new TermClassWriter();
        cw.visit(V25, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, MODULE_CODE, null);
        cw.visitSource(beam.module().name() + ".erl", null);
        cw.visitField(ACC_PUBLIC | ACC_STATIC, "SELF", "L" + MODULE_CODE + ";", null, null).visitEnd();
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, MODULE_CODE, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        for (MethodNode m : methods) m.accept(cw);
        emitDispatch(cw);
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** dispatch(fn, p): switch over chunks, each a static helper with a switch over its functions. */
    private void emitDispatch(ClassWriter cw) {
        int n = functions.size();
        int chunks = Math.max(1, (n + DISPATCH_CHUNK - 1) / DISPATCH_CHUNK);
        String helperDesc = "(IL" + PROC + ";)L" + TERM + ";";
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "dispatch", helperDesc, null, null);
        mv.visitCode();
        Label[] targets = new Label[chunks];
        for (int c = 0; c < chunks; c++) targets[c] = new Label();
        Label bad = new Label();
        mv.visitVarInsn(ILOAD, 1);
        mv.visitIntInsn(SIPUSH, DISPATCH_CHUNK);
        mv.visitInsn(IDIV);
        mv.visitTableSwitchInsn(0, chunks - 1, bad, targets);
        for (int c = 0; c < chunks; c++) {
            mv.visitLabel(targets[c]);
            mv.visitVarInsn(ILOAD, 1);
            mv.visitVarInsn(ALOAD, 2);
            mv.visitMethodInsn(INVOKESTATIC, className, "dispatch$" + c, helperDesc, false);
            mv.visitInsn(ARETURN);
        }
        mv.visitLabel(bad);
        throwIllegal(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        for (int c = 0; c < chunks; c++) {
            int from = c * DISPATCH_CHUNK, to = Math.min(n, from + DISPATCH_CHUNK);
            MethodVisitor h = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, "dispatch$" + c, helperDesc, null, null);
            h.visitCode();
            Label defaultL = new Label();
            if (to > from) {
                Label[] cases = new Label[to - from];
                for (int i = 0; i < cases.length; i++) cases[i] = new Label();
                h.visitVarInsn(ALOAD, 1);
                h.visitFieldInsn(GETFIELD, PROC, "args", "[Ljava/lang/Object;");
                h.visitVarInsn(ASTORE, 2);
                h.visitVarInsn(ILOAD, 0);
                h.visitTableSwitchInsn(from, to - 1, defaultL, cases);
                for (int i = from; i < to; i++) {
                    h.visitLabel(cases[i - from]);
                    int arity = functions.get(i).arity();
                    h.visitVarInsn(ALOAD, 1);
                    if (arity > MAX_JVM_ARITY) { // a copy: p.args is the process's scratch array
                        h.visitVarInsn(ALOAD, 2);
                        pushInt(h, arity);
                        h.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "copyOf", "([Ljava/lang/Object;I)[Ljava/lang/Object;", false);
                    }
                    for (int a = 0; a < arity && arity <= MAX_JVM_ARITY; a++) {
                        h.visitVarInsn(ALOAD, 2);
                        pushInt(h, a);
                        h.visitInsn(AALOAD);
                    }
                    h.visitMethodInsn(INVOKESTATIC, className, methodNames[i], descriptor(arity), false);
                    h.visitInsn(ARETURN);
                }
            }
            h.visitLabel(defaultL);
            throwIllegal(h);
            h.visitMaxs(0, 0);
            h.visitEnd();
        }
    }

    private static void throwIllegal(MethodVisitor mv) {
        mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
        mv.visitInsn(DUP);
        mv.visitLdcInsn("no such function index");
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(ATHROW);
    }

    static void pushInt(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    private ModuleInfo info() throws LoadException {
        List<FunctionInfo> fis = new ArrayList<>(functions.size());
        for (int i = 0; i < functions.size(); i++) {
            BeamFunction f = functions.get(i);
            fis.add(new FunctionInfo(f.name(), f.arity(), methodNames[i]));
        }
        int[] exports = beam.exports().stream().mapToInt(e -> functionAt(e.label())).toArray();
        List<LambdaInfo> lambdas = new ArrayList<>();
        for (Lambda l : beam.lambdas()) {
            lambdas.add(new LambdaInfo(functionAt(l.label()), l.funArity(), l.numFree(), l.index(), l.oldIndex(), l.oldUniq()));
        }
        List<Location> items = beam.lines().items();
        String[] files = new String[items.size()];
        int[] lines = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            files[i] = items.get(i).file();
            lines[i] = items.get(i).line();
        }
        return new ModuleInfo(beam.module(), List.copyOf(fis), exports, List.copyOf(lambdas), files, lines,
                beam.md5(), decode(beam.attributesExternal(), "attributes"),
                decode(beam.compileInfoExternal(), "compile info"));
    }

    private Term decode(byte[] ext, String what) throws LoadException {
        if (ext == null) return null;
        try {
            return ExternalTermFormat.decode(ext, false);
        } catch (RuntimeException e) {
            throw new LoadException(beam.module().name() + ": corrupt " + what + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a literal (already checked by the reader's framing, decoded here). */
    Term literal(Operand.LiteralRef ref) {
        return ExternalTermFormat.decode(ref.literal().externalForm(), false);
    }

    Atom module() {
        return beam.module();
    }

    /**
     * ClassWriter whose frame computation resolves the runtime's classes (the generated class
     * itself never appears as a value type).
     */
    static final class TermClassWriter extends ClassWriter {
        TermClassWriter() {
            super(COMPUTE_FRAMES);
        }

        @Override
        protected String getCommonSuperClass(String a, String b) {
            ClassLoader cl = Term.class.getClassLoader();
            try {
                Class<?> ca = Class.forName(a.replace('/', '.'), false, cl);
                Class<?> cb = Class.forName(b.replace('/', '.'), false, cl);
                if (ca.isAssignableFrom(cb)) return a;
                if (cb.isAssignableFrom(ca)) return b;
                if (ca.isInterface() || cb.isInterface()) return "java/lang/Object";
                do {
                    ca = ca.getSuperclass();
                } while (!ca.isAssignableFrom(cb));
                return Type.getInternalName(ca);
            } catch (ClassNotFoundException e) {
                return "java/lang/Object";
            }
        }
    }
}
