package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Aliases;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Hibernate;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.ProcessFlags;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.SignalOptions;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.port.PortBifs;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** Links, exit signals, monitors, aliases, process flags and hibernation. */
public final class SignalBifs {
    private SignalBifs() {}

    private static final Atom PROCESS = Atom.of("process");

    @Bif("link")
    public static Term link(Proc p, Term pid) {
        if (pid instanceof Port) {
            if (!PortBifs.link(p, pid)) {
                if (p.trapExit()) p.deliver(Tuple.of(Atom.EXIT_TAG, pid, Atom.NOPROC));
                else throw Errors.error(Atom.NOPROC);
            }
            return Atom.TRUE;
        }
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Processes.link(p, pid);
        return Atom.TRUE;
    }

    @Bif("unlink")
    public static Term unlink(Proc p, Term pid) {
        if (pid instanceof Port) {
            PortBifs.unlink(p, pid);
            return Atom.TRUE;
        }
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Processes.unlink(p, pid);
        return Atom.TRUE;
    }

    @Bif("exit")
    public static Term exit(Proc p, Term pid, Term reason) {
        if (pid instanceof Port) {
            // a port does not trap exits: any reason but normal closes it
            org.gaoos.jbeam.port.OpenPort op = org.gaoos.jbeam.port.Ports.lookup(pid);
            if (op != null && reason != Atom.NORMAL) op.close(reason == Atom.KILL ? Atom.of("killed") : reason);
            return Atom.TRUE;
        }
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Processes.exit(p, pid, reason);
        return Atom.TRUE;
    }

    @Bif("monitor")
    public static Term monitor(Proc p, Term type, Term target) {
        return monitor(p, type, target, Nil.NIL);
    }

    @Bif("monitor")
    public static Term monitor(Proc p, Term type, Term target, Term opts) {
        if (!Ops.isList(opts)) throw Errors.badarg();
        if (type == Atom.of("port")) return PortBifs.monitor(p, target, opts);
        if (type != PROCESS) throw Errors.badarg(); // time_offset monitors: not yet
        return SignalOptions.monitor(p, target, opts);
    }

    @Bif("demonitor")
    public static Term demonitor(Proc p, Term ref) {
        if (!(ref instanceof Ref)) throw Errors.badarg();
        if (!Processes.demonitor(p, ref)) PortBifs.demonitor(p, ref);
        return Atom.TRUE;
    }

    @Bif("demonitor")
    public static Term demonitor(Proc p, Term ref, Term options) {
        if (!(ref instanceof Ref)) throw Errors.badarg();
        boolean flush = false, info = false;
        for (Term o : ErlangBifs.properList(options)) {
            if (o == Atom.of("flush")) flush = true;
            else if (o == Atom.of("info")) info = true;
            else throw Errors.badarg();
        }
        boolean active = Processes.demonitor(p, ref) || PortBifs.demonitor(p, ref);
        // An active monitor has no 'DOWN' queued (one is delivered only while its monitor is
        // active), so only an inactive one needs the scan, as BEAM's demonitor traps to
        // flush_monitor_message only then: a call with a long queue stays O(1).
        if (flush && !active) flushDown(p, ref);
        // info: false if the monitor was no longer active (its 'DOWN' was, or with flush had been, queued).
        return info ? Atom.of(active) : Atom.TRUE;
    }

    /** Removes the first {@code {_, Ref, _, _, _}} (a 'DOWN', tagged or not, process or port) from the message queue. */
    private static boolean flushDown(Proc p, Term ref) {
        var mb = p.mailbox();
        mb.resetSave();
        boolean found = false;
        Term m;
        while ((m = mb.peek()) != null) {
            if (m instanceof Tuple t && t.arity() == 5 && t.get(1).equals(ref)) {  // erlang:flush_monitor_message/2
                mb.remove();
                found = true;
                break;
            }
            mb.next();
        }
        mb.resetSave();
        return found;
    }

    @Bif("alias") public static Term alias(Proc p) { return SignalOptions.alias(p, Nil.NIL); }

    @Bif("alias")
    public static Term alias(Proc p, Term opts) {
        if (!Ops.isList(opts)) throw Errors.badarg();
        return SignalOptions.alias(p, opts);
    }

    @Bif("unalias")
    public static Term unalias(Proc p, Term ref) {
        if (!(ref instanceof Ref)) throw Errors.badarg();
        return Atom.of(Aliases.unalias(p, ref));
    }

    @Bif("process_flag")
    public static Term processFlag(Proc p, Term flag, Term value) {
        return ProcessFlags.set(p, flag, value);
    }

    @Bif("hibernate")
    public static Term hibernate(Proc p, Term m, Term f, Term args) {
        int arity = Lists.length(args);
        if (!(m instanceof Atom) || !(f instanceof Atom) || arity < 0) throw Errors.badarg();
        // no function takes more than 255 arguments (MAX_ARG): BEAM refuses before discarding the stack
        if (arity > 255) throw Errors.systemLimit();
        throw new Hibernate(m, f, args);
    }
}
