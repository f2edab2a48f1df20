package org.gaoos.jbeam;

import java.util.List;

import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.Vm;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * A stand-in for the {@code init} process until jbeam boots OTP's own init.beam: registered as
 * {@code init}, it answers init's request protocol ({@code {From, Request}} → {@code {init, Reply}})
 * for the command-line queries (get_argument, get_arguments, get_plain_arguments) and stops the
 * VM on {@code {stop, stop}} (init:stop/0) and {@code {stop, {restart, ..}}}-less variants.
 */
final class InitProcess {
    private InitProcess() {}

    /** Flags as init keeps them: [{Flag, [Value]}] with strings. */
    static Proc start(List<Term> flags, List<String> plain) {
        Proc p = Processes.create(null);
        Processes.register(Atom.of("init"), p);
        Term flagList = Lists.of(flags);
        Term plainList = Lists.of(plain.stream().map(Lists::fromString).toList());
        Processes.start(p, () -> {
            while (true) {
                Term m = p.receive();
                if (m instanceof Tuple t && t.arity() == 2) {
                    if (t.get(0) == Atom.of("stop")) {
                        Term how = t.get(1);
                        Vm.halt(how == Atom.of("stop") ? 0 : 0);
                    }
                    Term reply = reply(t.get(1), flagList, plainList);
                    Processes.send(t.get(0), Tuple.of(Atom.of("init"), reply));
                }
            }
        });
        return p;
    }

    private static Term reply(Term req, Term flags, Term plain) {
        if (req == Atom.of("get_arguments")) return flags;
        if (req == Atom.of("get_plain_arguments")) return plain;
        if (req instanceof Tuple r && r.arity() == 2 && r.get(0) == Atom.of("get_argument")) {
            List<Term> values = new java.util.ArrayList<>();
            for (Term f : Lists.toJava(flags)) {
                Tuple ft = (Tuple) f;
                if (ft.get(0) == r.get(1)) values.add(ft.get(1));
            }
            return values.isEmpty() ? Atom.ERROR : Tuple.of(Atom.OK, Lists.of(values));
        }
        return Nil.NIL;
    }
}
