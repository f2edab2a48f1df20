package org.gaoos.jbeam.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.gaoos.jbeam.term.Ref;
import org.junit.jupiter.api.Test;

/** Magic references: found while the reference lives (also through an equal copy), freed after. */
class MagicRefsTest {
    @Test
    void resourceLivesAsLongAsItsReference() throws InterruptedException {
        Object resource = new Object();
        Ref r = MagicRefs.create(resource);
        Ref copy = new Ref(r.node, r.creation, r.ids());
        assertSame(resource, MagicRefs.get(r, Object.class));
        assertSame(resource, MagicRefs.get(copy, Object.class));
        assertNull(MagicRefs.get(r, String.class));
        assertNull(MagicRefs.get(Processes.makeRef(), Object.class));

        int base = MagicRefs.count();
        for (int i = 0; i < 1000; i++) MagicRefs.create(new long[16]);
        int left = Integer.MAX_VALUE;
        for (int attempt = 0; attempt < 50 && left > base; attempt++) {
            System.gc();
            Thread.sleep(10);
            left = MagicRefs.count();
        }
        assertEquals(base, left, "resources of dropped references are freed");
        assertSame(resource, MagicRefs.get(r, Object.class), "a live reference keeps its resource");
    }
}
