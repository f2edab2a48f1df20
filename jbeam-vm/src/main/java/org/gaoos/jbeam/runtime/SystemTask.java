package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * erts_internal:request_system_task/3,4: a task a process performs on itself and reports as the
 * message {@code {Type, RequestId, Result}} to the requester. {@code check_process_code}: true if
 * the module's old version is on the process's stack ({@link Proc#runs}); {@code garbage_collect}:
 * true (the JVM collects the shared heap; nothing is per process), put off while the process has
 * switched its collections off ({@code erts_debug:set_internal_state(gc_state, false)}), as on
 * BEAM; {@code system_task_test}: true.
 * A missing process answers false.
 */
public final class SystemTask extends Request {
    private static final Atom CHECK_PROCESS_CODE = Atom.of("check_process_code"),
            GARBAGE_COLLECT = Atom.of("garbage_collect");

    private final Term requester;
    private final Atom type;
    private final Term requestId;
    private final Term arg;

    SystemTask(Term requester, Atom type, Term requestId, Term arg) {
        this.requester = requester;
        this.type = type;
        this.requestId = requestId;
        this.arg = arg;
    }

    @Override
    Term execute(Proc target) {
        if (type == CHECK_PROCESS_CODE) return Atom.of(runsOldCode(target, (Atom) arg));
        return Atom.TRUE;
    }

    @Override
    boolean putOff(Proc target) {
        return type == GARBAGE_COLLECT && target.putOffCollection(this);
    }

    /** True if {@code p} (its own thread) runs the old version of {@code module}. */
    public static boolean runsOldCode(Proc p, Atom module) {
        Module m = CodeServer.get().module(module);
        ModuleCode old = m == null ? null : m.old;
        return old != null && p.runs(old);
    }

    @Override
    void reply(Term answer) {
        Processes.send(requester, Tuple.of(type, requestId, answer));
    }

    @Override
    Term noprocAnswer() {
        return Atom.FALSE;
    }

    /**
     * request_system_task: validates like BEAM (badarg for an unknown priority, type or argument)
     * and sends the task to {@code target}.
     */
    public static void request(Term requester, Term target, Term priority, Term operation) {
        if (!(target instanceof org.gaoos.jbeam.term.Pid)) throw Errors.badarg();
        if (priority != Atom.of("max") && priority != Atom.of("high") && priority != Atom.NORMAL
                && priority != Atom.of("low") && priority != Atom.of("inherit")) {
            throw Errors.badarg();
        }
        if (!(operation instanceof Tuple op) || op.arity() < 2 || op.arity() > 4 || !(op.get(0) instanceof Atom type)) {
            throw Errors.badarg();
        }
        Term arg = op.arity() > 2 ? op.get(2) : null;
        switch (type.name()) {
            case "garbage_collect" -> {
                if (arg != Atom.of("major") && arg != Atom.of("minor")) throw Errors.badarg();
            }
            case "check_process_code" -> {
                if (!(arg instanceof Atom)) throw Errors.badarg();
            }
            case "system_task_test" -> { }
            default -> throw Errors.badarg();
        }
        new SystemTask(requester, type, op.get(1), arg).sendTo(Processes.lookup(target));
    }
}
