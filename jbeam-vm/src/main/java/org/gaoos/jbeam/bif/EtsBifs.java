package org.gaoos.jbeam.bif;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.ets.MatchSpec;
import org.gaoos.jbeam.ets.Select;
import org.gaoos.jbeam.ets.Table;
import org.gaoos.jbeam.ets.Tables;
import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Ops;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.runtime.Processes;
import org.gaoos.jbeam.term.Arith;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.Int;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.LocalNode;
import org.gaoos.jbeam.term.MapTerm;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.TermOrder;
import org.gaoos.jbeam.term.Tuple;

/**
 * The ets BIFs of OTP 27's bif.tab (ets.erl's Erlang side — tab2list, foldl, select_delete's
 * shortcut, match_spec_run — runs unchanged on top of them), plus erlang:match_spec_test/3.
 * Tables, ownership and match specifications live in {@link org.gaoos.jbeam.ets}.
 */
public final class EtsBifs {
    private EtsBifs() {}

    static final Atom END_OF_TABLE = Atom.of("$end_of_table");

    private static Table read(Proc p, Term tab) {
        Table t = Tables.get(tab);
        t.checkRead(p.pid());
        return t;
    }

    private static Table write(Proc p, Term tab) {
        Table t = Tables.get(tab);
        t.checkWrite(p.pid());
        return t;
    }

    private static int smallInt(Term t) {
        if (t instanceof Small s && s.value >= Integer.MIN_VALUE && s.value <= Integer.MAX_VALUE) return (int) s.value;
        throw Errors.badarg();
    }

    // ---- creation and deletion ----

    @Bif(module = "ets", value = "new")
    public static Term newTable(Proc p, Term name, Term options) {
        if (!(name instanceof Atom n)) throw Errors.badarg();
        Table.Type type = Table.Type.SET;
        Table.Access access = Table.Access.PROTECTED;
        boolean named = false, compressed = false;
        int keypos = 1;
        Pid heir = null;
        Term heirData = null;
        Term readConc = Atom.FALSE, writeConc = Atom.FALSE, decentralized = null;
        Term l = options;
        while (l instanceof Cons c) {
            Term o = c.head();
            l = c.tail();
            if (o instanceof Atom a) {
                switch (a.name()) {
                    case "set" -> type = Table.Type.SET;
                    case "ordered_set" -> type = Table.Type.ORDERED_SET;
                    case "bag" -> type = Table.Type.BAG;
                    case "duplicate_bag" -> type = Table.Type.DUPLICATE_BAG;
                    case "public" -> access = Table.Access.PUBLIC;
                    case "protected" -> access = Table.Access.PROTECTED;
                    case "private" -> access = Table.Access.PRIVATE;
                    case "named_table" -> named = true;
                    case "compressed" -> compressed = true;
                    default -> throw Errors.badarg();
                }
            } else if (o instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Atom a) {
                Term v = t.get(1);
                switch (a.name()) {
                    case "keypos" -> {
                        keypos = smallInt(v);
                        if (keypos < 1) throw Errors.badarg();
                    }
                    case "heir" -> {
                        if (v != Atom.NONE) throw Errors.badarg();
                        heir = null;
                    }
                    case "read_concurrency" -> readConc = bool(v);
                    case "write_concurrency" -> writeConc = v == Atom.of("auto") ? v : v instanceof Tuple ? fixedLocks(v) : bool(v);
                    case "decentralized_counters" -> decentralized = bool(v);
                    default -> throw Errors.badarg();
                }
            } else if (o instanceof Tuple t && t.arity() == 3 && t.get(0) == Atom.of("heir")) {
                if (!(t.get(1) instanceof Pid hp)) throw Errors.badarg();
                heir = hp;
                heirData = t.get(2);
            } else {
                throw Errors.badarg();
            }
        }
        if (l != Nil.NIL) throw Errors.badarg();
        if (type == Table.Type.ORDERED_SET && writeConc instanceof Tuple) throw Errors.badarg(); // hash tables only
        if (decentralized == null) {
            decentralized = Atom.of(type == Table.Type.ORDERED_SET && writeConc == Atom.TRUE
                    || writeConc == Atom.of("auto") || writeConc instanceof Tuple);
        }
        Table t = Tables.create(p, n, named, type, access, keypos, heir, heirData,
                new Table.Options(readConc, writeConc, decentralized, compressed));
        return t.id();
    }

    /**
     * {@code {debug_hash_fixed_number_of_locks, N}}, BEAM's test option for a hash table with a
     * fixed number of locks (1..32768): reported as BEAM's table has it, the largest power of two
     * not above N, at least 64. jbeam's tables are lock-free for any number of writers.
     */
    private static Term fixedLocks(Term v) {
        if (v instanceof Tuple t && t.arity() == 2 && t.get(0) == Atom.of("debug_hash_fixed_number_of_locks")
                && t.get(1) instanceof Small n && n.value() >= 1 && n.value() <= 32768) {
            return Tuple.of(t.get(0), Small.of(Math.max(64, Long.highestOneBit(n.value()))));
        }
        throw Errors.badarg();
    }

    private static Term bool(Term v) {
        if (v == Atom.TRUE || v == Atom.FALSE) return v;
        throw Errors.badarg();
    }

    @Bif(module = "ets", value = "delete")
    public static Term delete(Proc p, Term tab) {
        Tables.delete(write(p, tab)); // the owner, or anyone for a public table
        return Atom.TRUE;
    }

    @Bif(module = "ets", value = "whereis")
    public static Term whereis(Term name) {
        if (!(name instanceof Atom)) throw Errors.badarg();
        Table t = Tables.find(name);
        return t == null || !t.named ? Atom.UNDEFINED : t.tid;
    }

    @Bif(module = "ets", value = "rename")
    public static Term rename(Proc p, Term tab, Term name) {
        if (!(name instanceof Atom n)) throw Errors.badarg();
        Table t = write(p, tab);
        Tables.rename(t, n);
        return t.id(); // the new name, or the reference of an unnamed table
    }

    @Bif(module = "ets", value = "give_away")
    public static Term giveAway(Proc p, Term tab, Term pid, Term gift) {
        Table t = write(p, tab); // the table's errors first, as on BEAM
        if (!(pid instanceof Pid)) throw Errors.badarg();
        Tables.giveAway(t, p, Processes.lookup(pid), gift);
        return Atom.TRUE;
    }

    @Bif(module = "ets", value = "setopts")
    public static Term setopts(Proc p, Term tab, Term opts) {
        Table t = write(p, tab);
        Term l = opts instanceof Cons || opts == Nil.NIL ? opts : new Cons(opts, Nil.NIL);
        Term[] heir = null; // {Pid or null, Data}
        Table.Access protection = null;
        while (l instanceof Cons c) {
            Term o = c.head();
            l = c.tail();
            if (o instanceof Tuple x && x.arity() == 2 && x.get(0) == Atom.of("heir") && x.get(1) == Atom.NONE
                    && heir == null) {
                heir = new Term[] {null, null};
            } else if (o instanceof Tuple x && x.arity() == 3 && x.get(0) == Atom.of("heir") && x.get(1) instanceof Pid
                    && heir == null) {
                heir = new Term[] {x.get(1), x.get(2)};
            } else if (o instanceof Tuple x && x.arity() == 2 && x.get(0) == Atom.of("protection")
                    && x.get(1) instanceof Atom a && access(a) != null && protection == null) {
                protection = access(a);
            } else { // also an option given twice, as on BEAM
                throw Errors.badarg();
            }
        }
        if (l != Nil.NIL || !t.owner().equals(p.pid())) throw Errors.badarg();
        if (heir != null) Tables.setHeir(t, p, (Pid) heir[0], heir[1]);
        if (protection != null) t.access = protection;
        return Atom.TRUE;
    }

    /** The access a protection option names, or null. */
    private static Table.Access access(Atom a) {
        for (Table.Access x : Table.Access.values()) {
            if (x.atom() == a) return x;
        }
        return null;
    }

    @Bif(module = "ets", value = "internal_request_all")
    public static Term internalRequestAll(Proc p) {
        // ets:all/0 collects one reply per scheduler; jbeam answers with everything in the first.
        Term ref = Processes.makeRef();
        p.deliver(Tuple.of(ref, Lists.of(Tables.all())));
        return ref;
    }

    /** ets:all/0 directly (BIF exports win over ets.erl's version, which counts schedulers). */
    @Bif(module = "ets", value = "all")
    public static Term all() {
        return Lists.of(Tables.all());
    }

    // ---- writing ----

    private static Tuple[] objects(Table t, Term objs) {
        if (objs instanceof Tuple one) {
            t.keyOf(one);
            return new Tuple[] {one};
        }
        List<Tuple> l = new ArrayList<>();
        Term x = objs;
        while (x instanceof Cons c) {
            if (!(c.head() instanceof Tuple o)) throw Errors.badarg();
            t.keyOf(o);
            l.add(o);
            x = c.tail();
        }
        if (x != Nil.NIL) throw Errors.badarg();
        return l.toArray(new Tuple[0]);
    }

    @Bif(module = "ets", value = "insert")
    public static Term insert(Proc p, Term tab, Term objs) {
        Table t = write(p, tab);
        Tuple[] os = objects(t, objs);
        if (os.length == 1) {
            t.insert(os[0]);
        } else {
            synchronized (t.bulkLock) {
                for (Tuple o : os) t.insert(o);
            }
        }
        return Atom.TRUE;
    }

    @Bif(module = "ets", value = "insert_new")
    public static Term insertNew(Proc p, Term tab, Term objs) {
        Table t = write(p, tab);
        Tuple[] os = objects(t, objs);
        if (os.length == 1) return Atom.of(t.insertNew(os[0]));
        synchronized (t.bulkLock) {
            for (Tuple o : os) if (t.member(t.keyOf(o))) return Atom.FALSE;
            for (Tuple o : os) t.insert(o);
        }
        return Atom.TRUE;
    }

    @Bif(module = "ets", value = "delete")
    public static Term delete(Proc p, Term tab, Term key) {
        write(p, tab).delete(key);
        return Atom.TRUE;
    }

    @Bif(module = "ets", value = "delete_object")
    public static Term deleteObject(Proc p, Term tab, Term obj) {
        Table t = write(p, tab);
        t.keyOf(obj);
        t.deleteObject((Tuple) obj);
        return Atom.TRUE;
    }

    @Bif(module = "ets", value = "internal_delete_all")
    public static Term internalDeleteAll(Proc p, Term tab, Term undefined) {
        Table t = write(p, tab);
        synchronized (t.bulkLock) {
            return Int.of(t.clear());
        }
    }

    @Bif(module = "ets", value = "take")
    public static Term take(Proc p, Term tab, Term key) {
        return Table.list(write(p, tab).take(key));
    }

    // ---- reading ----

    @Bif(module = "ets", value = "lookup")
    public static Term lookup(Proc p, Term tab, Term key) {
        return Table.list(read(p, tab).lookup(key));
    }

    @Bif(module = "ets", value = "member")
    public static Term member(Proc p, Term tab, Term key) {
        return Atom.of(read(p, tab).member(key));
    }

    @Bif(module = "ets", value = "lookup_element")
    public static Term lookupElement(Proc p, Term tab, Term key, Term pos) {
        Table t = read(p, tab);
        int i = smallInt(pos);
        Tuple[] objs = t.lookup(key);
        if (objs.length == 0) throw Errors.badarg();
        return element(t, objs, i);
    }

    @Bif(module = "ets", value = "lookup_element")
    public static Term lookupElement(Proc p, Term tab, Term key, Term pos, Term dflt) {
        Table t = read(p, tab);
        int i = smallInt(pos);
        if (i < 1) throw Errors.badarg();
        Tuple[] objs = t.lookup(key);
        if (objs.length == 0) return dflt;
        return element(t, objs, i);
    }

    private static Term element(Table t, Tuple[] objs, int i) {
        if (i < 1) throw Errors.badarg();
        for (Tuple o : objs) if (o.arity() < i) throw Errors.badarg();
        if (!t.isBag()) return objs[0].get(i - 1);
        ListBuilder lb = new ListBuilder();
        for (Tuple o : objs) lb.add(o.get(i - 1));
        return lb.build();
    }

    // ---- traversal ----

    private static Term key(Map.Entry<Term, Tuple[]> e) {
        return e == null ? END_OF_TABLE : e.getKey();
    }

    private static Term keyObjects(Map.Entry<Term, Tuple[]> e) {
        return e == null ? END_OF_TABLE : Tuple.of(e.getKey(), Table.list(e.getValue()));
    }

    @Bif(module = "ets", value = "first")
    public static Term first(Proc p, Term tab) { return key(read(p, tab).first(false)); }

    @Bif(module = "ets", value = "last")
    public static Term last(Proc p, Term tab) { return key(read(p, tab).first(true)); }

    @Bif(module = "ets", value = "next")
    public static Term next(Proc p, Term tab, Term k) { return key(read(p, tab).next(k, false)); }

    @Bif(module = "ets", value = "prev")
    public static Term prev(Proc p, Term tab, Term k) { return key(read(p, tab).next(k, true)); }

    @Bif(module = "ets", value = "first_lookup")
    public static Term firstLookup(Proc p, Term tab) { return keyObjects(read(p, tab).first(false)); }

    @Bif(module = "ets", value = "last_lookup")
    public static Term lastLookup(Proc p, Term tab) { return keyObjects(read(p, tab).first(true)); }

    @Bif(module = "ets", value = "next_lookup")
    public static Term nextLookup(Proc p, Term tab, Term k) { return keyObjects(read(p, tab).next(k, false)); }

    @Bif(module = "ets", value = "prev_lookup")
    public static Term prevLookup(Proc p, Term tab, Term k) { return keyObjects(read(p, tab).next(k, true)); }

    @Bif(module = "ets", value = "slot")
    public static Term slot(Proc p, Term tab, Term i) {
        Table t = read(p, tab);
        if (!(i instanceof Small s) || s.value < 0) throw Errors.badarg();
        Term r = t.slot(s.value);
        if (r != null) return r;
        if (s.value == t.keyCount()) return END_OF_TABLE;
        throw Errors.badarg();
    }

    @Bif(module = "ets", value = "safe_fixtable")
    public static Term safeFixtable(Proc p, Term tab, Term on) {
        Table t = read(p, tab);
        if (on != Atom.TRUE && on != Atom.FALSE) throw Errors.badarg();
        t.fix(p.pid(), on == Atom.TRUE);
        return Atom.TRUE;
    }

    // ---- counters and elements ----

    @Bif(module = "ets", value = "update_counter")
    public static Term updateCounter(Proc p, Term tab, Term key, Term op) {
        return updateCounter(p, tab, key, op, null);
    }

    @Bif(module = "ets", value = "update_counter")
    public static Term updateCounter(Proc p, Term tab, Term key, Term op, Term dflt) {
        Table t = write(p, tab);
        if (t.isBag()) throw Errors.badarg();
        Tuple d = null;
        if (dflt != null) {
            if (!(dflt instanceof Tuple dt) || dt.arity() < t.keypos) throw Errors.badarg();
            d = dt.with(t.keypos - 1, key);
        }
        boolean many = op instanceof Cons || op == Nil.NIL;
        List<Term[]> ops = new ArrayList<>();
        if (many) {
            Term l = op;
            while (l instanceof Cons c) {
                ops.add(counterOp(t, c.head()));
                l = c.tail();
            }
            if (l != Nil.NIL) throw Errors.badarg();
        } else {
            ops.add(counterOp(t, op));
        }
        Term[] results = new Term[ops.size()];
        t.update(key, d, old -> {
            Tuple o = old;
            for (int i = 0; i < ops.size(); i++) {
                Term[] u = ops.get(i);
                int pos = ((Small) u[0]).fitsInt() ? (int) ((Small) u[0]).value : -1;
                if (pos < 1 || pos > o.arity() || pos == t.keypos) throw Errors.badarg();
                if (!(o.get(pos - 1) instanceof Int cur)) throw Errors.badarg();
                Term incr = u[1];
                Term v = Arith.add(cur, incr);
                if (u.length == 4) {
                    boolean up = ((Int) incr).signum() >= 0;
                    int c = v.compareTo(u[2]);
                    if (up ? c > 0 : c < 0) v = u[3];
                }
                results[i] = v;
                o = o.with(pos - 1, v);
            }
            return o;
        });
        return many ? Lists.of(results) : results[0];
    }

    /** {Pos, Incr, [Threshold, SetValue]} from an update op (an integer means keypos+1). */
    private static Term[] counterOp(Table t, Term op) {
        if (op instanceof Int) return new Term[] {Small.of(t.keypos + 1L), op};
        if (op instanceof Tuple u && (u.arity() == 2 || u.arity() == 4) && u.get(0) instanceof Small) {
            for (int i = 1; i < u.arity(); i++) if (!(u.get(i) instanceof Int)) throw Errors.badarg();
            return u.toArray();
        }
        throw Errors.badarg();
    }

    @Bif(module = "ets", value = "update_element")
    public static Term updateElement(Proc p, Term tab, Term key, Term spec) {
        return updateElement(p, tab, key, spec, null);
    }

    @Bif(module = "ets", value = "update_element")
    public static Term updateElement(Proc p, Term tab, Term key, Term spec, Term dflt) {
        Table t = write(p, tab);
        if (t.isBag()) throw Errors.badarg();
        Tuple d = null;
        if (dflt != null) {
            if (!(dflt instanceof Tuple dt) || dt.arity() < t.keypos) throw Errors.badarg();
            d = dt.with(t.keypos - 1, key);
        }
        List<Tuple> specs = new ArrayList<>();
        if (spec instanceof Tuple one) {
            specs.add(one);
        } else {
            Term l = spec;
            while (l instanceof Cons c) {
                if (!(c.head() instanceof Tuple s)) throw Errors.badarg();
                specs.add(s);
                l = c.tail();
            }
            if (l != Nil.NIL) throw Errors.badarg();
        }
        for (Tuple s : specs) {
            if (s.arity() != 2 || !(s.get(0) instanceof Small pos) || pos.value < 1 || pos.value == t.keypos) {
                throw Errors.badarg();
            }
        }
        if (d == null && !t.member(key)) return Atom.FALSE;
        try {
            t.update(key, d, old -> {
                Tuple o = old;
                for (Tuple s : specs) {
                    long pos = ((Small) s.get(0)).value;
                    if (pos > o.arity()) throw Errors.badarg();
                    o = o.with((int) pos - 1, s.get(1));
                }
                return o;
            });
        } catch (org.gaoos.jbeam.runtime.ErlangException e) {
            if (d == null && !t.member(key)) return Atom.FALSE; // deleted meanwhile
            throw e;
        }
        return Atom.TRUE;
    }

    // ---- info ----

    private static final Atom[] INFO_ITEMS = {
        Atom.of("id"), Atom.of("decentralized_counters"), Atom.of("read_concurrency"), Atom.of("write_concurrency"),
        Atom.of("compressed"), Atom.of("memory"), Atom.of("owner"), Atom.of("heir"), Atom.of("name"),
        Atom.of("size"), Atom.of("node"), Atom.of("named_table"), Atom.of("type"), Atom.of("keypos"),
        Atom.of("protection")};

    @Bif(module = "ets", value = "info")
    public static Term info(Proc p, Term tab) {
        if (!(tab instanceof Atom) && !(tab instanceof org.gaoos.jbeam.term.Ref)) throw Errors.badarg();
        Table t = Tables.find(tab);
        if (t == null) return Atom.UNDEFINED;
        ListBuilder lb = new ListBuilder();
        for (Atom item : INFO_ITEMS) lb.add(Tuple.of(item, infoItem(t, item)));
        return lb.build();
    }

    @Bif(module = "ets", value = "info")
    public static Term info(Proc p, Term tab, Term item) {
        if (!(tab instanceof Atom) && !(tab instanceof org.gaoos.jbeam.term.Ref)) throw Errors.badarg();
        Table t = Tables.find(tab);
        if (!(item instanceof Atom a)) throw Errors.badarg();
        if (t == null) return Atom.UNDEFINED;
        Term v = infoItem(t, a);
        if (v == null) throw Errors.badarg();
        return v;
    }

    private static Term infoItem(Table t, Atom item) {
        return switch (item.name()) {
            case "id" -> t.id();
            case "decentralized_counters" -> t.options.decentralizedCounters();
            case "read_concurrency" -> t.options.readConcurrency();
            case "write_concurrency" -> t.options.writeConcurrency();
            case "compressed" -> Atom.of(t.options.compressed());
            case "memory" -> Int.of(t.memoryWords());
            case "owner" -> t.owner();
            case "heir" -> t.heir() == null ? Atom.NONE : t.heir();
            case "name" -> t.name();
            case "size" -> Int.of(t.size());
            case "node" -> LocalNode.name();
            case "named_table" -> Atom.of(t.named);
            case "type" -> t.type.atom();
            case "keypos" -> Small.of(t.keypos);
            case "protection" -> t.access.atom();
            case "fixed" -> Atom.of(t.isFixed());
            case "safe_fixed", "safe_fixed_monotonic_time" -> Select.fixInfo(t, item.name().endsWith("time"));
            case "stats" -> Atom.FALSE;
            case "binary" -> Nil.NIL;
            default -> null;
        };
    }

    // ---- match specifications ----

    static MatchSpec compile(Term ms) {
        try {
            return MatchSpec.compile(ms);
        } catch (MatchSpec.Invalid e) {
            throw Errors.badarg();
        }
    }

    private static final Atom DOLLAR_DOLLAR = Atom.of("$$");
    private static final Atom DOLLAR_UNDERSCORE = Atom.of("$_");

    static Term matchSpecOf(Term pattern, Atom body) {
        return Lists.of(Tuple.of(pattern, Nil.NIL, Lists.of(body)));
    }

    @Bif(module = "ets", value = "select")
    public static Term select(Proc p, Term tab, Term ms) {
        Table t = read(p, tab);
        return Select.all(p, t, compile(ms), false, Select.Mode.SELECT);
    }

    @Bif(module = "ets", value = "select_reverse")
    public static Term selectReverse(Proc p, Term tab, Term ms) {
        Table t = read(p, tab);
        return Select.all(p, t, compile(ms), t.isOrdered(), Select.Mode.SELECT);
    }

    @Bif(module = "ets", value = "select")
    public static Term select(Proc p, Term tab, Term ms, Term limit) {
        Table t = read(p, tab);
        return Select.chunk(p, t, compile(ms), ms, false, limit(limit), null);
    }

    @Bif(module = "ets", value = "select_reverse")
    public static Term selectReverse(Proc p, Term tab, Term ms, Term limit) {
        Table t = read(p, tab);
        return Select.chunk(p, t, compile(ms), ms, t.isOrdered(), limit(limit), null);
    }

    @Bif(module = "ets", value = "select")
    public static Term select(Proc p, Term cont) {
        return Select.resume(p, cont);
    }

    @Bif(module = "ets", value = "select_reverse")
    public static Term selectReverse(Proc p, Term cont) {
        return Select.resume(p, cont);
    }

    @Bif(module = "ets", value = "match")
    public static Term match(Proc p, Term tab, Term pattern) {
        return select(p, tab, matchSpecOf(pattern, DOLLAR_DOLLAR));
    }

    @Bif(module = "ets", value = "match")
    public static Term match(Proc p, Term tab, Term pattern, Term limit) {
        return select(p, tab, matchSpecOf(pattern, DOLLAR_DOLLAR), limit);
    }

    @Bif(module = "ets", value = "match")
    public static Term match(Proc p, Term cont) {
        return Select.resume(p, cont);
    }

    @Bif(module = "ets", value = "match_object")
    public static Term matchObject(Proc p, Term tab, Term pattern) {
        return select(p, tab, matchSpecOf(pattern, DOLLAR_UNDERSCORE));
    }

    @Bif(module = "ets", value = "match_object")
    public static Term matchObject(Proc p, Term tab, Term pattern, Term limit) {
        return select(p, tab, matchSpecOf(pattern, DOLLAR_UNDERSCORE), limit);
    }

    @Bif(module = "ets", value = "match_object")
    public static Term matchObject(Proc p, Term cont) {
        return Select.resume(p, cont);
    }

    private static long limit(Term l) {
        if (l instanceof Small s && s.value > 0) return s.value;
        throw Errors.badarg();
    }

    @Bif(module = "ets", value = "select_count")
    public static Term selectCount(Proc p, Term tab, Term ms) {
        Table t = read(p, tab);
        return Select.all(p, t, compile(ms), false, Select.Mode.COUNT);
    }

    @Bif(module = "ets", value = "internal_select_delete")
    public static Term internalSelectDelete(Proc p, Term tab, Term ms) {
        Table t = write(p, tab);
        return Select.all(p, t, compile(ms), false, Select.Mode.DELETE);
    }

    @Bif(module = "ets", value = "select_replace")
    public static Term selectReplace(Proc p, Term tab, Term ms) {
        Table t = write(p, tab);
        MatchSpec m = compile(ms);
        if (t.isBag() || !keepsKey(t.keypos, ms)) throw Errors.badarg();
        return Select.all(p, t, m, false, Select.Mode.REPLACE);
    }

    /** erl_db_util's db_match_keeps_key: every clause's body visibly returns an object with the head's key. */
    private static boolean keepsKey(int keypos, Term ms) {
        Term l = ms;
        while (l instanceof Cons c) {
            Tuple clause = (Tuple) c.head();
            if (!clauseKeepsKey(keypos, clause.get(0), clause.get(2))) return false;
            l = c.tail();
        }
        return true;
    }

    private static boolean clauseKeepsKey(int keypos, Term head, Term body) {
        if (!(body instanceof Cons b) || b.tail() != Nil.NIL) return false;
        Term single = b.head();
        if (single == DOLLAR_UNDERSCORE) return true;
        if (!(head instanceof Tuple h) || h.arity() < keypos || !(single instanceof Tuple st)) return false;
        Term matchKey = h.get(keypos - 1);
        boolean constMode;
        Term sub;
        if (st.arity() == 2 && st.get(0) == Atom.of("const")) {
            sub = st.get(1);
            constMode = true;
        } else if (st.arity() == 1) {
            sub = st.get(0);
            constMode = false;
        } else {
            return false;
        }
        if (!(sub instanceof Tuple s) || s.arity() < keypos) return false;
        Term bodyKey = s.get(keypos - 1);
        if (bodyBuilds(matchKey, bodyKey, constMode)) return true;
        if (constMode) return false;
        return bodyKey instanceof Tuple k && k.arity() == 3 && k.get(0) == Atom.of("element")
                && k.get(1) instanceof Small pos && pos.value == keypos && k.get(2) == DOLLAR_UNDERSCORE;
    }

    /**
     * Whether body expression {@code body} builds exactly what head pattern {@code head} matched:
     * tuples rebuilt with {{...}} (or quoted with {const, ...}), lists element by element, the same
     * variables and constants. A map is never known to be rebuilt whole (the pattern matches
     * larger maps); a variable, '_', '$$' or '$_' in a {const, ...} stands for itself.
     */
    private static boolean bodyBuilds(Term head, Term body, boolean constMode) {
        if (body instanceof Cons b) {
            return head instanceof Cons h && bodyBuilds(h.head(), b.head(), constMode)
                    && bodyBuilds(h.tail(), b.tail(), constMode);
        }
        if (body instanceof Tuple b) {
            if (!constMode) {
                if (b.arity() == 2 && b.get(0) == Atom.of("const")) return bodyBuilds(head, b.get(1), true);
                if (b.arity() != 1 || !(b.get(0) instanceof Tuple inner)) return false; // a call, or not a construction
                b = inner;
            }
            if (!(head instanceof Tuple h) || h.arity() != b.arity()) return false;
            for (int i = 0; i < b.arity(); i++) {
                if (!bodyBuilds(h.get(i), b.get(i), constMode)) return false;
            }
            return true;
        }
        if (body instanceof MapTerm) return false;
        if (body instanceof Atom a) {
            String n = a.name();
            boolean special = n.equals("_") || n.equals("$$") || n.equals("$_")
                    || (constMode && n.startsWith("$") && variableNumber(n) >= 0);
            return head == a && !special;
        }
        return TermOrder.compare(body, head, true) == 0; // numbers, binaries, pids...: exactly equal
    }

    /** The N of a match-spec variable '$N', or -1. */
    private static int variableNumber(String name) {
        if (name.length() < 2) return -1;
        for (int i = 1; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return -1;
        return name.length() > 10 ? -1 : Integer.parseInt(name.substring(1));
    }

    @Bif(module = "ets", value = "match_spec_compile")
    public static Term matchSpecCompile(Term ms) {
        return MatchSpec.register(compile(ms));
    }

    @Bif(module = "ets", value = "is_compiled_ms")
    public static Term isCompiledMs(Term t) {
        return Atom.of(MatchSpec.ofCompiled(t) != null);
    }

    @Bif(module = "ets", value = "match_spec_run_r")
    public static Term matchSpecRunR(Proc p, Term list, Term compiled, Term acc) {
        MatchSpec ms = MatchSpec.ofCompiled(compiled);
        if (ms == null) throw Errors.badarg();
        Term r = acc;
        Term l = list;
        while (l instanceof Cons c) {
            Term v = ms.run(p, c.head());
            if (v != null) r = new Cons(v, r);
            l = c.tail();
        }
        if (l != Nil.NIL) throw Errors.badarg();
        return r;
    }

    /** erlang:match_spec_test(Term, MS, table): {ok, Result, [], []} or {error, [{error, Message}]}. */
    @Bif(value = "match_spec_test")
    public static Term matchSpecTest(Proc p, Term term, Term ms, Term kind) {
        if (kind == Atom.of("trace")) return matchSpecTestTrace(p, term, ms);
        if (kind != Atom.of("table")) throw Errors.badarg();
        MatchSpec m;
        try {
            m = MatchSpec.compile(ms);
        } catch (MatchSpec.Invalid e) {
            return Tuple.of(Atom.ERROR, Lists.of(Tuple.of(Atom.ERROR, Lists.fromString(e.getMessage()))));
        }
        Term r = m.run(p, term);
        return Tuple.adopt(new Term[] {Atom.OK, r == null ? Atom.FALSE : r, Nil.NIL, Nil.NIL});
    }

    /**
     * match_spec_test(Args, MS, trace): runs a call-trace match specification on an argument list,
     * with its destructive actions faked (no process is traced): {ok, Message, Flags, []}.
     */
    private static Term matchSpecTestTrace(Proc p, Term args, Term ms) {
        if (!Ops.isList(args)) throw Errors.badarg();
        MatchSpec m;
        try {
            m = MatchSpec.compileTrace(ms, Atom.of("call"));
        } catch (MatchSpec.Invalid e) {
            return Tuple.of(Atom.ERROR, Lists.of(Tuple.of(Atom.ERROR, Lists.fromString(e.getMessage()))));
        }
        MatchSpec.TraceResult r = m.runTrace(p, args, null);
        Term flags = Nil.NIL;
        if (r != null && r.exceptionTrace) flags = new Cons(Atom.of("exception_trace"), flags);
        if (r != null && r.returnTrace) flags = new Cons(Atom.of("return_trace"), flags);
        return Tuple.adopt(new Term[] {Atom.OK, r == null ? Atom.FALSE : r.message, flags, Nil.NIL});
    }
}
