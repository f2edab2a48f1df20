package org.gaoos.jbeam.process;

import java.nio.file.Path;

import org.gaoos.jbeam.testing.ErlVsJbeam;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process world against the reference BEAM: programs in src/test/erlang/process (links, exit
 * signals, trap_exit, monitors, aliases, registered names, process_info, hibernate, timers, time,
 * and the stress program: a 10^5-process chain killed from one end, exits racing messages,
 * monitors and demonitors racing deaths, process count back to baseline) are compiled by the
 * reference erlc and run by erl and by jbeam; stdout and exit status must be identical. The
 * programs print no pids or absolute times, only what BEAM guarantees. {@code shared}: atomics,
 * counters and persistent_term (wraparound, error forms, concurrent updates); {@code info}: process_info
 * of other processes' current function, location and stack trace; {@code port_monitors}: monitor/3
 * on ports (tags, aliases, {Name, Node}, noproc, demonitor); {@code tracing}: erlang:trace/3,
 * trace_pattern/3, trace_info/2, match_spec_test/3 for trace and trace sessions; {@code running_trace}:
 * the running flag's in/out events; {@code fairness}: timeouts, messages and replies reach a process
 * while a busy loop runs on every scheduler; {@code exiting_trace}: the exiting flag's out_exited.
 */
class ProcessDifferentialTest {
    private static final Path SOURCES = Path.of("src/test/erlang/process");

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"signals", "timers", "stress", "shared", "info", "port_monitors", "tracing", "spawn_request", "running_trace", "fairness", "exiting_trace"})
    void programRunsLikeErl(String module) throws Exception {
        new ErlVsJbeam(out).mainRunsLikeErl(SOURCES, module);
    }
}
