/* The shim's EL0 glue on GaoOS: what its files share (console.c, pager.c, threads.c,
 * rootshim.c). The portable shim (../shim) knows none of this. */
#ifndef EL0_H
#define EL0_H

#include <gaoos/abi.h>
#include <stddef.h>
#include <stdint.h>

#include "../shim/futex.h"
#include "../shim/sigframe.h"
#include "../shim/syscall.h"

typedef unsigned long word;

/* A native GaoOS call (svc #1): x0 = error, results in x1.. are not needed here. */
static inline long kcall(word n, word a0, word a1, word a2, word a3, word a4, word a5) {
    register word x0 __asm__("x0") = a0, x1 __asm__("x1") = a1, x2 __asm__("x2") = a2;
    register word x3 __asm__("x3") = a3, x4 __asm__("x4") = a4, x5 __asm__("x5") = a5;
    register word x8 __asm__("x8") = n;
    __asm__ volatile("svc #1" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
                     : "r"(x8) : "x6", "x7", "memory");
    return (long)x0;
}

/* console.c: the kernel's debug console, and stopping the machine (QEMU exits) */
void kwrite(const char *s, size_t n);
void kputs(const char *s);
void kputhex(const char *label, uint64_t v);
void kputdec(const char *label, uint64_t v);
__attribute__((noreturn)) void halt(word code);
__attribute__((noreturn)) void panic(const char *why, long err);

/* The shim's address space, beside the program's (whose mmap area is [4 GB, STACK_TOP)). */
#define HEAP_BASE  0x80000000ull     /* 2 GB: the shim's heap, up to 1 GB                   */
#define HEAP_END   0xC0000000ull
#define ARCHIVE_VA 0xC0000000ull     /* 3 GB: the initramfs, read-only, up to 1 GB          */

/* pager.c: frames, the cap store, the page map, demand paging, the shim's heap, the archive */
extern struct shim shim;
struct pager_stats {
    uint64_t populated, from_initrd, map_calls, unmap_calls, retype_calls;
    uint64_t fresh_frames, page_tables, peak_pages;
    uint64_t ram_bytes;              /* taken from untyped RAM (never returned: the high-water mark) */
};
extern struct pager_stats pager_stats;
void pager_init(const struct bootinfo *bi);
const uint8_t *archive_init(uint64_t *size);
word new_object(word type);
word new_object_bits(word type, word bits);
word new_slot(void);
int page_present(uint64_t page);
void populate(uint64_t page);
void sync_icache(uint64_t start, uint64_t len);
int touch(void *ctx, uint64_t addr, uint64_t len, uint32_t access);
void release(void *ctx, uint64_t start, uint64_t end);
void protect(void *ctx, uint64_t start, uint64_t end, uint32_t prot);
uint64_t shim_heap_bytes(void);

/* threads.c: the program's threads */
struct thread {
    struct upcall_frame frame __attribute__((aligned(16)));   /* first: the frame finds the thread */
    struct shim_thread t;
    struct cpu_state cpu;
    struct futex_waiter waiter;
    word tcb, ntfn, ntfn_signal;     /* wait on ntfn, signal (and time out) through the badged copy */
    int exited;                      /* its record and TCB may be reused */
    uint8_t stack[32 * 1024] __attribute__((aligned(16)));     /* the upcall stack */
};
#define MAX_THREADS 256
extern struct thread *threads[MAX_THREADS];
extern int nthreads;
void lock(void);
void unlock(void);
struct thread *thread_new(word tcb);
struct thread *thread_by_tid(int tid);
int64_t do_clone(struct thread *parent);
__attribute__((noreturn)) void do_exit(struct thread *th);
int64_t do_futex(struct thread *th);
int64_t do_sleep(struct thread *th, uint64_t clock, uint64_t flags, uint64_t req);
int64_t do_yield(void);
int64_t do_blocking(struct thread *th, uint64_t nr);
void wake_key(void *ctx, uint64_t key);
int64_t do_kill(struct thread *self, int64_t pid, int64_t tid, uint64_t sig, int code);

/* rootshim.c and crt0.S */
uint64_t monotonic_ns(void *ctx);
extern void upcall_entry(void);

#endif
