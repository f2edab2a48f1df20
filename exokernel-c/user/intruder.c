/* Intruder PD: touches memory and caps it was never given. Every memory access faults to its
 * supervisor (who skips it); every cap operation fails. */
#include "gao.h"
#include "demo.h"

int main(word arg)
{
    printf("[intruder] up; trying what I was not given\n");
    static const word addrs[] = {
        0xFFFFFF8000080000UL,   /* the kernel's image */
        0x3F201000UL,           /* the UART's physical address */
        0x30001000UL,           /* the orchestrator's shared page (not in our space) */
        0x0UL,                  /* NULL */
        USER_TOP,               /* beyond user space */
    };
    for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        register word x0 __asm__("x0") = addrs[i];
        __asm__ volatile("ldr %0, [%0]" : "+r"(x0) :: "memory");
    }
    __asm__ volatile("msr ttbr0_el1, xzr" ::: "memory");    /* a privileged register */
    /* caps: everything except our one send cap is empty or out of range */
    word granted = 0, tries = 0;
    for (word c = 0; c < 80; c++) {
        if (c == C_ORCH) continue;
        long r[] = {
            retype(c, OBJ_TCB, 0, c, 10, 1), cnode_copy(c, 10, c, C_ORCH, R_ALL),
            signal(c), sys1(SYS_TCB_RESUME, c), sys1(SYS_TCB_SUSPEND, c),
            vmap(c, c, 0x700000, R_READ), irq_get(c, 1, c, 11), sys2(SYS_MACHINE_HALT, c, 7),
            sys6(SYS_TCB_WRITE_REG, c, REG_PC, 0, 0, 0, 0), cnode_revoke(c, 1),
        };
        for (unsigned k = 0; k < sizeof r / sizeof r[0]; k++) { tries++; granted += r[k] == E_OK; }
    }
    struct msg m = { TAG(L_REPORT, 3, 0), { T_ISOLATION, granted, tries } };
    call(C_ORCH, &m, 0, 0);
    return 0;
}
