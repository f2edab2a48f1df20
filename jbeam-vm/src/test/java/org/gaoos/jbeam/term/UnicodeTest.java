package org.gaoos.jbeam.term;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Random;

import org.gaoos.jbeam.term.Unicode.Encoding;
import org.gaoos.jbeam.term.Unicode.Status;
import org.junit.jupiter.api.Test;

/** The Unicode codecs agree with the JDK's and classify bad input as BEAM's unicode module does. */
class UnicodeTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    @Test
    void roundTripsRandomTextInEveryEncoding() {
        Random rnd = new Random(7);
        Encoding[] encs = {Encoding.UTF8, Encoding.UTF16_BIG, Encoding.UTF16_LITTLE, Encoding.UTF32_BIG, Encoding.UTF32_LITTLE};
        String[] jdk = {"UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"};
        for (int round = 0; round < 500; round++) {
            int[] cps = rnd.ints(rnd.nextInt(30), 0, 0x110000).filter(Unicode::isCodePoint).toArray();
            String s = new String(cps, 0, cps.length);
            for (int e = 0; e < encs.length; e++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(cps.length, Unicode.encode(cps, 0, cps.length, encs[e], out));
                byte[] b = out.toByteArray();
                assertArrayEquals(s.getBytes(Charset.forName(jdk[e])), b, encs[e].name());
                Unicode.Decoded d = Unicode.decode(b, 0, b.length, encs[e]);
                assertEquals(Status.OK, d.status());
                assertArrayEquals(cps, d.codePoints());
            }
        }
    }

    @Test
    void utf8ErrorsAndIncompleteTails() {
        assertEquals(Status.INCOMPLETE, Unicode.decode(bytes(0x61, 0xE2, 0x82), 0, 3, Encoding.UTF8).status());
        Unicode.Decoded d = Unicode.decode(bytes(0x61, 0xE2, 0x82), 0, 3, Encoding.UTF8);
        assertEquals(1, d.consumed());
        assertEquals(Status.ERROR, Unicode.decode(bytes(0xC0, 0x80), 0, 2, Encoding.UTF8).status()); // overlong
        assertEquals(Status.ERROR, Unicode.decode(bytes(0xED, 0xA0, 0x80), 0, 3, Encoding.UTF8).status()); // surrogate
        assertEquals(Status.ERROR, Unicode.decode(bytes(0xED, 0xA0), 0, 2, Encoding.UTF8).status());
        assertEquals(Status.ERROR, Unicode.decode(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4, Encoding.UTF8).status());
        assertEquals(Status.ERROR, Unicode.decode(bytes(0x80), 0, 1, Encoding.UTF8).status());
        assertEquals(Status.INCOMPLETE, Unicode.decode(bytes(0xD8, 0x00, 0xDC), 0, 3, Encoding.UTF16_BIG).status());
        assertEquals(Status.ERROR, Unicode.decode(bytes(0xDC, 0x00), 0, 2, Encoding.UTF16_BIG).status());
        assertEquals(Status.ERROR, Unicode.decode(bytes(0, 0x11, 0, 0), 0, 4, Encoding.UTF32_BIG).status());
    }

    @Test
    void latin1CannotEncodeAboveFF() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, Unicode.encode(new int[] {0xE9, 0x100}, 0, 2, Encoding.LATIN1, out));
        assertArrayEquals(bytes(0xE9), out.toByteArray());
    }
}
