/* Kernel start: console, timer, interrupt controllers, the root task, the other cores. */
#include "../kernel/kernel.h"
#include "../kernel/boot.h"
#include "machine.h"

extern char __kernel_end[], root_image[], root_image_end[];
static volatile u32 cores_online;

static void cpu_init(u32 core)
{
    __asm__ volatile("msr cpacr_el1, %0; isb" :: "r"(1UL << 20));   /* FP/SIMD at EL1; EL0 traps (lazy switch) */
    __asm__ volatile("msr cntkctl_el1, %0" :: "r"(1UL << 1));       /* EL0 reads CNTVCT */
    (void)core;
}

static void secondary_main(u32 core)
{
    cpu_init(core);
    kernel_lock_take();
    timer_init(core);
    ipi_init(core);
    cores_online++;
    kernel_exit();                      /* idle until a thread is placed on this core */
}

/* Let the secondaries through their start (each takes the lock once), at most 1 s. */
static void smp_wait(void)
{
    u64 t0 = read_cntpct();
    kernel_lock_release();
    while (cores_online < NCORES - 1 && read_cntpct() - t0 < read_cntfrq())
        __asm__ volatile("yield");
    kernel_lock_take();
    kprintf("SMP: %u of %u cores online, each with its own timer and run queues\n", cores_online + 1, NCORES);
}

void kmain(u32 core)
{
    if (core != 0)
        secondary_main(core);
    kernel_lock_take();                 /* released at the first exit to user space */
    uart_init();
    kprintf("\nGaoOS exokernel\nBOOT: entered at EL%lu, running at EL1\n", (boot_el >> 2) & 3);
    cpu_init(0);
    kprintf("BOOT: MMU on (4 KB pages, caches on), counter %lu Hz\n", read_cntfrq());
    intc_init();
    timer_init(0);
    ipi_init(0);

    /* secondaries wait on the spin table; release them into the kernel */
    for (u32 c = 1; c < NCORES; c++) {
        volatile u64 *spin = P2V(0xd8 + 8 * c);
        *spin = 0x80000;
        __asm__ volatile("dc civac, %0" :: "r"(spin) : "memory");
    }
    __asm__ volatile("dsb sy; sev");

    struct boot_region reg[BOOTINFO_UNTYPED];
    u64 start = (V2P(__kernel_end) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    u64 ram_end = arm_memory_end();
    /* the initramfs, if the loader left one at INITRD_PADDR: kept out of the free memory and
     * handed to the root task as initrd untypeds (read-only frames, never zeroed) */
    u64 initrd = 0, initrd_end = 0;
    if (INITRD_PADDR > start && INITRD_PADDR < ram_end)
        initrd = initrd_extent(P2V(INITRD_PADDR), ram_end - INITRD_PADDR);
    int n;
    if (initrd) {
        initrd_end = (INITRD_PADDR + initrd + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        n = boot_carve(start, INITRD_PADDR, reg, 20, UT_RAM);
        n += boot_carve(INITRD_PADDR, initrd_end, reg + n, 20, UT_INITRD);
        n += boot_carve(initrd_end, ram_end, reg + n, BOOTINFO_UNTYPED - 1 - n, UT_RAM);
        kprintf("BOOT: initramfs at %lx, %lu bytes (read-only untyped)\n", INITRD_PADDR, initrd);
    } else {
        n = boot_carve(start, ram_end, reg, BOOTINFO_UNTYPED - 1, UT_RAM);
    }
    n += boot_carve(SYSTIMER_BASE, SYSTIMER_BASE + PAGE_SIZE, reg + n, 1, UT_DEVICE);
    kprintf("BOOT: ARM memory 0-%lx (%s), %d untyped regions, %lu KB free\n", ram_end,
            ram_from_firmware ? "from the firmware" : "default", n,
            (ram_end - start - (initrd_end - (initrd ? INITRD_PADDR : 0))) >> 10);
    struct boot_machine m = { INITRD_PADDR, initrd, 0, 0, 0 };
    __asm__ volatile("mrs %0, midr_el1; mrs %1, id_aa64isar0_el1; mrs %2, id_aa64pfr0_el1"
                     : "=r"(m.midr), "=r"(m.id_aa64isar0), "=r"(m.id_aa64pfr0));
    boot_root_task(reg, n, (const u8 *)root_image, (u64)(root_image_end - root_image), &m);
    kprintf("BOOT: root task ready\n");
    smp_wait();
    kernel_exit();
}
