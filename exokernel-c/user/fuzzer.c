/* Syscall fuzzer PD: many thousands of random syscalls with random numbers, arguments and
 * caps. Blocking calls are replaced by their non-blocking forms; unknown numbers fault to the
 * supervisor, which answers E_NOSYS. At the end it exits with the number of calls made. */
#include "gao.h"
#include "demo.h"

#define CALLS 20000

int main(word seed)
{
    word s = seed | 1, counts[E_COUNT + 1] = {0};
    for (word i = 0; i < CALLS; i++) {
        word n = rand64(&s) % (SYS_COUNT + 2), r[8];
        for (int k = 0; k < 8; k++) {
            word x = rand64(&s);
            switch (x & 3) {
            case 0: r[k] = x; break;
            case 1: r[k] = (x >> 8) % 40; break;              /* a cptr */
            case 2: r[k] = (x >> 8) % 9; break;               /* a type / small number */
            default: r[k] = PD_IMAGE + ((x >> 8) & 0x3ff000); /* an address */
            }
        }
        switch (n) {
        case SYS_SEND: n = SYS_NBSEND; break;
        case SYS_RECV: case SYS_REPLY_RECV: n = SYS_NBRECV; break;
        case SYS_CALL: n = SYS_NBSEND; break;
        case SYS_WAIT: n = SYS_POLL; break;
        case SYS_EXIT: n = SYS_YIELD; break;
        case SYS_DEBUG_WRITE: r[1] |= 1UL << 20; break;       /* keep the console readable */
        case SYS_TCB_SUSPEND: break;
        }
        long e = gao_call(r, n);
        counts[(word)e < E_COUNT ? (word)e : E_COUNT]++;
        if (i % 1000 == 999) {                                 /* now and then, a Linux svc */
            register word x0 __asm__("x0") = 0;
            register word x8 __asm__("x8") = rand64(&s) % 300;
            __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
        }
    }
    printf("[fuzzer] %u calls: ok %lu, inval %lu, cap %lu, rights %lu, range %lu, other %lu\n",
           CALLS, counts[E_OK], counts[E_INVAL], counts[E_CAP], counts[E_RIGHTS], counts[E_RANGE],
           CALLS - counts[E_OK] - counts[E_INVAL] - counts[E_CAP] - counts[E_RIGHTS] - counts[E_RANGE]);
    gao_exit(CALLS);
    return 0;
}
