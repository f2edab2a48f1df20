package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/** The option lists of monitor/3 and alias/1, parsed like BEAM's (badarg for anything else). */
public final class SignalOptions {
    private SignalOptions() {}

    /** monitor(process, Target, Opts): {alias, Mode} and {tag, Tag}. */
    public static Term monitor(Proc self, Term target, Term opts) {
        MonitorOptions mo = monitorOptions(opts);
        return Processes.monitor(self, target, mo.tag(), mo.alias());
    }

    /** The options of monitor/3: the message's tag ('DOWN' by default) and the alias mode (null: no alias). */
    public record MonitorOptions(Term tag, Aliases.Mode alias) {}

    /** Parses monitor/3's option list, for processes and ports alike: badarg for anything else. */
    public static MonitorOptions monitorOptions(Term opts) {
        Term tag = Atom.DOWN;
        Aliases.Mode alias = null;
        for (Term o = opts; o != Nil.NIL; ) {
            if (!(o instanceof Cons c) || !(c.head() instanceof Tuple t) || t.arity() != 2) throw Errors.badarg();
            if (t.get(0) == Atom.of("tag")) tag = t.get(1);
            else if (t.get(0) == Atom.of("alias")) alias = aliasMode(t.get(1), false);
            else throw Errors.badarg();
            o = c.tail();
        }
        return new MonitorOptions(tag, alias);
    }

    /** alias(Opts): [] | [explicit_unalias] | [reply]. */
    public static Term alias(Proc self, Term opts) {
        Aliases.Mode mode = Aliases.Mode.EXPLICIT_UNALIAS;
        for (Term o = opts; o != Nil.NIL; ) {
            if (!(o instanceof Cons c)) throw Errors.badarg();
            if (c.head() == Atom.of("explicit_unalias")) mode = Aliases.Mode.EXPLICIT_UNALIAS;
            else if (c.head() == Atom.of("reply")) mode = Aliases.Mode.REPLY;
            else throw Errors.badarg();
            o = c.tail();
        }
        Term ref = Processes.makeRef();
        Aliases.create(self, ref, mode);
        return ref;
    }

    private static Aliases.Mode aliasMode(Term v, boolean reply) {
        if (v == Atom.of("explicit_unalias")) return Aliases.Mode.EXPLICIT_UNALIAS;
        if (v == Atom.of("demonitor")) return Aliases.Mode.DEMONITOR;
        if (v == Atom.of("reply_demonitor")) return Aliases.Mode.REPLY_DEMONITOR;
        throw Errors.badarg();
    }
}
