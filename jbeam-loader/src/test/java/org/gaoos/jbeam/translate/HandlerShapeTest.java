package org.gaoos.jbeam.translate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gaoos.jbeam.beam.BeamFile;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The whole-body exception handler of a translated method never jumps back into the range it
 * covers: a catch's landing and a self tail call go through the head before that range. HotSpot's
 * C1 cannot compile a method whose handler re-enters its own range (a loop with two entries:
 * "error while joining with exception handler"), and such methods ran interpreted for ever.
 */
class HandlerShapeTest {

    @ParameterizedTest
    @ValueSource(strings = {"stdlib/unicode", "stdlib/gen_server"})
    void handlerNeverJumpsIntoItsRange(String appModule) throws Exception {
        String[] am = appModule.split("/");
        Path ebin;
        try (var dirs = Files.list(ReferenceOtp.get().lib())) {
            ebin = dirs.filter(d -> d.getFileName().toString().startsWith(am[0] + "-")).findFirst().orElseThrow().resolve("ebin");
        }
        Translator.Result r = Translator.translate(BeamFile.read(Files.readAllBytes(ebin.resolve(am[1] + ".beam"))));
        ClassNode cls = new ClassNode();
        new ClassReader(r.bytes()).accept(cls, 0);
        int withCatch = 0;
        List<String> bad = new ArrayList<>();
        for (MethodNode m : cls.methods) {
            for (TryCatchBlockNode b : m.tryCatchBlocks) {
                int start = m.instructions.indexOf(b.start), end = m.instructions.indexOf(b.end);
                int handler = m.instructions.indexOf(b.handler);
                if (handler < end) continue; // a guard's handler, inside the body
                boolean catches = false;
                for (AbstractInsnNode in = b.handler; in != null; in = in.getNext()) {
                    for (LabelNode target : targets(in)) {
                        int t = m.instructions.indexOf(target);
                        if (t >= start && t < end) bad.add(m.name);
                        if (t < start) catches = true;
                    }
                }
                if (catches) withCatch++;
            }
        }
        assertTrue(bad.isEmpty(), "handlers jumping into their range: " + bad);
        assertTrue(withCatch > 0, "no method with a catch landing in " + appModule);
    }

    private static List<LabelNode> targets(AbstractInsnNode in) {
        return switch (in) {
            case JumpInsnNode j -> List.of(j.label);
            case TableSwitchInsnNode s -> concat(s.dflt, s.labels);
            case LookupSwitchInsnNode s -> concat(s.dflt, s.labels);
            default -> List.of();
        };
    }

    private static List<LabelNode> concat(LabelNode first, List<LabelNode> rest) {
        List<LabelNode> all = new ArrayList<>(rest);
        all.add(first);
        return all;
    }
}
