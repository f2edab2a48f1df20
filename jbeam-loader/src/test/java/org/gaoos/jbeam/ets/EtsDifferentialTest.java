package org.gaoos.jbeam.ets;

import java.nio.file.Path;

import org.gaoos.jbeam.testing.ErlVsJbeam;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ETS against the reference BEAM: the programs in src/test/erlang/ets are compiled by the reference
 * erlc and run by erl 27 and by jbeam's launcher; stdout and exit status must be identical.
 * {@code ets_basic} covers the four table types, ordered_set term order over mixed key types,
 * traversal, select/match with continuations, counters, update_element, match specifications
 * (guards, bodies, fun2ms, match_spec_test/run), access rights, ownership, heir, give_away and
 * info; {@code ets_concurrent} has 8 processes writing shared public tables at once and prints
 * the exact final state; {@code ets_errors}: the causes of ETS errors (id, type, access, owner...)
 * and that erl_stdlib_errors explains them.
 */
class EtsDifferentialTest {
    private static final Path SOURCES = Path.of("src/test/erlang/ets");

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"ets_basic", "ets_concurrent", "ets_errors"})
    void programRunsLikeErl(String module) throws Exception {
        new ErlVsJbeam(out).mainRunsLikeErl(SOURCES, module);
    }
}
