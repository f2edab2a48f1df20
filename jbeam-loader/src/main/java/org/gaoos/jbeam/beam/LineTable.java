package org.gaoos.jbeam.beam;

import java.util.List;

/**
 * The {@code Line} chunk: the locations {@code line}/{@code executable_line}/{@code debug_line}
 * instructions refer to by index (index 0 is {@link Location#UNDEFINED}), and the file names.
 * File 0 is always the module's own {@code Module.erl}. A module compiled without line information
 * has {@link #EMPTY}: every line instruction then has an undefined location, as BEAM ignores them.
 */
public record LineTable(int version, int flags, int instructionCount, List<Location> items, List<String> files) {
    /** Flag bit: the module was compiled with {@code line_coverage} ({@code executable_line} present). */
    public static final int EXECUTABLE_LINE = 1;
    /** Flag bit: compiled with {@code force_line_counters}. */
    public static final int FORCE_LINE_COUNTERS = 2;

    public static final LineTable EMPTY = new LineTable(0, 0, 0, List.of(Location.UNDEFINED), List.of());

    public Location item(int index) {
        return items.get(index);
    }
}
