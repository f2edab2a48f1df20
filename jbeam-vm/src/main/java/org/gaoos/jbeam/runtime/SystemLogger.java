package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * Where the VM's own log events go (erts's system logger, erl_trace.c): the process set with
 * {@code erlang:system_flag(system_logger, P)}, by default whatever is registered as
 * {@code logger}. An event is {@code {log, Level, Format, Args, Metadata}} with
 * {@code error_logger => #{emulator => true, tag => Tag}}; with no logger present it is printed to
 * standard error, as ERTS does.
 */
public final class SystemLogger {
    private SystemLogger() {}

    private static final Atom LOGGER = Atom.of("logger");
    private static volatile Term logger = LOGGER;

    /** system_flag(system_logger, L): L is logger, undefined or a local pid; returns the old one. */
    public static Term set(Term l) {
        if (l != LOGGER && l != Atom.UNDEFINED && !(l instanceof Pid)) throw Errors.badarg();
        Term old = logger;
        logger = l;
        return old;
    }

    public static Term get() { return logger; }

    /** An error event from the VM about process {@code p}: format and arguments as in io:format. */
    static void error(Proc p, String format, Term args, String plain) {
        send(p, Atom.ERROR, Atom.ERROR, format, args, "error: " + plain);
    }

    /** A warning from the VM about process {@code p}: text printed with "~s~n", as erts_send_warning_to_logger. */
    public static void warning(Proc p, String text) {
        send(p, Atom.of("warning"), Atom.of("warning_msg"), "~s~n", Lists.of(Lists.fromString(text)), "warning: " + text);
    }

    private static void send(Proc p, Atom level, Atom tag, String format, Term args, String plain) {
        Term gl = p.groupLeader();
        long us = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
        Term el = MapTerm.of(Atom.of("emulator"), Atom.TRUE, Atom.of("tag"), tag);
        Term meta = MapTerm.of(Atom.of("error_logger"), el, Atom.of("gl"), gl == null ? Atom.UNDEFINED : gl,
                Atom.of("pid"), p.pid(), Atom.of("time"), Int.of(us));
        Term event = Tuple.of(new Term[] {Atom.of("log"), level, Lists.fromString(format), args, meta});
        Term to = logger;
        Proc target = to == Atom.UNDEFINED ? null : Processes.lookup(to);
        if (target != null) {
            target.deliver(event);
        } else {
            System.err.println("(no logger present) " + plain);
        }
    }
}
