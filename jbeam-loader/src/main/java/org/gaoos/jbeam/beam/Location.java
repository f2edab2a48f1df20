package org.gaoos.jbeam.beam;

/**
 * A {@code Line} chunk item: a source file and line, what a {@code line} instruction marks for stack
 * traces ({@code {file,F},{line,L}}). Item 0 is the undefined location.
 */
public record Location(String file, int line) {
    /** Item 0: the location is unknown (stack traces omit file and line). */
    public static final Location UNDEFINED = new Location(null, 0);

    public boolean isDefined() {
        return file != null;
    }
}
