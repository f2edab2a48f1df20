package org.gaoos.jbeam.term;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maps with atom keys iterate in BEAM's order when the atoms are among the deterministic part of
 * BEAM's boot atom table, which jbeam seeds in BEAM's order (beam-atoms.txt).
 */
class AtomOrderTest {
    /** BEAM's boot atoms up to here are created in the same order on every run. */
    static final int DETERMINISTIC_BOOT_ATOMS = 3300;

    @Test
    void smallAndLargeMapsOfBootAtomsIterateLikeBeam(@TempDir Path dir) throws Exception {
        List<Term> maps = new ArrayList<>();
        Random rnd = new Random(2024);
        for (int size : new int[] {2, 5, 16, 32, 33, 100, 500, 2000}) {
            for (int rep = 0; rep < 3; rep++) {
                MapTerm m = MapTerm.EMPTY;
                while (m.size() < size) {
                    Atom key = atomAt(rnd.nextInt(DETERMINISTIC_BOOT_ATOMS));
                    m = m.put(key, Small.of(m.size()));
                }
                maps.add(m);
            }
        }
        Term input = Lists.of(maps);
        Path in = dir.resolve("maps.bin"), out = dir.resolve("out.txt");
        Files.write(in, ExternalTermFormat.encode(input));
        String eval = "{ok, B} = file:read_file(\"" + in + "\"), Ms = binary_to_term(B),"
                + " L = [[binary:encode_hex(term_to_binary(maps:keys(M))), \" \","
                + "       binary:encode_hex(term_to_binary(M)), \"\\n\"] || M <- Ms],"
                + " ok = file:write_file(\"" + out + "\", L), halt().";
        ReferenceOtp otp = ReferenceOtp.get();
        Command.run(List.of(otp.erl().toString(), "-noshell", "-eval", eval), dir, Duration.ofMinutes(1))
                .requireSuccess(List.of("erl"));
        List<String> lines = Files.readAllLines(out);
        assertEquals(maps.size(), lines.size());
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = 0; i < maps.size(); i++) {
            MapTerm m = (MapTerm) maps.get(i);
            String[] f = lines.get(i).split(" ");
            assertEquals(f[0], hex.formatHex(ExternalTermFormat.encode(m.keyList())), "maps:keys of " + m.size() + " atoms");
            assertEquals(f[1], hex.formatHex(ExternalTermFormat.encode(m)), "term_to_binary of " + m.size() + " atoms");
        }
    }

    private static Atom atomAt(int index) {
        // Atoms are seeded in BEAM's order, so index i is the i-th line of beam-atoms.txt.
        return SEED.get(index);
    }

    private static final List<Atom> SEED = loadSeed();

    private static List<Atom> loadSeed() {
        try (var in = Atom.class.getResourceAsStream("beam-atoms.txt")) {
            List<Atom> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n", -1)) {
                if (out.size() == DETERMINISTIC_BOOT_ATOMS) break;
                if (line.contains("\\")) continue; // escaped names: skip, still fine to sample others
                Atom a = Atom.existing(line);
                if (a != null) out.add(a);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
