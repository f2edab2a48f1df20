/* Per-core preemptive priority round-robin scheduler. 256 priorities, highest runs; equal
 * priorities share the core in time slices of TIMESLICE_TICKS timer ticks. The running thread
 * (cpu.cur) is not on a run queue. */
#include "kernel.h"

struct cpu cpus[NCORES];

void queue_append(struct tcb **head, struct tcb **tail, struct tcb *t)
{
    t->qnext = NULL;
    t->qprev = *tail;
    if (*tail) (*tail)->qnext = t;
    else *head = t;
    *tail = t;
}

void queue_remove(struct tcb **head, struct tcb **tail, struct tcb *t)
{
    if (t->qprev) t->qprev->qnext = t->qnext;
    else { assert(*head == t); *head = t->qnext; }
    if (t->qnext) t->qnext->qprev = t->qprev;
    else { assert(*tail == t); *tail = t->qprev; }
    t->qnext = t->qprev = NULL;
}

void sched_set_core(struct tcb *t, u32 core)
{
    int queued = t->inrq;
    sched_dequeue(t);
    t->core = core;
    if (queued) {
        sched_enqueue(t);
        arch_resched_core(core);
    }
    for (u32 i = 0; i < NCORES; i++)
        if (cpus[i].cur == t && i != core)
            arch_resched_core(i);      /* running elsewhere: that core lets it go */
}

void sched_enqueue(struct tcb *t)
{
    struct cpu *c = &cpus[t->core];
    assert(!t->inrq && t->state == TS_RUNNING && t->prio < NPRIO);
    queue_append(&c->head[t->prio], &c->tail[t->prio], t);
    c->bitmap[t->prio / 64] |= BIT(t->prio % 64);
    t->inrq = 1;
}

void sched_dequeue(struct tcb *t)
{
    if (!t->inrq)
        return;
    struct cpu *c = &cpus[t->core];
    queue_remove(&c->head[t->prio], &c->tail[t->prio], t);
    if (!c->head[t->prio])
        c->bitmap[t->prio / 64] &= ~BIT(t->prio % 64);
    t->inrq = 0;
}

int sched_highest(u32 core)
{
    for (int i = NPRIO / 64 - 1; i >= 0; i--)
        if (cpus[core].bitmap[i])
            return i * 64 + 63 - __builtin_clzl(cpus[core].bitmap[i]);
    return -1;
}

void sched_wake(struct tcb *t)
{
    struct cpu *c = &cpus[t->core];
    t->state = TS_RUNNING;
    if (c->cur == t || t->inrq)
        return;
    sched_enqueue(t);
    if (!c->cur || t->prio > c->cur->prio) {
        c->resched = 1;
        if (t->core != arch_core_id())
            arch_resched_core(t->core);
    }
}

void sched_block(struct tcb *t, u32 state)
{
    sched_dequeue(t);
    t->state = state;
}

struct tcb *sched_choose(u32 core)
{
    struct cpu *c = &cpus[core];
    struct tcb *cur = c->cur;
    int h = sched_highest(core);
    if (cur && cur->state == TS_RUNNING && cur->core != core) {
        sched_enqueue(cur);            /* moved to another core: it runs there */
        arch_resched_core(cur->core);
        cur = c->cur = NULL;
    }
    if (cur && cur->state == TS_RUNNING) {
        if (h < 0 || (u32)h < cur->prio || ((u32)h == cur->prio && !c->resched)) {
            c->resched = 0;
            return cur;
        }
        sched_enqueue(cur);            /* preempted or yielded: back of its queue */
        h = sched_highest(core);
    }
    c->resched = 0;
    if (h < 0) {
        c->cur = NULL;
        return NULL;
    }
    struct tcb *next = c->head[h];
    sched_dequeue(next);
    next->timeslice = TIMESLICE_TICKS;
    c->cur = next;
    return next;
}

void sched_tick(u32 core)
{
    struct cpu *c = &cpus[core];
    c->ticks++;
    if (c->cur && c->cur->timeslice && --c->cur->timeslice == 0)
        c->resched = 1;
}
