package org.gaoos.jbeam.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The process table: spawning processes as virtual threads, finding them by pid or registered
 * name, delivering messages, and a process's end (monitors get their 'DOWN').
 *
 * <p>Links, exit signals, trap_exit and the rest of the signal world are issue 4: exit signals will
 * travel as {@link Signal}s in the same queue as messages and be acted on at the reduction check.
 */
public final class Processes {
    private Processes() {}

    private static final ConcurrentHashMap<Integer, Proc> TABLE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Atom, Proc> NAMES = new ConcurrentHashMap<>();
    /** BEAM's first user processes are numbered around 80 after boot; start there for look-alike pids. */
    private static final AtomicInteger NEXT = new AtomicInteger(80);
    private static final AtomicInteger NEXT_REF = new AtomicInteger(1);

    private static final ScopedValue<Proc> CURRENT = ScopedValue.newInstance();

    /** Creates a process (not yet running): it inherits {@code groupLeader}. */
    public static Proc create(Term groupLeader) {
        int n = NEXT.getAndIncrement();
        Pid pid = new Pid(LocalNode.name(), n, 0, LocalNode.creation());
        Proc p = new Proc(pid, groupLeader);
        TABLE.put(n, p);
        return p;
    }

    /** Spawns a process running {@code entry} with {@code args} on a new virtual thread. */
    public static Proc spawn(Term groupLeader, Code entry, Object... args) {
        Proc p = create(groupLeader);
        start(p, () -> p.call(entry, args));
        return p;
    }

    /** Body of a process written in Java: returns its exit value. */
    public interface Body {
        Term run();
    }

    /** Starts {@code p} running {@code body} on a new virtual thread. */
    public static void start(Proc p, Body body) {
        Thread t = Thread.ofVirtual().name(p.pid.toString()).unstarted(() ->
                ScopedValue.where(CURRENT, p).run(() -> run(p, body)));
        p.bindThread(t);
        t.start();
    }

    private static void run(Proc p, Body body) {
        Term reason = Atom.NORMAL;
        try {
            body.run();
        } catch (ErlangException e) {
            reason = exitReason(e);
            if (e.kind() != Atom.EXIT) CrashReport.processCrashed(p, reason);
        } catch (StackOverflowError e) {
            reason = Tuple.of(Atom.SYSTEM_LIMIT, Atom.of("stack_overflow"));
            CrashReport.internal(p, e);
        } catch (RuntimeException | Error e) {
            reason = Tuple.of(Atom.of("jbeam_internal_error"), Atom.of(String.valueOf(e)));
            CrashReport.internal(p, e);
        } finally {
            terminate(p, reason);
        }
    }

    /** The exit reason of a process that ends with exception {@code e}. */
    public static Term exitReason(ErlangException e) {
        Atom k = e.kind();
        if (k == Atom.EXIT) return e.reason();
        if (k == Atom.THROW) return Tuple.of(Tuple.of(Atom.NOCATCH, e.reason()), StackTraces.build(e));
        return Tuple.of(e.reason(), StackTraces.build(e));
    }

    private static void terminate(Proc p, Term reason) {
        List<Map.Entry<Term, Proc>> monitors;
        List<ExitHook> hooks;
        synchronized (p) {
            p.exitReason = reason;
            monitors = new ArrayList<>(p.monitoredBy.entrySet());
            p.monitoredBy.clear();
            hooks = p.takeExitHooks();
        }
        if (p.registeredName != null) NAMES.remove(p.registeredName, p);
        TABLE.remove(p.pid.number);
        for (ExitHook h : hooks) {
            try {
                h.exited(p, reason);
            } catch (RuntimeException | Error e) {
                CrashReport.internal(p, e);
            }
        }
        for (var m : monitors) {
            m.getValue().deliver(Tuple.adopt(new Term[] {Atom.DOWN, m.getKey(), Atom.of("process"), p.pid, reason}));
        }
    }

    /** The calling process, when running on a process thread. */
    public static Proc current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    public static Proc lookup(Term pid) {
        if (pid instanceof Pid p && p.node == LocalNode.name()) {
            Proc proc = TABLE.get(p.number);
            return proc != null && proc.pid.equals(p) ? proc : null;
        }
        if (pid instanceof Atom a) return NAMES.get(a);
        return null;
    }

    /** {@code To ! Msg}: badarg for a name not registered or a destination that is not one. */
    public static void send(Term to, Term msg) {
        if (to instanceof Pid) {
            Proc p = lookup(to);
            if (p != null) p.deliver(msg);
            return;
        }
        if (to instanceof Atom a) {
            Proc p = NAMES.get(a);
            if (p == null) throw Errors.badarg();
            p.deliver(msg);
            return;
        }
        if (to instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom name && t.get(1) instanceof Atom) {
            Proc p = NAMES.get(name);
            if (p != null) p.deliver(msg); // {Name, Node}: local node only for now
            return;
        }
        throw Errors.badarg();
    }

    /** register/2: badarg if the name is taken, the process has a name or is dead. */
    public static void register(Atom name, Proc p) {
        if (name == Atom.UNDEFINED || p == null || !p.isAlive() || p.registeredName != null
                || NAMES.putIfAbsent(name, p) != null) {
            throw Errors.badarg();
        }
        p.registeredName = name;
    }

    public static boolean unregister(Atom name) {
        Proc p = NAMES.remove(name);
        if (p == null) return false;
        p.registeredName = null;
        return true;
    }

    public static Proc whereis(Atom name) {
        return NAMES.get(name);
    }

    public static List<Atom> registered() {
        return List.copyOf(NAMES.keySet());
    }

    public static List<Proc> all() {
        return List.copyOf(TABLE.values());
    }

    public static Ref makeRef() {
        int n = NEXT_REF.getAndIncrement();
        return new Ref(LocalNode.name(), LocalNode.creation(), n, 0, 0);
    }

    /** monitor(process, Target): 'DOWN' with noproc at once if the target does not exist. */
    public static Ref monitor(Proc self, Term target) {
        Ref ref = makeRef();
        Proc t = lookup(target);
        boolean alive = false;
        if (t != null) {
            synchronized (t) {
                if (t.exitReason == null) {
                    t.monitoredBy.put(ref, self);
                    alive = true;
                }
            }
        }
        if (!alive) {
            Term who = target instanceof Atom a ? Tuple.of(a, LocalNode.name()) : target;
            self.deliver(Tuple.adopt(new Term[] {Atom.DOWN, ref, Atom.of("process"), who, Atom.NOPROC}));
        } else {
            self.monitors().put(ref, t);
        }
        return ref;
    }

    /** demonitor(Ref): true whether or not the monitor was active, as BEAM's demonitor/1. */
    public static boolean demonitor(Proc self, Term ref) {
        Proc t = self.monitors().remove(ref);
        if (t == null) return false;
        synchronized (t) {
            t.monitoredBy.remove(ref);
        }
        return true;
    }
}
