package org.gaoos.jbeam.runtime;

/**
 * The service through which the runtime turns a {@code .beam} file into a module version. The
 * translator in jbeam-loader implements it (found with {@link java.util.ServiceLoader}), so the
 * runtime does not depend on the loader at compile time.
 */
public interface ModuleLoader {
    /**
     * Reads and translates a {@code .beam} file and defines its classes.
     *
     * @param name a name for messages (the file name)
     * @throws LoadException if the file is malformed or uses something not supported
     */
    ModuleCode load(byte[] beam, String name) throws LoadException;

    /** Why a module could not be loaded; the message names the module and the problem. */
    final class LoadException extends Exception {
        public LoadException(String message) { super(message); }

        public LoadException(String message, Throwable cause) { super(message, cause); }
    }
}
