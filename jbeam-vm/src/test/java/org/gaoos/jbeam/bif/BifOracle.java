package org.gaoos.jbeam.bif;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

import org.gaoos.jbeam.runtime.ErlangException;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.ExternalTermFormat;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;
import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;

/**
 * Differential harness for BIFs: a batch of calls is run once on the reference erl 27 (through
 * bif_oracle.erl, terms exchanged in the external term format) and on jbeam's registered BIF
 * methods; each outcome, {ok, Result} or {Class, Reason}, must be the same term (=:=).
 */
final class BifOracle {
    private BifOracle() {}

    /** One call M:F(Args...). */
    record Call(Atom module, Atom name, Term[] args) {
        Term toTerm() { return Tuple.of(module, name, Lists.of(args)); }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder(module.name()).append(':').append(name.name()).append('(');
            for (int i = 0; i < args.length; i++) sb.append(i == 0 ? "" : ", ").append(args[i]);
            String s = sb.append(')').toString();
            return s.length() > 300 ? s.substring(0, 300) + "..." : s;
        }
    }

    static Call call(String module, String name, Term... args) {
        return new Call(Atom.of(module), Atom.of(name), args);
    }

    /** Runs all calls on the reference erl (one erl run) and returns their outcomes in order. */
    static List<Term> reference(List<Call> calls, Path dir) {
        try {
            Path src = dir.resolve("bif_oracle.erl");
            try (var in = BifOracle.class.getResourceAsStream("/bif/bif_oracle.erl")) {
                Files.write(src, in.readAllBytes());
            }
            ReferenceOtp otp = ReferenceOtp.get();
            Command.run(List.of(otp.erlc().toString(), "bif_oracle.erl"), dir, Duration.ofMinutes(2))
                    .requireSuccess(List.of("erlc"));
            Path in = dir.resolve("calls.bin"), out = dir.resolve("results.bin");
            Files.write(in, ExternalTermFormat.encode(Lists.of(calls.stream().map(Call::toTerm).toList())));
            Command.run(List.of(otp.erl().toString(), "-noshell", "-pa", dir.toString(), "-run", "bif_oracle",
                    "main", in.toString(), out.toString()), dir, Duration.ofMinutes(2)).requireSuccess(List.of("erl"));
            List<Term> results = Lists.toJava(ExternalTermFormat.decode(Files.readAllBytes(out), false));
            if (results.size() != calls.size()) throw new IllegalStateException("oracle returned " + results.size());
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of the call on jbeam: {ok, Result} or {Class, Reason}; "undef" if not registered. */
    static Term jbeam(Call c) {
        BifTable.Entry e = BifTable.lookup(c.module(), c.name(), c.args().length);
        if (e == null) return Tuple.of(Atom.ERROR, Atom.UNDEF);
        Object[] args = new Object[c.args().length + (e.takesProc() ? 1 : 0)];
        System.arraycopy(c.args(), 0, args, e.takesProc() ? 1 : 0, c.args().length);
        try {
            return Tuple.of(Atom.OK, (Term) e.method().invoke(null, args));
        } catch (InvocationTargetException ite) {
            if (ite.getCause() instanceof ErlangException ex) return Tuple.of(ex.kind(), ex.reason());
            throw new AssertionError(c + " threw " + ite.getCause(), ite.getCause());
        } catch (IllegalAccessException iae) {
            throw new AssertionError(iae);
        }
    }

    /** Asserts every call has the same outcome on both VMs, listing the first mismatches. */
    static void assertSameOutcomes(List<Call> calls, Path dir) {
        assertSameOutcomes(calls, reference(calls, dir), Term::equals);
    }

    static void assertSameOutcomes(List<Call> calls, List<Term> expected, BiPredicate<Term, Term> same) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Term got = jbeam(calls.get(i));
            if (!same.test(expected.get(i), got)) {
                bad.add(calls.get(i) + "\n    erl:   " + clip(expected.get(i)) + "\n    jbeam: " + clip(got));
            }
        }
        if (!bad.isEmpty()) {
            fail(bad.size() + " of " + calls.size() + " calls differ from erl 27:\n"
                    + String.join("\n", bad.subList(0, Math.min(25, bad.size()))));
        }
    }

    private static String clip(Term t) {
        String s = String.valueOf(t);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
