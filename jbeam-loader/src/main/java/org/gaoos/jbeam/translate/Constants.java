package org.gaoos.jbeam.translate;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The class data of a module's hidden class: its atoms, literals and other constants, each loaded
 * with {@code ldc} of a dynamic constant ({@link MethodHandles#classDataAt}), which the JIT folds
 * like a real constant.
 */
final class Constants {
    private static final Handle CLASS_DATA_AT = new Handle(Opcodes.H_INVOKESTATIC,
            Type.getInternalName(MethodHandles.class), "classDataAt",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;", false);

    private final List<Object> data = new ArrayList<>();
    private final Map<Object, Integer> index = new HashMap<>();

    /** The dynamic constant for {@code value}, typed as {@code type}. */
    ConstantDynamic of(Object value, Class<?> type) {
        Integer i = index.get(value);
        if (i == null) {
            i = data.size();
            data.add(value);
            index.put(value, i);
        }
        return new ConstantDynamic("_", Type.getDescriptor(type), CLASS_DATA_AT, i);
    }

    List<Object> data() {
        return List.copyOf(data);
    }
}
