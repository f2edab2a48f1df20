/* The fake machine for host tests: RAM is a malloc'd block, arch_* calls are counted. */
#include "test.h"
#include <setjmp.h>

int t_pass, t_fail;
u64 pv_offset;
u64 tlb_flushes, icache_syncs, irq_masked;
struct tcb *root;
u64 free_slot;
static void *ram;

void kputc(int c) { (void)c; }
void kpanic(const char *file, int line, const char *msg)
{
    printf("KERNEL PANIC %s:%d: %s\n", file, line, msg);
    t_fail++;
    printf("%d passed, %d failed\n", t_pass, t_fail);
    exit(1);
}
u32 arch_core_id(void) { return 0; }
void arch_tlb_flush_asid(u64 asid) { (void)asid; tlb_flushes++; }
void arch_icache_sync(void) { icache_syncs++; }
void arch_irq_mask(u32 irq) { irq_masked |= 1UL << irq; }
void arch_irq_unmask(u32 irq) { irq_masked &= ~(1UL << irq); }
void arch_tcb_destroyed(struct tcb *t) { (void)t; }
u64 kicks, rescheds[NCORES];
void arch_kick(struct tcb *t) { (void)t; kicks++; }
void arch_resched_core(u32 core) { rescheds[core]++; }
u64 fake_now;
u64 arch_now(void) { return fake_now; }
void arch_halt(u64 code) { printf("halt %lu\n", code); exit(2); }

int test_done(void)
{
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail != 0;
}

/* Boots a fresh root task over the fake RAM, which is first filled with 0x5a (garbage: retype
 * must zero). before_boot, if given, may write into the RAM (e.g. an initramfs) first. */
void env_boot(const struct boot_region *reg, int n, u64 initrd_pa, u64 initrd_size, void (*before_boot)(void))
{
    while (ram && timeouts_next())        /* empty the kernel's timeout list (old memory) */
        timeouts_expire(~0UL);
    if (!ram) {
        ram = aligned_alloc(1UL << FAKE_BITS, 1UL << FAKE_BITS);
        pv_offset = (u64)ram - FAKE_PHYS;
    }
    memset(ram, 0x5a, 1UL << FAKE_BITS);
    if (before_boot) before_boot();
    memset(cpus, 0, sizeof cpus);
    memset(asid_table, 0, sizeof asid_table);
    memset(irq_slots, 0, sizeof irq_slots);
    memset(irq_issued, 0, sizeof irq_issued);
    tlb_flushes = icache_syncs = irq_masked = kicks = fake_now = 0;
    memset(rescheds, 0, sizeof rescheds);
    static u64 image[1024];
    image[0] = 0x14000000;                      /* b . */
    image[1] = 3 * PAGE_SIZE;                   /* memory size incl. bss */
    struct boot_machine m = { initrd_pa, initrd_size, 0x410fd034, 0x11120, 0x11 };   /* QEMU's Cortex-A53 */
    root = boot_root_task(reg, n, (const u8 *)image, sizeof image, &m);
    struct bootinfo *bi;
    u64 pa;
    assert(vspace_lookup(vspace_of(root), BOOTINFO_VADDR, 0, &pa) == E_OK);
    bi = P2V(pa);
    free_slot = bi->first_free_slot;
    run(root);
}

void env_reset(void)
{
    struct boot_region reg[2] = { { FAKE_PHYS, FAKE_BITS - 1, UT_RAM },
                                  { FAKE_PHYS + (1UL << (FAKE_BITS - 1)), FAKE_BITS - 1, UT_RAM } };
    env_boot(reg, 2, 0, 0, NULL);
}

void run(struct tcb *t)
{
    struct cpu *c = &cpus[0];
    if (c->cur == t) return;
    if (c->cur && c->cur->state == TS_RUNNING) sched_enqueue(c->cur);
    sched_dequeue(t);
    c->cur = t;
}

u64 sc8(struct tcb *t, u64 n, const u64 a[8])
{
    for (int i = 0; i < 8; i++) t->ctx.x[i] = a[i];
    syscall(t, n);
    return t->ctx.x[0];
}

u64 sc(struct tcb *t, u64 n, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
    u64 a[8] = { a0, a1, a2, a3, a4, a5, 0, 0 };
    return sc8(t, n, a);
}

u64 mk(u32 type, u32 bits)
{
    u64 s = free_slot++;
    u64 e = sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, type, bits, CAP_SELF_CNODE, s, 1);
    assert(e == E_OK);
    return s;
}

struct tcb *tcb_at(u64 slot)
{
    int err;
    struct cap *c = lookup_cap(root, slot, OBJ_TCB, 0, &err);
    return c ? (struct tcb *)c->obj : NULL;
}

struct tcb *mk_thread(u64 *slot, u64 prio, u64 fault_ep)
{
    u64 s = mk(OBJ_TCB, 0);
    u64 e = sc(root, SYS_TCB_CONFIGURE, s, CAP_SELF_CNODE, CAP_SELF_VSPACE, fault_ep, prio, 0);
    assert(e == E_OK);
    if (slot) *slot = s;
    return tcb_at(s);
}
