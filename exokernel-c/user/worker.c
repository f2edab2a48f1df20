/* Worker PD. Role A: IPC round trips, takes a frame over IPC, shares it, loses it to revoke.
 * Role B: faults of every kind that its supervisor resolves, a Linux-syscall upcall, then a
 * crash that the supervisor answers with a restart. */
#include "gao.h"
#include "demo.h"

static long rpc(word label, word w0, word w1, word w2, word w3)
{
    struct msg m = { TAG(label, 4, 0), { w0, w1, w2, w3 } };
    call(C_ORCH, &m, 0, 0);
    return (long)m.w[0];
}

static void role_a(void)
{
    rpc(L_HELLO, 0, 0, 0, 0);
    word ok = 1, t0 = counter();
    for (word i = 0; i < PINGS; i++) {
        struct msg m = { TAG(L_PING, 1, 0), { i } };
        if (call(C_ORCH, &m, 0, 0) != E_OK || m.w[0] != i + 1) ok = 0;
    }
    word ticks = counter() - t0;
    rpc(L_REPORT, T_ROUNDTRIP, ok, ticks, PINGS);
    /* the bare round trip: a tight loop of calls, the server a tight loop of reply-recvs */
    rpc(L_BENCH, 0, 0, 0, 0);
    t0 = counter();
    register word n __asm__("x9") = BENCH_ROUNDS;
    __asm__ volatile("1: mov x0, %1; mov x1, xzr; mov x7, xzr; mov x8, %2; svc #1; subs %0, %0, #1; b.ne 1b"
                     : "+r"(n) : "i"(C_ORCH), "i"(SYS_CALL)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "memory");
    ticks = counter() - t0;
    rpc(L_REPORT, T_ROUNDTRIP, 1, ticks, BENCH_ROUNDS);
    /* ask for a frame: it arrives as a cap in C_RECV */
    struct msg m = { TAG(L_GIMME_FRAME, 0, 0) };
    long e = call(C_ORCH, &m, 0, C_RECV);
    if (e || !TAG_CAP(m.tag)) printf("[worker-a] no frame received (%ld)\n", e);
    e = vmap(C_VSPACE, C_RECV, SHARED_VA, R_READ | R_WRITE);
    if (e) printf("[worker-a] map failed %ld\n", e);
    *(volatile word *)SHARED_VA = 0xC0FFEE;
    rpc(L_CHECK_FRAME, 0, 0, 0, 0);
    printf("[worker-a] frame revoked? reading it again\n");
    word v = *(volatile word *)SHARED_VA;       /* revoked: this faults and we are destroyed */
    printf("[worker-a] still mapped?! %lx\n", v);
}

/* ---- role B ---- */
static struct upcall_frame frame;
static word upcall_stack[512] __attribute__((aligned(16)));

static void upcall_entry(word kind, struct upcall_frame *f)
{
    if (kind == FAULT_SYSCALL) {
        f->x[0] = 1000 + f->x[8];              /* "emulate" the Linux call */
    } else {
        f->x[0] = 77;                          /* "deliver SIGSEGV": skip the instruction */
        f->pc += 4;
    }
    sys0(SYS_UPCALL_RETURN);                   /* does not return */
    for (;;) ;
}

static void role_b(word gen)
{
    rpc(L_HELLO, gen, 0, 0, 0);
    if (gen > 0) {                             /* restarted: wait until told, then ping */
        word bits;
        wait(C_EXTRA, &bits);
        rpc(L_PING, 41, 0, 0, 0);
        for (;;) wait(C_EXTRA, &bits);
    }
    /* 1. a page fault the supervisor resolves by mapping a page */
    volatile word *hole = (volatile word *)HOLE_VA;
    word before = *hole;
    *hole = 0x5a5a;
    rpc(L_REPORT, T_MAPRESUME, before == 0 && *hole == 0x5a5a, 0, 0);
    /* 2. an undefined instruction: the supervisor skips it and rewrites x0 */
    register word x0 __asm__("x0") = 0;
    __asm__ volatile("udf #0" : "+r"(x0) :: "memory");
    rpc(L_REPORT, T_REWRITE, x0 == 0x1234, x0, 0);
    /* 3. an alignment fault (exclusive load from an odd address) */
    static word buf[4];
    word v = 5;
    __asm__ volatile("ldxr %0, [%1]" : "+r"(v) : "r"((char *)buf + 1) : "memory");
    rpc(L_REPORT, T_ALIGN, 1, 0, 0);
    /* 4. an unknown native syscall: the supervisor answers E_NOSYS in x0 */
    register word r0 __asm__("x0") = 0;
    register word r8 __asm__("x8") = 999;
    __asm__ volatile("svc #1" : "+r"(r0) : "r"(r8) : "memory");
    rpc(L_REPORT, T_BADSYSCALL, r0 == E_NOSYS, r0, 0);
    /* 5. the POSIX-shim path: Linux `svc #0` and faults reflected to our own handler */
    long e = tcb_set_upcall(C_TCB, (word)upcall_entry, (word)(upcall_stack + 512), (word)&frame,
                            UPCALL_LINUX_SVC | UPCALL_FAULTS);
    register word l0 __asm__("x0") = 0;
    register word l8 __asm__("x8") = 172;       /* getpid */
    __asm__ volatile("svc #0" : "+r"(l0) : "r"(l8) : "memory");
    rpc(L_REPORT, T_UPCALL_SVC, e == 0 && l0 == 1172, l0, 0);
    register word f0 __asm__("x0") = 0;
    __asm__ volatile("ldr %0, [%0]" : "+r"(f0) :: "memory");   /* NULL: to our handler, not the supervisor */
    word ok = f0 == 77;
    tcb_set_upcall(C_TCB, 0, 0, 0, 0);
    rpc(L_REPORT, T_UPCALL_FAULT, ok, f0, 0);
    /* 6. what a JIT and glibc do at EL0: CTR_EL0, DCZID_EL0, DC ZVA, cache maintenance by VA,
     * the counter, TPIDR_EL0 and FP/SIMD registers, which must survive other threads running */
    static char line[256] __attribute__((aligned(64)));
    word ctr, dczid, tls = 0x7e57ab1e, back, fp_ok;
    memset(line, 0x55, sizeof line);
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    __asm__ volatile("mrs %0, dczid_el0" : "=r"(dczid));
    if (!(dczid & 16)) __asm__ volatile("dc zva, %0" :: "r"(line) : "memory");
    cache_sync(line, sizeof line);
    __asm__ volatile("msr tpidr_el0, %0" :: "r"(tls));
    __asm__ volatile("fmov d8, %0" :: "r"(0x1234567890abcdefUL) : "d8");
    rpc(L_PING, 0, 0, 0, 0);                              /* the orchestrator runs, uses FP too */
    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(back));
    word d8;
    __asm__ volatile("fmov %0, d8" : "=r"(d8));
    fp_ok = d8 == 0x1234567890abcdefUL;
    int zeroed = (dczid & 16) || (line[0] == 0 && line[(4 << (dczid & 15)) - 1] == 0);
    rpc(L_REPORT, T_EL0, ctr != 0 && zeroed && back == tls && fp_ok && counter() != 0, ctr, dczid);
    /* 7. crash: the supervisor restarts us */
    printf("[worker-b] generation %lu crashing on purpose\n", gen);
    *(volatile word *)0 = 1;
}

/* Role C: two of these spin at the same priority, each counting in a shared page. If the
 * kernel time-slices them, each sees the other's count move before it finishes. */
static void role_c(word me)
{
    volatile word *count = (volatile word *)SPIN_VA;
    for (word i = 0; i < SPINS; i++) count[me]++;
    rpc(L_REPORT, T_SPIN, me, count[1 - me], 0);
}

/* Role D: runs on the core its supervisor chose and calls it (on core 0) across cores. */
static void role_d(word want)
{
    word core = current_core(), ok = 1;
    for (word i = 0; i < SMP_CALLS; i++) {
        struct msg m = { TAG(L_PING, 1, 0), { i } };
        if (call(C_ORCH, &m, 0, 0) != E_OK || m.w[0] != i + 1) ok = 0;
    }
    word two_ms = counter_freq() / 500;                 /* a timeout set from this core */
    if (sleep_ticks(C_EXTRA, two_ms) < two_ms) ok = 0;
    rpc(L_REPORT, T_SMP, core, ok, want == current_core());
}

int main(word arg)
{
    if ((arg >> 8) == ROLE_D) role_d(arg & 0xff);
    else if ((arg >> 8) == ROLE_C) role_c(arg & 1);
    else if ((arg >> 8) == ROLE_A) role_a();
    else role_b(arg & 0xff);
    return 0;
}
