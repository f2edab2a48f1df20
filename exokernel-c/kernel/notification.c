/* Notifications: a word of binary semaphores. Signal ORs the cap's badge in (1 if unbadged)
 * and wakes one waiter with the whole word; wait blocks until the word is non-zero; poll
 * never blocks. A thread may be bound to one notification, which then also ends its
 * endpoint receives. IRQs are delivered as signals. */
#include "kernel.h"

void ntfn_signal(struct notification *n, u64 badge)
{
    if (!badge) badge = 1;
    struct tcb *b = n->bound;
    if (b && b->state == TS_BLOCKED_RECV) {
        ep_cancel(b);
        b->ctx.x[0] = E_OK;
        b->ctx.x[1] = TAG(LABEL_NOTIFY, 0, 0);
        b->ctx.x[6] = n->word | badge;
        n->word = 0;
        sched_wake(b);
    } else if (n->head) {
        struct tcb *w = n->head;
        ntfn_cancel(w);
        w->ctx.x[0] = E_OK;
        w->ctx.x[1] = n->word | badge;
        n->word = 0;
        sched_wake(w);
    } else {
        n->word |= badge;
    }
}

void ntfn_wait(struct tcb *t, struct notification *n, int block)
{
    if (n->word || !block) {
        t->ctx.x[0] = E_OK;
        t->ctx.x[1] = n->word;
        n->word = 0;
        return;
    }
    t->blocked_on = n;
    sched_block(t, TS_BLOCKED_NTFN);
    queue_append(&n->head, &n->tail, t);
}

void ntfn_cancel(struct tcb *t)
{
    struct notification *n = t->blocked_on;
    assert(n && t->state == TS_BLOCKED_NTFN);
    queue_remove(&n->head, &n->tail, t);
    t->blocked_on = NULL;
}

int ntfn_bind(struct tcb *t, struct notification *n)
{
    if (t->bound || n->bound) return E_STATE;
    t->bound = n;
    n->bound = t;
    return E_OK;
}

void ntfn_unbind(struct tcb *t)
{
    if (t->bound) {
        t->bound->bound = NULL;
        t->bound = NULL;
    }
}

void ntfn_destroy(struct obj_hdr *h)
{
    struct notification *n = (struct notification *)h;
    while (n->head) {
        struct tcb *t = n->head;
        ntfn_cancel(t);
        tcb_set_result(t, E_DEAD);
        sched_wake(t);
    }
    if (n->bound) ntfn_unbind(n->bound);
}
