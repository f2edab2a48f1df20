package org.gaoos.jbeam.term;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The size of a term in words of a 64-bit BEAM heap (OTP 27's layouts, erl_term.h, erl_bits.h,
 * erl_map.h, erl_fun.h), as {@code erts_debug:flat_size/1} (copy.c size_object: every subterm
 * counted each time it is reached) and {@code erts_debug:size_shared/1} (copy.c size_shared: a
 * subterm reached twice counted once, literals not counted). jbeam's terms are Java objects, so
 * "the same subterm" is the same object; what lives in a literal area is told by the caller.
 *
 * <p>Layouts: immediates (small integers in [-2^59, 2^59), atoms, [], local pids and ports) 0; a
 * cons 2; a tuple 1 + arity ({} is the global literal: 0); a float 2; a bignum 1 + its 64-bit
 * digits; a flatmap 3 + n values and its keys tuple (n + 1; none for
 * the empty map, whose literal size_shared does not count); a HAMT head node 2 + n (18 when full), an inner node 1 + n, each leaf a cons
 * [K|V]; a bitstring of at most 64 bytes a heap bitstring (2 + data words), a longer one (or one a
 * {@code bs_append} made writable) a sub-bitstring (5) over a BinRef (3) shared with every
 * bitstring over the same bytes; a local fun 2 + (free variables + 1) words and its FunRef (3,
 * a literal of its module); an external fun 2 (not counted by size_shared: it lives in its export entry); a local reference 3 (4 when it has more than 3
 * id words, as a pid reference); an external pid or port 4, an external reference 3 + (ids + 2) / 2.
 */
public final class TermSize {
    private TermSize() {}

    static final int SUB_BITS = 5, BIN_REF = 3, FUN_REF = 3, FUN_THING = 2;
    static final int ONHEAP_BINARY_LIMIT = 64;

    /** erts_debug:flat_size/1: the words of the term with no sharing and literals counted. */
    public static long flatSize(Term root) {
        long[] sum = {0};
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        Consumer<Object> push = todo::push;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o instanceof HashTrieMap.Node n) {
                sum[0] += 1 + n.size();
                children(n, push);
            } else if (o instanceof HashTrieMap.Collision c) {
                sum[0] += 1 + c.leaves().length;
                for (HashTrieMap.Leaf l : c.leaves()) { sum[0] += 2; todo.push(l.key()); todo.push(l.value()); }
            } else {
                Term t = (Term) o;
                sum[0] += ownWords(t);
                switch (t) {
                    case Cons c -> { todo.push(c.head()); todo.push(c.tail()); }
                    case Tuple u -> { for (int i = 0; i < u.arity(); i++) todo.push(u.get(i)); }
                    case FlatMap m -> {
                        if (m.size() > 0) sum[0] += 1 + m.size(); // the keys tuple
                        m.forEach((k, v) -> { todo.push(k); todo.push(v); });
                    }
                    case HashTrieMap m -> children(m.root(), push);
                    case LocalFun f -> {
                        sum[0] += FUN_REF;
                        for (int i = 0; i < f.numFree(); i++) todo.push(f.free(i));
                    }
                    default -> { }
                }
            }
        }
        return sum[0];
    }

    /**
     * erts_debug:size_shared/1: each object counted once, nothing {@code literal} says lives in a
     * literal area counted (nor below it). A refc bitstring's BinRef is its byte array.
     */
    public static long sharedSize(Term root, Predicate<Object> literal) {
        return walkShared(root, literal, false);
    }

    /**
     * erts_debug:size/1 (Erlang code in OTP's erts_debug.erl, walking with map_hashmap_children and
     * flat_size/1): each object counted once, literals counted, HAMT nodes once, each bitstring
     * whole (its BinRef not shared), the empty map 3.
     */
    public static long debugSize(Term root) {
        return walkShared(root, o -> false, true);
    }

    private static long walkShared(Term root, Predicate<Object> literal, boolean debugSize) {
        int nodeFactor = debugSize ? 1 : 2;
        long sum = 0;
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o instanceof HashTrieMap.Node n) {
                if (seen.put(n, Boolean.TRUE) != null) continue;
                sum += nodeFactor * (1L + n.size()); // size_shared counts HAMT nodes twice (measured on erl 27)
                children(n, todo::push);
                continue;
            }
            if (o instanceof HashTrieMap.Collision c) {
                if (seen.put(c, Boolean.TRUE) != null) continue;
                sum += 1 + c.leaves().length;
                for (HashTrieMap.Leaf l : c.leaves()) { sum += 2; todo.push(l.key()); todo.push(l.value()); }
                continue;
            }
            Term t = (Term) o;
            if (isImmediate(t) || literal.test(t) || seen.put(t, Boolean.TRUE) != null) continue;
            switch (t) {
                case Cons c -> { sum += 2; todo.push(c.head()); todo.push(c.tail()); }
                case Tuple u -> {
                    sum += ownWords(u);
                    for (int i = 0; i < u.arity(); i++) todo.push(u.get(i));
                }
                case FlatMap m -> {
                    if (m == FlatMap.EMPTY && !debugSize) continue; // the global literal empty map
                    sum += 3 + m.size();
                    Object keys = m.keysIdentity();
                    if (m.size() > 0 && !literal.test(keys) && seen.put(keys, Boolean.TRUE) == null) sum += 1 + m.size();
                    m.forEach((k, v) -> { todo.push(k); todo.push(v); });
                }
                case HashTrieMap m -> {
                    if (seen.put(m.root(), Boolean.TRUE) != null) continue;
                    HashTrieMap.Node r = m.root();
                    sum += nodeFactor * headWords(r);
                    children(r, todo::push);
                }
                case Bitstring b -> {
                    if (!isRefc(b)) sum += heapBitsWords(b.bitSize());
                    else if (debugSize) sum += SUB_BITS + BIN_REF;
                    else {
                        sum += SUB_BITS;
                        if (!literal.test(b.data) && seen.put(b.data, Boolean.TRUE) == null) sum += BIN_REF;
                    }
                }
                case LocalFun f -> {
                    if (debugSize) sum += FUN_THING + f.numFree() + 1 + FUN_REF;
                    else if (f.numFree() == 0) continue; // made by the loader as a literal
                    else sum += FUN_THING + f.numFree() + 1; // the FunRef is a literal of its module
                    for (int i = 0; i < f.numFree(); i++) todo.push(f.free(i));
                }
                case ExportFun f -> { if (debugSize) sum += FUN_THING; } // outside the heap: its export entry's
                default -> sum += ownWords(t);
            }
        }
        return sum;
    }

    /** True for terms that are immediates on BEAM (no heap words of their own). */
    public static boolean isImmediate(Term t) {
        return switch (t) {
            case Small s -> isBeamSmall(s.value);
            case Atom a -> true;
            case Nil n -> true;
            case Pid p -> p.node == LocalNode.name() && p.creation == LocalNode.creation();
            case Port p -> p.node == LocalNode.name() && p.creation == LocalNode.creation();
            case Tuple u -> u.arity() == 0;
            default -> false;
        };
    }

    /**
     * Calls {@code each} for every boxed object of {@code root} a literal area holds: the terms
     * and, for refc bitstrings, their bytes (the BinRef) and for flatmaps their keys.
     */
    public static void forEachBoxed(Term root, Consumer<Object> each) {
        ArrayDeque<Term> todo = new ArrayDeque<>();
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Term t = todo.pop();
            if (isImmediate(t) || seen.put(t, Boolean.TRUE) != null) continue;
            each.accept(t);
            switch (t) {
                case Cons c -> { todo.push(c.head()); todo.push(c.tail()); }
                case Tuple u -> { for (int i = 0; i < u.arity(); i++) todo.push(u.get(i)); }
                case FlatMap m -> {
                    if (seen.put(m.keysIdentity(), Boolean.TRUE) == null) each.accept(m.keysIdentity());
                    m.forEach((k, v) -> { todo.push(k); todo.push(v); });
                }
                case HashTrieMap m -> m.forEach((k, v) -> { todo.push(k); todo.push(v); });
                case Bitstring b -> { if (seen.put(b.data, Boolean.TRUE) == null) each.accept(b.data); }
                case LocalFun f -> { for (int i = 0; i < f.numFree(); i++) todo.push(f.free(i)); }
                default -> { }
            }
        }
    }

    static boolean isBeamSmall(long v) {
        return (v >> 59) == 0 || (v >> 59) == -1;
    }

    /** BEAM keeps a bitstring off the heap when it is longer than 64 bytes or made writable. */
    static boolean isRefc(Bitstring b) {
        return b.byteSizeCeil() > ONHEAP_BINARY_LIMIT || b.buffer != null;
    }

    static long heapBitsWords(long bits) {
        return 2 + ((bits + 7) / 8 + 7) / 8;
    }

    /** The words of a term's own cell(s), not counting its subterms (maps: see the callers). */
    private static long ownWords(Term t) {
        return switch (t) {
            case Cons c -> 2;
            case Tuple u -> u.arity() == 0 ? 0 : 1 + u.arity();
            case FlatMap m -> 3 + m.size();
            case HashTrieMap m -> headWords(m.root());
            case Flonum f -> 2;
            case Small s -> isBeamSmall(s.value) ? 0 : 2;
            case Big b -> bigWords(b.value());
            case Bitstring b -> isRefc(b) ? SUB_BITS + BIN_REF : heapBitsWords(b.bitSize());
            case LocalFun f -> FUN_THING + f.numFree() + 1;
            case ExportFun f -> FUN_THING;
            case Ref r -> {
                boolean local = r.node == LocalNode.name() && r.creation == LocalNode.creation();
                yield local ? (r.idCount() > 3 ? 4 : 3) : 3 + (r.idCount() + 2) / 2;
            }
            case Pid p -> isImmediate(p) ? 0 : 4;
            case Port p -> isImmediate(p) ? 0 : 4;
            default -> 0;
        };
    }

    static long bigWords(BigInteger v) {
        return 1 + (v.abs().bitLength() + 63) / 64;
    }

    private static long headWords(HashTrieMap.Node root) {
        return root.size() == 16 ? 18 : 2 + root.size();
    }

    /** A HAMT node's children: leaves as their key and value (plus the leaf cons), sub-nodes. */
    private static void children(HashTrieMap.Node n, Consumer<Object> push) {
        Object[] kv = n.kv();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i] != null) { push.accept(new Cons((Term) kv[i], (Term) kv[i + 1])); }
            else push.accept(kv[i + 1]);
        }
    }
}
