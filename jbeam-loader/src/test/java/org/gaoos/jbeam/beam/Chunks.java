package org.gaoos.jbeam.beam;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;

/** Test helper: a .beam file as an editable list of chunks, written back as a valid IFF container. */
final class Chunks {
    record Chunk(String id, byte[] data) {}

    final List<Chunk> list = new ArrayList<>();

    static Chunks parse(byte[] file) {
        Chunks c = new Chunks();
        ByteBuffer b = ByteBuffer.wrap(file);
        b.position(12);
        while (b.remaining() >= 8) {
            byte[] id = new byte[4];
            b.get(id);
            int size = b.getInt();
            byte[] data = new byte[size];
            b.get(data);
            b.position(b.position() + ((4 - size % 4) % 4));
            c.list.add(new Chunk(new String(id, StandardCharsets.ISO_8859_1), data));
        }
        return c;
    }

    byte[] get(String id) {
        return list.stream().filter(c -> c.id.equals(id)).map(Chunk::data).findFirst().orElse(null);
    }

    Chunks put(String id, byte[] data) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id.equals(id)) {
                list.set(i, new Chunk(id, data));
                return this;
            }
        }
        list.add(new Chunk(id, data));
        return this;
    }

    Chunks remove(String id) {
        list.removeIf(c -> c.id.equals(id));
        return this;
    }

    byte[] write() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("BEAM".getBytes(StandardCharsets.ISO_8859_1));
        for (Chunk c : list) {
            body.writeBytes(c.id.getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(ByteBuffer.allocate(4).putInt(c.data.length).array());
            body.writeBytes(c.data);
            body.writeBytes(new byte[(4 - c.data.length % 4) % 4]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("FOR1".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.size()).array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] inflate(byte[] data, int offset, int size) throws Exception {
        Inflater inf = new Inflater();
        inf.setInput(data, offset, data.length - offset);
        byte[] out = new byte[size];
        int n = 0;
        while (n < size) {
            n += inf.inflate(out, n, size - n);
        }
        inf.end();
        return out;
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
