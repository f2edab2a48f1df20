#include "vm.h"

#include <string.h>

#include "linux.h"

static uint64_t page_down(uint64_t a) { return a & ~(VM_PAGE - 1); }
static int page_up(uint64_t a, uint64_t *out) {
    if (a > UINT64_MAX - (VM_PAGE - 1)) return 0;
    *out = (a + VM_PAGE - 1) & ~(VM_PAGE - 1);
    return 1;
}

void vm_init(struct vm *vm, struct vm_region *storage, size_t cap, uint64_t lo, uint64_t hi, struct vm_ops ops) {
    memset(vm, 0, sizeof *vm);
    vm->r = storage;
    vm->cap = cap;
    vm->lo = lo;
    vm->hi = hi;
    vm->ops = ops;
}

/* The first region with end > addr (n if none). */
static size_t first_after(const struct vm *vm, uint64_t addr) {
    size_t lo = 0, hi = vm->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (vm->r[mid].end <= addr) lo = mid + 1; else hi = mid;
    }
    return lo;
}

const struct vm_region *vm_find(const struct vm *vm, uint64_t addr) {
    size_t i = first_after(vm, addr);
    return i < vm->n && vm->r[i].start <= addr ? &vm->r[i] : NULL;
}

static int overlaps(const struct vm *vm, uint64_t start, uint64_t end) {
    size_t i = first_after(vm, start);
    return i < vm->n && vm->r[i].start < end;
}

static int compatible(const struct vm_region *a, const struct vm_region *b) {
    if (a->end != b->start || a->prot != b->prot || a->flags != b->flags || a->file != b->file) return 0;
    return !a->file || a->offset + (a->end - a->start) == b->offset;
}

static void remove_at(struct vm *vm, size_t i) {
    memmove(&vm->r[i], &vm->r[i + 1], (vm->n - i - 1) * sizeof vm->r[0]);
    vm->n--;
}

/* Merges region i with its neighbours where compatible. */
static void merge_around(struct vm *vm, size_t i) {
    if (i + 1 < vm->n && compatible(&vm->r[i], &vm->r[i + 1])) {
        vm->r[i].end = vm->r[i + 1].end;
        remove_at(vm, i + 1);
    }
    if (i > 0 && compatible(&vm->r[i - 1], &vm->r[i])) {
        vm->r[i - 1].end = vm->r[i].end;
        remove_at(vm, i);
    }
}

static int insert(struct vm *vm, const struct vm_region *reg) {
    if (vm->n == vm->cap) return -L_ENOMEM;
    size_t i = first_after(vm, reg->start);
    memmove(&vm->r[i + 1], &vm->r[i], (vm->n - i) * sizeof vm->r[0]);
    vm->r[i] = *reg;
    vm->n++;
    merge_around(vm, i);
    return 0;
}

/* Splits the region containing addr (if any starts before it) so that a region boundary falls
 * on addr. Needs one free slot. */
static int split_at(struct vm *vm, uint64_t addr) {
    size_t i = first_after(vm, addr);
    if (i == vm->n || vm->r[i].start >= addr) return 0;
    if (vm->n == vm->cap) return -L_ENOMEM;
    memmove(&vm->r[i + 1], &vm->r[i], (vm->n - i) * sizeof vm->r[0]);
    vm->n++;
    vm->r[i].end = addr;
    vm->r[i + 1].start = addr;
    if (vm->r[i + 1].file) vm->r[i + 1].offset += addr - vm->r[i].start;
    return 0;
}

/* Slots needed to cut [start, end) out of the map: one more if one region spans both ends. */
static size_t splits_needed(const struct vm *vm, uint64_t start, uint64_t end) {
    const struct vm_region *r = vm_find(vm, start);
    return r && r->start < start && r->end > end ? 1 : 0;
}

static void unmap_range(struct vm *vm, uint64_t start, uint64_t end) {
    split_at(vm, start);   /* callers made sure the slots exist */
    split_at(vm, end);
    size_t i = first_after(vm, start);
    while (i < vm->n && vm->r[i].start < end) {
        if (vm->ops.release) vm->ops.release(vm->ops.ctx, vm->r[i].start, vm->r[i].end);
        remove_at(vm, i);
    }
}

/* A free gap of len bytes in [lo, hi), the highest one (Linux's default top-down mmap layout). */
static int find_gap(const struct vm *vm, uint64_t len, uint64_t *out) {
    for (size_t i = vm->n; ; i--) {
        /* the gap between region i-1 and region i */
        uint64_t top = i < vm->n && vm->r[i].start < vm->hi ? vm->r[i].start : vm->hi;
        uint64_t floor = i > 0 ? vm->r[i - 1].end : 0;
        if (floor < vm->lo) floor = vm->lo;
        if (top > floor && top - floor >= len) { *out = top - len; return 0; }
        if (i == 0) return -L_ENOMEM;
    }
}

int64_t vm_mmap(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot, uint32_t flags,
                struct node *file, uint64_t offset) {
    uint32_t type = flags & L_MAP_TYPE;
    if (len == 0) return -L_EINVAL;
    if (type != L_MAP_SHARED && type != L_MAP_PRIVATE && type != L_MAP_SHARED_VALIDATE) return -L_EINVAL;
    if (type == L_MAP_SHARED_VALIDATE) type = L_MAP_SHARED;
    if (prot & ~(uint32_t)(L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC | L_PROT_BTI)) return -L_EINVAL;
    prot &= L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC;    /* BTI guards need no bookkeeping */
    if (offset & (VM_PAGE - 1)) return -L_EINVAL;
    if (!page_up(len, &len)) return -L_ENOMEM;
    if (flags & L_MAP_ANONYMOUS) { file = NULL; offset = 0; }
    else if (!file) return -L_EBADF;
    if (file && offset + len < offset) return -L_EOVERFLOW;
    int fixed = (flags & (L_MAP_FIXED | L_MAP_FIXED_NOREPLACE)) != 0;
    if (fixed && (addr & (VM_PAGE - 1))) return -L_EINVAL;
    if (fixed && addr < VM_PAGE) return -L_EPERM;              /* below mmap_min_addr */
    if (fixed && (addr + len < addr || addr + len > vm->hi)) return -L_ENOMEM;

    uint64_t start;
    if (fixed) {
        start = addr;
        if (overlaps(vm, start, start + len)) {
            if (!(flags & L_MAP_FIXED)) return -L_EEXIST;    /* MAP_FIXED_NOREPLACE */
            if (vm->n + 1 + splits_needed(vm, start, start + len) > vm->cap) return -L_ENOMEM;
            unmap_range(vm, start, start + len);
        }
    } else {
        start = page_down(addr);
        if (!(start >= vm->lo && start + len > start && start + len <= vm->hi && !overlaps(vm, start, start + len))) {
            int err = find_gap(vm, len, &start);
            if (err) return err;
        }
    }
    struct vm_region reg = {
        .start = start, .end = start + len, .prot = prot,
        .flags = type | (flags & (L_MAP_ANONYMOUS | L_MAP_NORESERVE | L_MAP_STACK)),
        .file = file, .offset = offset,
    };
    int err = insert(vm, &reg);
    if (err) return err;
    return (int64_t)start;
}

int vm_munmap(struct vm *vm, uint64_t addr, uint64_t len) {
    if ((addr & (VM_PAGE - 1)) || len == 0) return -L_EINVAL;
    if (!page_up(len, &len) || addr + len < addr) return -L_EINVAL;
    if (vm->n + splits_needed(vm, addr, addr + len) > vm->cap) return -L_ENOMEM;
    unmap_range(vm, addr, addr + len);
    return 0;
}

/* Is all of [start, end) mapped? */
static int fully_mapped(const struct vm *vm, uint64_t start, uint64_t end) {
    size_t i = first_after(vm, start);
    uint64_t at = start;
    for (; i < vm->n && at < end; i++) {
        if (vm->r[i].start > at) return 0;
        at = vm->r[i].end;
    }
    return at >= end;
}

int vm_mprotect(struct vm *vm, uint64_t addr, uint64_t len, uint32_t prot) {
    if (addr & (VM_PAGE - 1)) return -L_EINVAL;
    if (prot & ~(uint32_t)(L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC | L_PROT_BTI)) return -L_EINVAL;
    prot &= L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC;
    if (len == 0) return 0;
    if (!page_up(len, &len) || addr + len < addr) return -L_ENOMEM;
    uint64_t end = addr + len;
    if (!fully_mapped(vm, addr, end)) return -L_ENOMEM;
    if (vm->n + 2 > vm->cap) return -L_ENOMEM;
    for (size_t k = first_after(vm, addr); k < vm->n && vm->r[k].start < end; k++)
        if (vm->r[k].file && (vm->r[k].flags & L_MAP_TYPE) == L_MAP_SHARED && (prot & L_PROT_WRITE))
            return -L_EACCES;                    /* no writable shared file mappings (syscall.c) */
    split_at(vm, addr);
    split_at(vm, end);
    size_t i = first_after(vm, addr);
    size_t first = i;
    for (; i < vm->n && vm->r[i].start < end; i++) {
        vm->r[i].prot = prot;
        if (vm->ops.protect) vm->ops.protect(vm->ops.ctx, vm->r[i].start, vm->r[i].end, prot);
    }
    /* merge the changed run with itself and its neighbours, from the right */
    for (size_t j = i; j-- > first; ) merge_around(vm, j);
    return 0;
}

int vm_madvise(struct vm *vm, uint64_t addr, uint64_t len, int advice) {
    if (addr & (VM_PAGE - 1)) return -L_EINVAL;
    switch (advice) {
    case L_MADV_NORMAL: case L_MADV_RANDOM: case L_MADV_SEQUENTIAL: case L_MADV_WILLNEED:
    case L_MADV_DONTNEED: case L_MADV_FREE: case L_MADV_POPULATE_WRITE:
        break;
    default:
        return -L_EINVAL;
    }
    if (len == 0) return 0;
    if (!page_up(len, &len) || addr + len < addr) return -L_EINVAL;
    if (!fully_mapped(vm, addr, addr + len)) return -L_ENOMEM;
    if ((advice == L_MADV_DONTNEED || advice == L_MADV_FREE) && vm->ops.release) {
        /* the pages read back as zeros (anonymous) or the file's contents (private file maps) */
        vm->ops.release(vm->ops.ctx, addr, addr + len);
    }
    return 0;
}

int64_t vm_mremap(struct vm *vm, uint64_t old, uint64_t old_len, uint64_t new_len, uint32_t flags, uint64_t new_addr) {
    if (old & (VM_PAGE - 1)) return -L_EINVAL;
    if (flags & ~(uint32_t)(L_MREMAP_MAYMOVE | L_MREMAP_FIXED)) return -L_EINVAL;
    if ((flags & L_MREMAP_FIXED) && !(flags & L_MREMAP_MAYMOVE)) return -L_EINVAL;
    if (flags & L_MREMAP_FIXED) return -L_EINVAL;   /* never seen from the JVM or glibc: not supported */
    if (!page_up(old_len, &old_len) || !page_up(new_len, &new_len) || new_len == 0) return -L_EINVAL;
    const struct vm_region *r = vm_find(vm, old);
    if (!r || old_len == 0 || old + old_len > r->end) return -L_EFAULT;
    if (new_len <= old_len) {
        if (new_len < old_len) {
            int err = vm_munmap(vm, old + new_len, old_len - new_len);
            if (err) return err;
        }
        return (int64_t)old;
    }
    struct vm_region reg = *r;
    if (old + new_len > old && old + new_len <= vm->hi && !overlaps(vm, old + old_len, old + new_len)) {
        reg.start = old + old_len;
        reg.end = old + new_len;
        if (reg.file) reg.offset = r->offset + (old + old_len - r->start);
        int err = insert(vm, &reg);
        return err ? err : (int64_t)old;
    }
    if (!(flags & L_MREMAP_MAYMOVE)) return -L_ENOMEM;
    uint64_t to;
    int err = find_gap(vm, new_len, &to);
    if (err) return err;
    if (vm->n + 2 > vm->cap) return -L_ENOMEM;
    reg.start = to;
    reg.end = to + new_len;
    if (reg.file) reg.offset = r->offset + (old - r->start);
    err = insert(vm, &reg);
    if (err) return err;
    if (vm->ops.move) vm->ops.move(vm->ops.ctx, old, to, old_len);
    /* the old range's frames moved: drop its bookkeeping without releasing them */
    struct vm_ops saved = vm->ops;
    vm->ops.release = NULL;
    unmap_range(vm, old, old + old_len);
    vm->ops = saved;
    return (int64_t)to;
}

void vm_set_brk(struct vm *vm, uint64_t start) {
    uint64_t s;
    if (!page_up(start, &s)) s = start;
    vm->brk_start = vm->brk = s;
}

uint64_t vm_brk(struct vm *vm, uint64_t addr) {
    uint64_t cur_end, new_end;
    if (addr < vm->brk_start) return vm->brk;
    if (!page_up(vm->brk, &cur_end) || !page_up(addr, &new_end)) return vm->brk;
    if (new_end > cur_end) {
        if (new_end > vm->hi || overlaps(vm, cur_end, new_end)) return vm->brk;
        struct vm_region reg = { .start = cur_end, .end = new_end, .prot = L_PROT_READ | L_PROT_WRITE,
                                 .flags = L_MAP_PRIVATE | L_MAP_ANONYMOUS | VM_BRK };
        if (insert(vm, &reg)) return vm->brk;
    } else if (new_end < cur_end) {
        if (vm_munmap(vm, new_end, cur_end - new_end)) return vm->brk;
    }
    vm->brk = addr;
    return vm->brk;
}

int vm_fault_kind(const struct vm *vm, uint64_t addr, uint32_t access) {
    const struct vm_region *r = vm_find(vm, addr);
    if (!r) return L_SEGV_MAPERR;
    if ((r->prot & access) != access || r->prot == L_PROT_NONE) return L_SEGV_ACCERR;
    return 0;
}
