/* Thread control blocks: registers (user_ctx, fp_ctx), scheduling state, IPC state and the
 * caps a thread holds (CSpace root, VSpace, fault endpoint).
 * Life cycle: retyped INACTIVE -> configured -> resumed (RUNNING) <-> blocked -> suspended
 * (INACTIVE) -> destroyed when its last cap is deleted. */
#include "kernel.h"

void tcb_init(struct tcb *t)
{
    t->hdr.type = OBJ_TCB;
    t->state = TS_INACTIVE;
    t->ctx.pstate = 0;                 /* EL0t, interrupts unmasked */
}

u64 sanitize_pstate(u64 p)
{
    return p & 0xf0000000UL;           /* user may set NZCV only: always EL0t, DAIF clear */
}

void tcb_set_result(struct tcb *t, u64 err) { t->ctx.x[0] = err; }

/* Take t out of whatever it waits on; it is left neither queued nor blocked. */
void tcb_cancel(struct tcb *t)
{
    switch (t->state) {
    case TS_BLOCKED_SEND: case TS_BLOCKED_RECV: ep_cancel(t); break;
    case TS_BLOCKED_NTFN: ntfn_cancel(t); break;
    case TS_BLOCKED_REPLY:
        if (t->caller_of) {
            assert(t->caller_of->reply_to == t);
            t->caller_of->reply_to = NULL;
            t->caller_of = NULL;
        }
        break;
    case TS_RUNNING: sched_dequeue(t); break;
    }
    t->fault = FAULT_NONE;
}

void tcb_suspend(struct tcb *t)
{
    arch_kick(t);
    tcb_cancel(t);
    t->state = TS_INACTIVE;
}

void tcb_resume(struct tcb *t)
{
    if (t->state == TS_RUNNING)
        return;
    tcb_cancel(t);
    sched_wake(t);
}

void tcb_destroy(struct obj_hdr *h)
{
    struct tcb *t = (struct tcb *)h;
    tcb_suspend(t);                    /* (waits until no other core runs it) */
    if (t->reply_to) {                 /* a caller waits for our reply: it will never come */
        struct tcb *c = t->reply_to;
        t->reply_to = NULL;
        c->caller_of = NULL;
        if (c->fault) {
            c->state = TS_INACTIVE;    /* its fault stays unhandled; it cannot run */
        } else {
            tcb_set_result(c, E_DEAD);
            sched_wake(c);
        }
    }
    ntfn_unbind(t);
    arch_tcb_destroyed(t);
    for (u32 i = 0; i < NCORES; i++)
        if (cpus[i].cur == t)
            cpus[i].cur = NULL;
    cap_delete(&t->cspace);
    cap_delete(&t->vspace);
    cap_delete(&t->fault_ep);
}

int tcb_read_reg(struct tcb *t, u64 idx, u64 *v)
{
    if (idx >= REG_COUNT) return E_RANGE;
    *v = ((u64 *)&t->ctx)[idx];
    return E_OK;
}

int tcb_write_reg(struct tcb *t, u64 idx, u64 v)
{
    if (idx >= REG_COUNT) return E_RANGE;
    arch_kick(t);
    if (idx == REG_PSTATE) v = sanitize_pstate(v);
    ((u64 *)&t->ctx)[idx] = v;
    return E_OK;
}
