package org.gaoos.jbeam.port;

import org.gaoos.jbeam.bif.Bif;
import org.gaoos.jbeam.bif.IoLists;
import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.PortSignals;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.SignalOptions;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The port BIFs as OTP 27 calls them: erlang.erl wraps {@code erts_internal:open_port/2,
 * port_command/3, port_close/1, port_control/3, port_connect/2, port_info/1,2} and turns an error
 * atom they return into an exception; the messages a process sends to a port
 * ({@code {Pid, {command, Data}}}, {@code {Pid, close}}, {@code {Pid, {connect, New}}}) and links
 * and monitors on ports.
 */
public final class PortBifs {
    private PortBifs() {}

    private static final Atom CLOSE = Atom.of("close"), COMMAND = Atom.of("command"), CONNECT = Atom.of("connect"),
            BADSIG = Atom.of("badsig");

    private static OpenPort port(Term t) {
        if (t instanceof Atom) return null; // registered ports: jbeam registers no ports
        return Ports.lookup(t);
    }

    @Bif(module = "erts_internal", value = "open_port")
    public static Term openPort(Proc self, Term name, Term settings) {
        return PortOpener.open(self, name, settings);
    }

    @Bif(module = "erts_internal", value = "port_command")
    public static Term portCommand(Term port, Term data, Term options) {
        if (!(port instanceof Port) && !(port instanceof Atom)) return Atom.BADARG;
        for (Term o = options; o != Nil.NIL; ) {
            if (!(o instanceof Cons c) || (c.head() != Atom.of("force") && c.head() != Atom.of("nosuspend"))) {
                return Atom.of("badopt");
            }
            o = c.tail();
        }
        byte[] bytes;
        try {
            bytes = IoLists.toBytes(data);
        } catch (ErlangException e) {
            return Atom.BADARG;
        }
        OpenPort p = port(port);
        if (p == null) return Atom.BADARG;
        p.command(bytes);
        return Atom.TRUE;
    }

    @Bif(module = "erts_internal", value = "port_close")
    public static Term portClose(Term port) {
        OpenPort p = port(port);
        if (p == null) return Atom.BADARG;
        p.close(Atom.NORMAL);
        return Atom.TRUE;
    }

    @Bif(module = "erts_internal", value = "port_control")
    public static Term portControl(Term port, Term op, Term data) {
        OpenPort p = port(port);
        if (p == null || !(op instanceof Small o) || o.value < Integer.MIN_VALUE || o.value > 0xffffffffL) return Atom.BADARG;
        byte[] bytes;
        try {
            bytes = IoLists.toBytes(data);
        } catch (ErlangException e) {
            return Atom.BADARG;
        }
        Term r = p.control((int) o.value, bytes);
        return r == null ? Atom.BADARG : r;
    }

    @Bif(module = "erts_internal", value = "port_call")
    public static Term portCall(Term port, Term op, Term data) {
        return Atom.BADARG; // no driver here implements call
    }

    @Bif(module = "erts_internal", value = "port_connect")
    public static Term portConnect(Term port, Term pid) {
        OpenPort p = port(port);
        Proc to = pid instanceof Pid ? Processes.lookup(pid) : null;
        if (p == null || to == null) return Atom.BADARG;
        p.connect(to);
        return Atom.TRUE;
    }

    @Bif(module = "erts_internal", value = "port_info")
    public static Term portInfo(Term port) {
        if (!(port instanceof Port) && !(port instanceof Atom)) return Atom.BADARG;
        OpenPort p = port(port);
        if (p == null) return Atom.UNDEFINED;
        ListBuilder lb = new ListBuilder();
        for (String item : new String[] {"name", "links", "id", "connected", "input", "output", "os_pid"}) {
            Term v = info(p, Atom.of(item));
            if (v != null) lb.add(v);
        }
        return lb.build();
    }

    @Bif(module = "erts_internal", value = "port_info")
    public static Term portInfo(Term port, Term item) {
        if (!(port instanceof Port) && !(port instanceof Atom)) return Atom.BADARG;
        OpenPort p = port(port);
        if (p == null) return Atom.UNDEFINED;
        Term v = info(p, item);
        return v == null ? Atom.BADARG : v;
    }

    private static Term info(OpenPort p, Term item) {
        if (!(item instanceof Atom a)) return null;
        Term v = switch (a.name()) {
            case "name" -> Lists.fromString(p.name);
            case "links" -> p.linksList();
            case "id" -> Int.of(p.id.number);
            case "connected" -> p.owner() == null ? Atom.UNDEFINED : p.owner().pid();
            case "input", "output", "queue_size", "memory" -> Small.ZERO;
            case "monitors", "monitored_by" -> Nil.NIL;
            case "registered_name" -> Nil.NIL;
            case "parallelism" -> Atom.FALSE;
            case "locking" -> Atom.of("port_level");
            case "os_pid" -> p instanceof SpawnPort s ? Int.of(s.osPid()) : Atom.UNDEFINED;
            default -> null;
        };
        return v == null ? null : Tuple.of(a, v);
    }

    @Bif("ports")
    public static Term ports() {
        ListBuilder lb = new ListBuilder();
        for (OpenPort p : Ports.all()) if (p.isOpen()) lb.add(p.id);
        return lb.build();
    }

    /** {@code Port ! Msg}: the port messages BEAM understands; anything else closes it with badsig. */
    public static void send(Term port, Term msg) {
        OpenPort p = Ports.lookup(port);
        if (p == null) return; // sending to a closed port does nothing
        if (msg instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid from) {
            Term m = t.get(1);
            if (m instanceof Tuple c && c.arity() == 2 && c.get(0) == COMMAND) {
                byte[] bytes;
                try {
                    bytes = IoLists.toBytes(c.get(1));
                } catch (ErlangException e) {
                    p.close(BADSIG);
                    return;
                }
                p.command(bytes);
                return;
            }
            if (m == CLOSE) {
                Proc owner = p.owner();
                p.close(Atom.NORMAL);
                if (owner != null) owner.deliver(Tuple.of(p.id, Atom.of("closed")));
                return;
            }
            if (m instanceof Tuple c && c.arity() == 2 && c.get(0) == CONNECT && c.get(1) instanceof Pid np) {
                Proc old = p.owner(), to = Processes.lookup(np);
                if (to == null) {
                    p.close(BADSIG);
                    return;
                }
                p.connect(to);
                if (old != null) old.deliver(Tuple.of(p.id, Atom.of("connected")));
                return;
            }
            if (from != null) {
                p.close(BADSIG);
                return;
            }
        }
        p.close(BADSIG);
    }

    /** link(Port): badarg-free for a closed port (the caller gets the exit signal noproc). */
    public static boolean link(Proc self, Term port) {
        OpenPort p = Ports.lookup(port);
        if (p == null) return false;
        p.link(self);
        return true;
    }

    public static void unlink(Proc self, Term port) {
        OpenPort p = Ports.lookup(port);
        if (p != null) p.unlink(self);
    }

    /**
     * monitor(port, Target, Opts): Target is a port, a name or {Name, node()} (a port on another
     * node: badarg, as BEAM); Opts are monitor/3's ({tag, T}, {alias, Mode}). A port that is not
     * open (ports are not registered in jbeam, so every name) gives the 'DOWN' with noproc at once,
     * naming a name as {Name, Node}.
     */
    public static Term monitor(Proc self, Term target, Term opts) {
        var mo = SignalOptions.monitorOptions(opts);
        Term who;
        if (target instanceof Port) {
            who = target;
        } else if (target instanceof Atom name) {
            who = Tuple.of(name, LocalNode.name());
        } else if (target instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom
                && t.get(1) == LocalNode.name()) {
            who = target;
        } else {
            throw Errors.badarg();
        }
        Term ref = PortSignals.newMonitor(self, mo.alias());
        OpenPort p = Ports.lookup(target);
        if (p == null || !p.monitor(ref, self, mo.tag(), who)) PortSignals.noproc(self, ref, mo.tag(), who);
        return ref;
    }

    /** demonitor of a port monitor: true if it was active (an alias bound to it goes). */
    public static boolean demonitor(Proc self, Term ref) {
        for (OpenPort p : Ports.all()) {
            if (p.demonitor(ref)) {
                PortSignals.demonitored(self, ref);
                return true;
            }
        }
        return false;
    }
}
