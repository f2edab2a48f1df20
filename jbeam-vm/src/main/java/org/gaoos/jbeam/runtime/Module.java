package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;

/**
 * A module in the module table: its current and old versions, as in BEAM, and a version whose
 * {@code -on_load} function has not yet succeeded. Loading a new version makes the current one
 * old; purging drops the old one, whose hidden classes the JVM may then unload (nothing else refers
 * to them strongly once no process runs them and no fun made by them is alive). Changed only by
 * {@link CodeServer}, under its lock; read by anyone.
 */
public final class Module {
    public final Atom name;
    volatile ModuleCode current;
    volatile ModuleCode old;
    /** Loaded, but its on_load function has not run yet: not callable through exports. */
    volatile ModuleCode onLoad;

    Module(Atom name) {
        this.name = name;
    }

    public ModuleCode current() { return current; }

    public ModuleCode old() { return old; }

    public ModuleCode onLoad() { return onLoad; }
}
