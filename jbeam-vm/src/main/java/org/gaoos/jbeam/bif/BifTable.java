package org.gaoos.jbeam.bif;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.runtime.Code;
import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Linker;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;

/**
 * The BIF registry: every {@link Bif}-annotated method of the {@link #CLASSES}, keyed by MFA. It is
 * built once, at first use, by reflection; afterwards the translator binds calls directly to the
 * methods, and the export table binds the exports of BIFs (for {@code apply}, funs and remote
 * calls made dynamically) to adapted method handles.
 */
public final class BifTable {
    private BifTable() {}

    /** Classes holding BIFs. Add a class here to register all its {@link Bif} methods. */
    static final List<Class<?>> CLASSES = List.of(
            ErlangBifs.class, ProcessBifs.class, ListsBifs.class, MapsBifs.class, UnicodeBifs.class,
            PersistentTermBifs.class, OsBifs.class, EtsBifs.class,
            BinaryBifs.class, MathBifs.class, ChecksumBifs.class, TermBifs.class, TimeBifs.class,
            SignalBifs.class, ProcessInfoBifs.class, TimerBifs.class,
            CodeBifs.class, SystemInfoBifs.class, AtomicsBifs.class, CountersBifs.class,
            ErtsInternalBifs.class, org.gaoos.jbeam.nif.FileNames.class,
            org.gaoos.jbeam.nif.PrimFile.class, org.gaoos.jbeam.nif.PrimBuffer.class,
            org.gaoos.jbeam.nif.PrimTty.class, org.gaoos.jbeam.nif.Zlib.class, org.gaoos.jbeam.port.PortBifs.class, DistBifs.class, ReBifs.class,
            DecodePacket.class, MemoryBifs.class, ErtsDebugBifs.class, StatisticsBifs.class,
            org.gaoos.jbeam.trace.TraceBifs.class);

    /** A registered BIF. */
    public record Entry(Atom module, Atom name, int arity, Method method, boolean takesProc,
                        MethodHandle callHandle, Code code) {}

    private record Key(Atom module, Atom name, int arity) {}

    private static final Map<Key, Entry> TABLE = build();

    /** The BIF M:F/A, or null if it is not a BIF. */
    public static Entry lookup(Atom module, Atom name, int arity) {
        return TABLE.get(new Key(module, name, arity));
    }

    /** Number of registered BIFs. */
    public static int size() { return TABLE.size(); }

    /** All registered BIFs (for status tables). */
    public static List<Entry> all() { return List.copyOf(TABLE.values()); }

    private static Map<Key, Entry> build() {
        Map<Key, Entry> t = new HashMap<>();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Class<?> c : CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                Bif b = m.getAnnotation(Bif.class);
                if (b == null) continue;
                Entry e = entry(lookup, b, m);
                Key k = new Key(e.module, e.name, e.arity);
                if (t.putIfAbsent(k, e) != null) {
                    throw new IllegalStateException("BIF registered twice: " + k + " in " + c.getName());
                }
            }
        }
        return Map.copyOf(t);
    }

    private static Entry entry(MethodHandles.Lookup lookup, Bif b, Method m) {
        if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())
                || !Term.class.isAssignableFrom(m.getReturnType())) {
            throw new IllegalStateException("BIF method must be public static and return a Term: " + m);
        }
        Class<?>[] ps = m.getParameterTypes();
        boolean takesProc = ps.length > 0 && ps[0] == Proc.class;
        int arity = ps.length - (takesProc ? 1 : 0);
        for (int i = takesProc ? 1 : 0; i < ps.length; i++) {
            if (ps[i] != Term.class) throw new IllegalStateException("BIF parameters must be Term: " + m);
        }
        MethodHandle h;
        try {
            h = lookup.unreflect(m);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        if (!takesProc) h = MethodHandles.dropArguments(h, 0, Proc.class);
        Atom module = Atom.of(b.module()), name = Atom.of(b.value());
        MethodType type = Linker.callType(arity);
        MethodHandle call = withBifFrame(h.asType(type), module, name, arity);
        MethodHandle spread = call.asSpreader(1, Object[].class, arity);
        Code code = p -> {
            Object[] a = java.util.Arrays.copyOf(p.args, arity);
            try {
                return (Term) spread.invokeExact(p, a);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
        return new Entry(module, name, arity, m, takesProc, call, code);
    }

    /** A holder, so that the handle exists before the table is built. */
    private static final class Handles {
        static final MethodHandle BIF_FAILED;
        static {
            try {
                BIF_FAILED = MethodHandles.lookup().findStatic(BifTable.class, "bifFailed", MethodType.methodType(
                        Term.class, Atom.class, Atom.class, ErlangException.class, Proc.class, Object[].class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /**
     * The BIF's export handle (apply, funs, dynamic calls): a failure gets the BIF's own frame
     * on top of its stack trace, as translated code's direct calls do.
     */
    private static MethodHandle withBifFrame(MethodHandle call, Atom module, Atom name, int arity) {
        if (!StackTraces.hasBifFrame(module, name, arity)) return call;
        MethodHandle handler = MethodHandles.insertArguments(Handles.BIF_FAILED, 0, module, name)
                .asCollector(Object[].class, arity)
                .asType(MethodType.methodType(Term.class, ErlangException.class).appendParameterTypes(call.type().parameterList()));
        return MethodHandles.catchException(call, ErlangException.class, handler);
    }

    private static Term bifFailed(Atom module, Atom name, ErlangException e, Proc p, Object[] args) {
        Term[] ts = new Term[args.length];
        for (int i = 0; i < args.length; i++) ts[i] = (Term) args[i];
        throw StackTraces.bifFailed(e, module, name, ts);
    }
}
