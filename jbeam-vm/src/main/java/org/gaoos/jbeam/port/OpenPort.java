package org.gaoos.jbeam.port;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.gaoos.jbeam.runtime.ExitHook;
import org.gaoos.jbeam.runtime.PortSignals;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Port;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * An open port: its identifier, its connected process (the owner, which gets its messages), the
 * processes linked to it and monitoring it. Subclasses are the kinds of port jbeam has (file
 * descriptors, external programs); BEAM's linked-in drivers do not exist here. When the port
 * closes it leaves the table and sends its exit signal and 'DOWN's; when its owner exits, it
 * closes (BEAM closes a port whose connected process terminates).
 */
public abstract class OpenPort {
    public final Port id;
    public final String name;
    final boolean binary;
    private volatile Proc owner;
    private final Set<Proc> links = new LinkedHashSet<>();
    /** A monitor on this port: who watches, the 'DOWN' message's tag and how it names the port. */
    private record Watcher(Proc proc, Term tag, Term who) {}

    private final Map<Term, Watcher> monitors = new HashMap<>();
    private final ExitHook ownerExit = (p, reason) -> close(reason);
    private boolean closed;

    protected OpenPort(Port id, String name, boolean binary) {
        this.id = id;
        this.name = name;
        this.binary = binary;
    }

    /** Connects the owner and links it (open_port). False if the owner is already dead. */
    final boolean start(Proc owner) {
        this.owner = owner;
        synchronized (this) {
            links.add(owner);
        }
        return owner.addExitHook(ownerExit);
    }

    public final Proc owner() { return owner; }

    public final synchronized boolean isOpen() { return !closed; }

    /** Bytes written to and read from all ports (statistics(io)). */
    static final java.util.concurrent.atomic.LongAdder OUTPUT_BYTES = new java.util.concurrent.atomic.LongAdder(),
            INPUT_BYTES = new java.util.concurrent.atomic.LongAdder();

    /** port_command and Port ! {Owner, {command, Data}}: {@code data} goes out, counted. */
    final void command(byte[] data) {
        OUTPUT_BYTES.add(data.length);
        output(data);
    }

    /** statistics(io): {{input, Bytes}, {output, Bytes}} through ports since the VM started. */
    public static long[] ioBytes() {
        return new long[] {INPUT_BYTES.sum(), OUTPUT_BYTES.sum()};
    }

    /** Data from {@code port_command} or {@code Port ! {Pid, {command, Data}}}. */
    abstract void output(byte[] data);

    /** port_control/3: drivers without a control operation answer badarg. */
    Term control(int operation, byte[] data) {
        return null;
    }

    /** Releases what the port holds (streams, the program); called once, when it closes. */
    abstract void stop();

    /** A message from the port to its owner: {Port, Msg}. */
    final void send(Term msg) {
        Proc o = owner;
        if (o != null) o.deliver(Tuple.of(id, msg));
    }

    /** Data as the owner asked for it: a binary or a list of bytes. */
    final Term data(byte[] bytes, int off, int len) {
        return binary ? Binary.adopt(java.util.Arrays.copyOfRange(bytes, off, off + len)) : Lists.fromBytes(bytes, off, len);
    }

    /** port_connect/2 and {connect, Pid}: a new owner, linked to the port. */
    final void connect(Proc newOwner) {
        Proc old = owner;
        owner = newOwner;
        synchronized (this) {
            links.add(newOwner);
        }
        if (old != null && old != newOwner) old.removeExitHook(ownerExit);
        newOwner.addExitHook(ownerExit);
    }

    final synchronized void link(Proc p) {
        if (!closed) links.add(p);
    }

    final synchronized void unlink(Proc p) {
        links.remove(p);
    }

    /**
     * monitor(port, Target): false if the port is already closed (the caller sends 'DOWN' noproc).
     * {@code tag} is the message's first element, {@code who} names the port in it (the port, or
     * {Name, Node} when monitored by name).
     */
    final synchronized boolean monitor(Term ref, Proc watcher, Term tag, Term who) {
        if (closed) return false;
        monitors.put(ref, new Watcher(watcher, tag, who));
        return true;
    }

    final synchronized boolean demonitor(Term ref) {
        return monitors.remove(ref) != null;
    }

    /** Closes the port with {@code reason}: signals its links and monitors. Idempotent. */
    public final void close(Term reason) {
        Set<Proc> ls;
        Map<Term, Watcher> ms;
        synchronized (this) {
            if (closed) return;
            closed = true;
            ls = new LinkedHashSet<>(links);
            ms = new HashMap<>(monitors);
            links.clear();
            monitors.clear();
        }
        Ports.remove(this);
        Proc o = owner;
        if (o != null) o.removeExitHook(ownerExit);
        try {
            stop();
        } finally {
            for (Proc p : ls) PortSignals.exit(p, id, reason);
            for (var m : ms.entrySet()) {
                Watcher w = m.getValue();
                PortSignals.down(w.proc(), m.getKey(), w.tag(), w.who(), reason);
            }
        }
    }

    final synchronized Term linksList() {
        return Lists.of(links.stream().map(p -> (Term) p.pid()).toList());
    }
}
