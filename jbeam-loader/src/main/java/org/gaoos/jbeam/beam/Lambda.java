package org.gaoos.jbeam.beam;

import org.gaoos.jbeam.term.Atom;

/**
 * A {@code FunT} entry: the local function a fun runs ({@code function/arity} at {@code label}, where
 * {@code arity} counts the {@code numFree} captured variables too), its index in the table
 * ({@code make_fun3}'s and {@code call_fun2}'s operand), the old index {@code erlang:fun_info/2} reports,
 * and the old unique value (excluded from the module MD5).
 */
public record Lambda(int index, Atom function, int arity, int label, int oldIndex, int numFree, int oldUniq) {
    /** The arity of the fun as its caller sees it. */
    public int funArity() {
        return arity - numFree;
    }
}
