package org.gaoos.jbeam.ets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.ExitHook;
import org.gaoos.jbeam.runtime.MagicRefs;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.runtime.StackTraces;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * The VM's ETS tables: by identifier and by name, and their life cycle — creation, deletion,
 * renaming, give_away, and what happens when an owner exits (the table goes to its heir, or is
 * deleted), driven by the runtime's process {@link ExitHook}.
 */
public final class Tables {
    private Tables() {}

    private static final ConcurrentHashMap<Ref, Table> BY_TID = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Atom, Table> BY_NAME = new ConcurrentHashMap<>();
    private static final Atom ETS_TRANSFER = Atom.of("ETS-TRANSFER");

    /** Creates and registers a table owned by {@code owner}; badarg if a named table's name is taken. */
    public static Table create(Proc owner, Atom name, boolean named, Table.Type type, Table.Access access,
                               int keypos, Pid heir, Term heirData, Table.Options options) {
        Table t = new Table(MagicRefs.create(TableId.INSTANCE), name, named, type, access, keypos, owner.pid(),
                liveHeir(heir, owner), heirData, options);
        if (named && BY_NAME.putIfAbsent(name, t) != null) throw badarg("already_exists");
        BY_TID.put(t.tid, t);
        watchOwner(t, owner);
        return t;
    }

    /** The table {@code id} names (a reference or a registered name), or null. */
    public static Table find(Term id) {
        Table t = id instanceof Ref r ? BY_TID.get(r) : id instanceof Atom a ? BY_NAME.get(a) : null;
        return t == null || t.deleted ? null : t;
    }

    /** The table {@code id} names; badarg if there is none (or {@code id} is not a table identifier). */
    public static Table get(Term id) {
        Table t = find(id);
        if (t != null) return t;
        // As BEAM's tid2tab: a name or a table's reference (a magic reference, even of a deleted
        // table) that finds nothing is "id"; anything else, a plain reference included, "type".
        boolean tableId = id instanceof Atom || MagicRefs.get(id, TableId.class) != null;
        throw badarg(tableId ? "id" : "type");
    }

    /** What a table's reference stands for (tells it from a plain reference). */
    private enum TableId { INSTANCE }

    /**
     * badarg with BEAM's extended error cause for ETS (erl_db.c's EXI_*: id, type, access,
     * table_type, badkey, keypos, position, owner, not_owner, already_exists), which
     * erl_stdlib_errors turns into the explanation of the failing argument.
     */
    public static ErlangException badarg(String cause) {
        return StackTraces.withCause(Errors.badarg(), Atom.of(cause));
    }

    /** All live tables' identifiers (ets:all/0). */
    public static List<Term> all() {
        List<Term> ids = new ArrayList<>();
        for (Table t : BY_TID.values()) if (!t.deleted) ids.add(t.id());
        return ids;
    }

    /** erlang:memory(ets): the live tables' memory in bytes. */
    public static long memoryBytes() {
        long words = 0;
        for (Table t : BY_TID.values()) if (!t.deleted) words += t.memoryWords();
        return 8 * words;
    }

    /** Deletes {@code t} (ets:delete/1, or its owner died with no heir). */
    public static void delete(Table t) {
        synchronized (t) {
            if (t.deleted) return;
            t.deleted = true;
        }
        BY_TID.remove(t.tid, t);
        if (t.named) BY_NAME.remove(t.name, t);
        Proc owner = Processes.lookup(t.owner);
        ExitHook h = t.ownerHook;
        if (owner != null && h != null) owner.removeExitHook(h);
        t.clear();
    }

    /** rename/2: badarg for an unnamed table or a name in use. */
    public static void rename(Table t, Atom name) {
        synchronized (t) {
            if (t.deleted) throw Errors.badarg();
            if (!t.named) {
                t.name = name;
                return;
            }
            if (name == t.name) return;
            if (BY_NAME.putIfAbsent(name, t) != null) throw Errors.badarg();
            BY_NAME.remove(t.name, t);
            t.name = name;
        }
    }

    /**
     * give_away/3: {@code from} (the owner) hands the table to the live process {@code to}, which
     * receives {'ETS-TRANSFER', Tab, FromPid, GiftData}.
     */
    public static void giveAway(Table t, Proc from, Proc to, Term gift) {
        synchronized (t) {
            if (t.deleted) throw badarg("id");
            if (to == null || !to.isAlive()) throw Errors.badarg();
            if (!t.owner.equals(from.pid())) throw badarg("not_owner");
            if (to == from) throw badarg("owner");
            transfer(t, from, to);
        }
        to.deliver(Tuple.of(ETS_TRANSFER, t.id(), from.pid(), gift));
    }

    /** An heir that is not alive when named is none, as BEAM's set_heir decides. */
    private static Pid liveHeir(Pid heir, Proc owner) {
        return heir == null || heir.equals(owner.pid()) || Processes.lookup(heir) != null ? heir : null;
    }

    /** setopts heir: a new heir (or none). */
    public static void setHeir(Table t, Proc owner, Pid heir, Term data) {
        synchronized (t) {
            t.heir = liveHeir(heir, owner);
            t.heirData = data;
        }
    }

    private static void transfer(Table t, Proc from, Proc to) {
        ExitHook old = t.ownerHook;
        if (old != null && from != null) from.removeExitHook(old);
        t.owner = to.pid();
        watchOwner(t, to);
    }

    /** Registers the exit hook on the owner; if it has already exited, acts at once. */
    private static void watchOwner(Table t, Proc owner) {
        ExitHook h = (p, reason) -> ownerExited(t, p);
        t.ownerHook = h;
        if (!owner.addExitHook(h)) ownerExited(t, owner);
    }

    /** The owner exited: the heir, if alive and not the owner itself, inherits; else the table dies. */
    static void ownerExited(Table t, Proc owner) {
        Proc heir;
        Term data;
        synchronized (t) {
            if (t.deleted || !t.owner.equals(owner.pid())) return;
            t.unfixAll(owner.pid());
            heir = t.heir == null ? null : Processes.lookup(t.heir);
            data = t.heirData;
            if (heir != null && heir != owner && heir.isAlive()) {
                t.ownerHook = null;
                transfer(t, null, heir);
            } else {
                heir = null;
            }
        }
        if (heir != null) {
            heir.deliver(Tuple.of(ETS_TRANSFER, t.id(), owner.pid(), data));
        } else {
            delete(t);
        }
    }
}
