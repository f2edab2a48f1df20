package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * Signals from ports to processes. A port's exit reaches the processes linked to it as an exit
 * signal from the port (trapping processes get {@code {'EXIT', Port, Reason}}, others die unless
 * the reason is {@code normal}); the port keeps its side of the links and monitors itself
 * (port.OpenPort). A port monitor's alias (monitor/3's {@code {alias, Mode}}) is kept here, on the
 * monitoring process's side, as for process monitors.
 */
public final class PortSignals {
    private static final Atom PORT = Monitor.PORT;

    private PortSignals() {}

    public static void exit(Proc to, Term port, Term reason) {
        to.deliverSignal(new ExitSignal(port, reason, false));
    }

    /** A new port monitor's reference (the caller's own thread), made an alias if asked. */
    public static Term newMonitor(Proc self, Aliases.Mode alias) {
        Term ref = Processes.makeRef();
        if (alias != null) Aliases.create(self, ref, alias);
        return ref;
    }

    /**
     * The monitored port does not exist (or is closed): the 'DOWN' with noproc at once (a monitor
     * active until it is taken, as for processes: Processes.monitorGone); an alias bound to the
     * monitor goes with it. The caller's own thread.
     */
    public static void noproc(Proc self, Term ref, Term tag, Term who) {
        Processes.monitorGone(self, ref, new Monitor(null, who, tag, Monitor.PORT), Atom.NOPROC);
    }

    /** demonitor of an active port monitor (the caller's own thread): its alias goes if bound to it. */
    public static void demonitored(Proc self, Term ref) {
        Aliases.monitorRemoved(self, ref);
    }

    /** The monitored port closed: {@code {Tag, Ref, port, Who, Reason}} to the monitoring process. */
    public static void down(Proc to, Term ref, Term tag, Term who, Term reason) {
        to.deliverSignal(new PortDown(ref, tag, who, reason));
    }

    /** A port monitor fired; taken by the monitoring process, which drops the alias bound to it. */
    private static final class PortDown extends ControlSignal {
        private final Term ref, tag, who, reason;

        PortDown(Term ref, Term tag, Term who, Term reason) {
            this.ref = ref;
            this.tag = tag;
            this.who = who;
            this.reason = reason;
        }

        @Override
        Term receive(Proc p) {
            Aliases.monitorRemoved(p, ref);
            return Tuple.of(tag, ref, PORT, who, reason);
        }
    }
}
