/* mmap region bookkeeping: placement, MAP_FIXED, reservations, splitting and merging, brk,
 * mremap, madvise; and a randomized comparison with a page-by-page model. */
#include <stdlib.h>
#include <string.h>

#include "../shim/linux.h"
#include "../shim/vm.h"
#include "test.h"

#define P VM_PAGE
#define LO 0x1000000ull
#define HI 0x8000000000ull        /* 512 GB, like a 39-bit user address space */
#define ANON (L_MAP_PRIVATE | L_MAP_ANONYMOUS)
#define RW (L_PROT_READ | L_PROT_WRITE)

/* What the pager was told. */
struct calls { int releases, protects, moves; uint64_t last_start, last_end, last_prot, moved_from, moved_to, moved_len; };

static void on_release(void *ctx, uint64_t s, uint64_t e) { struct calls *c = ctx; c->releases++; c->last_start = s; c->last_end = e; }
static void on_protect(void *ctx, uint64_t s, uint64_t e, uint32_t p) { struct calls *c = ctx; c->protects++; c->last_start = s; c->last_end = e; c->last_prot = p; }
static void on_move(void *ctx, uint64_t f, uint64_t t, uint64_t l) { struct calls *c = ctx; c->moves++; c->moved_from = f; c->moved_to = t; c->moved_len = l; }

static struct vm_region store[256];
static struct calls calls;

static void setup(struct vm *vm, size_t cap) {
    memset(&calls, 0, sizeof calls);
    vm_init(vm, store, cap, LO, HI, (struct vm_ops){ on_release, on_protect, on_move, &calls });
}

/* Sorted, disjoint, page-aligned, non-empty, and maximally merged. */
static int invariants(const struct vm *vm) {
    for (size_t i = 0; i < vm->n; i++) {
        const struct vm_region *r = &vm->r[i];
        if (r->start >= r->end || r->start % P || r->end % P) return 0;
        if (i > 0) {
            const struct vm_region *q = &vm->r[i - 1];
            if (q->end > r->start) return 0;
            if (q->end == r->start && q->prot == r->prot && q->flags == r->flags && q->file == r->file &&
                (!q->file || q->offset + (q->end - q->start) == r->offset)) return 0;
        }
    }
    return 1;
}

TEST(places_mappings_top_down_and_rounds_lengths) {
    struct vm vm;
    setup(&vm, 256);
    int64_t a = vm_mmap(&vm, 0, 100, RW, ANON, NULL, 0);
    CHECK_EQ(a, HI - P);
    int64_t b = vm_mmap(&vm, 0, 3 * P, L_PROT_READ, ANON, NULL, 0);
    CHECK_EQ(b, HI - 4 * P);
    CHECK_EQ(vm.n, 2);
    CHECK(vm_find(&vm, (uint64_t)a + 100) == &vm.r[1]);
    CHECK(vm_find(&vm, HI) == NULL);
    CHECK(invariants(&vm));
}

TEST(adjacent_compatible_mappings_merge) {
    struct vm vm;
    setup(&vm, 256);
    vm_mmap(&vm, 0, P, RW, ANON, NULL, 0);
    vm_mmap(&vm, 0, P, RW, ANON, NULL, 0);
    CHECK_EQ(vm.n, 1);
    CHECK_EQ(vm.r[0].end - vm.r[0].start, 2 * P);
    vm_mmap(&vm, 0, P, L_PROT_READ, ANON, NULL, 0);     /* different protection: its own region */
    CHECK_EQ(vm.n, 2);
    CHECK(invariants(&vm));
}

TEST(honours_a_free_hint_and_ignores_a_taken_one) {
    struct vm vm;
    setup(&vm, 256);
    CHECK_EQ(vm_mmap(&vm, 0x40000000, P, RW, ANON, NULL, 0), 0x40000000);
    CHECK_EQ(vm_mmap(&vm, 0x40000123, P, RW, ANON, NULL, 0), HI - P);   /* taken: placed elsewhere */
    CHECK_EQ(vm_mmap(&vm, 0x50000123, P, RW, ANON, NULL, 0), 0x50000000);   /* rounded down */
}

TEST(reserve_then_commit_like_hotspot) {
    struct vm vm;
    setup(&vm, 256);
    /* a 5 GB PROT_NONE reservation costs no frames: the pager hears nothing */
    int64_t heap = vm_mmap(&vm, 0, 5ull << 30, L_PROT_NONE, ANON | L_MAP_NORESERVE, NULL, 0);
    CHECK(heap > 0);
    CHECK_EQ(calls.releases + calls.protects, 0);
    CHECK_EQ(vm_fault_kind(&vm, (uint64_t)heap + 5 * P, L_PROT_READ), L_SEGV_ACCERR);
    /* commit 16 pages in the middle with MAP_FIXED */
    uint64_t at = (uint64_t)heap + (1ull << 30);
    CHECK_EQ(vm_mmap(&vm, at, 16 * P, RW, ANON | L_MAP_FIXED, NULL, 0), (int64_t)at);
    CHECK_EQ(vm.n, 3);
    CHECK_EQ(calls.releases, 1);                       /* the replaced part of the reservation */
    CHECK_EQ(calls.last_start, at);
    CHECK_EQ(calls.last_end, at + 16 * P);
    CHECK_EQ(vm_fault_kind(&vm, at + 3 * P + 8, L_PROT_WRITE), 0);      /* populate on touch */
    CHECK_EQ(vm_fault_kind(&vm, at + 16 * P, L_PROT_READ), L_SEGV_ACCERR);
    CHECK_EQ(vm_fault_kind(&vm, (uint64_t)heap - 1, L_PROT_READ), L_SEGV_MAPERR);
    CHECK_EQ(vm_fault_kind(&vm, at, L_PROT_EXEC), L_SEGV_ACCERR);
    /* uncommit: back to PROT_NONE with MAP_FIXED, merges into one reservation again */
    CHECK_EQ(vm_mmap(&vm, at, 16 * P, L_PROT_NONE, ANON | L_MAP_NORESERVE | L_MAP_FIXED, NULL, 0), (int64_t)at);
    CHECK_EQ(vm.n, 1);
    CHECK(invariants(&vm));
}

TEST(fixed_noreplace_refuses_to_overlap) {
    struct vm vm;
    setup(&vm, 256);
    CHECK_EQ(vm_mmap(&vm, 0x800000000, 4 * P, RW, ANON | L_MAP_FIXED_NOREPLACE, NULL, 0), 0x800000000);
    CHECK_EQ(vm_mmap(&vm, 0x800000000 + 3 * P, 4 * P, RW, ANON | L_MAP_FIXED_NOREPLACE, NULL, 0), -L_EEXIST);
    CHECK_EQ(vm.n, 1);
}

TEST(munmap_splits_and_tolerates_holes) {
    struct vm vm;
    setup(&vm, 256);
    uint64_t a = (uint64_t)vm_mmap(&vm, 0, 10 * P, RW, ANON, NULL, 0);
    CHECK_EQ(vm_munmap(&vm, a + 4 * P, 2 * P), 0);
    CHECK_EQ(vm.n, 2);
    CHECK(vm.r[0].start == a && vm.r[0].end == a + 4 * P);
    CHECK(vm.r[1].start == a + 6 * P && vm.r[1].end == a + 10 * P);
    CHECK_EQ(calls.releases, 1);
    CHECK_EQ(vm_munmap(&vm, a + 4 * P, 2 * P), 0);          /* a hole: fine */
    CHECK_EQ(vm_munmap(&vm, a + 1, P), -L_EINVAL);
    CHECK_EQ(vm_munmap(&vm, a, 0), -L_EINVAL);
    CHECK_EQ(vm_munmap(&vm, a, 10 * P - 1), 0);             /* length rounds up: all gone */
    CHECK_EQ(vm.n, 0);
}

TEST(mprotect_splits_into_three_and_merges_back) {
    struct vm vm;
    setup(&vm, 256);
    uint64_t a = (uint64_t)vm_mmap(&vm, 0, 10 * P, RW, ANON, NULL, 0);
    CHECK_EQ(vm_mprotect(&vm, a + 2 * P, 3 * P, L_PROT_NONE), 0);   /* a guard zone */
    CHECK_EQ(vm.n, 3);
    CHECK_EQ(vm.r[1].prot, L_PROT_NONE);
    CHECK(vm.r[1].start == a + 2 * P && vm.r[1].end == a + 5 * P);
    CHECK_EQ(calls.protects, 1);
    CHECK_EQ(vm_fault_kind(&vm, a + 2 * P, L_PROT_READ), L_SEGV_ACCERR);
    CHECK_EQ(vm_mprotect(&vm, a + 2 * P, 3 * P, RW), 0);
    CHECK_EQ(vm.n, 1);
    CHECK_EQ(vm_mprotect(&vm, a, 0, L_PROT_READ), 0);               /* length 0: nothing */
    CHECK_EQ(vm_mprotect(&vm, a + 1, P, L_PROT_READ), -L_EINVAL);
    CHECK_EQ(vm_mprotect(&vm, a, P, 0x40), -L_EINVAL);              /* unknown bit */
    CHECK_EQ(vm_mprotect(&vm, a + 9 * P, 2 * P, L_PROT_READ), -L_ENOMEM);   /* runs off the end */
    CHECK_EQ(vm.r[0].prot, RW);                                     /* and changed nothing */
    CHECK_EQ(vm_mprotect(&vm, a, P, L_PROT_READ | L_PROT_BTI), 0);  /* BTI is accepted */
    CHECK_EQ(vm.r[0].prot, L_PROT_READ);
    CHECK(invariants(&vm));
}

TEST(file_mappings_keep_their_offsets_when_split) {
    struct vm vm;
    setup(&vm, 256);
    struct node file = { .mode = L_S_IFREG | 0644, .size = 100 * P };
    uint64_t a = (uint64_t)vm_mmap(&vm, 0, 8 * P, L_PROT_READ, L_MAP_PRIVATE | L_MAP_DENYWRITE, &file, 4 * P);
    CHECK_EQ(vm_mprotect(&vm, a + 3 * P, P, RW), 0);
    CHECK_EQ(vm.n, 3);
    CHECK_EQ(vm.r[1].offset, 7 * P);
    CHECK_EQ(vm.r[2].offset, 8 * P);
    CHECK_EQ(vm_mprotect(&vm, a + 3 * P, P, L_PROT_READ), 0);
    CHECK_EQ(vm.n, 1);                                          /* contiguous offsets merge again */
    CHECK_EQ(vm.r[0].offset, 4 * P);
    CHECK_EQ(vm_mmap(&vm, 0, P, L_PROT_READ, L_MAP_PRIVATE, &file, 100), -L_EINVAL);   /* offset */
    CHECK_EQ(vm_mmap(&vm, 0, P, L_PROT_READ, L_MAP_PRIVATE, NULL, 0), -L_EBADF);
}

TEST(rejects_bad_arguments) {
    struct vm vm;
    setup(&vm, 256);
    CHECK_EQ(vm_mmap(&vm, 0, 0, RW, ANON, NULL, 0), -L_EINVAL);
    CHECK_EQ(vm_mmap(&vm, 0, P, RW, L_MAP_ANONYMOUS, NULL, 0), -L_EINVAL);        /* no type */
    CHECK_EQ(vm_mmap(&vm, 0, P, 0x80, ANON, NULL, 0), -L_EINVAL);
    CHECK_EQ(vm_mmap(&vm, 0x1001, P, RW, ANON | L_MAP_FIXED, NULL, 0), -L_EINVAL);
    CHECK_EQ(vm_mmap(&vm, HI - P, 2 * P, RW, ANON | L_MAP_FIXED, NULL, 0), -L_ENOMEM);
    CHECK_EQ(vm_mmap(&vm, 0, (uint64_t)-100, RW, ANON, NULL, 0), -L_ENOMEM);
    CHECK_EQ(vm_mmap(&vm, 0, HI, RW, ANON, NULL, 0), -L_ENOMEM);                  /* no gap that big */
    CHECK_EQ(vm_mmap(&vm, 0, P, RW, ANON | L_MAP_FIXED, NULL, 0), -L_EPERM);       /* page 0 */
    CHECK_EQ(vm.n, 0);
}

TEST(running_out_of_region_slots_is_enomem_and_harmless) {
    struct vm vm;
    setup(&vm, 4);
    uint64_t a = (uint64_t)vm_mmap(&vm, 0, 10 * P, RW, ANON, NULL, 0);
    CHECK_EQ(vm_mprotect(&vm, a + P, P, L_PROT_READ), 0);          /* 3 regions */
    CHECK_EQ(vm_mprotect(&vm, a + 5 * P, P, L_PROT_READ), -L_ENOMEM);   /* would need 5 */
    CHECK_EQ(vm.n, 3);
    CHECK(invariants(&vm));
}

TEST(brk_grows_shrinks_and_refuses) {
    struct vm vm;
    setup(&vm, 256);
    vm_set_brk(&vm, 0x10000123);
    CHECK_EQ(vm_brk(&vm, 0), 0x10001000);
    CHECK_EQ(vm_brk(&vm, 0x10005000), 0x10005000);
    CHECK_EQ(vm_fault_kind(&vm, 0x10004fff, L_PROT_WRITE), 0);
    CHECK_EQ(vm_brk(&vm, 0x10002800), 0x10002800);                 /* shrink: pages above go */
    CHECK_EQ(vm_fault_kind(&vm, 0x10003000, L_PROT_READ), L_SEGV_MAPERR);
    CHECK_EQ(vm_brk(&vm, 0x1000), 0x10002800);                     /* below the start: unchanged */
    vm_mmap(&vm, 0x10008000, P, RW, ANON | L_MAP_FIXED, NULL, 0);
    CHECK_EQ(vm_brk(&vm, 0x10009000), 0x10002800);                 /* would run into a mapping */
}

TEST(mremap_shrinks_grows_in_place_and_moves) {
    struct vm vm;
    setup(&vm, 256);
    uint64_t a = (uint64_t)vm_mmap(&vm, 0x20000000, 4 * P, RW, ANON, NULL, 0);
    CHECK_EQ(vm_mremap(&vm, a, 4 * P, 2 * P, 0, 0), (int64_t)a);
    CHECK_EQ(vm.r[0].end, a + 2 * P);
    CHECK_EQ(vm_mremap(&vm, a, 2 * P, 6 * P, 0, 0), (int64_t)a);     /* the space after is free */
    CHECK_EQ(vm.n, 1);
    CHECK_EQ(vm.r[0].end, a + 6 * P);
    vm_mmap(&vm, a + 6 * P, P, L_PROT_READ, ANON | L_MAP_FIXED, NULL, 0);
    CHECK_EQ(vm_mremap(&vm, a, 6 * P, 8 * P, 0, 0), -L_ENOMEM);      /* blocked, may not move */
    int64_t b = vm_mremap(&vm, a, 6 * P, 8 * P, L_MREMAP_MAYMOVE, 0);
    CHECK(b > 0 && (uint64_t)b != a);
    CHECK_EQ(calls.moves, 1);
    CHECK(calls.moved_from == a && calls.moved_to == (uint64_t)b && calls.moved_len == 6 * P);
    CHECK_EQ(calls.releases, 1);                                      /* only the shrink released pages */
    CHECK_EQ(vm_fault_kind(&vm, a, L_PROT_READ), L_SEGV_MAPERR);
    CHECK_EQ(vm_fault_kind(&vm, (uint64_t)b + 7 * P, L_PROT_WRITE), 0);
    CHECK_EQ(vm_mremap(&vm, 0x30000000, P, 2 * P, L_MREMAP_MAYMOVE, 0), -L_EFAULT);
    CHECK(invariants(&vm));
}

TEST(madvise_dontneed_releases_pages) {
    struct vm vm;
    setup(&vm, 256);
    uint64_t a = (uint64_t)vm_mmap(&vm, 0, 4 * P, RW, ANON, NULL, 0);
    CHECK_EQ(vm_madvise(&vm, a + P, 2 * P, L_MADV_DONTNEED), 0);
    CHECK(calls.releases == 1 && calls.last_start == a + P && calls.last_end == a + 3 * P);
    CHECK_EQ(vm.n, 1);                                        /* still mapped */
    CHECK_EQ(vm_madvise(&vm, a, 8 * P, L_MADV_DONTNEED), -L_ENOMEM);
    CHECK_EQ(vm_madvise(&vm, a, P, 99), -L_EINVAL);
    CHECK_EQ(vm_madvise(&vm, 0, 0, L_MADV_POPULATE_WRITE), 0);  /* glibc's probe */
}

/* Randomized: the same operations on the vm and on a page-by-page model of a 64-page window. */
#define WIN 64
TEST(matches_a_page_model_under_random_operations) {
    struct vm vm;
    setup(&vm, 256);
    int model[WIN];                    /* -1 unmapped, else prot */
    for (int i = 0; i < WIN; i++) model[i] = -1;
    uint64_t base = 0x100000000ull;
    unsigned seed = 12345;
    int mismatches = 0, broken = 0;
    for (int step = 0; step < 20000; step++) {
        seed = seed * 1103515245 + 12345;
        int op = (seed >> 16) % 3;
        seed = seed * 1103515245 + 12345;
        int first = (int)((seed >> 16) % WIN);
        seed = seed * 1103515245 + 12345;
        int count = 1 + (int)((seed >> 16) % (WIN - first));
        seed = seed * 1103515245 + 12345;
        uint32_t prot = (seed >> 16) % 4;            /* NONE, R, W, RW */
        uint64_t addr = base + (uint64_t)first * P, len = (uint64_t)count * P;
        int rc;
        if (op == 0) {
            rc = (int)(vm_mmap(&vm, addr, len, prot, ANON | L_MAP_FIXED, NULL, 0) != (int64_t)addr);
            for (int i = first; i < first + count; i++) model[i] = (int)prot;
        } else if (op == 1) {
            rc = vm_munmap(&vm, addr, len);
            for (int i = first; i < first + count; i++) model[i] = -1;
        } else {
            int mapped = 1;
            for (int i = first; i < first + count; i++) if (model[i] < 0) mapped = 0;
            rc = vm_mprotect(&vm, addr, len, prot);
            if (mapped) { for (int i = first; i < first + count; i++) model[i] = (int)prot; }
            else rc = rc == -L_ENOMEM ? 0 : 1;
        }
        if (rc) mismatches++;
        for (int i = 0; i < WIN; i++) {
            const struct vm_region *r = vm_find(&vm, base + (uint64_t)i * P);
            if ((r ? (int)r->prot : -1) != model[i]) { mismatches++; break; }
        }
        if (!invariants(&vm)) broken++;
    }
    CHECK_EQ(mismatches, 0);
    CHECK_EQ(broken, 0);
}

void suite_vm(void) {
    RUN(places_mappings_top_down_and_rounds_lengths);
    RUN(adjacent_compatible_mappings_merge);
    RUN(honours_a_free_hint_and_ignores_a_taken_one);
    RUN(reserve_then_commit_like_hotspot);
    RUN(fixed_noreplace_refuses_to_overlap);
    RUN(munmap_splits_and_tolerates_holes);
    RUN(mprotect_splits_into_three_and_merges_back);
    RUN(file_mappings_keep_their_offsets_when_split);
    RUN(rejects_bad_arguments);
    RUN(running_out_of_region_slots_is_enomem_and_harmless);
    RUN(brk_grows_shrinks_and_refuses);
    RUN(mremap_shrinks_grows_in_place_and_moves);
    RUN(madvise_dontneed_releases_pages);
    RUN(matches_a_page_model_under_random_operations);
}
