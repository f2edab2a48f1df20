package org.gaoos.jbeam.term;

import java.math.BigInteger;
import java.util.ArrayDeque;

/**
 * erlang:phash2/1,2 (make_hash2) and erlang:phash/2 (make_hash), ported from
 * erts/emulator/beam/erl_term_hashing.c so the values equal BEAM's on 64-bit builds. All
 * arithmetic is on unsigned 32-bit values held in Java ints.
 */
public final class Phash {
    private Phash() {}

    // ---------------------------------------------------------------- make_hash2 (phash2)

    private static final int HCONST = 0x9e3779b9, HCONST_2 = 0x3c6ef372, HCONST_3 = 0xdaa66d2b,
            HCONST_4 = 0x78dde6e4, HCONST_5 = 0x1715609d, HCONST_6 = 0xb54cda56,
            HCONST_7 = 0x5384540f, HCONST_9 = 0x8ff34781, HCONST_10 = 0x2e2ac13a,
            HCONST_11 = 0xcc623af3, HCONST_12 = 0x6a99b4ac, HCONST_13 = 0x08d12e65,
            HCONST_14 = 0xa708a81e, HCONST_15 = 0x454021d7, HCONST_16 = 0xe3779b90,
            HCONST_19 = 0xbe1e08bb;

    /** erlang:phash2/1: a value in 0..2^27-1. */
    public static int phash2(Term t) {
        return hash2(t) & ((1 << 27) - 1);
    }

    /** erlang:phash2/2 for range 1..2^32 (pass 1L << 32 for 2^32): a value in 0..range-1. */
    public static long phash2(Term t, long range) {
        long h = hash2(t) & 0xFFFFFFFFL;
        return range == (1L << 32) ? h : h % range;
    }

    /** erlang:phash/2 for range 1..2^32: a value in 1..range. */
    public static long phash(Term t, long range) {
        long h = hash1(t) & 0xFFFFFFFFL;
        return range == (1L << 32) ? h + 1 : 1 + h % range;
    }

    private static final Object MAP_TAIL = new Object(), MAP_PAIR = new Object();

    /** make_hash2(Term) as an unsigned 32-bit value in an int. */
    public static int hash2(Term term) {
        if (term instanceof Atom a) return a.hvalue();
        if (term instanceof Small s && s.value <= InternalHash.MAX_SMALL && s.value >= InternalHash.MIN_SMALL) {
            return smallHash(0, s.value);
        }
        return new Hash2().run(term);
    }

    private static boolean isSmall28(long v) {
        return v >= -(1L << 27) && v < (1L << 27);
    }

    static int smallHash(int hash, long v) {
        if (!isSmall28(v)) {
            int con;
            long t;
            if (v < 0) { con = HCONST_10; t = -v; } else { con = HCONST_11; t = v; }
            return mix2((int) t, (int) (t >>> 32), con, hash);
        }
        int y = (int) v;
        if (y < 0) hash = mix2(-y, 0, HCONST, hash);
        return mix2(y, 0, HCONST, hash);
    }

    /** UINT32_HASH_2: a = AConst + e1, b = AConst + e2, MIX(a, b, hash); returns the new hash. */
    static int mix2(int e1, int e2, int aConst, int c) {
        int a = aConst + e1, b = aConst + e2;
        a -= b; a -= c; a ^= (c >>> 13);
        b -= c; b -= a; b ^= (a << 8);
        c -= a; c -= b; c ^= (b >>> 13);
        a -= b; a -= c; a ^= (c >>> 12);
        b -= c; b -= a; b ^= (a << 16);
        c -= a; c -= b; c ^= (b >>> 5);
        a -= b; a -= c; a ^= (c >>> 3);
        b -= c; b -= a; b ^= (a << 10);
        c -= a; c -= b; c ^= (b >>> 15);
        return c;
    }

    /** Bob Jenkins' block hash (block_hash in erl_term_hashing.c). */
    static int blockHash(byte[] k, int len, int initval) {
        int a = 0x9e3779b9, b = 0x9e3779b9, c = initval;
        int i = 0;
        int rest = len;
        while (rest >= 12) {
            a += le32(k, i);
            b += le32(k, i + 4);
            c += le32(k, i + 8);
            // MIX(a,b,c)
            a -= b; a -= c; a ^= (c >>> 13);
            b -= c; b -= a; b ^= (a << 8);
            c -= a; c -= b; c ^= (b >>> 13);
            a -= b; a -= c; a ^= (c >>> 12);
            b -= c; b -= a; b ^= (a << 16);
            c -= a; c -= b; c ^= (b >>> 5);
            a -= b; a -= c; a ^= (c >>> 3);
            b -= c; b -= a; b ^= (a << 10);
            c -= a; c -= b; c ^= (b >>> 15);
            i += 12;
            rest -= 12;
        }
        c += len;
        switch (rest) {
            case 11: c += (k[i + 10] & 0xFF) << 24;
            case 10: c += (k[i + 9] & 0xFF) << 16;
            case 9: c += (k[i + 8] & 0xFF) << 8;
            case 8: b += (k[i + 7] & 0xFF) << 24;
            case 7: b += (k[i + 6] & 0xFF) << 16;
            case 6: b += (k[i + 5] & 0xFF) << 8;
            case 5: b += k[i + 4] & 0xFF;
            case 4: a += (k[i + 3] & 0xFF) << 24;
            case 3: a += (k[i + 2] & 0xFF) << 16;
            case 2: a += (k[i + 1] & 0xFF) << 8;
            case 1: a += k[i] & 0xFF;
            default: break;
        }
        a -= b; a -= c; a ^= (c >>> 13);
        b -= c; b -= a; b ^= (a << 8);
        c -= a; c -= b; c ^= (b >>> 13);
        a -= b; a -= c; a ^= (c >>> 12);
        b -= c; b -= a; b ^= (a << 16);
        c -= a; c -= b; c ^= (b >>> 5);
        a -= b; a -= c; a ^= (c >>> 3);
        b -= c; b -= a; b ^= (a << 10);
        c -= a; c -= b; c ^= (b >>> 15);
        return c;
    }

    private static int le32(byte[] k, int i) {
        return (k[i] & 0xFF) | ((k[i + 1] & 0xFF) << 8) | ((k[i + 2] & 0xFF) << 16) | ((k[i + 3] & 0xFF) << 24);
    }

    private static final class Hash2 {
        int hash, xorPairs;
        final ArrayDeque<Object> s = new ArrayDeque<>();

        int run(Term term) {
            for (;;) {
                term = step(term);
                while (term == null) {
                    if (s.isEmpty()) return hash;
                    Object o = s.pop();
                    if (o == MAP_TAIL) {
                        hash = (Integer) s.pop();
                        hash = mix2(xorPairs, 0, HCONST_19, hash);
                        xorPairs = (Integer) s.pop();
                    } else if (o == MAP_PAIR) {
                        xorPairs ^= hash;
                        hash = 0;
                    } else {
                        term = (Term) o;
                    }
                }
            }
        }

        /** Hashes {@code term}; returns the next term to continue with, or null for hash2_common. */
        Term step(Term term) {
            switch (term) {
                case Cons first -> {
                    int c = 0, sh = 0;
                    Cons cell = first;
                    Term t = first;
                    while (cell.head() instanceof Small b && b.value >= 0 && b.value <= 255) {
                        sh = (sh << 8) + (int) b.value;
                        if (c == 3) {
                            hash = mix2(sh, 0, HCONST_4, hash);
                            c = sh = 0;
                        } else {
                            c++;
                        }
                        t = cell.tail();
                        if (!(t instanceof Cons next)) break;
                        cell = next;
                    }
                    if (c > 0) hash = mix2(sh, 0, HCONST_4, hash);
                    if (t instanceof Cons) {
                        s.push(cell.tail());
                        return cell.head();
                    }
                    return t; // the non-list tail after a run of bytes
                }
                case Tuple tu -> {
                    int arity = tu.arity();
                    hash = mix2(arity, 0, HCONST_9, hash);
                    if (arity == 0) return null;
                    for (int i = arity - 1; i >= 1; i--) s.push(tu.get(i));
                    return tu.get(0);
                }
                case MapTerm m -> {
                    int size = m.size();
                    hash = mix2(size, 0, HCONST_16, hash);
                    if (size == 0) return null;
                    s.push(xorPairs);
                    s.push(hash);
                    s.push(MAP_TAIL);
                    hash = 0;
                    xorPairs = 0;
                    Term[] ks = m.keysInIteratorOrder(), vs = m.valuesInIteratorOrder();
                    for (int i = size - 1; i >= 0; i--) {
                        s.push(MAP_PAIR);
                        s.push(vs[i]);
                        s.push(ks[i]);
                    }
                    return null;
                }
                case LocalFun f -> {
                    int n = f.numFree();
                    hash = mix2(n, f.module.hvalue(), HCONST, hash);
                    hash = mix2(f.index, f.oldUniq, HCONST, hash);
                    if (n == 0) return null;
                    for (int i = n - 1; i >= 1; i--) s.push(f.free(i));
                    return f.free(0);
                }
                case ExportFun f -> {
                    hash = mix2(f.arity, f.module.hvalue(), HCONST, hash);
                    hash = mix2(f.function.hvalue(), 0, HCONST_14, hash);
                    return null;
                }
                case Bitstring b -> {
                    int con = HCONST_13 + hash;
                    long sz = b.wholeBytes();
                    int bitsize = (int) (b.bitSize() & 7);
                    if (sz == 0 && bitsize == 0) {
                        hash = con;
                    } else {
                        byte[] bytes = b.toByteArray();
                        int n = (int) sz; // BEAM truncates the byte count to 32 bits
                        hash = blockHash(bytes, n, con);
                        if (bitsize > 0) {
                            hash = mix2(bitsize, (bytes[n] & 0xFF) >>> (8 - bitsize), HCONST_15, hash);
                        }
                    }
                    return null;
                }
                case Small sm when sm.value <= InternalHash.MAX_SMALL && sm.value >= InternalHash.MIN_SMALL -> {
                    hash = smallHash(hash, sm.value);
                    return null;
                }
                case Int big -> {
                    BigInteger v = big.bigValue();
                    int con = v.signum() < 0 ? HCONST_10 : HCONST_11;
                    BigInteger mag = v.abs();
                    int n = Math.max(1, (mag.bitLength() + 63) / 64);
                    for (int i = 0; i < n; i++) {
                        long d = mag.shiftRight(64 * i).longValue();
                        hash = mix2((int) d, (int) (d >>> 32), con, hash);
                    }
                    return null;
                }
                case Ref r -> {
                    hash = mix2(r.id(0), 0, HCONST_7, hash);
                    return null;
                }
                case Pid p -> {
                    hash = mix2(p.number, 0, HCONST_5, hash);
                    return null;
                }
                case Port p -> {
                    hash = mix2((int) p.number, (int) (p.number >>> 32), HCONST_6, hash);
                    return null;
                }
                case Flonum f -> {
                    double d = f.value == 0.0 ? 0.0 : f.value;
                    long bits = Double.doubleToRawLongBits(d);
                    hash = mix2((int) (bits >>> 32), (int) bits, HCONST_12, hash);
                    return null;
                }
                case Atom a -> {
                    hash = hash == 0 ? a.hvalue() : mix2(a.hvalue(), 0, HCONST_3, hash);
                    return null;
                }
                case Nil n -> {
                    hash = hash == 0 ? (int) 3468870702L : mix2(2, 0, HCONST_2, hash);
                    return null;
                }
            }
        }
    }

    // ---------------------------------------------------------------- make_hash (phash)

    private static final int F1 = 268440163, F2 = 268439161, F3 = 268435459, F4 = 268436141,
            F5 = 268438633, F6 = 268437017, F8 = 268437511, F9 = 268439627,
            F10 = 268440479, F11 = 268440577, F12 = 268440581, F13 = 268440593, F14 = 268440611;

    private record Cursor(Term[] elems, int next, int left, boolean tuple, int arity) {}

    private static final Object CDR_PRE = new Object(), CDR_POST = new Object();

    /** make_hash(Term) as an unsigned 32-bit value in an int. */
    public static int hash1(Term root) {
        ArrayDeque<Object> stack = new ArrayDeque<>();
        int[] h = {0};
        Term term = root;
        outer:
        for (;;) {
            // tail_recur: hash `term`
            Object next = hashOne(term, h, stack);
            if (next instanceof Term t) {
                term = t;
                continue;
            }
            // pop operations until one yields a term to hash
            for (;;) {
                if (stack.isEmpty()) return h[0];
                Object op = stack.pop();
                if (op == CDR_POST) {
                    h[0] *= F8;
                } else if (op == CDR_PRE) {
                    Term tail = (Term) stack.pop();
                    if (!(tail instanceof Cons)) {
                        stack.push(CDR_POST);
                    }
                    term = tail;
                    continue outer;
                } else {
                    Cursor c = (Cursor) op;
                    if (c.left != 0) {
                        stack.push(new Cursor(c.elems, c.next + 1, c.left - 1, c.tuple, c.arity));
                        term = c.elems[c.next];
                        continue outer;
                    }
                    if (c.tuple) h[0] = h[0] * F9 + c.arity;
                }
            }
        }
    }

    private static void step32(int[] h, int x, int prime) {
        int hash = h[0];
        hash = hash * prime + (x & 0xFF);
        hash = hash * prime + ((x >>> 8) & 0xFF);
        hash = hash * prime + ((x >>> 16) & 0xFF);
        hash = hash * prime + (x >>> 24);
        h[0] = hash;
    }

    /** One make_hash step: returns a term to continue with (tail_recur), or null. */
    private static Term hashOne(Term term, int[] h, ArrayDeque<Object> stack) {
        switch (term) {
            case Nil n -> h[0] = h[0] * F3 + 1;
            case Atom a -> h[0] = h[0] * F1 + a.hvalue();
            case Small s -> {
                long y1 = s.value;
                long y2 = y1 < 0 ? -y1 : y1; // as unsigned
                step32(h, (int) y2, F2);
                if ((y2 >>> 32) != 0) step32(h, (int) (y2 >>> 32), F2);
                h[0] *= y1 < 0 ? F4 : F3;
            }
            case Big b -> {
                BigInteger v = b.value();
                byte[] mag = v.abs().toByteArray(); // big-endian
                int nbytes = mag.length - (mag[0] == 0 ? 1 : 0);
                // BEAM hashes whole 64-bit digits, the last one as 4 bytes if it fits in 32 bits
                int digits = (nbytes + 7) / 8;
                long last = v.abs().shiftRight(64 * (digits - 1)).longValue();
                int total = (digits - 1) * 8 + ((last >>> 32) == 0 ? 4 : 8);
                int hash = h[0];
                for (int i = 0; i < total; i++) {
                    int idx = mag.length - 1 - i;
                    int byteVal = idx >= 0 ? mag[idx] & 0xFF : 0;
                    hash = hash * F2 + byteVal;
                }
                hash *= v.signum() < 0 ? F4 : F3;
                h[0] = hash;
            }
            case Bitstring b -> h[0] = hashBinaryBytes(b, h[0]);
            case LocalFun f -> {
                int n = f.numFree();
                int hash = h[0];
                hash = hash * F10 + n;
                hash = hash * F1 + f.module.hvalue();
                hash = hash * F2 + f.index;
                hash = hash * F2 + f.oldUniq;
                h[0] = hash;
                if (n > 0) {
                    Term[] env = f.env();
                    if (n > 1) stack.push(new Cursor(env, 1, n - 1, false, 0));
                    return env[0];
                }
            }
            case ExportFun f -> {
                int hash = h[0];
                hash = hash * F11 + f.arity;
                hash = hash * F1 + f.module.hvalue();
                hash = hash * F1 + f.function.hvalue();
                h[0] = hash;
            }
            case Pid p -> {
                step32(h, p.number, F5);
                h[0] *= F6;
            }
            case Port p -> {
                int low = (int) p.number, high = (int) (p.number >>> 32);
                if (high != 0) step32(h, high, F11);
                step32(h, low, F9);
                h[0] *= F10;
            }
            case Ref r -> {
                step32(h, r.id(0), F9);
                h[0] *= F10;
            }
            case Flonum f -> {
                double d = f.value == 0.0 ? 0.0 : f.value;
                long bits = Double.doubleToRawLongBits(d);
                h[0] = h[0] * F6 + ((int) bits ^ (int) (bits >>> 32));
            }
            case Cons first -> {
                Cons list = first;
                while (list.head() instanceof Small b && b.value >= 0 && b.value <= 255) {
                    h[0] = h[0] * F2 + (int) b.value;
                    if (!(list.tail() instanceof Cons next)) {
                        stack.push(CDR_POST);
                        return list.tail();
                    }
                    list = next;
                }
                stack.push(list.tail());
                stack.push(CDR_PRE);
                return list.head();
            }
            case MapTerm m -> h[0] = h[0] * F13 + F14 + hash2(m);
            case Tuple tu -> {
                int arity = tu.arity();
                Term[] es = tu.toArray();
                if (arity == 0) {
                    h[0] = h[0] * F9;
                } else {
                    stack.push(new Cursor(es, 1, arity - 1, true, arity));
                    return es[0];
                }
            }
        }
        return null;
    }

    private static int hashBinaryBytes(Bitstring b, int hash) {
        long bytesize = b.wholeBytes();
        int bitsize = (int) (b.bitSize() & 7);
        byte[] bytes = b.toByteArray();
        for (int i = 0; i < bytesize; i++) hash = hash * F1 + (bytes[i] & 0xFF);
        if (bitsize > 0) {
            int v = (bytes[(int) bytesize] & 0xFF) >>> (8 - bitsize);
            hash = (hash * F1 + v) * F12 + bitsize;
        }
        return hash * F4 + (int) bytesize;
    }
}
