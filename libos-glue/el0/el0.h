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
__attribute__((noreturn)) void halt(word code);
__attribute__((noreturn)) void panic(const char *why, long err);

/* pager.c: frames, the page map, demand paging, the shim's heap */
extern struct shim shim;
void pager_init(const struct bootinfo *bi);
word new_object(word type);
word new_object_bits(word type, word bits);
word new_slot(void);
void map_page(uint64_t va, word rights);
int page_present(uint64_t page);
void populate(uint64_t page);
void sync_icache(uint64_t start, uint64_t len);
int touch(void *ctx, uint64_t addr, uint64_t len, uint32_t access);
void release(void *ctx, uint64_t start, uint64_t end);
void protect(void *ctx, uint64_t start, uint64_t end, uint32_t prot);
#define HEAP_BASE 0x80000000ull      /* 2 GB: below the guest's mmap area, above its image */

/* threads.c: the program's threads */
struct thread {
    struct upcall_frame frame __attribute__((aligned(16)));   /* first: the frame finds the thread */
    struct shim_thread t;
    struct cpu_state cpu;
    struct futex_waiter waiter;
    word tcb, ntfn, ntfn_signal;     /* wait on ntfn, signal through the badged copy */
    int used;
    uint8_t stack[32 * 1024] __attribute__((aligned(16)));     /* the upcall stack */
};
#define MAX_THREADS 16
extern struct thread threads[MAX_THREADS];
void lock(void);
void unlock(void);
int thread_objects(struct thread *th);
int64_t do_clone(struct thread *parent);
__attribute__((noreturn)) void do_exit(struct thread *th);
int64_t do_futex(struct thread *th);
int64_t do_sleep(struct thread *th, uint64_t clock, uint64_t flags, uint64_t req);

/* rootshim.c and crt0.S */
uint64_t monotonic_ns(void *ctx);
extern void upcall_entry(void);

#endif
