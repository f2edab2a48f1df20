/* Boot: hand all free memory to the root task as untyped caps, and build the root task
 * itself (CNode, VSpace, TCB, image frames, stack, boot info) with the same retype and map
 * operations user space uses, so every boot object is a CDT descendant of an untyped. */
#include "kernel.h"
#include "boot.h"

#define ROOT_CNODE_BITS 12
#define ROOT_IMAGE_VADDR 0x400000UL
#define ROOT_STACK_TOP   0x1000000UL
#define ROOT_STACK_PAGES 16

static struct slot boot_tmp[4];       /* a 4-slot CNode used only while the root CNode is made */

int boot_carve(u64 start, u64 end, struct boot_region *out, int max, int kind)
{
    int n = 0;
    while (start < end && n < max) {
        u32 bits = 30;
        while (bits > PAGE_BITS && ((start & ((1UL << bits) - 1)) || start + (1UL << bits) > end))
            bits--;
        if (start + (1UL << bits) > end)
            break;
        out[n].pa = start; out[n].bits = bits; out[n].kind = kind;
        n++;
        start += 1UL << bits;
    }
    return n;
}

/* The length of the cpio "newc" archive at p (at most max bytes): its entries through the
 * TRAILER!!! one, or 0 if p does not hold a complete archive. Only the headers are read: the
 * kernel needs the extent to keep the memory out of the free pool, nothing else. */
static int hex8(const u8 *p, u64 *v)
{
    *v = 0;
    for (int i = 0; i < 8; i++) {
        u8 c = p[i];
        u64 d = c >= '0' && c <= '9' ? (u64)(c - '0') : c >= 'a' && c <= 'f' ? (u64)(c - 'a' + 10)
              : c >= 'A' && c <= 'F' ? (u64)(c - 'A' + 10) : 16;
        if (d == 16) return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

u64 initrd_extent(const u8 *p, u64 max)
{
    static const char trailer[] = "TRAILER!!!";
    u64 off = 0;
    for (;;) {
        u64 size, namesize;
        if (max < 110 || off > max - 110) return 0;
        const u8 *h = p + off;
        if (h[0] != '0' || h[1] != '7' || h[2] != '0' || h[3] != '7' || h[4] != '0' || (h[5] != '1' && h[5] != '2'))
            return 0;
        if (!hex8(h + 54, &size) || !hex8(h + 94, &namesize) || namesize == 0) return 0;
        u64 data = (off + 110 + namesize + 3) & ~3UL, end = (data + size + 3) & ~3UL;
        if (end > max) return 0;
        if (namesize == sizeof trailer) {
            int same = 1;
            for (u64 i = 0; i < sizeof trailer; i++) same &= h[110 + i] == (u8)trailer[i];
            if (same) return end;
        }
        off = end;
    }
}

static struct cap *root_cnode;
static u64 next_slot;

static struct slot *new_slot(void)
{
    int err;
    struct slot *s = cnode_slot(root_cnode, next_slot++, &err);
    assert(s);
    return s;
}

static struct slot *retype_one(struct slot *ut, u32 type, u32 bits)
{
    u64 idx = next_slot;
    struct slot *s = new_slot();
    int err = untyped_retype(ut, type, bits, root_cnode, idx, 1);
    assert(err == E_OK);
    return s;
}

static void map_page(struct slot *ut, struct cap *vs, struct cap *frame, u64 va, u32 rights)
{
    int err;
    while ((err = vspace_map_frame(vs, frame, va, rights)) == E_NOTABLE) {
        struct slot *pt = retype_one(ut, OBJ_PAGETABLE, 0);
        err = vspace_map_table(vs, &pt->cap, va);
        assert(err == E_OK);
    }
    assert(err == E_OK);
}

struct tcb *boot_root_task(const struct boot_region *reg, int nreg, const u8 *image, u64 image_size,
                           const struct boot_machine *m)
{
    assert(nreg >= 1 && nreg <= BOOTINFO_UNTYPED && reg[0].kind == UT_RAM);
    int big = 0;
    for (int i = 1; i < nreg; i++)
        if (reg[i].kind == UT_RAM && reg[i].bits > reg[big].bits) big = i;

    /* the boot untyped and the root CNode, through a temporary CNode */
    struct cap tmp = { .type = OBJ_CNODE, .rights = R_ALL, .bits = 2, .obj = (u64)boot_tmp };
    struct cap c;
    untyped_make(&c, reg[big].pa, reg[big].bits, 0);
    cdt_insert(NULL, &boot_tmp[2], &c);
    assert(untyped_retype(&boot_tmp[2], OBJ_CNODE, ROOT_CNODE_BITS, &tmp, 1, 1) == E_OK);
    struct slot *root = (struct slot *)boot_tmp[1].cap.obj;
    assert(cap_move(&root[CAP_SELF_CNODE], &boot_tmp[1]) == E_OK);
    root_cnode = &root[CAP_SELF_CNODE].cap;
    struct slot *ut = &root[CAP_FIRST_UNTYPED];
    assert(cap_move(ut, &boot_tmp[2]) == E_OK);

    /* untypeds: the boot one first, then the others */
    next_slot = CAP_FIRST_UNTYPED + 1;
    for (int i = 0; i < nreg; i++)
        if (i != big) {
            untyped_make(&c, reg[i].pa, reg[i].bits, reg[i].kind);
            cdt_insert(NULL, new_slot(), &c);
        }
    kmemset(&c, 0, sizeof c);
    c.type = OBJ_CONTROL;
    c.rights = R_ALL;
    cdt_insert(NULL, &root[CAP_CONTROL], &c);

    next_slot = CAP_SELF_VSPACE;
    struct cap *vs = &retype_one(ut, OBJ_VSPACE, 0)->cap;
    struct tcb *t = (struct tcb *)retype_one(ut, OBJ_TCB, 0)->cap.obj;
    next_slot = CAP_FIRST_UNTYPED + nreg;

    /* image: the first words are a branch and the image's memory size (with bss) */
    u64 mem = ((const u64 *)image)[1];
    if (mem < image_size) mem = image_size;
    for (u64 off = 0; off < mem; off += PAGE_SIZE) {
        struct slot *f = retype_one(ut, OBJ_FRAME, 0);
        if (off < image_size) {
            u64 n = image_size - off < PAGE_SIZE ? image_size - off : PAGE_SIZE;
            kmemcpy(P2V(f->cap.obj), image + off, n);
        }
        map_page(ut, vs, &f->cap, ROOT_IMAGE_VADDR + off, R_READ | R_WRITE | R_EXEC);
    }
    for (u64 i = 1; i <= ROOT_STACK_PAGES; i++) {
        struct slot *f = retype_one(ut, OBJ_FRAME, 0);
        map_page(ut, vs, &f->cap, ROOT_STACK_TOP - i * PAGE_SIZE, R_READ | R_WRITE);
    }
    struct slot *bf = retype_one(ut, OBJ_FRAME, 0);
    struct bootinfo *bi = P2V(bf->cap.obj);
    map_page(ut, vs, &bf->cap, BOOTINFO_VADDR, R_READ);
    bi->n_untyped = (u64)nreg;
    bi->cnode_bits = ROOT_CNODE_BITS;
    bi->initrd_paddr = m->initrd_size ? m->initrd_paddr : 0;
    bi->initrd_size = m->initrd_size;
    bi->midr = m->midr;
    bi->id_aa64isar0 = m->id_aa64isar0;
    bi->id_aa64pfr0 = m->id_aa64pfr0;
    for (int i = 0, j = 0; i < nreg; i++) {
        int k = i == big ? 0 : ++j;
        bi->untyped[k].paddr = reg[i].pa;
        bi->untyped[k].size_bits = reg[i].bits;
        bi->untyped[k].kind = (u64)reg[i].kind;
    }

    assert(cap_copy(&t->cspace, &root[CAP_SELF_CNODE], R_ALL, 0, 0) == E_OK);
    assert(cap_copy(&t->vspace, &root[CAP_SELF_VSPACE], R_ALL, 0, 0) == E_OK);
    bi->first_free_slot = next_slot;
    t->prio = NPRIO - 1;
    t->ctx.pc = ROOT_IMAGE_VADDR;
    t->ctx.sp = ROOT_STACK_TOP;
    t->ctx.x[0] = BOOTINFO_VADDR;
    sched_wake(t);
    return t;
}
