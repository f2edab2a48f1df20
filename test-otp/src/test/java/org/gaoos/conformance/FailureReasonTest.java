package org.gaoos.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The known-failure reasons: the Erlang error, where it was raised, and its cause when the error's shape tells it. */
class FailureReasonTest {

    @Test
    void errorWithTheFrameThatRaisedIt() {
        assertEquals("error:badarg in erlang:system_info/1", FailureReason.of("""
                error:badarg
                    erlang:system_info/1
                    atomics_SUITE:max_atomic_sz/0 (atomics_SUITE.erl:151)
                """, null));
    }

    @Test
    void multiLineReasonIsJoined() {
        assertEquals("error:{badmatch, {'EXIT', {system_limit,[]}}} in big_SUITE:toobig/1", FailureReason.of("""
                error:{badmatch,
                    {'EXIT',
                        {system_limit,[]}}}
                    big_SUITE:toobig/1 (big_SUITE.erl:395)
                """, null));
    }

    @Test
    void aStubRaisingUndefIsAMissingBif() {
        assertEquals("in init_per_suite: BIF missing in jbeam: erts_internal:trace_info/3 (its stub raised error:undefined)",
                FailureReason.of("""
                        init_per_suite failed: error:undefined
                            erlang:nif_error/1
                            erts_internal:trace_info/3
                            trace:session_info/1 (trace.erl:1307)
                        """, null));
        assertEquals("undefined function foo:bar/0 (error:undef)", FailureReason.of("error:undef\n    foo:bar/0\n    x:y/1\n", null));
    }

    @Test
    void timetrapsInternalErrorsAndUnloadableSuites() {
        assertEquals("timetrap: did not return within 60000 ms (it was at compile:do_compile/2)", FailureReason.of("""
                {timetrap_timeout,60000}: the case did not return within its timetrap (60000 ms); it was at
                    compile:do_compile/2 (compile.erl:990)
                    merl:compile_and_load/2 (merl.erl:442)
                """, null));
        assertEquals("jbeam internal error: ArrayIndexOutOfBoundsException: Index 2048 out of bounds for length 2048",
                FailureReason.of("the process died: {jbeam_internal_error,'java.lang.ArrayIndexOutOfBoundsException:"
                        + " Index 2048 out of bounds for length 2048'}", null));
        assertEquals("not run on jbeam: the VM ran x_SUITE for PT5M without finishing a case and was killed",
                FailureReason.of("not run on jbeam: the VM ran x_SUITE for PT5M without finishing a case and was killed;"
                        + " see /tmp/t/x_SUITE.vm.log", null));
        assertEquals("the suite does not load on jbeam: l/2: bs_add is not supported yet by the translator",
                FailureReason.of("{cannot_load_suite,x_r24_SUITE,badfile}", "l/2: bs_add is not supported yet by the translator"));
    }
}
