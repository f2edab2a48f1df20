/* The pager: frames from the root task's untyped memory, the map of which pages have one,
 * demand paging (zero or file-filled frames on first touch), mprotect and munmap reaching the
 * pages present, and the shim's own heap. Proof-grade: the map holds 12,288 pages and every
 * frame cap lives in the root CNode (1,024 slots); freed frames' memory is not reclaimed. */
#include <string.h>

#include "../shim/fs.h"
#include "../shim/heap.h"
#include "../shim/linux.h"
#include "../shim/vm.h"
#include "el0.h"

struct shim shim;
static const struct bootinfo *bi;
static word next_slot, ut;

void pager_init(const struct bootinfo *boot) {
    bi = boot;
    next_slot = bi->first_free_slot;
}

word new_object(word type) {
    for (;;) {
        if (ut >= bi->n_untyped) panic("out of untyped memory", 0);
        if (bi->untyped[ut].device) { ut++; continue; }
        if (next_slot >= (1UL << bi->cnode_bits)) panic("out of CNode slots (the root CNode is the only one)", (long)next_slot);
        long err = kcall(SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + ut, type, 0, CAP_SELF_CNODE, next_slot, 1);
        if (err == E_OK) return next_slot++;
        if (err != E_NOMEM) panic("retype", err);
        ut++;
    }
}

word new_slot(void) {
    if (next_slot >= (1UL << bi->cnode_bits)) panic("out of CNode slots (the root CNode is the only one)", (long)next_slot);
    return next_slot++;
}

static word rights_of(uint32_t prot) {
    return R_READ | (prot & L_PROT_WRITE ? R_WRITE : 0) | (prot & L_PROT_EXEC ? R_EXEC : 0);
}

/* Which pages have a frame, and its cap slot: open addressing over page numbers. */
#define PAGES (1u << 14)
#define EMPTY 0
#define GONE  (~0ull)
static uint64_t page_key[PAGES], page_slot[PAGES];
static unsigned npresent;
static word free_slots[256];
static unsigned nfree_slots;

static unsigned page_hash(uint64_t page) { return (unsigned)((page * 0x9E3779B97F4A7C15ull) >> 50) & (PAGES - 1); }

static int page_find(uint64_t page) {          /* index, or -1 */
    for (unsigned h = page_hash(page), n = 0; page_key[h] != EMPTY && n < PAGES; h = (h + 1) & (PAGES - 1), n++)
        if (page_key[h] == page) return (int)h;
    return -1;
}
int page_present(uint64_t page) { return page_find(page) >= 0; }

static void page_insert(uint64_t page, word slot) {
    if (++npresent > PAGES * 3 / 4) panic("too many pages for the proof's page map", npresent);
    unsigned h = page_hash(page);
    while (page_key[h] != EMPTY && page_key[h] != GONE) h = (h + 1) & (PAGES - 1);
    page_key[h] = page;
    page_slot[h] = slot;
}

static word take_slot(void) { return nfree_slots ? free_slots[--nfree_slots] : 0; }

/* Unmaps and deletes the frame of a present page (its memory returns to the untyped only on
 * revoke: the proof lets it go). */
#define UNMAPPED (1ull << 63)   /* in page_slot: the frame is kept but not mapped (PROT_NONE) */

static void page_release(int h) {
    word slot = page_slot[h] & ~UNMAPPED;
    if (!(page_slot[h] & UNMAPPED)) kcall(SYS_VSPACE_UNMAP, slot, 0, 0, 0, 0, 0);
    if (kcall(SYS_CNODE_DELETE, CAP_SELF_CNODE, slot, 0, 0, 0, 0) == E_OK && nfree_slots < 256)
        free_slots[nfree_slots++] = slot;
    page_key[h] = GONE;
    npresent--;
}

void map_page(uint64_t va, word rights) {
    word frame = take_slot();
    if (!frame) frame = new_object(OBJ_FRAME);
    else if (kcall(SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + ut, OBJ_FRAME, 0, CAP_SELF_CNODE, frame, 1) != E_OK) {
        /* the current untyped is full: a fresh slot from new_object moves on */
        frame = new_object(OBJ_FRAME);
    }
    for (int tries = 0; ; tries++) {
        long err = kcall(SYS_VSPACE_MAP, CAP_SELF_VSPACE, frame, va, rights, 0, 0);
        if (err == E_OK) break;
        if (err != E_NOTABLE || tries == 3) panic("vspace map", err);
        word pt = new_object(OBJ_PAGETABLE);
        err = kcall(SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt, va, 0, 0, 0);
        if (err != E_OK) panic("vspace map table", err);
    }
    page_insert(va >> 12, frame);
}

/* Written code becomes visible to instruction fetch: clean D to the point of unification,
 * invalidate I, by line (EL0 may, with SCTLR_EL1.UCI; line sizes from CTR_EL0, SCTLR_EL1.UCT). */
void sync_icache(uint64_t start, uint64_t len) {
    uint64_t ctr;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    uint64_t dline = 4ull << ((ctr >> 16) & 15), iline = 4ull << (ctr & 15);
    for (uint64_t p = start & ~(dline - 1); p < start + len; p += dline) __asm__ volatile("dc cvau, %0" :: "r"(p) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (uint64_t p = start & ~(iline - 1); p < start + len; p += iline) __asm__ volatile("ic ivau, %0" :: "r"(p) : "memory");
    __asm__ volatile("dsb ish; isb" ::: "memory");
}

/* The shim's heap: bump allocation over pages mapped as it grows. */
static uint64_t heap_top = HEAP_BASE, heap_mapped = HEAP_BASE;

void *shim_alloc(size_t n) {
    n = (n + 15) & ~(size_t)15;
    while (heap_top + n > heap_mapped) { map_page(heap_mapped, R_READ | R_WRITE); heap_mapped += 4096; }
    void *p = (void *)(uintptr_t)heap_top;
    heap_top += n;
    return p;                                  /* fresh frames are zero */
}
void *shim_realloc(void *p, size_t old, size_t n) {
    void *q = shim_alloc(n);
    memcpy(q, p, old < n ? old : n);
    return q;
}
void shim_free(void *p, size_t n) { (void)p; (void)n; }   /* the proof never frees */

/* Makes [addr, addr+len) present for access, or -EFAULT (outside the map, or not allowed). */
int touch(void *ctx, uint64_t addr, uint64_t len, uint32_t access) {
    for (uint64_t p = addr & ~4095ull; p < addr + len; p += 4096) {
        if (vm_fault_kind(&shim.vm, p, access)) {
            /* the shim's own pages (heap, image) are not in the guest's map but are readable */
            if (p >= HEAP_BASE && p < heap_mapped) continue;
            return -L_EFAULT;
        }
        if (!page_present(p >> 12)) populate(p);
    }
    return 0;
}

/* A frame for a page of the map: zero (anonymous) or the file's bytes (file mappings: the rest
 * of the page past the end of the file reads as zero, like Linux). Mapped writable so it can be
 * filled; mprotect does not yet reach present pages. */
static void remap(int h, uint64_t page, word rights) {
    word slot = page_slot[h] & ~UNMAPPED;
    if (!(page_slot[h] & UNMAPPED)) kcall(SYS_VSPACE_UNMAP, slot, 0, 0, 0, 0, 0);
    long err = kcall(SYS_VSPACE_MAP, CAP_SELF_VSPACE, slot, page, rights, 0, 0);
    if (err) panic("vspace remap", err);
    page_slot[h] = slot;
}

void populate(uint64_t page) {
    const struct vm_region *r = vm_find(&shim.vm, page);
    map_page(page, rights_of(r->prot) | R_WRITE);
    if (r->file) {
        uint64_t off = r->offset + (page - r->start);
        if (off < r->file->size) {
            uint64_t n = r->file->size - off < 4096 ? r->file->size - off : 4096;
            memcpy((void *)(uintptr_t)page, r->file->data + off, n);
        }
        if (r->prot & L_PROT_EXEC) sync_icache(page, 4096);
    }
    if (!(r->prot & L_PROT_WRITE)) remap(page_find(page >> 12), page, rights_of(r->prot));   /* filled: now its own rights */
}

/* Calls fn on every present page of [start, end): by page, or over the whole map when the
 * range is larger than the map (HotSpot unmaps gigabyte reservations). */
static void each_present(uint64_t start, uint64_t end, void (*fn)(int h, uint64_t page, uint32_t prot), uint32_t prot) {
    if ((end - start) / 4096 > PAGES) {
        for (unsigned h = 0; h < PAGES; h++)
            if (page_key[h] != EMPTY && page_key[h] != GONE && page_key[h] >= start >> 12 && page_key[h] < end >> 12)
                fn((int)h, page_key[h] << 12, prot);
        return;
    }
    for (uint64_t p = start; p < end; p += 4096) {
        int h = page_find(p >> 12);
        if (h >= 0) fn(h, p, prot);
    }
}

static void release_page(int h, uint64_t page, uint32_t prot) { page_release(h); }

static void protect_page(int h, uint64_t page, uint32_t prot) {
    if (prot == L_PROT_NONE) {                 /* keep the frame (and its contents), unmapped */
        if (!(page_slot[h] & UNMAPPED)) kcall(SYS_VSPACE_UNMAP, page_slot[h], 0, 0, 0, 0, 0);
        page_slot[h] |= UNMAPPED;
    } else {
        remap(h, page, rights_of(prot));
    }
}

/* Pages leaving the map (munmap, MAP_FIXED over them, MADV_DONTNEED): drop their frames. */
void release(void *ctx, uint64_t start, uint64_t end) { each_present(start, end, release_page, 0); }
/* mprotect reaches the pages already present. */
void protect(void *ctx, uint64_t start, uint64_t end, uint32_t prot) { each_present(start, end, protect_page, prot); }

