package org.gaoos.jbeam.beam;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** Test helper: the compact term encoding as beam_asm:encode/2 writes it, to build code by hand. */
final class Compact {
    private Compact() {}

    static byte[] encode(int tag, BigInteger n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (n.signum() >= 0 && n.compareTo(BigInteger.valueOf(16)) < 0) {
            out.write(n.intValue() << 4 | tag);
        } else if (n.signum() >= 0 && n.compareTo(BigInteger.valueOf(2048)) < 0) {
            int v = n.intValue();
            out.write(((v >> 3) & 0xE0) | tag | 0x08);
            out.write(v & 0xFF);
        } else {
            byte[] bytes = n.toByteArray(); // minimal two's complement, like to_bytes/negative_to_bytes
            if (n.signum() < 0 && bytes.length < 2) {
                bytes = new byte[] {(byte) 0xFF, bytes[0]};
            }
            if (bytes.length <= 8) {
                out.write(((bytes.length - 2) << 5) | 0x18 | tag);
            } else {
                out.write(0xF8 | tag);
                out.writeBytes(encode(0, BigInteger.valueOf(bytes.length - 9)));
            }
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static byte[] encode(int tag, long n) {
        return encode(tag, BigInteger.valueOf(n));
    }

    static byte[] u(long n) { return encode(CompactTerm.U, n); }
    static byte[] i(long n) { return encode(CompactTerm.I, n); }
    static byte[] a(long n) { return encode(CompactTerm.A, n); }
    static byte[] x(long n) { return encode(CompactTerm.X, n); }
    static byte[] y(long n) { return encode(CompactTerm.Y, n); }
    static byte[] f(long n) { return encode(CompactTerm.F, n); }

    /** An extended-tag term: {@code z} with number {@code ext}, then the payload. */
    static byte[] z(int ext, byte[]... payload) {
        return Chunks.concat(Chunks.concat(encode(CompactTerm.Z, ext)), Chunks.concat(payload));
    }

    static byte[] op(Opcode op, byte[]... operands) {
        return Chunks.concat(new byte[] {(byte) op.number()}, Chunks.concat(operands));
    }
}
