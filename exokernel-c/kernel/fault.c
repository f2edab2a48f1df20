/* Faults are supervision. A thread's fault becomes a message on its fault endpoint, sent as a
 * Call with the endpoint cap's badge: the thread waits for the reply, which resumes it
 * (registers possibly rewritten with TCB_WRITE_REG), or the supervisor restarts, suspends or
 * destroys it. A fault is queued on the endpoint until received: never dropped.
 *
 * A library OS (the POSIX shim) can take the thread's own faults and Linux syscalls first:
 * with an upcall registered, the kernel saves the registers in an upcall_frame in the PD's
 * memory and enters the handler in the same thread; SYS_UPCALL_RETURN restores the frame.
 * A fault inside the handler (or an unwritable frame) goes to the supervisor instead. */
#include "kernel.h"

void fault_raise(struct tcb *t, u32 kind, u64 w0, u64 w1, u64 w2, u64 w3)
{
    if ((t->up_flags & UPCALL_FAULTS) && kind != FAULT_EXIT && kind != FAULT_SYSCALL &&
        upcall_enter(t, kind, w2, w1) == E_OK)
        return;
    t->fault = kind;
    t->fault_w[0] = w0; t->fault_w[1] = w1; t->fault_w[2] = w2; t->fault_w[3] = w3;
    struct cap *c = &t->fault_ep.cap;
    if (c->type != OBJ_ENDPOINT || !(c->rights & R_WRITE)) {
        kprintf("[kernel] thread %p: fault %u pc %lx addr %lx esr %lx with no fault endpoint: suspended\n",
                t, kind, w0, w1, w2);
        sched_dequeue(t);
        t->state = TS_INACTIVE;
        return;
    }
    ep_send(t, (struct endpoint *)c->obj, c->b, 0, 1, 1);
}

#define EC_UNKNOWN 0x00
#define EC_IABT_LOW 0x20
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_SP_ALIGN 0x26
#define DFSC_ALIGN 0x21

void fault_from_esr(struct tcb *t, u64 esr, u64 far)
{
    u32 ec = (u32)(esr >> 26) & 0x3f, kind;
    switch (ec) {
    case EC_IABT_LOW: kind = FAULT_VM; break;
    case EC_DABT_LOW: kind = (esr & 0x3f) == DFSC_ALIGN ? FAULT_ALIGN : FAULT_VM; break;
    case EC_PC_ALIGN: case EC_SP_ALIGN: kind = FAULT_ALIGN; break;
    default: kind = FAULT_UNDEF; break;
    }
    if (kind != FAULT_VM && ec != EC_DABT_LOW && ec != EC_PC_ALIGN)
        far = 0;
    fault_raise(t, kind, t->ctx.pc, far, esr, t->ctx.sp);
}

int upcall_enter(struct tcb *t, u32 kind, u64 esr, u64 far)
{
    if (t->in_upcall || !t->up_flags)
        return E_STATE;
    struct upcall_frame f;
    kmemcpy(&f, &t->ctx, sizeof t->ctx);
    f.kind = kind;
    f.esr = esr;
    f.far = far;
    if (copy_out(vspace_of(t), t->up_frame, &f, sizeof f))
        return E_RANGE;
    t->in_upcall = 1;
    t->ctx.pc = t->up_pc;
    t->ctx.sp = t->up_sp;
    t->ctx.pstate = 0;
    t->ctx.x[0] = kind;
    t->ctx.x[1] = t->up_frame;
    return E_OK;
}

int upcall_return(struct tcb *t)
{
    if (!t->in_upcall)
        return E_STATE;
    struct upcall_frame f;
    if (copy_in(vspace_of(t), &f, t->up_frame, sizeof f))
        return E_RANGE;
    kmemcpy(&t->ctx, &f, sizeof t->ctx);
    t->ctx.pstate = sanitize_pstate(f.pstate);
    t->in_upcall = 0;
    return E_OK;
}
