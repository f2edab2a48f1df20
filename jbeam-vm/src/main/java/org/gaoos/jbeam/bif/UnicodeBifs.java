package org.gaoos.jbeam.bif;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.gaoos.jbeam.runtime.Errors;
import org.gaoos.jbeam.runtime.Funs;
import org.gaoos.jbeam.runtime.Proc;
import org.gaoos.jbeam.term.Atom;
import org.gaoos.jbeam.term.Big;
import org.gaoos.jbeam.term.Binary;
import org.gaoos.jbeam.term.Bitstring;
import org.gaoos.jbeam.term.Cons;
import org.gaoos.jbeam.term.ListBuilder;
import org.gaoos.jbeam.term.Lists;
import org.gaoos.jbeam.term.Nil;
import org.gaoos.jbeam.term.Small;
import org.gaoos.jbeam.term.Term;
import org.gaoos.jbeam.term.Tuple;

/**
 * unicode:characters_to_list/2, characters_to_binary/2 and bin_is_7bit/1, following
 * erl_unicode.c step by step, because the shape of the {@code Rest} in
 * {@code {error, Converted, Rest}} and {@code {incomplete, Converted, Rest}} is part of the
 * result: the chardata is first checked as a whole (anything that is not chardata is badarg,
 * except that a bignum ends the check early and becomes an error tuple), then converted to a
 * UTF-8 buffer; a truncated UTF-8 sequence at the end of a binary waits for the next binary.
 * Other encodings (utf16, utf32) go to OTP's {@code unicode:characters_to_*_int/2}, as BEAM's
 * BIFs trap to them. BEAM converts in reduction-sized slices; this converts at once (the
 * results are the same for the inputs the slicing does not split).
 */
public final class UnicodeBifs {
    private UnicodeBifs() {}

    private static final Atom UNICODE_MOD = Atom.of("unicode");

    /** latin1 → true, unicode/utf8 → false, anything else → null (handled in Erlang). */
    private static Boolean latin1(Term enc) {
        if (enc == Atom.LATIN1) return Boolean.TRUE;
        if (enc == Atom.UNICODE || enc == Atom.UTF8) return Boolean.FALSE;
        return null;
    }

    @Bif(module = "unicode", value = "characters_to_binary")
    public static Term charactersToBinary(Proc p, Term data, Term enc) {
        if (latin1(enc) == null) return callErlang(p, "characters_to_binary_int", data, enc);
        return charactersToBinary(data, enc);
    }

    /** characters_to_binary/2 for latin1 and unicode input (the runtime's I/O uses it); badarg otherwise. */
    public static Term charactersToBinary(Term data, Term enc) {
        Boolean latin1 = latin1(enc);
        if (latin1 == null) throw Errors.badarg();
        Term subject = data instanceof Cons c && c.head() instanceof Bitstring && c.tail() == Nil.NIL ? c.head() : data;
        long need = utf8Need(subject, latin1);
        if (need < 0) throw Errors.badarg();
        if (subject instanceof Binary b && need == b.byteSize() && (latin1 || validUtf8(b))) return subject;
        Converter c = new Converter(latin1);
        Term rest = c.build(subject);
        Binary bin = Binary.adopt(c.bytes());
        if (!c.err && rest == Nil.NIL && c.numLeftovers == 0) return bin;
        Atom reason = Atom.ERROR;
        if (c.err) {
            if (c.numLeftovers > 0) rest = Lists.of(c.leftoverBinary(), rest);
        } else {
            rest = c.leftoverBinary();
            if (checkLeftovers(c.leftover, c.numLeftovers)) reason = Atom.INCOMPLETE;
        }
        return Tuple.of(reason, bin, rest);
    }

    @Bif(module = "unicode", value = "characters_to_list")
    public static Term charactersToList(Proc p, Term data, Term enc) {
        Boolean latin1 = latin1(enc);
        if (latin1 == null) return callErlang(p, "characters_to_list_int", data, enc);
        if (data instanceof Bitstring bs && !latin1) return utf8ToList(bs);
        if (utf8Need(data, latin1) < 0) throw Errors.badarg();
        Converter c = new Converter(latin1);
        Term rest = c.build(data);
        Term converted = decodeValid(c.buf, 0, c.pos);
        if (c.err) {
            if (c.numLeftovers > 0) rest = Lists.of(c.leftoverBinary(), rest);
            return Tuple.of(Atom.ERROR, converted, rest);
        }
        if (rest == Nil.NIL && c.numLeftovers != 0) {
            Atom reason = checkLeftovers(c.leftover, c.numLeftovers) ? Atom.INCOMPLETE : Atom.ERROR;
            return Tuple.of(reason, converted, c.leftoverBinary());
        }
        return converted;
    }

    /**
     * bin_is_7bit/1 as OTP 27 answers it: true only for the empty binary. (erl_unicode.c compares
     * the byte count of the latin1 need with aligned_binary_size, which since OTP 27 counts bits,
     * so every non-empty binary is "not 7-bit"; callers then convert, which gives the same result.)
     */
    @Bif(module = "unicode", value = "bin_is_7bit")
    public static Term binIs7bit(Term b) {
        return Atom.of(b instanceof Binary bin && bin.byteSize() == 0);
    }

    private static Term callErlang(Proc p, String function, Term data, Term enc) {
        Term r = Funs.apply(p, UNICODE_MOD, Atom.of(function), Lists.of(data, enc));
        return r == Proc.TAIL ? p.trampoline() : r;
    }

    // ---- utf8_need: the up-front check of the whole chardata ----

    /** The UTF-8 size the chardata needs, or -1 if it is not chardata (badarg). */
    static long utf8Need(Term io, boolean latin1) {
        if (io == Nil.NIL) return 0;
        if (io instanceof Bitstring b) return binaryNeed(b, latin1);
        if (!(io instanceof Cons)) return -1;
        long need = 0;
        ArrayDeque<Term> stack = new ArrayDeque<>();
        stack.push(io);
        while (!stack.isEmpty()) {
            io = stack.pop();
            while (io instanceof Cons c) {
                Term obj = c.head();
                if (obj instanceof Small s) {
                    long x = s.value;
                    need += x >= 0 && x < 0x80 ? 1 : x >= 0 && x < 0x800 ? 2 : x >= 0 && x < 0x10000 ? 3 : 4;
                } else if (obj instanceof Cons) {
                    stack.push(c.tail());
                    io = obj;
                    continue;
                } else if (obj instanceof Bitstring b) {
                    long x = binaryNeed(b, latin1);
                    if (x < 0) return x;
                    need += x;
                } else if (obj instanceof Big) {
                    return need; // the conversion reports it as an error tuple, not badarg
                } else if (obj != Nil.NIL) {
                    return -1;
                }
                io = c.tail();
            }
            if (io != Nil.NIL) {
                if (!(io instanceof Bitstring b)) return -1;
                long x = binaryNeed(b, latin1);
                if (x < 0) return x;
                need += x;
            }
        }
        return need;
    }

    private static long binaryNeed(Bitstring b, boolean latin1) {
        if (!(b instanceof Binary bin)) return -1;
        if (!latin1) return bin.byteSize();
        long need = 0;
        for (int i = 0; i < bin.byteSize(); i++) need += bin.at(i) >= 0x80 ? 2 : 1;
        return need;
    }

    // ---- do_build_utf8: the conversion into a UTF-8 buffer ----

    /** The state of one conversion: the UTF-8 output, the error flag and the pending bytes. */
    private static final class Converter {
        final boolean latin1;
        byte[] buf = new byte[64];
        int pos;
        boolean err;
        final byte[] leftover = new byte[4];
        int numLeftovers;

        Converter(boolean latin1) { this.latin1 = latin1; }

        byte[] bytes() { return Arrays.copyOf(buf, pos); }

        Binary leftoverBinary() { return Binary.of(Arrays.copyOf(leftover, numLeftovers)); }

        private void put(int b) {
            if (pos == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            buf[pos++] = (byte) b;
        }

        /** Converts {@code io}; returns what was not converted (nil when all was), setting err on an error. */
        Term build(Term io) {
            if (io == Nil.NIL) return io;
            if (io instanceof Bitstring b) return buildBinary(b);
            if (!(io instanceof Cons)) {
                err = true;
                return io;
            }
            ArrayDeque<Term> stack = new ArrayDeque<>();
            stack.push(io);
            done:
            while (!stack.isEmpty()) {
                io = stack.pop();
                if (io == Nil.NIL) continue;
                while (io instanceof Cons cell) { // io is always the cell holding the current element
                    Term obj = cell.head();
                    if (obj instanceof Small s) {
                        if (numLeftovers > 0) { // an integer after a truncated sequence in a binary
                            err = true;
                            break done;
                        }
                        if (!putCodePoint(s.value)) {
                            err = true;
                            break done;
                        }
                    } else if (obj instanceof Cons) {
                        stack.push(cell.tail());
                        io = obj;
                        continue;
                    } else if (obj instanceof Bitstring b) {
                        Term rest = buildBinary(b);
                        if (err) {
                            io = new Cons(rest, cell.tail());
                            break done;
                        }
                    } else if (obj != Nil.NIL) {
                        err = true;
                        break done;
                    }
                    io = cell.tail();
                }
                if (io != Nil.NIL) { // an improper tail
                    if (io instanceof Bitstring b) {
                        io = buildBinary(b);
                        if (err) break done;
                    } else {
                        err = true;
                        break done;
                    }
                }
            }
            while (!stack.isEmpty()) io = new Cons(io, stack.pop());
            return io;
        }

        private boolean putCodePoint(long x) {
            if (x < 0 || (latin1 && x > 255)) return false;
            if (x < 0x80) {
                put((int) x);
            } else if (x < 0x800) {
                put(0xC0 | (int) (x >> 6));
                put(0x80 | (int) (x & 0x3F));
            } else if (x < 0x10000) {
                if (x >= 0xD800 && x <= 0xDFFF) return false;
                put(0xE0 | (int) (x >> 12));
                put(0x80 | (int) ((x >> 6) & 0x3F));
                put(0x80 | (int) (x & 0x3F));
            } else if (x < 0x110000) {
                put(0xF0 | (int) (x >> 18));
                put(0x80 | (int) ((x >> 12) & 0x3F));
                put(0x80 | (int) ((x >> 6) & 0x3F));
                put(0x80 | (int) (x & 0x3F));
            } else {
                return false;
            }
            return true;
        }

        private Term buildBinary(Bitstring b) {
            if (!(b instanceof Binary bin)) {
                err = true;
                return b;
            }
            byte[] src = bin.toByteArray();
            if (latin1) {
                for (byte x : src) {
                    int v = x & 0xFF;
                    if (v < 0x80) {
                        put(v);
                    } else {
                        put((v >> 6) | 0xC0);
                        put((v & 0x3F) | 0x80);
                    }
                }
                return Nil.NIL;
            }
            int errPos = copyUtf8(src, 0, src.length, true);
            if (errPos >= 0) {
                err = true;
                return bin.sub(errPos, src.length - errPos);
            }
            return Nil.NIL;
        }

        /**
         * copy_utf8_bin: copies the valid UTF-8 of {@code src[off, off+size)}; with
         * {@code useLeftover}, a sequence cut by the end waits in {@link #leftover} and one
         * waiting from the previous binary is completed first. Returns the error position
         * (relative to {@code off}), or -1.
         */
        private int copyUtf8(byte[] src, int off, int size, boolean useLeftover) {
            int i = off, end = off + size;
            if (useLeftover && numLeftovers > 0) {
                int need = utf8Len(leftover[0] & 0xFF), fromSource = need - numLeftovers;
                if (size < fromSource) {
                    System.arraycopy(src, off, leftover, numLeftovers, size);
                    numLeftovers += size;
                    return -1;
                }
                System.arraycopy(src, off, leftover, numLeftovers, fromSource);
                int mark = pos;
                byte[] whole = Arrays.copyOf(leftover, need);
                if (copyUtf8(whole, 0, need, false) >= 0) {
                    pos = mark;
                    return 0; // the waiting sequence does not continue here: the error is at this binary's start
                }
                numLeftovers = 0;
                i += fromSource;
            }
            while (i < end) {
                int b0 = src[i] & 0xFF, left = end - i;
                int len;
                if ((b0 & 0x80) == 0) {
                    len = 1;
                } else if ((b0 & 0xE0) == 0xC0) {
                    len = 2;
                    if (useLeftover && left < 2) return keep(src, i, left);
                    if (left < 2 || !cont(src[i + 1]) || b0 < 0xC2) return i - off;
                } else if ((b0 & 0xF0) == 0xE0) {
                    len = 3;
                    if (useLeftover && left < 3) return keep(src, i, left);
                    if (left < 3 || !cont(src[i + 1]) || !cont(src[i + 2])
                            || (b0 == 0xE0 && (src[i + 1] & 0xFF) < 0xA0)) return i - off;
                    if ((b0 & 0xF) == 0xD && (src[i + 1] & 0x20) != 0) return i - off; // surrogates
                } else if ((b0 & 0xF8) == 0xF0) {
                    len = 4;
                    if (useLeftover && left < 4) return keep(src, i, left);
                    if (left < 4 || !cont(src[i + 1]) || !cont(src[i + 2]) || !cont(src[i + 3])
                            || (b0 == 0xF0 && (src[i + 1] & 0xFF) < 0x90)) return i - off;
                    if ((b0 & 7) > 4 || ((b0 & 7) == 4 && (src[i + 1] & 0x3F) > 0xF)) return i - off;
                } else {
                    return i - off;
                }
                for (int k = 0; k < len; k++) put(src[i + k]);
                i += len;
            }
            return -1;
        }

        private int keep(byte[] src, int i, int n) {
            System.arraycopy(src, i, leftover, 0, n);
            numLeftovers = n;
            return -1;
        }
    }

    private static boolean cont(byte b) { return (b & 0xC0) == 0x80; }

    private static int utf8Len(int first) {
        if ((first & 0x80) == 0) return 1;
        if ((first & 0xE0) == 0xC0) return 2;
        if ((first & 0xF0) == 0xE0) return 3;
        if ((first & 0xF8) == 0xF0) return 4;
        return -1;
    }

    /** check_leftovers: true when the pending bytes are a valid start of a sequence (incomplete, not error). */
    private static boolean checkLeftovers(byte[] s, int size) {
        int b0 = s[0] & 0xFF;
        if ((b0 & 0xE0) == 0xC0) return true;
        if ((b0 & 0xF0) == 0xE0) return size < 2 || (size < 3 && cont(s[1]));
        if ((b0 & 0xF8) == 0xF0) {
            return size < 2 || (size < 3 && cont(s[1])) || (size < 4 && cont(s[1]) && cont(s[2]));
        }
        return false;
    }

    // ---- a UTF-8 binary to a list (utf8_to_list / analyze_utf8) ----

    private static final int OK = 0, ERROR = 1, INCOMPLETE = 2;

    private static Term utf8ToList(Bitstring bs) {
        if (!(bs instanceof Binary bin)) throw Errors.badarg();
        byte[] b = bin.toByteArray();
        int[] end = new int[1];
        int state = analyzeUtf8(b, end);
        Term converted = decodeValid(b, 0, end[0]);
        if (state == OK) return converted;
        Term rest = bin.sub(end[0], b.length - end[0]);
        if (state == INCOMPLETE && checkLeftovers(Arrays.copyOfRange(b, end[0], b.length), b.length - end[0])) {
            return Tuple.of(Atom.INCOMPLETE, converted, rest);
        }
        return Tuple.of(Atom.ERROR, converted, rest);
    }

    /** analyze_utf8: the state, and in end[0] the end of the valid prefix. */
    private static int analyzeUtf8(byte[] s, int[] end) {
        int i = 0, n = s.length;
        end[0] = 0;
        while (i < n) {
            int b0 = s[i] & 0xFF, left = n - i, len;
            if ((b0 & 0x80) == 0) {
                len = 1;
            } else if ((b0 & 0xE0) == 0xC0) {
                if (left < 2) return INCOMPLETE;
                if (!cont(s[i + 1]) || b0 < 0xC2) return ERROR;
                len = 2;
            } else if ((b0 & 0xF0) == 0xE0) {
                if (left < 3) return INCOMPLETE;
                if (!cont(s[i + 1]) || !cont(s[i + 2]) || (b0 == 0xE0 && (s[i + 1] & 0xFF) < 0xA0)) return ERROR;
                if ((b0 & 0xF) == 0xD && (s[i + 1] & 0x20) != 0) return ERROR;
                len = 3;
            } else if ((b0 & 0xF8) == 0xF0) {
                if (left < 4) return INCOMPLETE;
                if (!cont(s[i + 1]) || !cont(s[i + 2]) || !cont(s[i + 3])
                        || (b0 == 0xF0 && (s[i + 1] & 0xFF) < 0x90)) return ERROR;
                if ((b0 & 7) > 4 || ((b0 & 7) == 4 && (s[i + 1] & 0x3F) > 0xF)) return ERROR;
                len = 4;
            } else {
                return ERROR;
            }
            i += len;
            end[0] = i;
        }
        return OK;
    }

    private static boolean validUtf8(Binary b) {
        byte[] bytes = b.toByteArray();
        return analyzeUtf8(bytes, new int[1]) == OK;
    }

    /** The code points of valid UTF-8 as a list. */
    private static Term decodeValid(byte[] s, int from, int to) {
        ListBuilder lb = new ListBuilder();
        int i = from;
        while (i < to) {
            int b0 = s[i] & 0xFF, cp, len;
            if (b0 < 0x80) { cp = b0; len = 1; }
            else if ((b0 & 0xE0) == 0xC0) { cp = b0 & 0x1F; len = 2; }
            else if ((b0 & 0xF0) == 0xE0) { cp = b0 & 0x0F; len = 3; }
            else { cp = b0 & 0x07; len = 4; }
            for (int k = 1; k < len; k++) cp = (cp << 6) | (s[i + k] & 0x3F);
            lb.add(Small.of(cp));
            i += len;
        }
        return lb.build();
    }
}
