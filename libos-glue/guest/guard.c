/* The shim's memory-protection proof, HotSpot's guard-zone pattern: a page that was already
 * touched is made PROT_NONE (a stack's yellow zone), then read-only, then writable again; each
 * forbidden access must raise SIGSEGV with SEGV_ACCERR at that address, and the page keeps its
 * contents throughout; after munmap an access is SEGV_MAPERR. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf env;
static volatile int last_code;
static volatile unsigned long last_addr;

static void handler(int sig, siginfo_t *si, void *ctx) {
    last_code = si->si_code;
    last_addr = (unsigned long)si->si_addr;
    siglongjmp(env, 1);
}

/* 1 if the access faulted with code at addr */
static int faults(volatile char *p, int write, int code) {
    last_code = 0;
    if (sigsetjmp(env, 1) == 0) {
        if (write) *p = 7; else (void)*p;
        return 0;
    }
    return last_code == code && last_addr == (unsigned long)p;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { printf("SHIM-GUARD FAIL mmap\n"); return 1; }
    char *g = p + 4096;
    g[0] = 42;                                             /* present before it is protected */
    mprotect(g, 4096, PROT_NONE);
    int none = faults(g, 0, SEGV_ACCERR) && faults(g, 1, SEGV_ACCERR);
    mprotect(g, 4096, PROT_READ);
    int ro = g[0] == 42 && faults(g, 1, SEGV_ACCERR);
    mprotect(g, 4096, PROT_READ | PROT_WRITE);
    g[1] = 43;
    int rw = g[0] == 42 && g[1] == 43;
    munmap(p, 3 * 4096);
    int unmapped = faults(g, 0, SEGV_MAPERR);
    printf("SHIM-GUARD OK none=%d ro=%d rw=%d unmapped=%d\n", none, ro, rw, unmapped);
    return none && ro && rw && unmapped ? 0 : 1;
}
