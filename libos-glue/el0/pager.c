/* The pager: frames from the root task's untyped memory and a store for their caps, the map of
 * which pages have one, demand paging (zero or file-filled frames on first touch), mprotect and
 * munmap reaching the pages present, and the shim's own heap. Limits: 1 GB of present pages;
 * freed frames' memory is not reclaimed (the kernel frees untyped memory only on revoke). */
#include <string.h>

#include "../shim/fs.h"
#include "../shim/heap.h"
#include "../shim/linux.h"
#include "../shim/vm.h"
#include "el0.h"

struct shim shim;
static const struct bootinfo *bi;
static word next_slot, ut;
#define STORE_CNODES 64
#define STORE_RADIX 12
static word window, store_cnode[STORE_CNODES];
static unsigned store_n, store_next = 1 << STORE_RADIX;      /* "full": the first stash makes a CNode */
static word free_refs[4096];
static unsigned nfree_refs;


static uint64_t heap_top, heap_mapped;

/* Retypes one object from the untyped memory into root slot `slot`. */
static void retype_at(word type, word bits, word slot) {
    for (;;) {
        if (ut >= bi->n_untyped) panic("out of untyped memory", 0);
        if (bi->untyped[ut].kind != UT_RAM) { ut++; continue; }
        long err = kcall(SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + ut, type, bits, CAP_SELF_CNODE, slot, 1);
        if (err == E_OK) return;
        if (err != E_NOMEM) panic("retype", err);
        ut++;
    }
}

static void retype_into_window(word type, word bits) { retype_at(type, bits, window); }

/* A kernel object with its cap in a new root slot (threads' TCBs and notifications, the
 * store's CNodes: a few dozen in all). */
word new_object_bits(word type, word bits) {
    word slot = new_slot();
    retype_at(type, bits, slot);
    return slot;
}

word new_object(word type) { return new_object_bits(type, 0); }

word new_slot(void) {
    if (next_slot >= (1UL << bi->cnode_bits)) panic("out of CNode slots (the root CNode is the only one)", (long)next_slot);
    return next_slot++;
}

static word rights_of(uint32_t prot) {
    return R_READ | (prot & L_PROT_WRITE ? R_WRITE : 0) | (prot & L_PROT_EXEC ? R_EXEC : 0);
}

/* Cap storage. The kernel names the frame to map by a slot of the root CNode (1,024 slots, a
 * good part used by the boot image), but a PD needs a cap per page it maps. So a frame is
 * retyped into a root "window" slot, mapped, then moved into one of up to 64 secondary CNodes of
 * 4,095 usable slots each (1 GB of pages); to unmap or re-map it, it is moved back into the
 * window. A cap's place is a ref: (root slot of its CNode) << 16 | index. */
static word stash_to(word ref) {
    long err = kcall(SYS_CNODE_MOVE, ref >> 16, ref & 0xffff, CAP_SELF_CNODE, window, 0, 0);
    if (err) panic("cnode move (stash)", err);
    return ref;
}

/* Moves the cap in the window into the store; returns its ref. */
static word stash(void) {
    if (nfree_refs) return stash_to(free_refs[--nfree_refs]);
    if (store_next == 1u << STORE_RADIX) {
        if (store_n == STORE_CNODES) panic("cap store full (1 GB of pages)", store_n);
        store_cnode[store_n++] = new_object_bits(OBJ_CNODE, STORE_RADIX);
        store_next = 1;                                      /* index 0 holds the CNode's header */
    }
    return stash_to(store_cnode[store_n - 1] << 16 | store_next++);
}

static void unstash(word ref) {
    long err = kcall(SYS_CNODE_MOVE, CAP_SELF_CNODE, window, ref >> 16, ref & 0xffff, 0, 0);
    if (err) panic("cnode move (unstash)", err);
}

/* A fresh frame mapped at va with rights; returns its ref. Page tables are made as needed and
 * stored the same way (they stay mapped for good). */
static word map_frame(uint64_t va, word rights) {
    retype_into_window(OBJ_FRAME, 0);
    for (int tries = 0; ; tries++) {
        long err = kcall(SYS_VSPACE_MAP, CAP_SELF_VSPACE, window, va, rights, 0, 0);
        if (err == E_OK) break;
        if (err != E_NOTABLE || tries == 3) panic("vspace map", err);
        word frame = stash();                                /* park the frame while a table is made */
        retype_into_window(OBJ_PAGETABLE, 0);
        err = kcall(SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, window, va, 0, 0, 0);
        if (err != E_OK) panic("vspace map table", err);
        stash();
        unstash(frame);
        free_refs[nfree_refs++] = frame;
    }
    return stash();
}

/* Which pages have a frame, and the frame's ref: open addressing over page numbers, in the
 * shim's heap (allocated at start: 2^18 entries, 4 MB). */
#define PAGES (1u << 18)
#define EMPTY 0
#define GONE  (~0ull)
#define UNMAPPED (1ull << 63)   /* in page_ref: the frame is kept but not mapped (PROT_NONE) */
static uint64_t *page_key, *page_ref;
static unsigned npresent;

static unsigned page_hash(uint64_t page) { return (unsigned)((page * 0x9E3779B97F4A7C15ull) >> 46) & (PAGES - 1); }

static int page_find(uint64_t page) {          /* index, or -1 */
    for (unsigned h = page_hash(page), n = 0; page_key[h] != EMPTY && n < PAGES; h = (h + 1) & (PAGES - 1), n++)
        if (page_key[h] == page) return (int)h;
    return -1;
}
int page_present(uint64_t page) { return page_find(page) >= 0; }

static void page_insert(uint64_t page, word ref) {
    if (++npresent > PAGES * 3 / 4) panic("too many pages for the page map", npresent);
    unsigned h = page_hash(page);
    while (page_key[h] != EMPTY && page_key[h] != GONE) h = (h + 1) & (PAGES - 1);
    page_key[h] = page;
    page_ref[h] = ref;
}

/* Unmaps and deletes the frame of a present page (its memory returns to the untyped only on
 * revoke: not reclaimed yet). */
static void page_release(int h) {
    word ref = page_ref[h] & ~UNMAPPED;
    unstash(ref);
    if (!(page_ref[h] & UNMAPPED)) kcall(SYS_VSPACE_UNMAP, window, 0, 0, 0, 0, 0);
    kcall(SYS_CNODE_DELETE, CAP_SELF_CNODE, window, 0, 0, 0, 0);
    if (nfree_refs < sizeof free_refs / sizeof free_refs[0]) free_refs[nfree_refs++] = ref;
    page_key[h] = GONE;
    npresent--;
}

void map_page(uint64_t va, word rights) { page_insert(va >> 12, map_frame(va, rights)); }

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

void *shim_alloc(size_t n) {
    n = (n + 15) & ~(size_t)15;
    while (heap_top + n > heap_mapped) { map_frame(heap_mapped, R_READ | R_WRITE); heap_mapped += 4096; }
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
    word ref = page_ref[h] & ~UNMAPPED;
    unstash(ref);
    if (!(page_ref[h] & UNMAPPED)) kcall(SYS_VSPACE_UNMAP, window, 0, 0, 0, 0, 0);
    long err = kcall(SYS_VSPACE_MAP, CAP_SELF_VSPACE, window, page, rights, 0, 0);
    if (err) panic("vspace remap", err);
    page_ref[h] = stash_to(ref);
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
        if (!(page_ref[h] & UNMAPPED)) {
            unstash(page_ref[h]);
            kcall(SYS_VSPACE_UNMAP, window, 0, 0, 0, 0, 0);
            stash_to(page_ref[h]);
        }
        page_ref[h] |= UNMAPPED;
    } else {
        remap(h, page, rights_of(prot));
    }
}

/* Pages leaving the map (munmap, MAP_FIXED over them, MADV_DONTNEED): drop their frames. */
void release(void *ctx, uint64_t start, uint64_t end) { each_present(start, end, release_page, 0); }
/* mprotect reaches the pages already present. */
void protect(void *ctx, uint64_t start, uint64_t end, uint32_t prot) { each_present(start, end, protect_page, prot); }

void pager_init(const struct bootinfo *boot) {
    bi = boot;
    next_slot = bi->first_free_slot;
    window = new_slot();
    heap_top = heap_mapped = HEAP_BASE;
    page_key = shim_alloc(PAGES * sizeof *page_key);
    page_ref = shim_alloc(PAGES * sizeof *page_ref);
}
