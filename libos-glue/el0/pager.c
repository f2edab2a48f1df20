/* The pager: the frames behind the program's pages, and where their caps live.
 *
 * Caps live in store CNodes of 2^14 slots held in the root CNode, named by two-level cptrs
 * (CPTR2), so every kernel call takes them directly: a page costs one map call once its
 * frame exists (retyped 64 at a time), and one unmap or delete call when it leaves.
 * Frames of pages that leave are kept and recycled (zeroed by the shim when reused): the kernel
 * returns untyped memory only on revoke, so recycling is what lets a program free memory.
 *
 * The initramfs arrives as read-only initrd frames (docs/kernel-abi.md): the pager maps all of
 * them once at ARCHIVE_VA for the shim's own file tree, and maps copies of their caps into the
 * program for read-only file pages (ld.so's text, lib/modules), so those cost no copy and no
 * memory. Writable file pages get a private frame with the file's bytes.
 *
 * Limits: 1 GB of present pages (the page map), 64 store CNodes; the shim's heap never frees. */
#include <string.h>

#include "../shim/fs.h"
#include "../shim/heap.h"
#include "../shim/linux.h"
#include "../shim/vm.h"
#include "el0.h"

struct shim shim;
static const struct bootinfo *bi;
static word root_next, ut;
struct pager_stats pager_stats;

/* ---- the root CNode and RAM ------------------------------------------------------------------ */

word new_slot(void) {
    if (root_next >= (1UL << bi->cnode_bits)) panic("out of root CNode slots", (long)root_next);
    return root_next++;
}

/* What an object takes from untyped memory (docs/kernel-abi.md, object types). */
static uint64_t object_size(word type, word bits) {
    switch (type) {
    case OBJ_FRAME: return bits == 21 ? 2ull << 20 : 4096;
    case OBJ_CNODE: return 1ull << (bits + SLOT_BITS);
    case OBJ_TCB: return 1ull << TCB_BITS;
    case OBJ_NOTIFICATION: return 1ull << NTFN_BITS;
    case OBJ_ENDPOINT: return 1ull << EP_BITS;
    default: return 4096;
    }
}

/* Retypes count objects from RAM untypeds into slots index.. of the CNode at root slot cn;
 * returns how many it made (>= 1: it moves on to the next untyped when one is full). */
static word retype_ram(word type, word bits, word cn, word index, word count) {
    for (;;) {
        if (ut >= bi->n_untyped) panic("out of memory (untyped RAM)", (long)type);
        if (bi->untyped[ut].kind != UT_RAM) { ut++; continue; }
        for (word n = count; n; n /= 2) {
            long err = kcall(SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + ut, type, bits, cn, index, n);
            if (err == E_OK) {
                pager_stats.ram_bytes += n * object_size(type, bits);
                return n;
            }
            if (err != E_NOMEM) panic("retype", err);
        }
        ut++;
    }
}

word new_object_bits(word type, word bits) {
    word slot = new_slot();
    retype_ram(type, bits, CAP_SELF_CNODE, slot, 1);
    return slot;
}

word new_object(word type) { return new_object_bits(type, 0); }

/* ---- the cap store ----------------------------------------------------------------------------- */

#define STORE_RADIX 14
#define STORE_SLOTS (1u << STORE_RADIX)
#define STORES 64
static word store_cn[STORES];
static unsigned nstores, store_next = STORE_SLOTS;       /* "full": the first use makes a CNode */
static word free_slots[16384];
static unsigned nfree_slots;

static word cn_of(word cptr) { return cptr & 0xffffffffu; }
static word index_of(word cptr) { return cptr >> 32; }

/* n consecutive fresh slots of one store CNode; returns the first's cptr. */
static word slot_run(unsigned n) {
    if (store_next + n > STORE_SLOTS) {
        if (nstores == STORES) panic("cap store full", nstores);
        store_cn[nstores++] = new_object_bits(OBJ_CNODE, STORE_RADIX);
        store_next = 1;                                     /* index 0 holds the CNode's header */
    }
    word c = CPTR2(store_cn[nstores - 1], store_next);
    store_next += n;
    return c;
}

static word slot_alloc(void) { return nfree_slots ? free_slots[--nfree_slots] : slot_run(1); }

static void slot_free(word c) {
    if (nfree_slots < sizeof free_slots / sizeof free_slots[0]) free_slots[nfree_slots++] = c;
}

/* ---- frames ------------------------------------------------------------------------------------ */

#define POOL 64
static word pool[POOL];                  /* fresh frames (zero), not mapped */
static unsigned npool;
static word *recycled;                   /* frames that held a page: not mapped, contents stale */
static unsigned nrecycled;

static word frame_take(int *stale) {
    if (nrecycled) { *stale = 1; return recycled[--nrecycled]; }
    *stale = 0;
    if (!npool) {
        word first = slot_run(POOL);
        word n = retype_ram(OBJ_FRAME, 0, cn_of(first), index_of(first), POOL);
        for (word i = 0; i < n; i++) pool[npool++] = first + (i << 32);
        pager_stats.retype_calls++;
    }
    pager_stats.fresh_frames++;
    return pool[--npool];
}

/* Maps frame at va, making the page tables it needs. */
static void vmap(word frame, uint64_t va, word rights) {
    for (int tries = 0; ; tries++) {
        long err = kcall(SYS_VSPACE_MAP, CAP_SELF_VSPACE, frame, va, rights, 0, 0);
        pager_stats.map_calls++;
        if (err == E_OK) return;
        if (err != E_NOTABLE || tries == 2) panic("vspace map", err);
        word pt = slot_alloc();
        retype_ram(OBJ_PAGETABLE, 0, cn_of(pt), index_of(pt), 1);
        pager_stats.page_tables++;
        err = kcall(SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt, va, 0, 0, 0);
        if (err != E_OK) panic("vspace map table", err);
    }
}

static void vunmap(word frame) {
    long err = kcall(SYS_VSPACE_UNMAP, frame, 0, 0, 0, 0, 0);
    pager_stats.unmap_calls++;
    if (err) panic("vspace unmap", err);
}

/* 4 KB of zeros with DC ZVA (EL0 may: SCTLR_EL1.DZE), or stores if the CPU forbids it. */
static void zero_page(uint64_t va) {
    uint64_t dczid;
    __asm__ volatile("mrs %0, dczid_el0" : "=r"(dczid));
    if (dczid & 16) { memset((void *)(uintptr_t)va, 0, 4096); return; }
    uint64_t block = 4ull << (dczid & 15);
    for (uint64_t p = va; p < va + 4096; p += block) __asm__ volatile("dc zva, %0" :: "r"(p) : "memory");
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

/* ---- the shim's heap: bump allocation over 2 MB frames mapped as it grows ---------------------- */

static uint64_t heap_top, heap_mapped;
#define HEAP_CHUNK (2ull << 20)

void *shim_alloc(size_t n) {
    n = (n + 15) & ~(size_t)15;
    if (heap_top + n > HEAP_END) return NULL;
    while (heap_top + n > heap_mapped) {                      /* one retype, one map per 2 MB */
        word f = slot_alloc();
        retype_ram(OBJ_FRAME, 21, cn_of(f), index_of(f), 1);
        vmap(f, heap_mapped, R_READ | R_WRITE);
        heap_mapped += HEAP_CHUNK;
    }
    void *p = (void *)(uintptr_t)heap_top;
    heap_top += n;
    return p;                                                 /* zero: the kernel zeroed the frames */
}
void *shim_realloc(void *p, size_t old, size_t n) {
    void *q = shim_alloc(n);
    if (q) memcpy(q, p, old < n ? old : n);
    return q;
}
void shim_free(void *p, size_t n) { (void)p; (void)n; }      /* never freed (docs/libos.md) */
uint64_t shim_heap_bytes(void) { return heap_mapped - HEAP_BASE; }

/* ---- the initramfs ----------------------------------------------------------------------------- */

static word archive_cn;
static uint64_t archive_size;

/* Maps every page of the archive read-only at ARCHIVE_VA (the file tree borrows its bytes);
 * returns its address, or NULL if the kernel found no initramfs. */
const uint8_t *archive_init(uint64_t *size) {
    *size = archive_size = bi->initrd_size;
    if (!archive_size) return NULL;
    word pages = (archive_size + 4095) / 4096, radix = 1, k = 0;
    while ((1ul << radix) <= pages) radix++;
    if (radix > 20) panic("initramfs too large", (long)pages);
    archive_cn = new_object_bits(OBJ_CNODE, radix);
    for (word u = 0; u < bi->n_untyped && k < pages; u++) {  /* in address order */
        if (bi->untyped[u].kind != UT_INITRD) continue;
        if (bi->untyped[u].paddr != bi->initrd_paddr + k * 4096) panic("initrd untypeds out of order", (long)u);
        for (word n = 1ul << (bi->untyped[u].size_bits - 12); n; ) {
            word c = n < 256 ? n : 256;
            long err = kcall(SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + u, OBJ_FRAME, 0, archive_cn, 1 + k, c);
            if (err) panic("retype of initrd frames", err);
            k += c;
            n -= c;
        }
    }
    if (k < pages) panic("initrd untypeds missing", (long)k);
    for (word i = 0; i < pages; i++) vmap(CPTR2(archive_cn, 1 + i), ARCHIVE_VA + i * 4096, R_READ);
    return (const uint8_t *)(uintptr_t)ARCHIVE_VA;
}

/* The initrd frame holding bytes [off, off + 4096) of file n, if they are a whole page of the
 * archive (large files' data is page-aligned there); 0 otherwise (copy the bytes instead). */
static word archive_frame(const struct node *n, uint64_t off) {
    uint64_t a = (uint64_t)(uintptr_t)n->data + off;
    if (n->owned || !archive_size || (a & 4095) || a < ARCHIVE_VA || a + 4096 > ARCHIVE_VA + archive_size ||
        off + 4096 > n->size)
        return 0;
    return CPTR2(archive_cn, 1 + (a - ARCHIVE_VA) / 4096);
}

/* ---- the page map: which pages have a frame, and its cap -------------------------------------- */

/* Open addressing over page numbers, in the shim's heap (2^18 entries). A ref is the frame's
 * cptr plus flags. */
#define PAGES (1u << 18)
#define EMPTY 0
#define GONE  (~0ull)
#define UNMAPPED (1ull << 63)    /* the frame is kept but not mapped (PROT_NONE) */
#define ARCHIVE  (1ull << 62)    /* a copy of an initrd frame's cap: deleted, not recycled */
#define REF_CAP(r) ((r) & ~(UNMAPPED | ARCHIVE))
static uint64_t *page_key, *page_ref;
static unsigned npresent;

static unsigned page_hash(uint64_t page) { return (unsigned)((page * 0x9E3779B97F4A7C15ull) >> 46) & (PAGES - 1); }

static int page_find(uint64_t page) {                        /* index, or -1 */
    for (unsigned h = page_hash(page), n = 0; page_key[h] != EMPTY && n < PAGES; h = (h + 1) & (PAGES - 1), n++)
        if (page_key[h] == page) return (int)h;
    return -1;
}
int page_present(uint64_t page) { return page_find(page) >= 0; }

static void page_insert(uint64_t page, uint64_t ref) {
    if (++npresent > PAGES * 3 / 4) panic("too many pages for the page map", npresent);
    unsigned h = page_hash(page);
    while (page_key[h] != EMPTY && page_key[h] != GONE) h = (h + 1) & (PAGES - 1);
    page_key[h] = page;
    page_ref[h] = ref;
    if (npresent > pager_stats.peak_pages) pager_stats.peak_pages = npresent;
}

/* The page leaves: an initrd copy is deleted (which unmaps it), a frame is unmapped and kept. */
static void page_release(int h) {
    uint64_t ref = page_ref[h];
    word c = REF_CAP(ref);
    if (ref & ARCHIVE) {
        long err = kcall(SYS_CNODE_DELETE, cn_of(c), index_of(c), 0, 0, 0, 0);
        pager_stats.unmap_calls++;
        if (err) panic("cnode delete", err);
        slot_free(c);
    } else {
        if (!(ref & UNMAPPED)) vunmap(c);
        if (nrecycled == PAGES) panic("recycled frames overflow", (long)nrecycled);
        recycled[nrecycled++] = c;
    }
    page_key[h] = GONE;
    npresent--;
}

static word rights_of(uint32_t prot) {
    return R_READ | (prot & L_PROT_WRITE ? R_WRITE : 0) | (prot & L_PROT_EXEC ? R_EXEC : 0);
}

/* Maps a frame for the page at va, of the region that covers it: an initrd frame for a
 * read-only whole page of an initramfs file; otherwise a frame with zeros or the file's bytes
 * (the rest of a file's last page reads as zero, like Linux). */
void populate(uint64_t page) {
    const struct vm_region *r = vm_find(&shim.vm, page);
    word rights = rights_of(r->prot), af;
    uint64_t off = r->file ? r->offset + (page - r->start) : 0;
    pager_stats.populated++;
    if (r->file && !(r->prot & L_PROT_WRITE) && (af = archive_frame(r->file, off))) {
        word c = slot_alloc();
        long err = kcall(SYS_CNODE_COPY, cn_of(c), index_of(c), archive_cn, index_of(af), R_ALL, 0);
        if (err) panic("cnode copy (initrd frame)", err);
        vmap(c, page, rights);
        page_insert(page >> 12, c | ARCHIVE);
        pager_stats.from_initrd++;
        return;
    }
    int stale, fill;
    word f = frame_take(&stale);
    fill = stale || r->file;
    vmap(f, page, fill ? rights | R_WRITE : rights);
    uint64_t n = 0;
    if (r->file && off < r->file->size) {
        n = r->file->size - off < 4096 ? r->file->size - off : 4096;
        memcpy((void *)(uintptr_t)page, r->file->data + off, n);
    }
    if (stale) {
        if (n == 0) zero_page(page);
        else memset((void *)(uintptr_t)(page + n), 0, 4096 - n);
    }
    if (n && (r->prot & L_PROT_EXEC)) sync_icache(page, 4096);
    if (fill && !(r->prot & L_PROT_WRITE)) {                 /* filled: now its own rights */
        vunmap(f);
        vmap(f, page, rights);
    }
    page_insert(page >> 12, f);
}

/* Makes [addr, addr+len) present for access, or -EFAULT (outside the map, or not allowed). */
int touch(void *ctx, uint64_t addr, uint64_t len, uint32_t access) {
    for (uint64_t p = addr & ~4095ull; p < addr + len; p += 4096) {
        if (vm_fault_kind(&shim.vm, p, access)) {
            /* the shim's own memory (heap, archive view) is not in the program's map but readable */
            if ((p >= HEAP_BASE && p < heap_mapped) || (p >= ARCHIVE_VA && p < ARCHIVE_VA + archive_size && access == L_PROT_READ))
                continue;
            return -L_EFAULT;
        }
        int h = page_find(p >> 12);
        if (h < 0) populate(p);
        else if (page_ref[h] & UNMAPPED) return -L_EFAULT;    /* PROT_NONE but the map says otherwise: cannot happen */
    }
    return 0;
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
    uint64_t ref = page_ref[h];
    word c = REF_CAP(ref);
    if (ref & ARCHIVE) {                    /* unchanged file bytes: the next touch maps them again */
        page_release(h);
        return;
    }
    if (!(ref & UNMAPPED)) vunmap(c);
    if (prot == L_PROT_NONE) {              /* keep the frame (and its contents), unmapped */
        page_ref[h] = c | UNMAPPED;
    } else {
        vmap(c, page, rights_of(prot));
        page_ref[h] = c;
    }
}

/* Pages leaving the map (munmap, MAP_FIXED over them, MADV_DONTNEED): drop their frames. */
void release(void *ctx, uint64_t start, uint64_t end) { each_present(start, end, release_page, 0); }
/* mprotect reaches the pages already present. */
void protect(void *ctx, uint64_t start, uint64_t end, uint32_t prot) { each_present(start, end, protect_page, prot); }

void pager_init(const struct bootinfo *boot) {
    bi = boot;
    root_next = bi->first_free_slot;
    heap_top = heap_mapped = HEAP_BASE;
    page_key = shim_alloc(PAGES * sizeof *page_key);
    page_ref = shim_alloc(PAGES * sizeof *page_ref);
    recycled = shim_alloc(PAGES * sizeof *recycled);
}
