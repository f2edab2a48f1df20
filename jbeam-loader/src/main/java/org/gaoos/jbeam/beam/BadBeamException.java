package org.gaoos.jbeam.beam;

/**
 * A {@code .beam} file that cannot be loaded: truncated, corrupt, or compiled for a release this
 * loader does not accept. The message names the module (when the atom table got that far) and the
 * problem, like BEAM's {@code beam_load} diagnostics; {@code code:load_binary/3} turns it into
 * {@code {error, badfile}}.
 */
public final class BadBeamException extends Exception {
    private final String module;
    private final String problem;

    public BadBeamException(String problem) {
        this(null, problem);
    }

    public BadBeamException(String module, String problem) {
        super(module == null ? problem : "module '" + module + "': " + problem, null, false, false);
        this.module = module;
        this.problem = problem;
    }

    /** The module's name from the atom table, or null if the file was rejected before it was known. */
    public String module() {
        return module;
    }

    /** The problem, without the module prefix. */
    public String problem() {
        return problem;
    }

    /** This error attributed to {@code module} (if it names none yet). */
    BadBeamException in(String module) {
        return this.module != null || module == null ? this : new BadBeamException(module, problem);
    }

    /** This error with {@code context} (e.g. the chunk) prepended to the problem. */
    BadBeamException within(String context) {
        return new BadBeamException(module, context + ": " + problem);
    }
}
