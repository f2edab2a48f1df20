/* The POSIX shim as the GaoOS root task (first QEMU proof): loads a static aarch64 Linux
 * executable, builds its initial stack, registers the shim as its thread's upcall handler and
 * jumps into it. From then on every `svc #0` of the program and every fault arrives in
 * shim_upcall (same thread, same address space), which answers with the syscall table
 * (shim/syscall.c) or maps a page (demand paging), then returns with SYS_UPCALL_RETURN.
 *
 * Proof-grade limits, on purpose (docs/libos.md "Status"): the program is embedded in this
 * image (the kernel cannot hand over the initramfs yet); pages are mapped with the region's
 * protection when first touched but later mprotect calls change only the bookkeeping; the
 * shim's heap never frees; one thread; a fault outside the map halts the machine instead of
 * delivering SIGSEGV. */
#include <gaoos/abi.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../shim/elf.h"
#include "../shim/fs.h"
#include "../shim/heap.h"
#include "../shim/linux.h"
#include "../shim/path.h"
#include "../shim/signal.h"
#include "../shim/stack.h"
#include "../shim/syscall.h"
#include "../shim/vm.h"

typedef unsigned long word;

/* ---- kernel calls ------------------------------------------------------------------------- */

static long kcall(word n, word a0, word a1, word a2, word a3, word a4, word a5) {
    register word x0 __asm__("x0") = a0, x1 __asm__("x1") = a1, x2 __asm__("x2") = a2;
    register word x3 __asm__("x3") = a3, x4 __asm__("x4") = a4, x5 __asm__("x5") = a5;
    register word x8 __asm__("x8") = n;
    __asm__ volatile("svc #1" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
                     : "r"(x8) : "x6", "x7", "memory");
    return (long)x0;
}

static void kwrite(const char *s, size_t n) {
    while (n) {
        size_t k = n < 256 ? n : 256;
        kcall(SYS_DEBUG_WRITE, (word)s, k, 0, 0, 0, 0);
        s += k;
        n -= k;
    }
}
static void kputs(const char *s) { kwrite(s, strlen(s)); }

static void kputhex(const char *label, uint64_t v) {
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    kputs(label);
    kwrite(buf, 18);
}

static __attribute__((noreturn)) void halt(word code) {
    kcall(SYS_MACHINE_HALT, CAP_CONTROL, code, 0, 0, 0, 0);
    for (;;) {}
}

static __attribute__((noreturn)) void panic(const char *why, long err) {
    kputs("SHIM: PANIC ");
    kputs(why);
    kputhex(" err=", (uint64_t)err);
    kputs("\n");
    halt(99);
}

/* ---- frames and mappings -------------------------------------------------------------------- */

static const struct bootinfo *bi;
static word next_slot, ut;

static word new_object(word type) {
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

static word new_slot(void) {
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
static int page_present(uint64_t page) { return page_find(page) >= 0; }

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

static void map_page(uint64_t va, word rights) {
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
static void sync_icache(uint64_t start, uint64_t len) {
    uint64_t ctr;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    uint64_t dline = 4ull << ((ctr >> 16) & 15), iline = 4ull << (ctr & 15);
    for (uint64_t p = start & ~(dline - 1); p < start + len; p += dline) __asm__ volatile("dc cvau, %0" :: "r"(p) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (uint64_t p = start & ~(iline - 1); p < start + len; p += iline) __asm__ volatile("ic ivau, %0" :: "r"(p) : "memory");
    __asm__ volatile("dsb ish; isb" ::: "memory");
}

static void populate(uint64_t page);

/* ---- the shim's heap: bump allocation over pages mapped as it grows ------------------------- */

#define HEAP_BASE 0x80000000ull      /* 2 GB: below the guest's mmap area, above its image */
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

/* ---- the shim's state and host functions ---------------------------------------------------- */

static struct shim shim;

/* A thread of the program: its upcall frame (the kernel writes it; first, so the frame's
 * address finds the thread), its Linux state, its kernel objects, its upcall stack. */
struct thread {
    struct upcall_frame frame __attribute__((aligned(16)));
    struct shim_thread t;
    struct cpu_state cpu;
    struct futex_waiter waiter;
    word tcb, ntfn, ntfn_signal;          /* notification: wait on ntfn, signal through the badged copy */
    int used;
    uint8_t stack[32 * 1024] __attribute__((aligned(16)));
};
#define MAX_THREADS 16
static struct thread threads[MAX_THREADS];
static int next_tid = 1;

/* One lock around the shim's state: a thread in the shim may be preempted by the timer. */
static volatile int shim_lock;
static void lock(void) { while (__atomic_exchange_n(&shim_lock, 1, __ATOMIC_ACQUIRE)) kcall(SYS_YIELD, 0, 0, 0, 0, 0, 0); }
static void unlock(void) { __atomic_store_n(&shim_lock, 0, __ATOMIC_RELEASE); }
static struct vm_region regions[512];
static uint64_t counter_freq;

static uint64_t counter(void) { uint64_t v; __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)); return v; }

static uint64_t monotonic_ns(void *ctx) {
    uint64_t c = counter();
    return c / counter_freq * 1000000000ull + c % counter_freq * 1000000000ull / counter_freq;
}
static void console_write(void *ctx, const char *s, uint64_t n) { kwrite(s, n); }
static void log_line(void *ctx, const char *line) { kputs(line); kputs("\n"); }
static void exit_group(void *ctx, int status) {
    kputhex("SHIM: exit_group status=", (uint64_t)status);
    kputs("\n");
    halt((word)status);
}


/* Makes [addr, addr+len) present for access, or -EFAULT (outside the map, or not allowed). */
static int touch(void *ctx, uint64_t addr, uint64_t len, uint32_t access) {
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

static void populate(uint64_t page) {
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
static void release(void *ctx, uint64_t start, uint64_t end) { each_present(start, end, release_page, 0); }
/* mprotect reaches the pages already present. */
static void protect(void *ctx, uint64_t start, uint64_t end, uint32_t prot) { each_present(start, end, protect_page, prot); }

/* ---- the upcall ----------------------------------------------------------------------------- */

uint8_t shim_stack[64 * 1024] __attribute__((aligned(16)));
extern uint8_t shim_stack_top[];
__asm__(".global shim_stack_top\n.set shim_stack_top, shim_stack + 65536");

extern void upcall_entry(void);
extern __attribute__((noreturn)) void enter_guest(uint64_t entry, uint64_t sp);
extern const uint8_t guest_image[], guest_image_end[];
#ifdef GUEST_DYNAMIC
extern const uint8_t ld_image[], ld_image_end[], libc_image[], libc_image_end[];
#endif

extern void fp_save(__uint128_t *v, uint32_t *fpsr, uint32_t *fpcr);
extern void fp_restore(const __uint128_t *v, const uint32_t *fpsr, const uint32_t *fpcr);

/* The sigreturn trampoline (glibc passes no SA_RESTORER on arm64; Linux uses its vDSO's). */
#define TRAMPOLINE 0x7ff0100000ull

static void cpu_from_frame(struct cpu_state *c, const struct upcall_frame *f) {
    memcpy(c->x, f->x, sizeof c->x);
    c->sp = f->sp;
    c->pc = f->pc;
    c->pstate = f->pstate;
    fp_save(c->v, &c->fpsr, &c->fpcr);
}

static void cpu_to_frame(const struct cpu_state *c, struct upcall_frame *f, int with_fp) {
    memcpy(f->x, c->x, sizeof c->x);
    f->sp = c->sp;
    f->pc = c->pc;
    f->pstate = c->pstate;
    if (with_fp) fp_restore(c->v, &c->fpsr, &c->fpcr);
}

static __attribute__((noreturn)) void killed(int signo, const struct upcall_frame *f) {
    kputhex("SHIM: killed by signal ", (uint64_t)signo);
    kputhex(" pc=", f->pc);
    kputhex(" addr=", f->far);
    kputhex(" esr=", f->esr);
    kputs("\n");
    halt(128 + (word)signo);
}

/* A fault the pager cannot serve becomes a synchronous signal to the program's handler. */
static void fault_signal(struct thread *th, int signo, int code, uint64_t addr) {
    struct upcall_frame *f = &th->frame;
    cpu_from_frame(&th->cpu, f);
    if (shim_deliver_fault(&shim, &th->t, &th->cpu, signo, code, addr, f->esr, TRAMPOLINE)) killed(signo, f);
    cpu_to_frame(&th->cpu, f, 0);
}

/* ---- threads: clone, exit, futex -------------------------------------------------------------- */

#define L_CLONE_VM 0x100
#define L_CLONE_FS 0x200
#define L_CLONE_FILES 0x400
#define L_CLONE_SIGHAND 0x800
#define L_CLONE_THREAD 0x10000
#define L_CLONE_SYSVSEM 0x40000
#define L_CLONE_SETTLS 0x80000
#define L_CLONE_PARENT_SETTID 0x100000
#define L_CLONE_CHILD_CLEARTID 0x200000
#define L_CLONE_CHILD_SETTID 0x1000000
#define L_CLONE_THREAD_FLAGS (L_CLONE_VM | L_CLONE_FS | L_CLONE_FILES | L_CLONE_SIGHAND | L_CLONE_THREAD)

static int thread_objects(struct thread *th) {
    th->tcb = th->tcb ? th->tcb : new_object(OBJ_TCB);
    th->ntfn = new_object(OBJ_NOTIFICATION);
    /* a badged copy to signal with: an unbadged signal would OR in nothing */
    th->ntfn_signal = new_slot();
    long err = kcall(SYS_CNODE_MINT, CAP_SELF_CNODE, th->ntfn_signal, CAP_SELF_CNODE, th->ntfn, R_ALL, 1);
    return (int)err;
}

static void woken(struct futex_waiter *w, void *ctx) {
    struct thread *th = w->thread;
    kcall(SYS_SIGNAL, th->ntfn_signal, 0, 0, 0, 0, 0);
}

static int64_t do_clone(struct thread *parent) {
    struct upcall_frame *f = &parent->frame;
    uint64_t flags = f->x[0], newsp = f->x[1], ptid = f->x[2], tls = f->x[3], ctid = f->x[4];
    if ((flags & L_CLONE_THREAD_FLAGS) != L_CLONE_THREAD_FLAGS) return -L_ENOSYS;   /* no fork: one address space */
    if (!newsp || (newsp & 15)) return -L_EINVAL;
    struct thread *th = NULL;
    for (int i = 1; i < MAX_THREADS; i++) if (!threads[i].used) { th = &threads[i]; break; }
    if (!th) return -L_EAGAIN;
    memset(&th->t, 0, sizeof th->t);
    th->used = 1;
    th->t.tid = ++next_tid;
    th->t.blocked = parent->t.blocked;
    th->t.altstack.ss_flags = L_SS_DISABLE;
    if (flags & L_CLONE_CHILD_CLEARTID) th->t.clear_child_tid = ctid;
    if (thread_objects(th)) panic("thread notification", 0);
    long err = kcall(SYS_TCB_CONFIGURE, th->tcb, CAP_SELF_CNODE, CAP_SELF_VSPACE, 0, NPRIO - 1, 0);
    if (err) panic("tcb_configure", err);
    for (int i = 0; i < 31; i++) kcall(SYS_TCB_WRITE_REG, th->tcb, REG_X(i), i == 0 ? 0 : f->x[i], 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_SP, newsp, 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_PC, f->pc, 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_PSTATE, f->pstate, 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_TPIDR, (flags & L_CLONE_SETTLS) ? tls : f->tpidr, 0, 0, 0);
    err = kcall(SYS_TCB_SET_UPCALL, th->tcb, (word)upcall_entry, (word)(th->stack + sizeof th->stack),
                (word)&th->frame, UPCALL_LINUX_SVC | UPCALL_FAULTS, 0);
    if (err) panic("tcb_set_upcall (clone)", err);
    if ((flags & L_CLONE_PARENT_SETTID) && !touch(NULL, ptid, 4, L_PROT_WRITE)) *(volatile uint32_t *)(uintptr_t)ptid = (uint32_t)th->t.tid;
    if ((flags & L_CLONE_CHILD_SETTID) && !touch(NULL, ctid, 4, L_PROT_WRITE)) *(volatile uint32_t *)(uintptr_t)ctid = (uint32_t)th->t.tid;
    err = kcall(SYS_TCB_RESUME, th->tcb, 0, 0, 0, 0, 0);
    if (err) panic("tcb_resume", err);
    return th->t.tid;
}

static __attribute__((noreturn)) void do_exit(struct thread *th) {
    uint64_t ctid = th->t.clear_child_tid;
    if (ctid && !touch(NULL, ctid, 4, L_PROT_WRITE)) {          /* pthread_join waits for this */
        *(volatile uint32_t *)(uintptr_t)ctid = 0;
        futex_wake(&shim.futex, ctid, 1, L_FUTEX_BITSET_MATCH_ANY, woken, NULL);
    }
    unlock();
    kcall(SYS_TCB_SUSPEND, th->tcb, 0, 0, 0, 0, 0);
    panic("a thread outlived its exit", 0);
}

/* Called with the lock held; returns with it held (released while the thread sleeps). */
static int64_t do_futex(struct thread *th) {
    struct upcall_frame *f = &th->frame;
    uint64_t uaddr = f->x[0], val = f->x[2], uts = f->x[3];
    uint32_t bitset = (uint32_t)f->x[5];
    struct futex_call c;
    int err = futex_decode((int)f->x[1], &c);
    if (err) return err;
    if (c.cmd == L_FUTEX_WAKE || c.cmd == L_FUTEX_WAKE_BITSET)
        return futex_wake(&shim.futex, uaddr, (int)val, c.cmd == L_FUTEX_WAKE ? L_FUTEX_BITSET_MATCH_ANY : bitset, woken, NULL);
    if (c.cmd == L_FUTEX_WAIT) bitset = L_FUTEX_BITSET_MATCH_ANY;
    if ((err = touch(NULL, uaddr, 4, L_PROT_READ))) return err;
    uint64_t deadline = 0, now = monotonic_ns(NULL);
    if (uts) {
        if ((err = touch(NULL, uts, sizeof(struct l_timespec), L_PROT_READ))) return err;
        if ((err = futex_deadline(&c, (const struct l_timespec *)(uintptr_t)uts, now, shim.host.realtime_offset_ns, &deadline))) return err;
    }
    err = futex_wait(&shim.futex, &th->waiter, uaddr, *(volatile uint32_t *)(uintptr_t)uaddr, (uint32_t)val, bitset, deadline, th);
    if (err) return err;
    for (;;) {
        unlock();
        /* no kernel timeouts yet: a timed wait polls and yields until woken or due */
        if (deadline) { kcall(SYS_YIELD, 0, 0, 0, 0, 0, 0); kcall(SYS_POLL, th->ntfn, 0, 0, 0, 0, 0); }
        else kcall(SYS_WAIT, th->ntfn, 0, 0, 0, 0, 0);
        lock();
        if (!th->waiter.queued) return th->waiter.result;
        if (deadline && monotonic_ns(NULL) >= deadline) {
            futex_cancel(&shim.futex, &th->waiter, -L_ETIMEDOUT);
            return -L_ETIMEDOUT;
        }
    }
}

static __attribute__((noreturn)) void upcall_return(void) {
    register word x8 __asm__("x8") = SYS_UPCALL_RETURN;
    register word x0 __asm__("x0");
    __asm__ volatile("svc #1" : "=r"(x0) : "r"(x8) : "memory");
    panic("SYS_UPCALL_RETURN failed", (long)x0);
}

void __attribute__((noreturn)) shim_upcall(word kind, struct upcall_frame *f) {
    struct thread *th = (struct thread *)f;                     /* the frame is the thread's first member */
    word ec = f->esr >> 26;
    lock();
    if (kind == FAULT_SYSCALL) {
        switch (f->x[8]) {
        case 139:                                               /* rt_sigreturn: every register */
            cpu_from_frame(&th->cpu, f);
            if (shim_sigreturn(&shim, &th->t, &th->cpu)) killed(L_SIGSEGV, f);
            cpu_to_frame(&th->cpu, f, 1);
            break;
        case 220: f->x[0] = (word)do_clone(th); break;
        case 93: do_exit(th);
        case 98: f->x[0] = (word)do_futex(th); break;
        default: f->x[0] = (word)shim_syscall(&shim, &th->t, f->x[8], (const uint64_t *)f->x);
        }
    } else if (kind == FAULT_VM) {
        uint32_t access = ec == 0x20 || ec == 0x21 ? L_PROT_EXEC : (f->esr & (1u << 6)) ? L_PROT_WRITE : L_PROT_READ;
        int why = vm_fault_kind(&shim.vm, f->far, access);
        if (!why && page_present(f->far >> 12)) why = L_SEGV_ACCERR;   /* present: a protection fault */
        if (why) fault_signal(th, L_SIGSEGV, why, f->far);
        else populate(f->far & ~4095ull);
    } else if (kind == FAULT_ALIGN) {
        fault_signal(th, L_SIGBUS, L_BUS_ADRALN, f->far);
    } else if (kind == FAULT_UNDEF) {
        if (ec == 0x3c) fault_signal(th, L_SIGTRAP, L_TRAP_BRKPT, f->pc);   /* brk */
        else fault_signal(th, L_SIGILL, L_ILL_ILLOPC, f->pc);
    } else {
        kputhex("SHIM: unexpected upcall kind=", kind);
        kputhex(" pc=", f->pc);
        kputhex(" esr=", f->esr);
        kputs("\n");
        halt(132);
    }
    unlock();
    upcall_return();
}

/* ---- loading the program -------------------------------------------------------------------- */

#define STACK_TOP  0x7ff0000000ull
#define STACK_SIZE (8ull << 20)
#define STACK_EAGER (64ull << 10)

static void load_segments(const struct elf_info *e, const uint8_t *img, uint64_t bias) {
    for (int i = 0; i < e->nload; i++) {
        const struct elf_load *l = &e->load[i];
        uint64_t start = bias + (l->vaddr & ~4095ull), end = bias + ((l->vaddr + l->memsz + 4095) & ~4095ull);
        int64_t r = vm_mmap(&shim.vm, start, end - start, l->prot, L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED, NULL, 0);
        if (r < 0) panic("vm_mmap of a segment", r);
        for (uint64_t p = start; p < end; p += 4096)
            if (!page_present(p >> 12)) map_page(p, R_READ | R_WRITE | (l->prot & L_PROT_EXEC ? R_EXEC : 0));
        memcpy((void *)(uintptr_t)(bias + l->vaddr), img + l->offset, l->filesz);
        /* the rest is .bss: fresh frames are already zero */
        if (l->prot & L_PROT_EXEC) sync_icache(bias + l->vaddr, l->filesz);
    }
}

/* Where position-independent programs go (the numbers qemu-user uses, for comparable traces). */
#define EXE_BIAS    0x5500000000ull
#define INTERP_BIAS 0x7fe0000000ull

static void add_file(const char *dir_path, const char *name, const uint8_t *data, uint64_t size) {
    struct walk w;
    struct node *n;
    if (path_walk(&shim.fs, shim.fs.root, dir_path, WALK_FOLLOW, &w) || !node_is_dir(w.node) ||
        fs_mkfile_data(&shim.fs, w.node, name, strlen(name), 0755, data, size, 0, &n))
        panic("adding a file to the tree", 0);
}

static void mkdirs(const char *const *dirs) {
    for (; *dirs; dirs++) {
        struct walk w;
        struct node *n;
        int err = path_walk(&shim.fs, shim.fs.root, *dirs, 0, &w);
        if (err == -L_ENOENT && w.parent && fs_mkdir(&shim.fs, w.parent, w.name, w.name_len, 0755, &n) == 0) continue;
        if (err) panic("mkdir", err);
    }
}

static void parse(const uint8_t *img, size_t len, struct elf_info *e, const char *what) {
    const char *why = NULL;
    if (elf_parse(img, len, e, &why)) { kputs("SHIM: bad ELF "); kputs(what); kputs(": "); kputs(why); kputs("\n"); halt(8); }
}

void shim_main(const struct bootinfo *boot) {
    bi = boot;
    next_slot = bi->first_free_slot;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(counter_freq));
    kputs("SHIM: POSIX shim up (root task)\n");

    size_t len = (size_t)(guest_image_end - guest_image);
    struct elf_info e, ie;
    parse(guest_image, len, &e, "/hello");

    vm_init(&shim.vm, regions, sizeof regions / sizeof regions[0], 0x100000000ull, STACK_TOP,
            (struct vm_ops){ release, protect, NULL, NULL });
    if (fs_init(&shim.fs)) panic("fs_init", 0);
    static const char *const dirs[] = { "/proc", "/proc/self", "/tmp", "/etc", "/lib", "/lib/aarch64-linux-gnu", NULL };
    mkdirs(dirs);
    struct walk w;
    struct node *n;
    add_file("/", "hello", guest_image, len);
    if (path_walk(&shim.fs, shim.fs.root, "/proc/self", 0, &w) || fs_symlink(&shim.fs, w.node, "exe", 3, "/hello", &n))
        panic("/proc/self/exe", 0);
#ifdef GUEST_DYNAMIC
    add_file("/lib", "ld-linux-aarch64.so.1", ld_image, (uint64_t)(ld_image_end - ld_image));
    add_file("/lib/aarch64-linux-gnu", "libc.so.6", libc_image, (uint64_t)(libc_image_end - libc_image));
#endif
    shim_init(&shim, (struct shim_host){ console_write, log_line, monotonic_ns, 0, exit_group, touch, NULL },
              "/hello", counter());
    struct thread *main_thread = &threads[0];
    main_thread->used = 1;
    main_thread->t.tid = 1;
    main_thread->t.altstack.ss_flags = L_SS_DISABLE;
    main_thread->tcb = CAP_SELF_TCB;
    if (thread_objects(main_thread)) panic("main thread notification", 0);

    uint64_t bias = e.dynamic ? EXE_BIAS : 0, interp_bias = 0, entry = bias + e.entry;
    load_segments(&e, guest_image, bias);
    vm_set_brk(&shim.vm, bias + e.hi);
    if (e.interp) {
        /* the interpreter comes from the file tree, like Linux's binfmt_elf reads PT_INTERP */
        if (path_walk(&shim.fs, shim.fs.root, e.interp, WALK_FOLLOW, &w) || !node_is_reg(w.node)) {
            kputs("SHIM: interpreter not found: "); kputs(e.interp); kputs("\n"); halt(8);
        }
        parse(w.node->data, w.node->size, &ie, e.interp);
        if (!ie.dynamic) { kputs("SHIM: the interpreter is not position-independent\n"); halt(8); }
        interp_bias = INTERP_BIAS;
        load_segments(&ie, w.node->data, interp_bias);
        entry = interp_bias + ie.entry;
    }

    /* the stack: 8 MB reserved, the top 64 KB present */
    if (vm_mmap(&shim.vm, STACK_TOP - STACK_SIZE, STACK_SIZE, L_PROT_READ | L_PROT_WRITE,
                L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED | L_MAP_STACK, NULL, 0) < 0)
        panic("stack", 0);
    for (uint64_t p = STACK_TOP - STACK_EAGER; p < STACK_TOP; p += 4096) map_page(p, R_READ | R_WRITE);
    static const char *const argv[] = { "/hello", "from-the-shim", NULL };
    static const char *const envp[] = { "PATH=/", "HOME=/", NULL };
    struct auxv aux[] = {
        { L_AT_PHDR, bias + e.phdr_vaddr }, { L_AT_PHENT, e.phentsize }, { L_AT_PHNUM, e.phnum },
        { L_AT_PAGESZ, 4096 }, { L_AT_BASE, interp_bias }, { L_AT_FLAGS, 0 }, { L_AT_ENTRY, bias + e.entry },
        { L_AT_UID, 0 }, { L_AT_EUID, 0 }, { L_AT_GID, 0 }, { L_AT_EGID, 0 }, { L_AT_SECURE, 0 },
        { L_AT_HWCAP, 0x3 /* FP | ASIMD: what every Cortex-A53 has; not yet read from ID_AA64ISAR0 */ },
        { L_AT_HWCAP2, 0 }, { L_AT_CLKTCK, 100 }, { L_AT_MINSIGSTKSZ, 5120 },
    };
    uint8_t random16[16];
    for (int i = 0; i < 16; i++) random16[i] = (uint8_t)(counter() >> (i % 8));
    struct stack_args sa = { argv, envp, aux, (int)(sizeof aux / sizeof aux[0]), random16, "/hello" };
    uint64_t sp = stack_build(STACK_TOP, STACK_EAGER, &sa);
    if (!sp) panic("initial stack", 0);

    /* the trampoline page: mov x8, #139; svc #0 */
    map_page(TRAMPOLINE, R_READ | R_WRITE | R_EXEC);
    ((volatile uint32_t *)(uintptr_t)TRAMPOLINE)[0] = 0xd2801168;
    ((volatile uint32_t *)(uintptr_t)TRAMPOLINE)[1] = 0xd4000001;
    sync_icache(TRAMPOLINE, 8);

    long r = kcall(SYS_TCB_SET_UPCALL, CAP_SELF_TCB, (word)upcall_entry,
                   (word)(main_thread->stack + sizeof main_thread->stack), (word)&main_thread->frame,
                   UPCALL_LINUX_SVC | UPCALL_FAULTS, 0);
    if (r != E_OK) panic("SYS_TCB_SET_UPCALL", r);
    kputhex("SHIM: entering the program at ", entry);
    kputs(e.interp ? " (its interpreter)\n" : "\n");
    enter_guest(entry, sp);
}
