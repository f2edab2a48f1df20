package org.gaoos.jbeam.runtime;

import org.gaoos.jbeam.term.Atom;

/**
 * A module in the module table: its current and old versions, as in BEAM. Loading a new version
 * makes the current one old; purging drops the old one, whose hidden classes the JVM may then
 * unload (nothing else refers to them strongly).
 */
public final class Module {
    public final Atom name;
    volatile ModuleCode current;
    volatile ModuleCode old;

    Module(Atom name) {
        this.name = name;
    }

    public ModuleCode current() { return current; }

    public ModuleCode old() { return old; }
}
