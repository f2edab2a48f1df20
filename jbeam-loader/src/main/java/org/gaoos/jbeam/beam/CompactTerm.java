package org.gaoos.jbeam.beam;

import java.math.BigInteger;

/**
 * One operand in BEAM's compact term encoding, before it is given meaning: a tag (the low three bits
 * of the first byte) and a number. Numbers below 16 fit in the first byte, below 2048 in two bytes;
 * longer ones carry 2..8 bytes, or a {@code u}-encoded count (minus 9) of bytes. Only {@code i}
 * (integer) numbers may be negative; {@code i} and {@code u} numbers may be wider than 64 bits, and then
 * {@link #big} holds the value (a wide {@code u} has {@link #value} {@code Long.MAX_VALUE}). See {@code beam_asm:encode/2} and {@code beam_file.c}.
 */
record CompactTerm(int tag, long value, BigInteger big) {
    static final int U = 0, I = 1, A = 2, X = 3, Y = 4, F = 5, H = 6, Z = 7;

    /** Extended ({@code z}) tags: the number of a {@code z} term says what follows. */
    static final int Z_FLOAT = 0, Z_LIST = 1, Z_FREG = 2, Z_ALLOC_LIST = 3, Z_LITERAL = 4, Z_TYPED_REG = 5;

    private static final String TAGS = "uiaxyfhz";

    static char tagName(int tag) {
        return TAGS.charAt(tag);
    }

    static CompactTerm read(ByteReader in) throws BadBeamException {
        int first = in.u8();
        int tag = first & 7;
        if ((first & 0x08) == 0) {
            return new CompactTerm(tag, first >> 4, null);
        }
        if ((first & 0x10) == 0) {
            return new CompactTerm(tag, (long) (first >> 5) << 8 | in.u8(), null);
        }
        int count = first >> 5;
        if (count < 7) {
            count += 2;
        } else {
            // The byte count (minus 9) follows as a u term; it may not itself be an extended count.
            int lenFirst = in.u8();
            long len;
            if ((lenFirst & 7) != U) {
                throw new BadBeamException("compact term: length prefix has tag " + tagName(lenFirst & 7) + ", not u");
            } else if ((lenFirst & 0x08) == 0) {
                len = lenFirst >> 4;
            } else if ((lenFirst & 0x10) == 0) {
                len = (long) (lenFirst >> 5) << 8 | in.u8();
            } else {
                throw new BadBeamException("compact term: length prefix too long");
            }
            if (len > in.remaining() - 9L) {
                throw new BadBeamException("compact term: " + (len + 9) + "-byte number exceeds the "
                        + in.remaining() + " bytes left");
            }
            count = (int) len + 9;
        }
        byte[] bytes = in.bytes(count, "compact term number");
        if (tag == I) {
            BigInteger v = new BigInteger(bytes);
            if (count > 8 && v.abs().bitLength() <= (count - 2) * 8) {
                // beam_file.c's marshal_integer: a bignum with redundant leading bytes means corruption.
                throw new BadBeamException("compact term: integer " + v + " is not minimally encoded in " + count + " bytes");
            }
            return v.bitLength() < 64 ? new CompactTerm(tag, v.longValue(), null) : new CompactTerm(tag, 0, v);
        }
        if (count > 8 || (count == 8 && bytes[0] < 0)) {
            if (tag == U) {
                // a bit size no binary reaches (bs_match's ensure_exactly of 2^64+8 bits): the exact
                // value in big, value saturated so that range checks and size tests fail
                return new CompactTerm(tag, Long.MAX_VALUE, new BigInteger(1, bytes));
            }
            throw new BadBeamException("compact term: " + tagName(tag) + " value of " + count + " bytes does not fit a word");
        }
        long v = 0;
        for (byte b : bytes) {
            v = v << 8 | (b & 0xFF);
        }
        return new CompactTerm(tag, v, null);
    }

    /** Reads a term that must be a {@code u} value no larger than {@code max}. */
    static int readUnsigned(ByteReader in, String what, int max) throws BadBeamException {
        CompactTerm t = read(in);
        if (t.tag != U) {
            throw new BadBeamException(what + ": expected a u-tagged number, got tag " + tagName(t.tag));
        }
        if (t.value > max) {
            throw new BadBeamException(what + " " + t.value + " out of range 0.." + max);
        }
        return (int) t.value;
    }
}
