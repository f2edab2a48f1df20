package org.gaoos.jbeam.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gaoos.jbeam.beam.BeamFile;
import org.gaoos.jbeam.runtime.ModuleCode;
import org.gaoos.jbeam.runtime.ModuleInfo;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stored translation ({@link Precompiled}, made at build time by otp-stdlib) gives back exactly
 * what translating the module gives: the same class bytes, the same class data (atoms and cached
 * small integers as the same objects, since translated code compares them by identity), the same
 * module info; and the class it defines works.
 */
class PrecompiledTest {

    @ParameterizedTest
    @ValueSource(strings = {"stdlib/lists", "stdlib/erl_parse", "stdlib/unicode_util", "stdlib/gen_server", "erts/erlang"})
    void storedTranslationIsTheTranslation(String appModule) throws Exception {
        byte[] beam = Files.readAllBytes(beamFile(appModule));
        BeamFile file = BeamFile.read(beam);
        Translator.Result r = Translator.translate(file);
        byte[] stored = Precompiled.write(new Precompiled.Entry(r, BeamModuleLoader.onLoadFunction(file)));
        Precompiled.Entry back = Precompiled.read(stored);

        assertEquals(r.className(), back.result().className());
        assertArrayEquals(r.bytes(), back.result().bytes());
        assertArrayEquals(r.bytes(), Translator.translate(BeamFile.read(beam)).bytes(), "translation is deterministic");
        assertEquals(BeamModuleLoader.onLoadFunction(file), back.onLoad());
        List<Object> a = r.classData(), b = back.result().classData();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i), y = b.get(i);
            switch (x) {
                case Atom atom -> assertSame(atom, y);
                case Small s when s.value >= -256 && s.value <= 1023 -> assertSame(s, y);
                case Term t -> assertEquals(t, y);
                case byte[] bytes -> assertArrayEquals(bytes, (byte[]) y);
                case int[] ints -> assertArrayEquals(ints, (int[]) y);
                case Map<?, ?> m -> assertEquals(m, y);
                default -> throw new AssertionError("unexpected constant " + x.getClass());
            }
        }
        ModuleInfo i = r.info(), j = back.result().info();
        assertSame(i.module(), j.module());
        assertEquals(i.functions(), j.functions());
        assertArrayEquals(i.exports(), j.exports());
        assertEquals(i.lambdas(), j.lambdas());
        assertArrayEquals(i.lineFiles(), j.lineFiles());
        assertArrayEquals(i.lineNumbers(), j.lineNumbers());
        assertArrayEquals(i.md5(), j.md5());
        assertEquals(i.attributes(), j.attributes());
        assertEquals(i.compileInfo(), j.compileInfo());

        ModuleCode code = BeamModuleLoader.define(back.result());
        assertSame(i.module(), code.module());
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdlib/lists"})
    void storedUnderTheBeamFilesHash(String appModule) throws Exception {
        byte[] beam = Files.readAllBytes(beamFile(appModule));
        String name = Precompiled.resourceName(beam);
        assertTrue(name.matches("jbeam/precompiled/[0-9a-f]{32}\\.jbc"), name);
        byte[] changed = beam.clone();
        changed[changed.length - 1] ^= 1;
        assertNotEquals(name, Precompiled.resourceName(changed));
        assertTrue(Precompiled.fingerprint().matches("[0-9a-f]{64}/[0-9a-f]{64}"), "both builds hashed their classes: "
                + Precompiled.fingerprint());
    }

    private static Path beamFile(String appModule) throws Exception {
        ReferenceOtp otp = ReferenceOtp.get();
        String app = appModule.substring(0, appModule.indexOf('/')), module = appModule.substring(app.length() + 1);
        if (app.equals("erts")) return otp.preloaded().resolve(module + ".beam");
        try (var dirs = Files.list(otp.lib())) {
            Path dir = dirs.filter(d -> d.getFileName().toString().startsWith(app + "-")).findFirst().orElseThrow();
            return dir.resolve("ebin").resolve(module + ".beam");
        }
    }
}
