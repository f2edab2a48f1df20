package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every .beam file of the reference OTP 27 runtime loads, and agrees with what OTP itself reads from it. */
class OtpRuntimeTest {

    @Test
    void everyOtpBeamLoadsAndAgreesWithBeamLibAndBeamDisasm(@TempDir Path work) throws Exception {
        List<Path> beams = OtpBeams.all();
        assertTrue(beams.size() > 700, "the reference OTP has its lib/*/ebin: " + beams.size());
        Map<String, ReferenceFacts.Module> facts = ReferenceFacts.of(beams, work);
        List<String> failures = new ArrayList<>();
        for (Path p : beams) {
            try {
                BeamFile beam = BeamFile.read(OtpBeams.bytes(p));
                ReferenceFacts.Module ref = facts.get(p.toAbsolutePath().toString());
                assertNotNull(ref, "beam_facts reported on " + p);
                ReferenceFacts.assertAgrees(ref, beam);
            } catch (BadBeamException | AssertionError e) {
                failures.add(p + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " of " + beams.size() + " failed");
    }
}
