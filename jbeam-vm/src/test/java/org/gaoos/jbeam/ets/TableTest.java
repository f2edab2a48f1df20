package org.gaoos.jbeam.ets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Flonum;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Pid;
import org.gaoos.jbeam.term.Ref;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.junit.jupiter.api.Test;

/** Table semantics and concurrent writers at the Java level (the Erlang side: EtsDifferentialTest). */
class TableTest {
    private static final Pid OWNER = new Pid(Atom.NONODE, 1, 0, 0);

    private static Table table(Table.Type type) {
        return new Table(new Ref(Atom.NONODE, 0, 1, 2, 3), Atom.of("t"), false, type, Table.Access.PUBLIC, 1, OWNER,
                null, null, new Table.Options(Atom.FALSE, Atom.FALSE, Atom.FALSE, false));
    }

    private static Small i(long v) { return Small.of(v); }

    @Test
    void setKeysMatchExactlyAndOrderedSetKeysCompareEqual() {
        Table set = table(Table.Type.SET), ord = table(Table.Type.ORDERED_SET);
        for (Table t : List.of(set, ord)) {
            t.insert(Tuple.of(i(1), Atom.of("int")));
            t.insert(Tuple.of(Flonum.of(1.0), Atom.of("float")));
        }
        assertEquals(2, set.size());
        assertEquals(1, ord.size());
        assertArrayEquals(new Tuple[] {Tuple.of(Flonum.of(1.0), Atom.of("float"))}, ord.lookup(i(1)));
        assertArrayEquals(new Tuple[] {Tuple.of(i(1), Atom.of("int"))}, set.lookup(i(1)));
    }

    @Test
    void bagsKeepInsertionOrderAndDropDuplicatesUnlessDuplicateBag() {
        Table bag = table(Table.Type.BAG), dup = table(Table.Type.DUPLICATE_BAG);
        for (Table t : List.of(bag, dup)) {
            for (long v : new long[] {3, 1, 3, 2}) t.insert(Tuple.of(Atom.of("k"), i(v)));
        }
        assertEquals(3, bag.size());
        assertEquals(4, dup.size());
        assertEquals(Tuple.of(Atom.of("k"), i(1)), bag.lookup(Atom.of("k"))[1]);
        dup.deleteObject(Tuple.of(Atom.of("k"), i(3)));
        assertEquals(2, dup.size());
    }

    @Test
    void nextOnAMissingKeyOfAnUnfixedHashTableIsBadarg() {
        Table set = table(Table.Type.SET);
        set.insert(Tuple.of(i(1)));
        assertThrows(ErlangException.class, () -> set.next(i(2), false));
        set.fix(OWNER, true);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> set.next(i(2), false));
    }

    @Test
    void matchSpecRejectsMalformedSpecs() {
        assertThrows(MatchSpec.Invalid.class, () -> MatchSpec.compile(Atom.of("x")));
        assertThrows(MatchSpec.Invalid.class, () -> MatchSpec.compile(Lists.of(Tuple.of(Atom.of("_"), Nil.NIL,
                Lists.of(Atom.of("$1"))))));
        assertThrows(MatchSpec.Invalid.class, () -> MatchSpec.compile(Lists.of(Tuple.of(Atom.of("_"), Nil.NIL,
                Lists.of(Tuple.of(Atom.of("no_such_bif"), i(1)))))));
    }

    @Test
    void matchSpecGuardsAndBodies() throws Exception {
        // [{{'$1','$2'}, [{'>', '$2', 1}], [{{'$2', '$1'}}]}]
        MatchSpec ms = MatchSpec.compile(Lists.of(Tuple.of(Tuple.of(Atom.of("$1"), Atom.of("$2")),
                Lists.of(Tuple.of(Atom.of(">"), Atom.of("$2"), i(1))),
                Lists.of(Tuple.of((Term) Tuple.of(Atom.of("$2"), Atom.of("$1")))))));
        assertEquals(Tuple.of(i(5), Atom.of("a")), ms.run(null, Tuple.of(Atom.of("a"), i(5))));
        assertNull(ms.run(null, Tuple.of(Atom.of("a"), i(0))));
        // atoms sort after numbers: the guard holds
        assertEquals(Tuple.of(Atom.of("z"), Atom.of("a")), ms.run(null, Tuple.of(Atom.of("a"), Atom.of("z"))));
        assertNull(ms.run(null, Tuple.of(Atom.of("a"))));
    }

    /** 8 virtual threads: counters and inserts on shared keys end exact; no update is lost. */
    @Test
    void concurrentWritersLoseNothing() throws Exception {
        for (Table.Type type : Table.Type.values()) {
            Table t = table(type);
            Table counters = table(Table.Type.SET);
            int workers = 8, n = 5000;
            try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int id = w;
                    fs.add(ex.submit(() -> {
                        for (int k = 0; k < n; k++) {
                            t.insert(Tuple.of(i(id * 1_000_000L + k), i(k)));
                            t.insert(Tuple.of(Atom.of("shared"), i(k % 10)));
                            counters.update(i(k % 16), Tuple.of(i(k % 16), i(0)),
                                    old -> old.with(1, i(((Small) old.get(1)).value + 1)));
                            if (k % 2 == 0) t.delete(i(id * 1_000_000L + k));
                        }
                    }));
                }
                for (Future<?> f : fs) f.get();
            }
            long shared = type == Table.Type.DUPLICATE_BAG ? (long) workers * n : type == Table.Type.BAG ? 10 : 1;
            assertEquals((long) workers * n / 2 + shared, t.size(), type.toString());
            long total = 0;
            for (int k = 0; k < 16; k++) total += ((Small) counters.lookup(i(k))[0].get(1)).value;
            assertEquals((long) workers * n, total);
        }
    }
}
