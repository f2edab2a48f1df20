package org.gaoos.jbeam.beam;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;

import org.gaoos.jbeam.term.Atom;

/**
 * An instruction operand, decoded from the compact term encoding and resolved against the module's
 * tables: atoms, literals, imports, funs, strings and line locations are the entries themselves, not
 * indices. Which kinds an instruction takes is {@link Opcode#operandKinds()}.
 */
public sealed interface Operand {

    /** A {@code u} number: an arity, a count, a size, flags, a live-register count. */
    record Unsigned(long value) implements Operand {
        public int intValue() {
            return (int) Math.min(value, Integer.MAX_VALUE);
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** An integer constant ({@code i} tag) that fits a {@code long}. */
    record SmallInt(long value) implements Operand {
        @Override
        public String toString() {
            return "{integer," + value + "}";
        }
    }

    /** An integer constant ({@code i} tag) that needs more than 64 bits. */
    record BigInt(BigInteger value) implements Operand {
        @Override
        public String toString() {
            return "{integer," + value + "}";
        }
    }

    /** An atom constant. */
    record AtomOperand(Atom atom) implements Operand {
        @Override
        public String toString() {
            return "{atom," + atom.name() + "}";
        }
    }

    /** The empty list {@code []} (atom index 0). */
    enum Nil implements Operand {
        NIL;

        @Override
        public String toString() {
            return "nil";
        }
    }

    /** A constant from the literal table. */
    record LiteralRef(int index, Literal literal) implements Operand {
        @Override
        public String toString() {
            return "{literal," + index + "}";
        }
    }

    /** X register {@code x(index)}, with what the compiler proved about its value ({@link BeamType#ANY} if nothing). */
    record XReg(int index, BeamType type) implements Operand {
        @Override
        public String toString() {
            return "{x," + index + "}";
        }
    }

    /** Y register (stack slot) {@code y(index)}, with its type ({@link BeamType#ANY} if untyped). */
    record YReg(int index, BeamType type) implements Operand {
        @Override
        public String toString() {
            return "{y," + index + "}";
        }
    }

    /** Float register {@code fr(index)}. */
    record FReg(int index) implements Operand {
        @Override
        public String toString() {
            return "{fr," + index + "}";
        }
    }

    /** A label; {@link #NO_FAIL} (label 0) as a fail label means "raise an exception instead of jumping". */
    record Label(int value) implements Operand {
        public static final Label NO_FAIL = new Label(0);

        public boolean isNoFail() {
            return value == 0;
        }

        @Override
        public String toString() {
            return "{f," + value + "}";
        }
    }

    /** An extended list, e.g. {@code select_val}'s value/label pairs; always an instruction's last operand. */
    record OperandList(List<Operand> elements) implements Operand {
        public int size() {
            return elements.size();
        }

        public Operand get(int i) {
            return elements.get(i);
        }

        @Override
        public String toString() {
            return "{list," + elements + "}";
        }
    }

    /** An allocation list: heap words, floats and funs to reserve ({@code test_heap}, {@code allocate_heap}). */
    record AllocList(long words, long floats, long funs) implements Operand {
        @Override
        public String toString() {
            return "{alloc,[{words," + words + "},{floats," + floats + "},{funs," + funs + "}]}";
        }
    }

    /** A function in the import table: the callee of {@code call_ext*}, the BIF of {@code bif*}/{@code gc_bif*}. */
    record ImportRef(int index, Import entry) implements Operand {
        @Override
        public String toString() {
            return "{extfunc," + entry + "}";
        }
    }

    /** A fun in the {@code FunT} table ({@code make_fun3}, {@code call_fun2}). */
    record LambdaRef(int index, Lambda lambda) implements Operand {
        @Override
        public String toString() {
            return "{fun," + index + "}";
        }
    }

    /** Bytes of the string table ({@code StrT}) at {@code offset}: a bit-syntax string segment. */
    record StringRef(int offset, byte[] bytes) implements Operand {
        @Override
        public String toString() {
            return "{string,<<" + HexFormat.of().formatHex(bytes) + ">>}";
        }
    }

    /** A line-table item ({@code line}, {@code executable_line}, {@code debug_line}); index 0 is undefined. */
    record LineRef(int index, Location location) implements Operand {
        @Override
        public String toString() {
            return location.isDefined() ? "{location," + location.file() + "," + location.line() + "}" : "{location,none}";
        }
    }
}
