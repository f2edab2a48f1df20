/* BCM2837 (Raspberry Pi 3) / QEMU raspi3b machine definitions. */
#ifndef MACHINE_H
#define MACHINE_H
#define PERI_BASE     0x3F000000UL
#define LOCAL_BASE    0x40000000UL
#define UART0_BASE    (PERI_BASE + 0x201000)   /* PL011 */
#define GPIO_BASE     (PERI_BASE + 0x200000)
#define IC_BASE       (PERI_BASE + 0x00B200)   /* BCM2835 "GPU" interrupt controller */
#define PM_BASE       (PERI_BASE + 0x100000)   /* power management / watchdog */
#define SYSTIMER_BASE (PERI_BASE + 0x003000)
#define RAM_END       0x3C000000UL             /* ARM memory below the 64 MB GPU split, if the firmware does not say */
#define MBOX_BASE     (PERI_BASE + 0x00B880)   /* VideoCore property mailbox */
#define HZ            100

#define REG(pa) (*(volatile u32 *)P2V(pa))
static inline u64 read_cntpct(void) { u64 v; __asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v)); return v; }
static inline u64 read_cntfrq(void) { u64 v; __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v)); return v; }

void uart_init(void);
u64 arm_memory_end(void);
extern int ram_from_firmware;
void timer_init(u32 core);
void intc_init(void);
void restore_user(struct user_ctx *ctx, u64 stack_top, struct tcb *volatile *in_user, struct tcb *t) __attribute__((noreturn));
void kernel_lock_take(void);
void kernel_lock_release(void);
void ipi_init(u32 core);
void idle_loop(u64 stack_top) __attribute__((noreturn));
void fp_save(struct fp_ctx *f);
void fp_load(struct fp_ctx *f);
void kernel_exit(void) __attribute__((noreturn));
extern u64 boot_el, boot_counter;
extern char kstacks[];
#define KSTACK_SIZE (1UL << 14)
#endif
