package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.Test;

/** The opcode table (opcodes.tsv behind {@link Opcode}) against OTP 27's own lib/compiler/src/genop.tab. */
class OpcodeTableTest {
    private static final List<Integer> LEGACY_BINARY_CONSTRUCTION =
            List.of(89, 90, 91, 92, 109, 111, 134, 135, 137, 144, 145, 146, 147, 148);

    @Test
    void agreesWithOtp27GenopTab() throws Exception {
        List<String> lines = Files.readAllLines(ReferenceOtp.get().src().resolve("lib/compiler/src/genop.tab"));
        Pattern op = Pattern.compile("^(\\d+): (-?)(\\w+)/(\\d+)$");
        int count = 0;
        int obsolete = 0;
        for (String line : lines) {
            Matcher m = op.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int n = Integer.parseInt(m.group(1));
            Opcode o = Opcode.of(n);
            assertNotNull(o, "opcode " + n);
            assertEquals(m.group(3), o.opName(), "name of " + n);
            assertEquals(Integer.parseInt(m.group(4)), o.arity(), "arity of " + n);
            assertEquals(!m.group(2).isEmpty(), o.isObsolete(), "obsolete status of " + n);
            count++;
            obsolete += o.isObsolete() ? 1 : 0;
        }
        assertEquals(183, count, "OTP 27 defines 1..183");
        assertEquals(44, obsolete, "OTP 27 marks 44 obsolete");
    }

    @Test
    void addsOtp28DebugLineAndMarksTheLegacyBinaryOps() {
        assertEquals(184, Opcode.values().length);
        assertEquals(Opcode.DEBUG_LINE, Opcode.of(184));
        assertEquals(4, Opcode.DEBUG_LINE.arity());
        assertEquals("OTP28", Opcode.DEBUG_LINE.since());
        assertNull(Opcode.of(0));
        assertNull(Opcode.of(185));
        for (Opcode o : Opcode.values()) {
            boolean legacy = LEGACY_BINARY_CONSTRUCTION.contains(o.number());
            assertEquals(legacy ? "OTP28" : null, o.removedIn(), o.toString());
            if (legacy) {
                assertFalse(o.isObsolete(), o + " still loads OTP 24 code");
            }
            assertEquals(o.isObsolete() ? 0 : o.arity(), o.operandKinds().length(), o + " operand kinds");
        }
        assertTrue(Opcode.LINE.isMetadata() && Opcode.EXECUTABLE_LINE.isMetadata() && Opcode.DEBUG_LINE.isMetadata()
                && Opcode.NIF_START.isMetadata() && !Opcode.MOVE.isMetadata());
    }
}
