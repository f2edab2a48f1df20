/* The IPC fast path: Call and ReplyRecv in the common case (no cap to transfer, the partner
 * already waiting, on this core, and the next thread to run anyway) hand the message and the
 * core straight to the partner, skipping the table, the run queues and the reaper.
 * Anything else returns 0 and the slow path (syscall()) handles the call, with the same
 * result. Tests check the two agree. */
#include "kernel.h"

static struct endpoint *fast_ep(struct tcb *t, u32 rights)
{
    struct cap *root = &t->cspace.cap;
    u64 cptr = t->ctx.x[0];
    if (root->type != OBJ_CNODE || cptr == 0 || cptr >= (1UL << root->bits))
        return NULL;
    struct cap *c = &((struct slot *)root->obj)[cptr].cap;
    if (c->type != OBJ_ENDPOINT || (c->rights & rights) != rights)
        return NULL;
    return (struct endpoint *)c->obj;
}

static int fast_tag(u64 tag) { return TAG_VALID(tag) && !TAG_CAP(tag); }

/* Is 'next' what the scheduler would pick once the current thread blocks? */
static int runs_next(struct tcb *next, u32 core)
{
    return next->core == core && (int)next->prio >= sched_highest(core);
}

static void copy_msg(struct tcb *from, struct tcb *to, u64 badge)
{
    u64 tag = from->ctx.x[1];
    u32 words = TAG_WORDS(tag);
    to->ctx.x[0] = E_OK;
    to->ctx.x[1] = TAG(TAG_LABEL(tag), words, 0);
    for (u32 i = 0; i < MSG_WORDS; i++) to->ctx.x[2 + i] = i < words ? from->ctx.x[2 + i] : 0;
    to->ctx.x[6] = badge;
}

int fastpath_call(struct tcb *t)
{
    struct cpu *c = &cpus[t->core];
    struct endpoint *ep = fast_ep(t, R_WRITE);
    if (!ep || !fast_tag(t->ctx.x[1]) || ep->qstate != EP_RECV || c->cur != t)
        return 0;
    struct tcb *r = ep->head;
    if (r->reply_to || !runs_next(r, t->core))
        return 0;
    struct cap *epc = &((struct slot *)t->cspace.cap.obj)[t->ctx.x[0]].cap;
    queue_remove(&ep->head, &ep->tail, r);
    if (!ep->head) ep->qstate = EP_IDLE;
    r->blocked_on = NULL;
    copy_msg(t, r, epc->b);
    r->state = TS_RUNNING;
    t->state = TS_BLOCKED_REPLY;
    t->caller_of = r;
    r->reply_to = t;
    r->timeslice = TIMESLICE_TICKS;
    c->cur = r;
    syscall_count++;
    return 1;
}

int fastpath_reply_recv(struct tcb *t)
{
    struct cpu *c = &cpus[t->core];
    struct endpoint *ep = fast_ep(t, R_READ);
    struct tcb *caller = t->reply_to;
    if (!ep || !caller || caller->fault || !fast_tag(t->ctx.x[1]) || ep->qstate == EP_SEND ||
        (t->bound && t->bound->word) || c->cur != t || !runs_next(caller, t->core))
        return 0;
    copy_msg(t, caller, 0);
    caller->caller_of = NULL;
    t->reply_to = NULL;
    caller->state = TS_RUNNING;
    t->blocked_on = ep;
    t->state = TS_BLOCKED_RECV;
    queue_append(&ep->head, &ep->tail, t);
    ep->qstate = EP_RECV;
    caller->timeslice = TIMESLICE_TICKS;
    c->cur = caller;
    syscall_count++;
    return 1;
}
