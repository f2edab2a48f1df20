package org.gaoos.jbeam.beam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generates a module with one huge function: thousands of clauses (one select_val) and long bodies. */
final class HugeModule {
    static final String NAME = "ld_huge";
    static final int CLAUSES = 2000;

    private HugeModule() {}

    static Path write(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("-module(" + NAME + ").\n-export([huge/1]).\n");
        for (int i = 0; i < CLAUSES; i++) {
            sb.append(i == 0 ? "huge(" : ";\nhuge(").append(i).append(") -> ");
            sb.append("X").append(i).append(" = erlang:phash2({").append(i).append(", self()}), ")
              .append("[X").append(i).append(", ").append(i).append(" | integer_to_list(X").append(i).append(")]");
        }
        sb.append(";\nhuge(X) -> {other, X}.\n");
        Path src = dir.resolve(NAME + ".erl");
        Files.writeString(src, sb);
        return src;
    }
}
