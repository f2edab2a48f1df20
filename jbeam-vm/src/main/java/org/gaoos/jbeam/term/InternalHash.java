package org.gaoos.jbeam.term;

import java.math.BigInteger;

/**
 * BEAM's internal term hash (erts_internal_hash / make_internal_hash in
 * erts/emulator/beam/erl_term_hashing.c, 64-bit build): the hash large maps are organised by, so
 * it decides their iteration order. Immediates hash their tagged machine word, so the value of an
 * atom depends on its index in the atom table (see {@link Atom#index()}).
 */
public final class InternalHash {
    private InternalHash() {}

    private static final long C1 = 0x87C37B91114253D5L, C2 = 0x4CF5AD432745937FL;
    private static final int T_IMMEDIATE = 1, T_ARRAY_ELEMENT = 2, T_CAR = 3, T_CDR = 4,
            T_STRING = 5, T_TUPLE = 6, T_FLATMAP = 7, T_HEAD_ARRAY = 8, T_HEAD_BITMAP = 9,
            T_NODE = 10, T_BINARY = 11, T_LOCAL_FUN = 12, T_EXTERNAL_FUN = 13, T_NEG_BIG = 14,
            T_POS_BIG = 15, T_LOCAL_REF = 16, T_EXTERNAL_REF = 17, T_EXTERNAL_PID = 18,
            T_EXTERNAL_PORT = 19, T_FLOAT = 20;

    static final long MAX_SMALL = (1L << 59) - 1, MIN_SMALL = -(1L << 59);

    /** erts_internal_hash(Term) (a.k.a. erts_map_hash). */
    public static long hash(Term t) {
        long w = immediateWord(t);
        if (w != 0) return mix64(w);
        return new State().run(t);
    }

    /** The tagged 64-bit word of an immediate term, or 0 if {@code t} is boxed in BEAM. */
    static long immediateWord(Term t) {
        if (t instanceof Small s) {
            if (s.value >= MIN_SMALL && s.value <= MAX_SMALL) return (s.value << 4) | 0xF;
            return 0;
        }
        if (t instanceof Atom a) return ((long) a.index() << 6) | 0x0B;
        if (t == Nil.NIL) return 0x3B;
        if (t instanceof Pid p && LocalNode.isLocal(p.node, p.creation)) {
            return ((((long) p.serial << 28) | (p.number & 0x0FFFFFFFL)) << 4) | 0x3;
        }
        if (t instanceof Port p && LocalNode.isLocal(p.node, p.creation)) return (p.number << 4) | 0x7;
        return 0;
    }

    static long mix64(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    private static final Object CDR_MARKER = new Object();

    private static final class State {
        long alpha, beta, ticks;
        // A small array stack, grown on demand (most keys never push anything).
        private Object[] stack;
        private int depth;

        private void push(Object o) {
            if (stack == null) stack = new Object[8];
            else if (depth == stack.length) stack = java.util.Arrays.copyOf(stack, depth * 2);
            stack[depth++] = o;
        }

        private Object pop() { return stack[--depth]; }

        void mixAlpha(long e) {
            e *= C1;
            e = Long.rotateLeft(e, 31);
            e *= C2;
            alpha ^= e;
            alpha = Long.rotateLeft(alpha, 27);
            alpha += beta;
            alpha = alpha * 5 + 0x52DCE729L;
            ticks++;
        }

        void mixBeta(long e) {
            e *= C2;
            e = Long.rotateLeft(e, 33);
            e *= C1;
            beta ^= e;
            beta = Long.rotateLeft(beta, 31);
            beta += alpha;
            beta = beta * 5 + 0x38495AB5L;
            ticks++;
        }

        void mixAlpha2(long lo, long hi) { mixAlpha((lo & 0xFFFFFFFFL) | (hi << 32)); }

        void mixBeta2(long lo, long hi) { mixBeta((lo & 0xFFFFFFFFL) | (hi << 32)); }

        void mixImmediate(long word) {
            mixAlpha(T_IMMEDIATE);
            mixBeta(word);
        }

        void pushTerm(Term t) {
            long w = immediateWord(t);
            if (w != 0) {
                mixImmediate(w);
            } else {
                mixAlpha(T_ARRAY_ELEMENT);
                push(t);
            }
        }

        long run(Term term) {
            for (;;) {
                term = step(term);
                if (term == null) {
                    // pop_next
                    for (;;) {
                        if (depth == 0) return finish();
                        Object o = pop();
                        if (o == CDR_MARKER) {
                            mixBeta(T_CDR);
                            term = (Term) pop();
                        } else if (o instanceof HashTrieMap.Node node) {
                            mixAlpha(T_NODE);
                            pushSlots(node);
                            continue;
                        } else if (o instanceof HashTrieMap.Collision c) {
                            // BEAM hashes a collision node as the tuple of [K|V] cells it is.
                            Term[] cells = new Term[c.leaves().length];
                            for (int i = 0; i < cells.length; i++) {
                                cells[i] = new Cons(c.leaves()[i].key(), c.leaves()[i].value());
                            }
                            term = Tuple.adopt(cells);
                        } else {
                            term = (Term) o;
                        }
                        break;
                    }
                }
            }
        }

        void pushSlots(HashTrieMap.Node node) {
            Object[] kv = node.kv();
            for (int i = 0; i < kv.length; i += 2) {
                if (kv[i] != null) {
                    pushTerm((Term) kv[i + 1]);
                    pushTerm((Term) kv[i]);
                } else {
                    push(kv[i + 1]);
                }
            }
        }

        long finish() {
            alpha ^= ticks;
            beta ^= ticks;
            alpha += beta;
            beta += alpha;
            alpha = mix64(alpha);
            beta = mix64(beta);
            alpha += beta;
            beta += alpha;
            return alpha ^ beta;
        }

        /** Processes {@code term}; returns the next term to continue with, or null to pop. */
        Term step(Term term) {
            long w = immediateWord(term);
            if (w != 0) {
                mixImmediate(w);
                return null;
            }
            switch (term) {
                case Cons first -> {
                    Term t = first;
                    long value = 0;
                    int bytes = 0;
                    while (t instanceof Cons c && c.head() instanceof Small s && s.value >= 0 && s.value <= 255) {
                        value = (value << 8) | s.value;
                        bytes++;
                        if (bytes % 4 == 0) {
                            mixAlpha2(T_STRING | (bytes << 8), value);
                            value = 0;
                            bytes = 0;
                        }
                        t = c.tail();
                    }
                    if (bytes > 0) mixAlpha2(T_STRING | (bytes << 8), value);
                    if (t instanceof Cons c) {
                        Term head = c.head(), tail = c.tail();
                        long hw = immediateWord(head);
                        if (hw != 0) {
                            mixAlpha2(T_IMMEDIATE, T_CAR);
                            mixBeta(hw);
                            if (!(tail instanceof Cons)) mixAlpha(T_CDR);
                            return tail;
                        }
                        push(tail);
                        if (!(tail instanceof Cons)) push(CDR_MARKER);
                        mixAlpha(T_CAR);
                        return head;
                    }
                    return t;
                }
                case Tuple tu -> {
                    int arity = tu.arity();
                    mixAlpha(T_TUPLE);
                    mixBeta(arity);
                    if (arity == 0) return null;
                    for (int i = 0; i < arity - 1; i++) pushTerm(tu.get(i));
                    return tu.get(arity - 1);
                }
                case FlatMap m -> {
                    int size = m.size();
                    mixAlpha(T_FLATMAP);
                    mixBeta(size);
                    if (size == 0) return null;
                    for (int i = 0; i < size - 1; i++) {
                        pushTerm(m.valueAt(i));
                        pushTerm(m.keyAt(i));
                    }
                    pushTerm(m.valueAt(size - 1));
                    return m.keyAt(size - 1);
                }
                case HashTrieMap m -> {
                    HashTrieMap.Node root = m.root();
                    mixAlpha(root.bitmap() == 0xFFFF ? T_HEAD_ARRAY : T_HEAD_BITMAP);
                    mixBeta(m.size());
                    pushSlots(root);
                    return null;
                }
                case LocalFun f -> {
                    int numFree = f.numFree();
                    mixAlpha2(T_LOCAL_FUN, numFree);
                    mixBeta2(f.index, f.oldUniq);
                    mixAlpha(T_IMMEDIATE);
                    mixBeta(immediateWord(f.module));
                    if (numFree == 0) return null;
                    for (int i = 0; i < numFree - 1; i++) pushTerm(f.free(i));
                    return f.free(numFree - 1);
                }
                case ExportFun f -> {
                    // BEAM mixes the export entry's address, which no other VM can reproduce;
                    // a stable stand-in keeps the hash deterministic within this VM.
                    mixAlpha(T_EXTERNAL_FUN);
                    mixBeta(((long) f.module.index() << 40) ^ ((long) f.function.index() << 8) ^ f.arity);
                    return null;
                }
                case Bitstring b -> {
                    hashBits(b);
                    return null;
                }
                case Int big -> {
                    hashBig(big.bigValue());
                    return null;
                }
                case Flonum f -> {
                    mixAlpha(T_FLOAT);
                    mixBeta(Double.doubleToRawLongBits(f.value));
                    return null;
                }
                case Ref r -> {
                    if (LocalNode.isLocal(r.node, r.creation) && r.idCount() >= 3) {
                        mixAlpha2(T_LOCAL_REF, r.id(0));
                        mixBeta2(r.id(1), r.id(2));
                        if (r.idCount() == 5) mixAlpha2(r.id(3), r.id(4));
                    } else {
                        int n = r.idCount();
                        mixAlpha2(T_EXTERNAL_REF, n);
                        int i = 0;
                        for (; i + 2 <= n; i += 2) mixBeta2(r.id(i), r.id(i + 1));
                        if (i < n) mixBeta(r.id(i) & 0xFFFFFFFFL);
                        mixAlpha(nodeWord(r.node, r.creation));
                    }
                    return null;
                }
                case Pid p -> {
                    mixAlpha(T_EXTERNAL_PID);
                    mixBeta(nodeWord(p.node, p.creation));
                    mixAlpha2(p.number, p.serial);
                    return null;
                }
                case Port p -> {
                    mixAlpha(T_EXTERNAL_PORT);
                    mixBeta(nodeWord(p.node, p.creation));
                    mixAlpha(p.number);
                    return null;
                }
                default -> throw new IllegalStateException("unexpected term " + term.getClass());
            }
        }

        /** BEAM mixes the node table entry's address here; this is a stable stand-in. */
        private long nodeWord(Atom node, int creation) {
            return ((long) node.index() << 32) ^ (creation & 0xFFFFFFFFL);
        }

        private void hashBig(BigInteger v) {
            BigInteger mag = v.abs();
            int n = (mag.bitLength() + 63) / 64;
            mixAlpha2(v.signum() < 0 ? T_NEG_BIG : T_POS_BIG, n);
            int i = 0;
            for (; i + 2 <= n; i += 2) {
                mixAlpha(digit(mag, i));
                mixBeta(digit(mag, i + 1));
            }
            if (i < n) mixBeta(digit(mag, i));
        }

        private static long digit(BigInteger mag, int i) {
            return mag.shiftRight(64 * i).longValue();
        }

        private void hashBits(Bitstring b) {
            long size = b.bitSize();
            mixAlpha(T_BINARY);
            mixBeta(size);
            if (size == 0) return;
            int nbytes = (int) (size >>> 3);
            byte[] bytes = b.toByteArray();
            int it = 0;
            for (; it + 16 <= nbytes; it += 16) {
                mixAlpha(readU64(bytes, it));
                mixBeta(readU64(bytes, it + 8));
            }
            int rest = nbytes % 16;
            long value = 0;
            if (rest > 8) {
                for (int k = rest - 1; k >= 8; k--) value ^= (long) (bytes[it + k] & 0xFF) << ((k - 8) * 8);
                value *= C2;
                value = Long.rotateLeft(value, 33);
                value *= C1;
                beta ^= value;
                value = 0;
            }
            if (rest > 0) {
                for (int k = Math.min(rest, 8) - 1; k >= 0; k--) value ^= (long) (bytes[it + k] & 0xFF) << (k * 8);
                value *= C1;
                value = Long.rotateLeft(value, 31);
                value *= C2;
                alpha ^= value;
            }
            int tail = (int) (size & 7);
            if (tail != 0) mixAlpha((bytes[nbytes] & 0xFF) >>> (8 - tail));
        }

        private static long readU64(byte[] b, int off) {
            long v = 0;
            for (int i = 0; i < 8; i++) v |= (long) (b[off + i] & 0xFF) << (i * 8);
            return v;
        }
    }

}
