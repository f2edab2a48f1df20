/* The shim's signal proof, HotSpot's pattern: a SIGSEGV handler (SA_SIGINFO) that moves the
 * faulting thread's pc past the faulting load through its ucontext and returns (rt_sigreturn
 * through the shim's trampoline). 1,000 faults; the handler clobbers an FP register the main
 * loop keeps a value in, so the fpsimd record of the frame must restore it. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int caught, wrong;

static void handler(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    if (sig != SIGSEGV || si->si_code != SEGV_MAPERR || (unsigned long)si->si_addr != 0x10 + 8 * (caught & 1)) wrong++;
    caught++;
    __asm__ volatile("fmov d16, #3.0" ::: "v16");
    uc->uc_mcontext.pc += 4;                      /* skip the one faulting instruction */
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, &sa, NULL) != 0) { printf("SHIM-SIGNALS FAIL sigaction\n"); return 1; }
    int fp_ok = 1;
    for (int i = 0; i < 1000; i++) {
        unsigned long addr = 0x10 + 8 * (i & 1), value = 0;
        double d;
        __asm__ volatile("fmov d16, #1.5\n\tldr %0, [%2]\n\tfmov %d1, d16"
                         : "+r"(value), "=w"(d) : "r"(addr) : "v16", "memory");
        if (d != 1.5) fp_ok = 0;
    }
    printf("SHIM-SIGNALS OK caught=%d fp=%s wrong=%d\n", caught, fp_ok ? "ok" : "LOST", wrong);
    return caught == 1000 && fp_ok && !wrong ? 0 : 1;
}
