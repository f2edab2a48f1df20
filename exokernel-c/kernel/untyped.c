/* Untyped memory: a power-of-two block of physical memory with a watermark. Retype carves
 * objects from it, naturally aligned, as CDT children of the untyped cap. When the untyped has
 * no children left (all revoked), its watermark resets and the memory is reused.
 * Two kinds are never zeroed: device untypeds (registers) and initrd untypeds (the initramfs
 * the boot loader left in RAM), which make only frames and smaller untypeds of their kind;
 * initrd frames are read-only, so reusing their memory hands out the same bytes again. */
#include "kernel.h"

void untyped_make(struct cap *c, u64 paddr, u32 size_bits, int kind)
{
    kmemset(c, 0, sizeof *c);
    c->type = OBJ_UNTYPED;
    c->rights = R_ALL;
    c->obj = paddr;
    c->bits = size_bits;
    c->flags = kind == UT_DEVICE ? CAPF_DEVICE : kind == UT_INITRD ? CAPF_INITRD : 0;
}

int obj_size_bits(u32 type, u32 size_bits, u32 *out)
{
    switch (type) {
    case OBJ_UNTYPED:
        if (size_bits < PAGE_BITS || size_bits > 32) return E_INVAL;
        *out = size_bits; return E_OK;
    case OBJ_CNODE:
        if (size_bits < 1 || size_bits > 20) return E_INVAL;
        *out = size_bits + SLOT_BITS; return E_OK;
    case OBJ_TCB: *out = TCB_BITS; return E_OK;
    case OBJ_ENDPOINT: *out = EP_BITS; return E_OK;
    case OBJ_NOTIFICATION: *out = NTFN_BITS; return E_OK;
    case OBJ_FRAME:                           /* 4 KB (size_bits 0 or 12) or 2 MB (21) */
        if (size_bits != 0 && size_bits != PAGE_BITS && size_bits != 21) return E_INVAL;
        *out = size_bits == 21 ? 21 : PAGE_BITS; return E_OK;
    case OBJ_PAGETABLE: case OBJ_VSPACE: *out = PAGE_BITS; return E_OK;
    default: return E_INVAL;
    }
}

static u32 free_asids(void)
{
    u32 n = 0;
    for (u32 a = 1; a < NASID; a++)
        n += asid_table[a].l1 == NULL;
    return n;
}

int untyped_retype(struct slot *ut, u32 type, u32 size_bits, struct cap *cnode, u64 index, u64 count)
{
    struct cap *u = &ut->cap;
    assert(u->type == OBJ_UNTYPED);
    u32 bits;
    int err = obj_size_bits(type, size_bits, &bits);
    if (err) return err;
    if (count == 0 || count > 256) return E_INVAL;
    int device = u->flags & CAPF_DEVICE, initrd = u->flags & CAPF_INITRD;
    if ((device || initrd) && type != OBJ_FRAME && type != OBJ_UNTYPED) return E_INVAL;
    if (bits > u->bits) return E_NOMEM;
    struct slot *dst[256];
    for (u64 i = 0; i < count; i++) {
        dst[i] = cnode_slot(cnode, index + i, &err);
        if (!dst[i]) return err;
        if (!slot_empty(dst[i])) return E_EXISTS;
    }
    if (ut->child == NULL)
        u->a = 0;                                 /* nothing derived: reuse from the start */
    u64 size = 1UL << bits;
    u64 start = (u->a + size - 1) & ~(size - 1);
    if (start + count * size > (1UL << u->bits)) return E_NOMEM;
    if (type == OBJ_VSPACE && free_asids() < count) return E_NOMEM;

    for (u64 i = 0; i < count; i++) {
        u64 pa = u->obj + start + i * size;
        void *kva = P2V(pa);
        struct cap c;
        kmemset(&c, 0, sizeof c);
        c.type = (u8)type;
        c.rights = R_ALL;
        if (!device && !initrd && type != OBJ_UNTYPED)   /* objects are zeroed when made, not untypeds */
            kmemset(kva, 0, size);
        switch (type) {
        case OBJ_UNTYPED: untyped_make(&c, pa, bits, device ? UT_DEVICE : initrd ? UT_INITRD : UT_RAM); break;
        case OBJ_CNODE: cnode_init(kva, size_bits); c.obj = (u64)kva; c.bits = size_bits; break;
        case OBJ_TCB: tcb_init(kva); c.obj = (u64)kva; break;
        case OBJ_ENDPOINT: case OBJ_NOTIFICATION:
            ((struct obj_hdr *)kva)->type = type; c.obj = (u64)kva; break;
        case OBJ_FRAME:
            c.obj = pa;
            c.bits = bits;
            if (device) { c.flags = CAPF_DEVICE; c.rights = R_READ | R_WRITE | R_GRANT; }
            if (initrd) c.rights = R_READ | R_EXEC | R_GRANT;
            break;
        case OBJ_PAGETABLE: c.obj = pa; c.rights = R_READ | R_WRITE; break;
        case OBJ_VSPACE:
            c.obj = (u64)kva;
            c.a = (u64)asid_alloc((u64 *)kva, &c.b);
            assert(c.a != 0);
            break;
        }
        cdt_insert(ut, dst[i], &c);
    }
    u->a = start + count * size;
    return E_OK;
}
