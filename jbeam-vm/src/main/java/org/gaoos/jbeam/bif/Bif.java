package org.gaoos.jbeam.bif;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code public static} method as the implementation of BIF {@code module:name/arity}.
 * The arity is the number of {@code Term} parameters; an optional leading
 * {@link org.gaoos.jbeam.runtime.Proc} parameter receives the calling process. The return type is
 * {@code Term} or a subtype. Failures throw {@link org.gaoos.jbeam.runtime.ErlangException}
 * (usually via {@link org.gaoos.jbeam.runtime.Errors}).
 *
 * <p>The class must be listed in {@link BifTable#CLASSES}. The translator binds BIF calls at
 * translation time to a direct {@code invokestatic} of the method: no lookup, no reflection.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Bif {
    String module() default "erlang";

    /** The Erlang function name (e.g. {@code "+"}, {@code "atom_to_list"}). */
    String value();
}
