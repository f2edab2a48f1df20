/* The address-space bookkeeping behind mmap, munmap, mprotect, madvise, mremap and brk: which
 * virtual ranges are reserved, with which protection, backed by what. It holds no frames: the
 * pager maps a frame on the first touch of a page (demand paging: HotSpot reserves gigabytes
 * with PROT_NONE/MAP_NORESERVE on a 1 GB board) and is told through the callbacks when pages
 * leave the address space or change protection. Regions are kept sorted and merged like
 * Linux's VMAs, so a partial munmap/mprotect splits one region into up to three. */
#ifndef SHIM_VM_H
#define SHIM_VM_H

#include <stddef.h>
#include <stdint.h>

#include "fs.h"

#define VM_PAGE 4096UL

struct vm_region {
    uint64_t start, end;       /* [start, end), page-aligned */
    uint32_t prot;             /* L_PROT_READ | WRITE | EXEC */
    uint32_t flags;            /* L_MAP_SHARED / PRIVATE, ANONYMOUS, NORESERVE, STACK; VM_BRK */
    struct node *file;         /* file mappings: the file and the offset of start */
    uint64_t offset;
};
#define VM_BRK 0x80000000u     /* the program break's region */

struct vm_ops {
    /* [start, end) leaves the address space, or (discard) loses its contents (MADV_DONTNEED):
     * the pager unmaps and frees its frames there. */
    void (*release)(void *ctx, uint64_t start, uint64_t end);
    /* [start, end) now has protection prot: the pager updates the mapped pages. */
    void (*protect)(void *ctx, uint64_t start, uint64_t end, uint32_t prot);
    /* mremap moved [from, from + len) to to: the pager moves the frames. */
    void (*move)(void *ctx, uint64_t from, uint64_t to, uint64_t len);
    void *ctx;
};

struct vm {
    struct vm_region *r;       /* sorted by start, disjoint */
    size_t n, cap;
    uint64_t lo, hi;           /* where mmap may place mappings without MAP_FIXED (top-down) */
    uint64_t brk_start, brk;   /* the program break: [brk_start, page_up(brk)) is VM_BRK */
    struct vm_ops ops;
};

void vm_init(struct vm *vm, struct vm_region *storage, size_t cap, uint64_t lo, uint64_t hi, struct vm_ops ops);

/* The syscalls' semantics; return the address / 0, or a negative L_E*. */
int64_t vm_mmap(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot, uint32_t flags,
                struct node *file, uint64_t offset);
int vm_munmap(struct vm *vm, uint64_t addr, uint64_t len);
int vm_mprotect(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot);
int vm_madvise(struct vm *vm, uint64_t addr, uint64_t len, int advice);
int64_t vm_mremap(struct vm *vm, uint64_t old, uint64_t old_len, uint64_t new_len, uint32_t flags, uint64_t new_addr);
/* brk(addr): sets the break if it can, and returns the (new or unchanged) break. */
uint64_t vm_brk(struct vm *vm, uint64_t addr);
void vm_set_brk(struct vm *vm, uint64_t start);

const struct vm_region *vm_find(const struct vm *vm, uint64_t addr);
/* What a fault at addr for access (L_PROT_READ / WRITE / EXEC) means: 0 = a page to populate,
 * L_SEGV_MAPERR = nothing mapped there, L_SEGV_ACCERR = mapped without that permission. */
int vm_fault_kind(const struct vm *vm, uint64_t addr, uint32_t access);

#endif
