package org.gaoos.jbeam.beam;

/**
 * A {@code LitT} entry: a constant term ({@code {literal,Term}} in assembly) in the external term
 * format, as {@code term_to_binary/1} wrote it (starting with the version byte 131).
 */
public record Literal(int index, byte[] externalForm) {
}
