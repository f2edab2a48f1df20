/* Interrupts for user-level drivers. The Control cap issues one IRQHandler cap per interrupt
 * line; the handler is attached to a notification. When the line fires the kernel masks it and
 * signals the notification; the driver acknowledges with SYS_IRQ_ACK, which unmasks it. */
#include "kernel.h"

struct slot irq_slots[NIRQ];   /* the notification cap each line signals */
u8 irq_issued[NIRQ];

void irq_deliver(u32 irq)
{
    assert(irq < NIRQ);
    arch_irq_mask(irq);
    struct cap *c = &irq_slots[irq].cap;
    if (c->type == OBJ_NOTIFICATION)
        ntfn_signal((struct notification *)c->obj, c->b);
}

void irq_handler_deleted(u32 irq)
{
    assert(irq < NIRQ);
    arch_irq_mask(irq);
    irq_issued[irq] = 0;
    cap_delete(&irq_slots[irq]);
}
