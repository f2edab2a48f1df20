package org.gaoos.jbeam.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.testing.ErlVsJbeam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Functions far larger than one JVM method (64 KB of bytecode) are split into chunk methods and
 * run exactly as on erl: a generated module with a 3,000-clause case whose bodies call, build and
 * raise; a 1,500-clause case inside a try/catch/after whose handler sits chunks away from the
 * raising clauses; a 2,500-call straight line with live Y registers; a 2,000-atom select; stack
 * traces through split functions. The translated class must pass ASM's verifier and the JVM's.
 */
class LargeFunctionTest {
    @TempDir
    Path out;

    static String hugeModule() {
        StringBuilder s = new StringBuilder();
        s.append("-module(huge).\n-export([main/0]).\n\n");
        s.append("""
                main() ->
                    io:format("~p~n", [lists:sum([erlang:phash2(clauses(I, I * 7)) || I <- lists:seq(-2, 3003)])]),
                    io:format("~p~n", [[clauses(I, 5) || I <- [0, 1, 2, 1500, 2999, 3000, x, "s"]]]),
                    io:format("~p~n", [[tried(I) || I <- lists:seq(0, 1510, 7)]]),
                    io:format("~p ~p~n", [get(last), straight(3)]),
                    io:format("~p~n", [[atoms(A) || A <- [a0, a1, a999, a1999, a2000, zzz, 7]]]),
                    io:format("~p~n", [trace(1234)]),
                    io:format("~p~n", [trace(1166)]),
                    io:format("~p~n", [trace(2)]),
                    halt(0).

                g(A, B) -> (A * 31 + B) rem 1000003.

                boom(K) -> error({boom, K}).

                trace(N) ->
                    try clauses(N, boom) of
                        V -> {no_error, V}
                    catch
                        error:R:St -> {R, [F || {huge, _, _, _} = F <- St]}
                    end.

                """);
        // 3,000 integer clauses with calls, tuples and lists; boom/1 raises from inside when X is 'boom'.
        s.append("clauses(N, X) ->\n    case N of\n");
        for (int k = 0; k < 3000; k++) {
            if (k % 97 == 2) {
                s.append("        ").append(k).append(" when X =:= boom -> {").append(k).append(", boom(").append(k).append(")};\n");
            }
            s.append("        ").append(k).append(" -> {").append(k).append(", g(X, ").append(k)
                    .append("), [X | a").append(k % 50).append("], X}").append(";\n");
        }
        s.append("        A when is_atom(A) -> {atom, A, X};\n        _ -> other\n    end.\n\n");
        // A giant case inside try/catch/after: throw, error, exit and nested catch in the clauses.
        s.append("tried(N) ->\n    try\n        case N of\n");
        for (int k = 0; k < 1500; k++) {
            s.append("            ").append(k).append(" -> ");
            if (k % 3 == 0) s.append("throw({t, g(N, ").append(k).append(")})");
            else if (k % 5 == 0) s.append("error({e, N + ").append(k).append("})");
            else if (k % 7 == 0) s.append("exit({x, [N | ").append(k).append("]})");
            else if (k % 11 == 0) s.append("{ok, catch boom(N)}");
            else s.append("{ok, g(N, ").append(k).append(")}");
            s.append(";\n");
        }
        s.append("""
                            _ -> {ok, out_of_range}
                        end
                    of
                        {ok, V} -> {value, V}
                    catch
                        throw:T -> {thrown, T};
                        error:E -> {error, E};
                        exit:Ex -> {exit, Ex}
                    after
                        put(last, N)
                    end.

                """);
        // A straight line of calls (no labels to cut at) keeping some values live across all of them.
        s.append("straight(X0) ->\n");
        for (int k = 1; k <= 2500; k++) s.append("    X").append(k).append(" = g(X").append(k - 1).append(", ").append(k).append("),\n");
        s.append("    {X2500, X1, X100, X1000, X2000}.\n\n");
        // A select over 2,000 atoms with non-constant bodies.
        s.append("atoms(A) ->\n    case A of\n");
        for (int k = 0; k < 2000; k++) s.append("        a").append(k).append(" -> {").append(k).append(", g(").append(k).append(", 1)};\n");
        s.append("        _ -> none\n    end.\n");
        return s.toString();
    }

    @Test
    void hugeFunctionsRunLikeErlAndVerify() throws Exception {
        Path src = out.resolve("huge.erl");
        Files.writeString(src, hugeModule());
        ErlVsJbeam vms = new ErlVsJbeam(out);
        vms.compile(src);
        byte[] beam = Files.readAllBytes(out.resolve("huge.beam"));

        byte[] cls = BeamModuleLoader.translateOnly(beam);
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(cls), Translator.class.getClassLoader(), false, new PrintWriter(problems));
        assertTrue(problems.toString().isEmpty(), problems::toString);
        List<String> methods = methodNames(cls);
        for (String f : List.of("clauses$2", "tried$1", "straight$1", "atoms$1")) {
            assertTrue(methods.contains(f + "$$c1"), () -> f + " was not split: " + methods);
        }
        assertEquals(false, methods.contains("g$2$$c0"), "small functions stay whole");
        new BeamModuleLoader().load(beam, "huge.beam"); // the JVM verifies the hidden class

        String stdout = vms.sameAsErl("-noshell", "-pa", out.toString(), "-s", "huge", "main");
        assertTrue(stdout.contains("{boom,1166}"), stdout); // the trace line really ran
    }

    private static List<String> methodNames(byte[] cls) {
        List<String> names = new ArrayList<>();
        new ClassReader(cls).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                names.add(name);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return names;
    }
}
