package org.gaoos.jbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.gaoos.otp.Command;
import org.gaoos.otp.ReferenceOtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compact term decoder against the encoder OTP 27's compiler itself uses (beam_asm:encode/2). */
class CompactTermTest {
    static final List<BigInteger> VALUES = new ArrayList<>();

    static {
        for (long v : new long[] {0, 1, 15, 16, 17, 255, 256, 2047, 2048, 2049, 65535, 65536, 1L << 31, (1L << 32) + 7,
                Long.MAX_VALUE, -1, -16, -17, -128, -129, -2048, -32768, -32769, -(1L << 31), Long.MIN_VALUE}) {
            VALUES.add(BigInteger.valueOf(v));
        }
        for (int bits : new int[] {63, 64, 65, 71, 72, 100, 127, 128, 129, 200, 600}) {
            VALUES.add(BigInteger.ONE.shiftLeft(bits));
            VALUES.add(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            VALUES.add(BigInteger.ONE.shiftLeft(bits).negate());
            VALUES.add(BigInteger.ONE.shiftLeft(bits).negate().add(BigInteger.ONE));
        }
    }

    @Test
    void decodesWhatBeamAsmEncodes(@TempDir Path dir) throws Exception {
        StringBuilder list = new StringBuilder();
        for (BigInteger v : VALUES) {
            list.append(list.isEmpty() ? "" : ",").append(v);
        }
        String expr = "[io:format(\"~s ~s~n\", [T, binary:encode_hex(iolist_to_binary([beam_asm:encode(Tag, N)]))])"
                + " || {T, Tag} <- [{\"i\", 1}, {\"u\", 0}], N <- [" + list + "], T =:= \"i\" orelse N >= 0], halt().";
        List<String> argv = List.of(ReferenceOtp.get().erl().toString(), "-noshell", "-eval", expr);
        String out = Command.run(argv, dir, Duration.ofMinutes(1)).requireSuccess(argv).stdout();
        List<String> lines = out.lines().toList();
        int at = 0;
        for (String tag : List.of("i", "u")) {
            for (BigInteger v : VALUES) {
                if (tag.equals("u") && v.signum() < 0) {
                    continue;
                }
                String[] f = lines.get(at++).split(" ");
                assertEquals(tag, f[0]);
                byte[] bytes = HexFormat.of().parseHex(f[1].toLowerCase());
                assertEquals(f[1].toLowerCase(), HexFormat.of().formatHex(Compact.encode(tag.equals("i") ? 1 : 0, v)),
                        "the test encoder agrees with beam_asm for " + v);
                ByteReader in = new ByteReader(bytes);
                CompactTerm t = CompactTerm.read(in);
                assertTrue(in.atEnd(), "consumed all of " + f[1]);
                assertEquals(tag.equals("i") ? CompactTerm.I : CompactTerm.U, t.tag());
                if (tag.equals("u") && v.bitLength() > 63) {
                    assertEquals(Long.MAX_VALUE, t.value(), "a u wider than a word saturates");
                }
                assertEquals(v, t.big() != null ? t.big() : BigInteger.valueOf(t.value()), "decoded " + f[1]);
            }
        }
        assertEquals(lines.size(), at);
    }

    @Test
    void rejectsMalformedNumbers() {
        // Truncated: a 3-byte number with one byte.
        assertThrows(BadBeamException.class, () -> CompactTerm.read(new ByteReader(new byte[] {0x38, 1})));
        // A length prefix that is not u-tagged.
        assertThrows(BadBeamException.class, () -> CompactTerm.read(new ByteReader(new byte[] {(byte) 0xF9, 0x01})));
        // A 9+N-byte integer claiming more bytes than remain (no allocation of the claimed size).
        assertThrows(BadBeamException.class, () -> CompactTerm.read(new ByteReader(new byte[] {(byte) 0xF9, (byte) 0x80, (byte) 0xFF, 1})));
        // A 9-byte integer whose value fits in fewer bytes (not minimal, as beam_file.c refuses).
        byte[] padded = new byte[11];
        padded[0] = (byte) 0xF9;
        padded[10] = 5;
        BadBeamException e = assertThrows(BadBeamException.class, () -> CompactTerm.read(new ByteReader(padded)));
        assertTrue(e.getMessage().contains("not minimally encoded"), e.getMessage());
    }
}
