/* The scheduler: priorities, round robin, preemption on wake-up, yield, MCP checks. */
#include "test.h"

static void highest_priority_runs(void)
{
    struct tcb *lo = mk_thread(NULL, 10, 0), *mid = mk_thread(NULL, 20, 0), *hi = mk_thread(NULL, 30, 0);
    tcb_resume(lo); tcb_resume(hi); tcb_resume(mid);
    tcb_suspend(root);
    EQ(sched_choose(0), hi);
    tcb_suspend(hi);
    EQ(sched_choose(0), mid);
    tcb_suspend(mid);
    EQ(sched_choose(0), lo);
    tcb_suspend(lo);
    CHECK(sched_choose(0) == NULL);
    EQ(sched_highest(0), -1);
}

static void equal_priorities_round_robin_on_ticks(void)
{
    struct tcb *a = mk_thread(NULL, 50, 0), *b = mk_thread(NULL, 50, 0), *c = mk_thread(NULL, 50, 0);
    tcb_resume(a); tcb_resume(b); tcb_resume(c);
    tcb_suspend(root);
    struct tcb *order[6];
    for (int i = 0; i < 6; i++) {
        order[i] = sched_choose(0);
        for (int k = 0; k < TIMESLICE_TICKS - 1; k++) { sched_tick(0); EQ(sched_choose(0), order[i]); }
        sched_tick(0);
    }
    EQ(order[0], a); EQ(order[1], b); EQ(order[2], c);
    EQ(order[3], a); EQ(order[4], b); EQ(order[5], c);
}

static void waking_a_higher_thread_preempts(void)
{
    u64 n = mk(OBJ_NOTIFICATION, 0);
    struct tcb *lo = mk_thread(NULL, 10, 0), *hi = mk_thread(NULL, 90, 0);
    tcb_resume(lo); tcb_resume(hi);
    tcb_suspend(root);
    EQ(sched_choose(0), hi);
    sc(hi, SYS_WAIT, n, 0, 0, 0, 0, 0);
    EQ(sched_choose(0), lo);
    sc(lo, SYS_SIGNAL, n, 0, 0, 0, 0, 0);          /* lo wakes hi: hi must run now */
    EQ(sched_choose(0), hi);
    CHECK(lo->inrq);
}

static void yield_goes_to_the_back(void)
{
    struct tcb *a = mk_thread(NULL, 50, 0), *b = mk_thread(NULL, 50, 0);
    tcb_resume(a); tcb_resume(b);
    tcb_suspend(root);
    EQ(sched_choose(0), a);
    sc(a, SYS_YIELD, 0, 0, 0, 0, 0, 0);
    EQ(sched_choose(0), b);
    sc(b, SYS_YIELD, 0, 0, 0, 0, 0, 0);
    EQ(sched_choose(0), a);
    /* alone at its priority, yield keeps running */
    tcb_suspend(b);
    sc(a, SYS_YIELD, 0, 0, 0, 0, 0, 0);
    EQ(sched_choose(0), a);
}

static void priorities_are_bounded_by_the_caller(void)
{
    u64 ts;
    struct tcb *t = mk_thread(&ts, 100, 0);
    EQ(sc(root, SYS_TCB_SET_PRIORITY, ts, 256, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_TCB_SET_PRIORITY, ts, 200, 0, 0, 0, 0), E_OK);
    EQ(t->prio, 200);
    root->prio = 150;
    EQ(sc(root, SYS_TCB_SET_PRIORITY, ts, 200, 0, 0, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_TCB_CONFIGURE, ts, CAP_SELF_CNODE, CAP_SELF_VSPACE, 0, 151, 0), E_RIGHTS);
    /* a queued thread moves queues when its priority changes */
    tcb_resume(t);
    EQ(sc(root, SYS_TCB_SET_PRIORITY, ts, 5, 0, 0, 0, 0), E_OK);
    EQ(sched_highest(0), 5);
}

static void suspend_and_resume(void)
{
    u64 ts;
    struct tcb *t = mk_thread(&ts, 100, 0);
    EQ(t->state, TS_INACTIVE);
    EQ(sc(root, SYS_TCB_RESUME, ts, 0, 0, 0, 0, 0), E_OK);
    CHECK(t->inrq);
    EQ(sc(root, SYS_TCB_SUSPEND, ts, 0, 0, 0, 0, 0), E_OK);
    CHECK(!t->inrq); EQ(t->state, TS_INACTIVE);
    u64 bare = mk(OBJ_TCB, 0);                      /* not configured: cannot run */
    EQ(sc(root, SYS_TCB_RESUME, bare, 0, 0, 0, 0, 0), E_STATE);
    /* a thread blocked in IPC is not resumed behind its back */
    u64 ep = mk(OBJ_ENDPOINT, 0);
    tcb_resume(t);
    sc(t, SYS_RECV, ep, 0, 0, 0, 0, 0);
    EQ(sc(root, SYS_TCB_RESUME, ts, 0, 0, 0, 0, 0), E_STATE);
    EQ(sc(root, SYS_TCB_SUSPEND, ts, 0, 0, 0, 0, 0), E_OK);
    EQ(((struct endpoint *)lookup_cap(root, ep, 0, 0, &(int){0})->obj)->head, NULL);
}

static void threads_move_between_cores(void)
{
    u64 ts;
    struct tcb *t = mk_thread(&ts, 100, 0);
    EQ(sc(root, SYS_TCB_SET_AFFINITY, ts, NCORES, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_TCB_SET_AFFINITY, ts, 2, 0, 0, 0, 0), E_OK);
    EQ(t->core, 2);
    EQ(sc(root, SYS_TCB_RESUME, ts, 0, 0, 0, 0, 0), E_OK);
    CHECK(t->inrq);
    EQ(sched_highest(2), 100); EQ(sched_highest(0), -1);
    CHECK(rescheds[2] > 0);                           /* core 2 was told */
    EQ(sched_choose(2), t);
    EQ(cpus[2].cur, t);
    /* moved while running on core 2: core 2 lets it go at its next kernel exit */
    u64 r3 = rescheds[3];
    EQ(sc(root, SYS_TCB_SET_AFFINITY, ts, 3, 0, 0, 0, 0), E_OK);
    CHECK(rescheds[2] > 1);
    CHECK(sched_choose(2) == NULL);
    CHECK(rescheds[3] > r3);
    EQ(sched_choose(3), t);
    /* waking a thread of another core tells that core */
    u64 n = mk(OBJ_NOTIFICATION, 0);
    sc(t, SYS_WAIT, n, 0, 0, 0, 0, 0);
    CHECK(sched_choose(3) == NULL);
    r3 = rescheds[3];
    sc(root, SYS_SIGNAL, n, 0, 0, 0, 0, 0);
    CHECK(rescheds[3] > r3);
    EQ(sched_choose(3), t);
    /* suspending or rewriting a thread first makes sure no core runs it */
    u64 k = kicks;
    sc(root, SYS_TCB_WRITE_REG, ts, REG_PC, 0x400000, 0, 0, 0);
    sc(root, SYS_TCB_SUSPEND, ts, 0, 0, 0, 0, 0);
    EQ(kicks, k + 2);
    EQ(sc(root, SYS_YIELD, 0, 0, 0, 0, 0, 0), E_OK);
    EQ(root->ctx.x[1], 0);                            /* yield reports the core */
}

int main(void)
{
    RUN(highest_priority_runs);
    RUN(equal_priorities_round_robin_on_ticks);
    RUN(waking_a_higher_thread_preempts);
    RUN(yield_goes_to_the_back);
    RUN(priorities_are_bounded_by_the_caller);
    RUN(suspend_and_resume);
    RUN(threads_move_between_cores);
    return test_done();
}
