package org.gaoos.jbeam.bif;

import org.gaoos.jbeam.runtime.Code;
import org.gaoos.jbeam.runtime.CodeServer;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.SystemTask;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Term;

/**
 * The code-loading BIFs ERTS gives OTP's code server, erl_prim_loader, init and
 * erts_code_purger ({@code beam_bif_load.c}): prepare and finish loading, on_load, delete, purge
 * and the old-code checks. The Erlang-level wrappers ({@code erlang:load_module/2},
 * {@code erlang:purge_module/1}, {@code erlang:check_process_code/2,3}, ...) are OTP's own code in
 * erlang.beam and erts_internal.beam. See {@link CodeServer} and docs/jbeam.md, "Code loading".
 */
public final class CodeBifs {
    private CodeBifs() {}

    @Bif(module = "erts_internal", value = "prepare_loading")
    public static Term prepareLoading(Term module, Term code) {
        if (!(module instanceof Atom m) || !(code instanceof Binary b)) throw Errors.badarg();
        return CodeServer.get().prepare(m, b.toByteArray());
    }

    @Bif("has_prepared_code_on_load")
    public static Term hasPreparedCodeOnLoad(Term prepared) {
        Atom r = CodeServer.get().preparedHasOnLoad(prepared);
        if (r == null) throw Errors.badarg();
        return r;
    }

    @Bif("finish_loading")
    public static Term finishLoading(Term prepared) {
        return CodeServer.get().finishLoading(prepared);
    }

    @Bif("delete_module")
    public static Term deleteModule(Term module) {
        if (!(module instanceof Atom m)) throw Errors.badarg();
        Term r = CodeServer.get().deleteModule(m);
        if (r == null) throw Errors.badarg();
        return r;
    }

    @Bif("check_old_code")
    public static Term checkOldCode(Term module) {
        if (!(module instanceof Atom m)) throw Errors.badarg();
        return Atom.of(CodeServer.get().hasOldCode(m));
    }

    @Bif("pre_loaded")
    public static Term preLoaded() {
        return CodeServer.preloadedList();
    }

    @Bif("loaded")
    public static Term loaded() {
        return CodeServer.get().loadedList();
    }

    /** Runs the pending version's on_load function in the calling process and returns its value. */
    @Bif("call_on_load_function")
    public static Term callOnLoadFunction(Proc p, Term module) {
        if (!(module instanceof Atom m)) throw Errors.badarg();
        Code f = CodeServer.get().onLoadFunction(m);
        if (f == null) throw Errors.badarg();
        return p.call(f);
    }

    @Bif("finish_after_on_load")
    public static Term finishAfterOnLoad(Term module, Term keep) {
        if (keep != Atom.TRUE && keep != Atom.FALSE) throw Errors.badarg();
        if (!(module instanceof Atom m) || !CodeServer.get().finishAfterOnLoad(m, keep == Atom.TRUE)) {
            throw Errors.badarg();
        }
        return Atom.TRUE;
    }

    @Bif(module = "erts_internal", value = "purge_module")
    public static Term purgeModule(Proc p, Term module, Term op) {
        return Atom.of(CodeServer.get().purgeModule(p, module, op));
    }

    /** check_process_code of the calling process itself. */
    @Bif(module = "erts_internal", value = "check_process_code")
    public static Term checkProcessCode(Proc p, Term module) {
        if (!(module instanceof Atom m)) throw Errors.badarg();
        return Atom.of(SystemTask.runsOldCode(p, m));
    }

    @Bif(module = "erts_internal", value = "request_system_task")
    public static Term requestSystemTask(Proc p, Term pid, Term priority, Term request) {
        SystemTask.request(p.pid(), pid, priority, request);
        return Atom.OK;
    }

    @Bif(module = "erts_internal", value = "request_system_task")
    public static Term requestSystemTask(Term requester, Term pid, Term priority, Term request) {
        SystemTask.request(requester, pid, priority, request);
        return Atom.OK;
    }

    /** code:coverage_support/0: BEAM's JIT can count line coverage natively; jbeam cannot (cover then instruments the code). */
    @Bif(module = "code", value = "coverage_support")
    public static Term coverageSupport() {
        return Atom.FALSE;
    }
}
