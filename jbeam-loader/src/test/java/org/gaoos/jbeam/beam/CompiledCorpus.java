package org.gaoos.jbeam.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helper: corpus modules compiled by the reference erlc into a directory. */
final class CompiledCorpus {
    private CompiledCorpus() {}

    static Path compile(Path dir, List<String> options, String... modules) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> sources = List.of(modules).stream()
                .map(m -> ReferenceFacts.ERLANG_SOURCES.resolve("corpus").resolve(m + ".erl")).toList();
        ReferenceFacts.erlc(sources, dir, options);
        return dir;
    }

    static byte[] beam(Path dir, String module) {
        return OtpBeams.bytes(dir.resolve(module + ".beam"));
    }
}
