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

/* Timeouts: a notification may carry one deadline (an absolute counter value); when the
 * counter reaches it the kernel signals the notification with the badge of the cap that set
 * it. The list is global (under the kernel lock) and sorted; core 0's virtual timer is
 * programmed for its head. This is all the kernel offers for time: sleeps and IPC timeouts
 * are built on it at user level. */
static struct notification *timeouts;

static void timeout_unlink(struct notification *n)
{
    for (struct notification **p = &timeouts; *p; p = &(*p)->tnext)
        if (*p == n) {
            *p = n->tnext;
            break;
        }
    n->tnext = NULL;
    n->deadline = 0;
}

void ntfn_set_timeout(struct notification *n, u64 deadline, u64 badge)
{
    if (n->deadline)
        timeout_unlink(n);
    if (!deadline)
        return;
    if (deadline <= arch_now()) {
        ntfn_signal(n, badge);
        return;
    }
    n->deadline = deadline;
    n->deadline_badge = badge;
    struct notification **p = &timeouts;
    while (*p && (*p)->deadline <= deadline)
        p = &(*p)->tnext;
    n->tnext = *p;
    *p = n;
    if (timeouts == n && arch_core_id() != 0)
        arch_resched_core(0);                /* core 0 reprograms its timer */
}

u64 timeouts_expire(u64 now)
{
    while (timeouts && timeouts->deadline <= now) {
        struct notification *n = timeouts;
        u64 badge = n->deadline_badge;
        timeout_unlink(n);
        ntfn_signal(n, badge);
    }
    return timeouts_next();
}

u64 timeouts_next(void) { return timeouts ? timeouts->deadline : 0; }

void ntfn_destroy(struct obj_hdr *h)
{
    struct notification *n = (struct notification *)h;
    if (n->deadline)
        timeout_unlink(n);
    while (n->head) {
        struct tcb *t = n->head;
        ntfn_cancel(t);
        tcb_set_result(t, E_DEAD);
        sched_wake(t);
    }
    if (n->bound) ntfn_unbind(n->bound);
}
