/* Driver PD for the BCM2835 system timer: an isolated user-level driver that holds only the
 * timer's device frame, its IRQ handler cap and a notification. */
#include "gao.h"
#include "demo.h"

#define DEV_VA  0x5f0000UL
#define ST_CS   (*(volatile unsigned *)(DEV_VA + 0x00))
#define ST_CLO  (*(volatile unsigned *)(DEV_VA + 0x04))
#define ST_C1   (*(volatile unsigned *)(DEV_VA + 0x10))
#define C_FRAME (C_EXTRA + 0)
#define C_IRQ   (C_EXTRA + 1)
#define C_NTFN  (C_EXTRA + 2)

int main(word arg)
{
    long e = vmap(C_VSPACE, C_FRAME, DEV_VA, R_READ | R_WRITE);
    if (e) { printf("[driver] cannot map the timer: %ld\n", e); return 1; }
    word irqs = 0, t0 = counter(), hz = counter_freq();
    for (int i = 0; i < 3; i++) {
        ST_C1 = ST_CLO + 10000;                 /* 10 ms at 1 MHz */
        word bits = 0, start = counter();
        while (!bits && counter() - start < hz)   /* give up after 1 s */
            wait(C_NTFN, &bits);
        if (!bits) break;
        ST_CS = 1u << 1;                        /* clear match 1 */
        irq_ack(C_IRQ);
        irqs++;
    }
    word us = (counter() - t0) * 1000000 / hz;
    printf("[driver] %lu timer interrupts in %lu us\n", irqs, us);
    struct msg m = { TAG(L_REPORT, 3, 0), { T_DRIVER, irqs, us } };
    call(C_ORCH, &m, 0, 0);
    return 0;
}
