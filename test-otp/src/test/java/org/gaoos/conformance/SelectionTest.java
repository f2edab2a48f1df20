package org.gaoos.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectionTest {
    @TempDir
    Path dir;

    private Selection parse(String text) throws IOException {
        Path f = dir.resolve("selection.txt");
        Files.writeString(f, text);
        return Selection.read(f);
    }

    @Test
    void tiersVariantsQuickAndDrops() throws IOException {
        Selection s = parse("""
                # comment
                tier 1 erts bs_construct_SUITE bs_construct_r24_SUITE
                tier 2 stdlib lists_SUITE y2k_SUITE
                default stdlib lists_SUITE
                drop stdlib:lists_SUITE/sort/slow_case   takes an hour here
                drop stdlib:y2k_SUITE the clock says 2026
                """);
        Selection.Suite r24 = s.suites().get(1);
        assertEquals("erts:bs_construct_r24_SUITE", r24.id());
        assertEquals("bs_construct_SUITE", r24.base());
        assertEquals("r24", r24.variant());
        assertEquals(List.of("stdlib:lists_SUITE"), s.scope("default").stream().map(Selection.Suite::id).toList());
        assertFalse(s.scope("full").stream().anyMatch(x -> x.id().equals("stdlib:y2k_SUITE")), "dropped suite");
        assertEquals(List.of("erts:bs_construct_SUITE", "erts:bs_construct_r24_SUITE"),
                s.scope("tier1").stream().map(Selection.Suite::id).toList());
        assertEquals(List.of("erts:bs_construct_r24_SUITE", "stdlib:lists_SUITE"),
                s.scope("lists_SUITE, erts:bs_construct_r24_SUITE").stream().map(Selection.Suite::id).toList());
        assertThrows(IllegalArgumentException.class, () -> s.scope("tier1,no_such_SUITE"));
        assertEquals(Map.of("lists_SUITE/sort/slow_case", "takes an hour here"), s.caseDrops(s.suites().get(2)));
    }

    @Test
    void batchesAreOneDirectoryInAlphabeticalOrder() throws IOException {
        Selection s = parse("""
                tier 1 erts big_SUITE beam_literals_SUITE
                tier 2 stdlib lists_SUITE
                tier 3 erts atomics_SUITE
                """);
        assertEquals(List.of(List.of("atomics_SUITE", "beam_literals_SUITE"), List.of("big_SUITE"), List.of("lists_SUITE")),
                Conformance.batches(s.scope("full"), 2).stream()
                        .map(b -> b.stream().map(Selection.Suite::name).toList()).toList());
    }

    @Test
    void mistakesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("tier 1 erts lists\n"));
        assertTrue(e.getMessage().contains("selection.txt:1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("default erts x_SUITE\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("tier 1 nosuchapp x_SUITE\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("tier 1 erts x_SUITE x_SUITE\n"));
    }

    @Test
    void theProjectSelectionParses() {
        Selection s = Selection.read(Workspace.fromSystemProperties().selectionFile());
        assertFalse(s.scope("default").isEmpty());
        assertTrue(s.scope("full").size() > 100);
    }
}
