/* Machine layer: PL011 console, ARM generic timer, BCM2836 local and BCM2835 interrupt
 * controllers, TLB and cache maintenance, the watchdog (halt), and the trap handlers. */
#include "../kernel/kernel.h"
#include "machine.h"

/* ---- console ---- */
#define UART_DR   (UART0_BASE + 0x00)
#define UART_FR   (UART0_BASE + 0x18)
#define UART_IBRD (UART0_BASE + 0x24)
#define UART_FBRD (UART0_BASE + 0x28)
#define UART_LCRH (UART0_BASE + 0x2c)
#define UART_CR   (UART0_BASE + 0x30)
#define UART_ICR  (UART0_BASE + 0x44)

void uart_init(void)
{
    REG(UART_CR) = 0;
    /* GPIO 14/15 to ALT0 (PL011) for a real Pi with dtoverlay=disable-bt */
    u32 sel = REG(GPIO_BASE + 4);
    sel &= ~((7u << 12) | (7u << 15));
    sel |= (4u << 12) | (4u << 15);
    REG(GPIO_BASE + 4) = sel;
    REG(UART_ICR) = 0x7ff;
    REG(UART_IBRD) = 26;            /* 48 MHz / (16 * 115200) */
    REG(UART_FBRD) = 3;
    REG(UART_LCRH) = (3u << 5) | (1u << 4);   /* 8N1, FIFOs */
    REG(UART_CR) = (1u << 0) | (1u << 8) | (1u << 9);
}

static void putc_raw(int c)
{
    while (REG(UART_FR) & (1u << 5))
        ;
    REG(UART_DR) = (u32)c;
}

void kputc(int c)
{
    if (c == '\n') putc_raw('\r');
    putc_raw(c);
}

/* ---- how much memory the ARM has: ask the firmware (property tag 0x00010005) ---- */
static volatile u32 mbox_msg[8] __attribute__((aligned(16)));

static void dcache_clean_inval(volatile void *p, u64 n)
{
    for (u64 a = (u64)p & ~63UL; a < (u64)p + n; a += 64)
        __asm__ volatile("dc civac, %0" :: "r"(a) : "memory");
    __asm__ volatile("dsb sy" ::: "memory");
}

int ram_from_firmware;

u64 arm_memory_end(void)
{
    u32 msg[8] = { sizeof mbox_msg, 0, 0x00010005, 8, 0, 0, 0, 0 };
    for (int i = 0; i < 8; i++) mbox_msg[i] = msg[i];
    dcache_clean_inval(mbox_msg, sizeof mbox_msg);
    u32 addr = (u32)V2P(mbox_msg) | 0xC0000000u | 8;      /* bus address (uncached alias), channel 8 */
    u64 t0 = read_cntpct(), limit = read_cntfrq() / 10;
    while (REG(MBOX_BASE + 0x38) & (1u << 31))          /* write-side status: full */
        if (read_cntpct() - t0 > limit) return RAM_END;
    REG(MBOX_BASE + 0x20) = addr;
    for (;;) {
        while (REG(MBOX_BASE + 0x18) & (1u << 30))      /* read-side status: empty */
            if (read_cntpct() - t0 > limit) return RAM_END;
        if (REG(MBOX_BASE) == addr) break;
    }
    dcache_clean_inval(mbox_msg, sizeof mbox_msg);
    u64 base = mbox_msg[5], size = mbox_msg[6];
    if (mbox_msg[1] != 0x80000000u || base != 0 || size < (64UL << 20) || size > RAM_END + (64UL << 20))
        return RAM_END;                                  /* no answer we trust */
    ram_from_firmware = 1;
    return size;
}

/* ---- timer and interrupt controllers ---- */
static u64 tick_interval;
#define LOCAL_TIMER_CTL(c) (LOCAL_BASE + 0x40 + 4 * (c))
#define LOCAL_IRQ_SRC(c)   (LOCAL_BASE + 0x60 + 4 * (c))
#define IC_PENDING1 (IC_BASE + 0x04)
#define IC_PENDING2 (IC_BASE + 0x08)
#define IC_ENABLE1  (IC_BASE + 0x10)
#define IC_DISABLE1 (IC_BASE + 0x1c)
static u64 irq_enabled;

void timer_init(u32 core)
{
    tick_interval = read_cntfrq() / HZ;
    REG(LOCAL_TIMER_CTL(core)) = core == 0 ? (1u << 1 | 1u << 3) : 1u << 1;   /* CNTPNS (+ CNTV on core 0) -> IRQ */
}

/* The tick runs only while the core has a thread to preempt: an idle core sleeps until an
 * interrupt (an IPI when a thread is made runnable on it). */
static u8 ticking[NCORES];

static void tick(u32 core, int on)
{
    if (ticking[core] == on)
        return;
    if (on)
        __asm__ volatile("msr cntp_tval_el0, %0; msr cntp_ctl_el0, %1; isb" :: "r"(tick_interval), "r"(1UL));
    else
        __asm__ volatile("msr cntp_ctl_el0, %0; isb" :: "r"(0UL));
    ticking[core] = (u8)on;
}

void intc_init(void)
{
    REG(IC_DISABLE1) = 0xffffffffu;
    REG(IC_DISABLE1 + 4) = 0xffffffffu;
}

void arch_irq_mask(u32 irq)
{
    irq_enabled &= ~BIT(irq);
    REG(IC_DISABLE1 + 4 * (irq / 32)) = 1u << (irq % 32);
}

void arch_irq_unmask(u32 irq)
{
    irq_enabled |= BIT(irq);
    REG(IC_ENABLE1 + 4 * (irq / 32)) = 1u << (irq % 32);
}

/* ---- MMU and caches ---- */
void arch_tlb_flush_asid(u64 asid)
{
    __asm__ volatile("dsb ishst; tlbi aside1is, %0; dsb ish; isb" :: "r"(asid << 48) : "memory");
}

void arch_icache_sync(void)
{
    __asm__ volatile("dsb ish; ic ialluis; dsb ish; isb" ::: "memory");
}

u32 arch_core_id(void)
{
    u64 m;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(m));
    return (u32)(m & 3);
}

void arch_halt(u64 code)
{
    kprintf("[kernel] halt (code %lu) after %lu syscalls\n", code, syscall_count);

    REG(PM_BASE + 0x24) = 0x5a000000u | 10;        /* PM_WDOG: timeout */
    REG(PM_BASE + 0x1c) = 0x5a000020u;             /* PM_RSTC: full reset */
    for (;;) __asm__ volatile("wfi");
}

void kpanic(const char *file, int line, const char *msg)
{
    kprintf("KERNEL PANIC %s:%d: %s\n", file, line, msg);
    arch_halt(99);
}

void kernel_fault(u64 esr, u64 elr, u64 far)
{
    kprintf("KERNEL PANIC: exception in EL1: esr %lx elr %lx far %lx\n", esr, elr, far);
    arch_halt(98);
}

/* ---- the kernel lock, inter-processor interrupts ---- */
/* One lock around the whole kernel (entered with interrupts masked, left just before eret or
 * the idle loop; restore_user releases it in entry.S). A test-and-set lock, not a ticket lock:
 * under QEMU's multi-threaded TCG on fewer host cores than vCPUs a ticket lock convoys (the
 * next ticket's vCPU is often descheduled), which cost ~15 ms per cross-core wake-up. */
volatile u32 kernel_lock;
/* The thread each core is executing at EL0 (NULL while in the kernel or idle). */
struct tcb *volatile in_user[NCORES];

void kernel_lock_take(void)
{
    while (__atomic_exchange_n(&kernel_lock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&kernel_lock, __ATOMIC_RELAXED))
            __asm__ volatile("yield");
}

void kernel_lock_release(void)
{
    __atomic_store_n(&kernel_lock, 0, __ATOMIC_RELEASE);
    __asm__ volatile("sev");
}

#define MBOX0_SET(c) (LOCAL_BASE + 0x80 + 16 * (c))
#define MBOX0_CLR(c) (LOCAL_BASE + 0xc0 + 16 * (c))
#define MBOX_CTL(c)  (LOCAL_BASE + 0x50 + 4 * (c))

void ipi_init(u32 core)
{
    REG(MBOX0_CLR(core)) = 0xffffffffu;
    REG(MBOX_CTL(core)) = 1u;                        /* mailbox 0 -> IRQ */
}

u64 arch_now(void)
{
    u64 v;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
    return v;
}

/* Core 0's virtual timer fires at the earliest notification timeout. */
static u64 programmed_deadline;

static void deadline_sync(void)
{
    u64 d = timeouts_next();
    if (d == programmed_deadline)
        return;
    if (d)
        __asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb" :: "r"(d), "r"(1UL));
    else
        __asm__ volatile("msr cntv_ctl_el0, %0; isb" :: "r"(0UL));
    programmed_deadline = d;
}

void arch_resched_core(u32 core)
{
    if (core == arch_core_id())
        cpus[core].resched = 1;
    else
        REG(MBOX0_SET(core)) = 1u;
}

/* Called with the lock held: make sure t is not executing at EL0 on another core. Its core
 * takes the IPI, saves t's registers and then waits for the lock we hold. */
void arch_kick(struct tcb *t)
{
    u32 me = arch_core_id();
    for (u32 k = 0; k < NCORES; k++) {
        if (k == me || in_user[k] != t)
            continue;
        REG(MBOX0_SET(k)) = 1u;
        while (in_user[k] == t)
            __asm__ volatile("yield");
    }
}

/* ---- thread switch ---- */
/* FP/SIMD: the registers of a core hold the state of fp_owner; other threads trap
 * (CPACR_EL1.FPEN = 01) on their first FP instruction and load theirs. A thread's state is
 * written back to its TCB whenever it leaves a core after having FP enabled, so it may run
 * on any core next. */
static struct tcb *fp_owner[NCORES], *last[NCORES];
static u8 fp_on[NCORES], fp_dirty[NCORES];
static u64 cur_ttbr[NCORES];
static u64 empty_l1[512] __attribute__((aligned(4096)));   /* TTBR0 of an idle core */
static int first_user;

static void fp_access(u32 core, int on)
{
    if (on) fp_dirty[core] = 1;
    if (fp_on[core] == on)
        return;
    __asm__ volatile("msr cpacr_el1, %0; isb" :: "r"((on ? 3UL : 1UL) << 20));
    fp_on[core] = (u8)on;
}

static void fp_trap(u32 core, struct tcb *t)
{
    fp_load(&t->fp);
    fp_owner[core] = t;
    t->fp_cpu = core;
    fp_access(core, 1);
}

void arch_tcb_destroyed(struct tcb *t)
{
    for (u32 i = 0; i < NCORES; i++) {
        if (fp_owner[i] == t) fp_owner[i] = NULL;
        if (last[i] == t) last[i] = NULL;
    }
}

void kernel_exit(void)
{
    u32 core = arch_core_id();
    u64 top = (u64)kstacks + (core + 1) * KSTACK_SIZE;
    if (core == 0)
        deadline_sync();
    struct tcb *t = sched_choose(core), *prev = last[core];
    if (prev && prev != t && fp_owner[core] == prev && fp_dirty[core]) {
        fp_save(&prev->fp);                   /* it leaves: its FP state goes home */
        fp_dirty[core] = 0;
    }
    last[core] = t;
    tick(core, t != NULL);
    if (!t) {
        if (cur_ttbr[core] != V2P(empty_l1)) {    /* idle: no walks through a VSpace that may go */
            __asm__ volatile("msr ttbr0_el1, %0; isb" :: "r"(V2P(empty_l1)));
            cur_ttbr[core] = V2P(empty_l1);
        }
        kernel_lock_release();
        idle_loop(top);
    }
    fp_access(core, fp_owner[core] == t && t->fp_cpu == core);
    u64 *l1 = vspace_of(t);
    assert(l1);
    u64 ttbr = V2P(l1) | (t->vspace.cap.a << 48);
    if (ttbr != cur_ttbr[core]) {
        __asm__ volatile("msr ttbr0_el1, %0; isb" :: "r"(ttbr));
        cur_ttbr[core] = ttbr;
    }
    if (!first_user) {
        first_user = 1;
        u64 now = read_cntpct();
        kprintf("BOOT: first user instruction at %lu us after reset (%lu us in the kernel)\n",
                now * 1000000 / read_cntfrq(), (now - boot_counter) * 1000000 / read_cntfrq());
    }
    restore_user(&t->ctx, top, &in_user[core], t);   /* releases the lock */
}

void trap_sync(u64 esr, u64 far)
{
    u32 core = arch_core_id();
    in_user[core] = NULL;
    kernel_lock_take();
    struct tcb *t = cpus[core].cur;
    u32 ec = (u32)(esr >> 26);
    if (!t || t->state != TS_RUNNING) {      /* stopped by another core meanwhile */
        if (t && ec == 0x15) t->ctx.pc -= 4; /* the svc runs again when it is resumed */
        kernel_exit();
    }
    if (ec == 0x15)
        handle_svc(t, esr);
    else if (ec == 0x07)
        fp_trap(core, t);                    /* first FP use since another thread's */
    else
        fault_from_esr(t, esr, far);
    kernel_exit();
}

void trap_irq(void)
{
    u32 core = arch_core_id();
    in_user[core] = NULL;
    kernel_lock_take();
    u32 src = REG(LOCAL_IRQ_SRC(core));
    if (src & (1u << 1)) {
        __asm__ volatile("msr cntp_tval_el0, %0; isb" :: "r"(tick_interval));
        sched_tick(core);
    }
    if (src & (1u << 4))
        REG(MBOX0_CLR(core)) = 0xffffffffu;  /* a reschedule request: kernel_exit does it */
    if (src & (1u << 3)) {                   /* CNTV: notification timeouts (core 0) */
        programmed_deadline = ~0UL;          /* force a reprogram (or a disable) */
        timeouts_expire(arch_now());
    }  /* a reschedule request: kernel_exit does it */
    if (src & (1u << 8)) {
        u64 pending = ((u64)REG(IC_PENDING2) << 32 | REG(IC_PENDING1)) & irq_enabled;
        while (pending) {
            u32 irq = (u32)__builtin_ctzl(pending);
            pending &= pending - 1;
            irq_deliver(irq);
        }
    }
    kernel_exit();
}
