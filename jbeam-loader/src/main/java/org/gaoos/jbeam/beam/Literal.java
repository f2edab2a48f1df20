package org.gaoos.jbeam.beam;

import org.gaoos.jbeam.term.Term;

/**
 * A {@code LitT} entry: a constant term ({@code {literal,Term}} in assembly), decoded when the module
 * is loaded, with the external-format bytes it was decoded from.
 */
public record Literal(int index, Term value, byte[] externalForm) {
}
