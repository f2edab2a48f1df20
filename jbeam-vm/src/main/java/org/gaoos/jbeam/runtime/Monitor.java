package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;

/**
 * A monitor held by the monitoring process: the monitored process, how the 'DOWN' message names it
 * ({@code who}: the pid, or {@code {Name, Node}} when monitored by name), the message's first
 * element ({@code tag}: 'DOWN' unless monitor/3 set {@code {tag, T}}) and its third
 * ({@code type}: process or port). A monitor whose target did not exist has no {@code target}: it
 * is active until its 'DOWN' (noproc) is taken, as on BEAM, where a demonitor before that returns
 * true and no 'DOWN' arrives.
 */
public record Monitor(Proc target, Term who, Term tag, Atom type) {
    static final Atom PROCESS = Atom.of("process");
    static final Atom PORT = Atom.of("port");

    Monitor(Proc target, Term who, Term tag) {
        this(target, who, tag, PROCESS);
    }
}
