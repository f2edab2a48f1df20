/* A tiny test runner: CHECK/EQ count, each binary ends with "N passed, N failed". */
#ifndef TEST_H
#define TEST_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kernel/kernel.h"
#include "../kernel/boot.h"

extern int t_pass, t_fail;
#define CHECK(c) do { if (c) t_pass++; else { t_fail++; \
    printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define EQ(a, b) do { unsigned long a_ = (unsigned long)(a), b_ = (unsigned long)(b); \
    if (a_ == b_) t_pass++; else { t_fail++; \
    printf("FAIL %s:%d: %s == %s (%lu != %lu)\n", __FILE__, __LINE__, #a, #b, a_, b_); } } while (0)
#define RUN(fn) do { env_reset(); fn(); } while (0)
int test_done(void);

/* fake machine */
#define FAKE_PHYS 0x1000000UL      /* physical address of the fake RAM */
#define FAKE_BITS 24               /* 16 MB */
extern u64 tlb_flushes, icache_syncs, irq_masked, kicks, rescheds[NCORES], fake_now;
extern struct tcb *root;           /* the root task built by env_reset */
extern u64 free_slot;              /* first free slot in root's CNode */
void env_reset(void);
void env_boot(const struct boot_region *reg, int n, u64 initrd_pa, u64 initrd_size, void (*before_boot)(void));
u64 sc(struct tcb *t, u64 n, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
u64 sc8(struct tcb *t, u64 n, const u64 a[8]);
/* helpers built on syscalls, acting as root */
u64 mk(u32 type, u32 bits);        /* retype one object into the next free slot; returns slot */
struct tcb *tcb_at(u64 slot);
struct tcb *mk_thread(u64 *slot, u64 prio, u64 fault_ep);  /* thread sharing root's cspace/vspace */
void run(struct tcb *t);           /* make t the current thread of core 0 */
#endif
