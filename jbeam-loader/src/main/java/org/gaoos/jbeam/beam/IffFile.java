package org.gaoos.jbeam.beam;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IFF container of a {@code .beam} file: {@code "FOR1"}, the form size, {@code "BEAM"}, then
 * chunks of a 4-byte id, a 32-bit size and the data padded to 4 bytes. Chunks are found by id in any
 * order; of two chunks with one id the later wins, as in {@code beam_file.c}. Bytes after the form
 * are ignored, as BEAM does.
 */
final class IffFile {
    /** A chunk's place in the file's bytes. */
    record Chunk(String id, byte[] file, int offset, int size) {
        ByteReader reader() {
            return new ByteReader(file, offset, size);
        }

        byte[] bytes() {
            byte[] b = new byte[size];
            System.arraycopy(file, offset, b, 0, size);
            return b;
        }
    }

    private final Map<String, Chunk> chunks;

    private IffFile(Map<String, Chunk> chunks) {
        this.chunks = chunks;
    }

    static IffFile read(byte[] file) throws BadBeamException {
        ByteReader in = new ByteReader(file);
        if (file.length < 12 || in.i32() != 0x464F5231) { // "FOR1"
            throw new BadBeamException("not a BEAM file: no IFF header (FOR1)");
        }
        int formSize = in.i32();
        if (formSize < 4 || formSize > in.remaining()) {
            throw new BadBeamException("corrupt file header: form size " + Integer.toUnsignedString(formSize)
                    + " but " + in.remaining() + " bytes follow");
        }
        ByteReader form = in.slice(formSize, "IFF form");
        if (form.i32() != 0x4245414D) { // "BEAM"
            throw new BadBeamException("not a BEAM file: IFF form type is not 'BEAM'");
        }
        Map<String, Chunk> chunks = new LinkedHashMap<>();
        while (!form.atEnd()) {
            if (form.remaining() < 8) {
                throw new BadBeamException("corrupt file header: " + form.remaining() + " stray bytes after the last chunk");
            }
            int at = form.position();
            String id = new String(form.bytes(4, "chunk id"), StandardCharsets.ISO_8859_1);
            int size = form.i32();
            long padded = ((size & 0xFFFFFFFFL) + 3) & ~3L;
            if (size < 0 || padded > form.remaining()) {
                throw new BadBeamException("corrupt file header: chunk '" + printable(id) + "' at byte " + at
                        + " declares " + Integer.toUnsignedString(size) + " bytes but " + form.remaining() + " remain");
            }
            chunks.put(id, new Chunk(id, file, form.position(), size));
            form.skip((int) padded, "chunk data");
        }
        return new IffFile(chunks);
    }

    Chunk get(String id) {
        return chunks.get(id);
    }

    /** The chunk's data, or null when it is absent or empty (BEAM treats both as missing). */
    Chunk nonEmpty(String id) {
        Chunk c = chunks.get(id);
        return c == null || c.size() == 0 ? null : c;
    }

    Iterable<String> ids() {
        return chunks.keySet();
    }

    static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (char c : id.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return sb.toString();
    }
}
