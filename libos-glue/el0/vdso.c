/* The shim's vDSO: a tiny shared object mapped into the program (AT_SYSINFO_EHDR) whose clock
 * functions read the generic timer at EL0 (CNTVCT_EL0, CNTFRQ_EL0: the kernel lets EL0 read
 * them), so glibc's clock_gettime, gettimeofday and clock_getres need no trap. It computes what
 * the shim's own clock_gettime returns: CLOCK_MONOTONIC is the counter since reset, and
 * CLOCK_REALTIME the same (the machine has no real-time clock: the shim's realtime offset is
 * 0). Other clocks (CPU time) fall back to the syscall. Linked by vdso.lds into one read-only
 * executable segment whose file image is its memory image, without relocations, as Linux's is;
 * glibc looks its symbols up with version LINUX_2.6.39. */
#include <stdint.h>

struct l_timespec { int64_t tv_sec, tv_nsec; };
struct l_timeval { int64_t tv_sec, tv_usec; };

static inline uint64_t now_ns(void) {
    uint64_t c, f;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(c));
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
    return c / f * 1000000000ull + c % f * 1000000000ull / f;
}

static inline long syscall2(long nr, long a0, long a1) {
    register long x0 __asm__("x0") = a0, x1 __asm__("x1") = a1, x8 __asm__("x8") = nr;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x8) : "memory");
    return x0;
}

/* REALTIME, MONOTONIC, MONOTONIC_RAW, REALTIME_COARSE, MONOTONIC_COARSE, BOOTTIME */
static inline int counter_clock(int clock) { return clock == 0 || clock == 1 || (clock >= 4 && clock <= 7); }

int __kernel_clock_gettime(int clock, struct l_timespec *ts) {
    if (!counter_clock(clock)) return (int)syscall2(113, clock, (long)ts);
    uint64_t ns = now_ns();
    ts->tv_sec = (int64_t)(ns / 1000000000ull);
    ts->tv_nsec = (int64_t)(ns % 1000000000ull);
    return 0;
}

int __kernel_gettimeofday(struct l_timeval *tv, uint32_t *tz) {
    if (tv) {
        uint64_t ns = now_ns();
        tv->tv_sec = (int64_t)(ns / 1000000000ull);
        tv->tv_usec = (int64_t)(ns % 1000000000ull / 1000);
    }
    if (tz) tz[0] = tz[1] = 0;                 /* UTC, no DST */
    return 0;
}

int __kernel_clock_getres(int clock, struct l_timespec *res) {
    if (!counter_clock(clock)) return (int)syscall2(114, clock, (long)res);
    if (res) { res->tv_sec = 0; res->tv_nsec = 1; }
    return 0;
}

/* The signal return Linux's vDSO provides (the shim uses its own trampoline page). */
__asm__(".global __kernel_rt_sigreturn\n.type __kernel_rt_sigreturn, %function\n"
        "__kernel_rt_sigreturn:\n\tmov x8, #139\n\tsvc #0\n");
