/* Address spaces: 39-bit user VA, 4 KB pages, three levels (L1 -> L2 -> L3 tables).
 * A VSpace object is its L1 table plus an ASID. Page tables and frames are mapped by caps;
 * each such cap records the one mapping it made (vspace id + vaddr), so deleting the cap
 * removes exactly that mapping, after checking the entry still points at its memory. */
#include "kernel.h"

struct asid_entry asid_table[NASID];
static u64 next_vsid = 1;

int asid_alloc(u64 *l1, u64 *vsid)
{
    for (int a = 1; a < NASID; a++)
        if (!asid_table[a].l1) {
            asid_table[a].l1 = l1;
            asid_table[a].vsid = *vsid = next_vsid++;
            asid_table[a].refs = 0;
            return a;
        }
    return 0;
}

void vspace_release(u64 asid)
{
    assert(asid > 0 && asid < NASID && asid_table[asid].refs == 0);
    asid_table[asid].l1 = NULL;
    asid_table[asid].vsid = 0;
    arch_tlb_flush_asid(asid);
}

u64 *vspace_of(struct tcb *t)
{
    return t->vspace.cap.type == OBJ_VSPACE ? (u64 *)t->vspace.cap.obj : NULL;
}

#define IDX(va, lvl) (((va) >> (39 - 9 * (lvl))) & 511)   /* lvl 1..3 */

static u64 *next_table(u64 *table, u64 va, int lvl)
{
    u64 e = table[IDX(va, lvl)];
    return (e & PTE_VALID) && (e & PTE_TABLE) ? P2V(PTE_ADDR(e)) : NULL;   /* not a block */
}

#define LARGE_BITS 21                          /* a 2 MB frame: an L2 block */

int vspace_map_frame(struct cap *vs, struct cap *frame, u64 va, u32 rights)
{
    assert(vs->type == OBJ_VSPACE && frame->type == OBJ_FRAME);
    int large = frame->bits == LARGE_BITS;
    if ((va & ((1UL << frame->bits) - 1)) || va >= USER_TOP) return E_RANGE;
    if (rights & ~(u32)(R_READ | R_WRITE | R_EXEC)) return E_INVAL;
    if (!(rights & R_READ)) return E_INVAL;                /* no write-only or exec-only pages */
    if (rights & ~frame->rights) return E_RIGHTS;
    if (frame->flags & CAPF_MAPPED) return E_EXISTS;
    u64 *l2 = next_table((u64 *)vs->obj, va, 1), *e;
    if (!l2) return E_NOTABLE;
    if (large) {
        e = &l2[IDX(va, 2)];
    } else {
        u64 *l3 = next_table(l2, va, 2);
        if (!l3) return (l2[IDX(va, 2)] & PTE_VALID) ? E_EXISTS : E_NOTABLE;
        e = &l3[IDX(va, 3)];
    }
    if (*e & PTE_VALID) return E_EXISTS;
    u64 pte = frame->obj | PTE_VALID | (large ? 0 : PTE_TABLE) | PTE_AF | PTE_NG | PTE_USER | PTE_PXN;
    if (frame->flags & CAPF_DEVICE) pte |= PTE_ATTR(MAIR_DEVICE) | PTE_UXN;
    else pte |= PTE_ATTR(MAIR_NORMAL) | PTE_ISH | ((rights & R_EXEC) ? 0 : PTE_UXN);
    if (!(rights & R_WRITE)) pte |= PTE_RO;
    *e = pte;
    dsb();
    if (rights & R_EXEC)
        arch_icache_sync();
    frame->flags |= CAPF_MAPPED;
    frame->a = va;
    frame->b = (asid_table[vs->a].vsid << 8) | vs->a;
    return E_OK;
}

int vspace_map_table(struct cap *vs, struct cap *pt, u64 va)
{
    assert(vs->type == OBJ_VSPACE && pt->type == OBJ_PAGETABLE);
    if (va >= USER_TOP) return E_RANGE;
    if (pt->flags & CAPF_MAPPED) return E_EXISTS;
    u64 *l1 = (u64 *)vs->obj, *e;
    u64 *l2 = next_table(l1, va, 1);
    if (!l2) {
        e = &l1[IDX(va, 1)];
        pt->bits = 2;
        pt->a = va & ~((1UL << 30) - 1);
    } else {
        e = &l2[IDX(va, 2)];
        if (*e & PTE_VALID) return E_EXISTS;
        pt->bits = 3;
        pt->a = va & ~((1UL << 21) - 1);
    }
    *e = pt->obj | PTE_VALID | PTE_TABLE;
    dsb();
    pt->flags |= CAPF_MAPPED;
    pt->b = (asid_table[vs->a].vsid << 8) | vs->a;
    return E_OK;
}

void vspace_unmap(struct cap *c)
{
    assert(c->type == OBJ_FRAME || c->type == OBJ_PAGETABLE);
    if (!(c->flags & CAPF_MAPPED))
        return;
    u64 asid = c->b & 0xff, va = c->a;
    struct asid_entry *as = &asid_table[asid];
    if (as->l1 && as->vsid == (c->b >> 8)) {
        u64 *e = NULL, *l2 = next_table(as->l1, va, 1);
        if (c->type == OBJ_PAGETABLE && c->bits == 2)
            e = &as->l1[IDX(va, 1)];
        else if ((c->type == OBJ_PAGETABLE || c->bits == LARGE_BITS) && l2)
            e = &l2[IDX(va, 2)];
        else if (l2) {
            u64 *l3 = next_table(l2, va, 2);
            if (l3) e = &l3[IDX(va, 3)];
        }
        if (e && (*e & PTE_VALID) && PTE_ADDR(*e) == c->obj) {
            *e = 0;
            dsb();
            arch_tlb_flush_asid(asid);
        }
    }
    if (c->type == OBJ_PAGETABLE) {
        kmemset(P2V(c->obj), 0, PAGE_SIZE);   /* a detached table maps nothing */
        c->bits = 0;
    }
    c->flags &= ~CAPF_MAPPED;
    c->a = c->b = 0;
}

/* Is va a user page (normal memory; writable if write)? Its physical address in *pa. */
int vspace_lookup(u64 *l1, u64 va, int write, u64 *pa)
{
    if (!l1 || va >= USER_TOP) return E_RANGE;
    u64 *l2 = next_table(l1, va, 1);
    if (!l2) return E_RANGE;
    u64 e = l2[IDX(va, 2)], offset_mask = (1UL << LARGE_BITS) - 1;
    if ((e & PTE_VALID) && (e & PTE_TABLE)) {
        e = ((u64 *)P2V(PTE_ADDR(e)))[IDX(va, 3)];
        offset_mask = PAGE_SIZE - 1;
    }
    if (!(e & PTE_VALID) || !(e & PTE_USER) || ((e >> 2) & 7) != MAIR_NORMAL) return E_RANGE;
    if (write && (e & PTE_RO)) return E_RANGE;
    *pa = (PTE_ADDR(e) & ~offset_mask) | (va & offset_mask);
    return E_OK;
}

static int copy(u64 *l1, u64 uva, void *k, u64 len, int out)
{
    while (len) {
        u64 pa, n = PAGE_SIZE - (uva & (PAGE_SIZE - 1));
        if (n > len) n = len;
        if (vspace_lookup(l1, uva, out, &pa)) return E_RANGE;
        if (out) kmemcpy(P2V(pa), k, n);
        else kmemcpy(k, P2V(pa), n);
        uva += n; k = (char *)k + n; len -= n;
    }
    return E_OK;
}

int copy_in(u64 *l1, void *dst, u64 uva, u64 len) { return copy(l1, uva, dst, len, 0); }
int copy_out(u64 *l1, u64 uva, const void *src, u64 len) { return copy(l1, uva, (void *)src, len, 1); }
