/* Fault delivery: faults become Call messages on the fault endpoint, are queued until received
 * (never dropped), and the reply resumes, rewrites, restarts or stops the thread. Also the
 * in-PD upcall that reflects Linux syscalls and faults to a library OS. */
#include "test.h"

#define ESR(ec, iss) (((u64)(ec) << 26) | (1UL << 25) | (iss))
static u64 fep;

static struct tcb *child(u64 *slot, u64 badge)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), m = free_slot++;
    fep = ep;
    sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, m, CAP_SELF_CNODE, ep, R_WRITE, badge);
    struct tcb *t = mk_thread(slot, 10, m);
    tcb_resume(t);
    t->ctx.pc = 0x400100;
    t->ctx.sp = 0xfff000;
    return t;
}

static void recv_fault(void) { u64 a[8] = { fep }; sc8(root, SYS_RECV, a); }

static void page_fault_reaches_the_supervisor(void)
{
    struct tcb *t = child(NULL, 0x77);
    fault_from_esr(t, ESR(0x24, 0x07), 0xdead000);          /* data abort, translation L3 */
    EQ(t->state, TS_BLOCKED_SEND);                          /* queued: nobody listening yet */
    recv_fault();
    EQ(TAG_LABEL(root->ctx.x[1]), FAULT_VM);
    EQ(root->ctx.x[2], 0x400100); EQ(root->ctx.x[3], 0xdead000);
    EQ(root->ctx.x[4], ESR(0x24, 0x07)); EQ(root->ctx.x[5], 0xfff000);
    EQ(root->ctx.x[6], 0x77);
    EQ(t->state, TS_BLOCKED_REPLY);
    /* resume: registers untouched, the instruction is retried */
    u64 r[8] = { 0, TAG(FAULT_RESUME, 0, 0) };
    EQ(sc8(root, SYS_REPLY, r), E_OK);
    EQ(t->state, TS_RUNNING); EQ(t->ctx.pc, 0x400100); EQ(t->fault, 0);
}

static void fault_kinds_are_classified(void)
{
    struct tcb *t = child(NULL, 1);
    u64 esr[] = { ESR(0x24, 0x21), ESR(0x22, 0), ESR(0x26, 0), ESR(0x00, 0), ESR(0x20, 0x0f), ESR(0x3c, 0) };
    u32 kind[] = { FAULT_ALIGN, FAULT_ALIGN, FAULT_ALIGN, FAULT_UNDEF, FAULT_VM, FAULT_UNDEF };
    for (int i = 0; i < 6; i++) {
        fault_from_esr(t, esr[i], 0x1234);
        recv_fault();
        EQ(TAG_LABEL(root->ctx.x[1]), kind[i]);
        u64 r[8] = { 0, TAG(FAULT_RESUME, 0, 0) };
        sc8(root, SYS_REPLY, r);
    }
}

static void reply_rewrites_or_stops(void)
{
    u64 ts;
    struct tcb *t = child(&ts, 1);
    /* unknown syscall: emulate it, x0 = result */
    t->ctx.x[8] = 999;
    syscall(t, 999);
    recv_fault();
    EQ(TAG_LABEL(root->ctx.x[1]), FAULT_SYSCALL); EQ(root->ctx.x[3], 999);
    u64 r[8] = { 0, TAG(FAULT_RESUME_X0, 1, 0), 0xabc };
    sc8(root, SYS_REPLY, r);
    EQ(t->state, TS_RUNNING); EQ(t->ctx.x[0], 0xabc);
    /* restart: rewrite pc and sp, then resume */
    fault_from_esr(t, ESR(0x24, 0x07), 0);
    recv_fault();
    EQ(sc(root, SYS_TCB_WRITE_REG, ts, REG_PC, 0x400000, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_TCB_WRITE_REG, ts, REG_PSTATE, ~0UL, 0, 0, 0), E_OK);
    EQ(t->ctx.pstate, 0xf0000000UL);                       /* never EL1, never masked */
    EQ(sc(root, SYS_TCB_WRITE_REG, ts, REG_COUNT, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_TCB_READ_REG, ts, REG_PC, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 0x400000);
    u64 r2[8] = { 0, TAG(FAULT_RESUME, 0, 0) };
    sc8(root, SYS_REPLY, r2);
    EQ(t->ctx.pc, 0x400000); EQ(t->state, TS_RUNNING);
    /* stop */
    fault_from_esr(t, ESR(0x24, 0x07), 0);
    recv_fault();
    u64 r3[8] = { 0, TAG(FAULT_STOP, 0, 0) };
    sc8(root, SYS_REPLY, r3);
    EQ(t->state, TS_INACTIVE);
    /* a suspended faulted thread can be resumed by its supervisor */
    EQ(sc(root, SYS_TCB_RESUME, ts, 0, 0, 0, 0, 0), E_OK);
    EQ(t->state, TS_RUNNING);
}

static void supervisor_can_resume_without_reply(void)
{
    u64 ts;
    struct tcb *t = child(&ts, 1);
    fault_from_esr(t, ESR(0x24, 0x07), 0);
    recv_fault();
    EQ(root->reply_to, t);
    EQ(sc(root, SYS_TCB_RESUME, ts, 0, 0, 0, 0, 0), E_OK);
    EQ(t->state, TS_RUNNING);
    CHECK(root->reply_to == NULL);
}

static void exit_is_reported(void)
{
    struct tcb *t = child(NULL, 9);
    t->ctx.x[0] = 3;
    syscall(t, SYS_EXIT);
    recv_fault();
    EQ(TAG_LABEL(root->ctx.x[1]), FAULT_EXIT); EQ(root->ctx.x[3], 3); EQ(root->ctx.x[6], 9);
}

static void no_fault_endpoint_suspends(void)
{
    struct tcb *t = mk_thread(NULL, 10, 0);
    tcb_resume(t);
    fault_from_esr(t, ESR(0x24, 0x07), 0);
    EQ(t->state, TS_INACTIVE);
    CHECK(!t->inrq);
}

static void losing_the_supervisor_leaves_the_thread_stopped(void)
{
    struct tcb *t = child(NULL, 1);
    fault_from_esr(t, ESR(0x24, 0x07), 0);
    sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, fep, 0, 0, 0, 0);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, fep, 0, 0, 0, 0);
    EQ(t->state, TS_INACTIVE);       /* it cannot run past its fault */
}

static void destroying_a_faulted_thread(void)
{
    u64 ts;
    struct tcb *t = child(&ts, 1);
    fault_from_esr(t, ESR(0x24, 0x07), 0);
    recv_fault();
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, ts, 0, 0, 0, 0);
    EQ(t->hdr.type, OBJ_NULL);
    CHECK(root->reply_to == NULL);
}

static void a_thread_can_end_itself(void)
{
    u64 ts;
    struct tcb *t = mk_thread(&ts, 10, 0);
    tcb_resume(t);
    run(t);
    EQ(cpus[0].cur, t);
    EQ(sc(t, SYS_CNODE_DELETE, CAP_SELF_CNODE, ts, 0, 0, 0, 0), E_OK);   /* its only cap */
    EQ(t->hdr.type, OBJ_NULL);
    CHECK(cpus[0].cur == NULL);
    EQ(sched_choose(0), root);
}

static u64 map_frame_at(u64 va)
{
    u64 f = mk(OBJ_FRAME, 0), e;
    while ((e = sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, va, R_READ | R_WRITE, 0, 0)) == E_NOTABLE)
        sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), va, 0, 0, 0);
    assert(e == E_OK);
    return f;
}

static void linux_syscall_upcall(void)
{
    u64 ts;
    struct tcb *t = child(&ts, 1);
    map_frame_at(0x2000000);
    EQ(sc(root, SYS_TCB_SET_UPCALL, ts, 0x500000, 0x2000800, 0x2000000, UPCALL_LINUX_SVC | UPCALL_FAULTS, 0), E_OK);
    t->ctx.x[8] = 172; t->ctx.x[0] = 5; t->ctx.pc = 0x400104; t->ctx.tpidr = 0x77;
    handle_svc(t, ESR(0x15, SVC_LINUX));
    EQ(t->ctx.pc, 0x500000); EQ(t->ctx.sp, 0x2000800);
    EQ(t->ctx.x[0], FAULT_SYSCALL); EQ(t->ctx.x[1], 0x2000000);
    struct upcall_frame f;
    EQ(copy_in(vspace_of(t), &f, 0x2000000, sizeof f), E_OK);
    EQ(f.x[8], 172); EQ(f.x[0], 5); EQ(f.pc, 0x400104); EQ(f.tpidr, 0x77); EQ(f.kind, FAULT_SYSCALL);
    /* a svc #0 inside the handler goes to the supervisor */
    handle_svc(t, ESR(0x15, SVC_LINUX));
    EQ(t->state, TS_BLOCKED_SEND);
    recv_fault();
    EQ(TAG_LABEL(root->ctx.x[1]), FAULT_SYSCALL);
    u64 r[8] = { 0, TAG(FAULT_RESUME, 0, 0) };
    sc8(root, SYS_REPLY, r);
    /* the handler writes the result and returns */
    f.x[0] = 4242;
    f.pstate = 0x3c5;                                    /* EL1h: must be sanitised */
    copy_out(vspace_of(t), 0x2000000, &f, sizeof f);
    syscall(t, SYS_UPCALL_RETURN);
    EQ(t->ctx.x[0], 4242); EQ(t->ctx.pc, 0x400104); EQ(t->ctx.pstate, 0); EQ(t->in_upcall, 0);
    EQ((syscall(t, SYS_UPCALL_RETURN), t->ctx.x[0]), E_STATE);
    /* a page fault goes to the handler too */
    fault_from_esr(t, ESR(0x24, 0x07), 0x9000000);
    EQ(t->ctx.x[0], FAULT_VM); EQ(t->in_upcall, 1);
    copy_in(vspace_of(t), &f, 0x2000000, sizeof f);
    EQ(f.far, 0x9000000);
    /* an unwritable frame sends the fault to the supervisor instead */
    t->in_upcall = 0;
    sc(root, SYS_TCB_SET_UPCALL, ts, 0x500000, 0x2000800, 0x3000000, UPCALL_FAULTS, 0);
    fault_from_esr(t, ESR(0x24, 0x07), 0x9000000);
    EQ(t->state, TS_BLOCKED_SEND);
    EQ(sc(root, SYS_TCB_SET_UPCALL, ts, 0x500000, 0, 0x3000001, 1, 0), E_RANGE);
    EQ(sc(root, SYS_TCB_SET_UPCALL, ts, 0x500000, 0, 0x3000000, 4, 0), E_INVAL);
    EQ(sc(root, SYS_TCB_SET_UPCALL, ts, USER_TOP, 0, 0x3000000, 1, 0), E_RANGE);
}

static void svc_without_handler_faults(void)
{
    struct tcb *t = child(NULL, 1);
    t->ctx.x[8] = 64;
    handle_svc(t, ESR(0x15, SVC_LINUX));
    recv_fault();
    EQ(TAG_LABEL(root->ctx.x[1]), FAULT_SYSCALL); EQ(root->ctx.x[3], 64);
    u64 r[8] = { 0, TAG(FAULT_RESUME, 0, 0) };
    sc8(root, SYS_REPLY, r);
    handle_svc(t, ESR(0x15, 7));                            /* unknown svc immediate */
    EQ(t->state, TS_BLOCKED_SEND);
}

int main(void)
{
    RUN(page_fault_reaches_the_supervisor);
    RUN(fault_kinds_are_classified);
    RUN(reply_rewrites_or_stops);
    RUN(supervisor_can_resume_without_reply);
    RUN(exit_is_reported);
    RUN(no_fault_endpoint_suspends);
    RUN(losing_the_supervisor_leaves_the_thread_stopped);
    RUN(destroying_a_faulted_thread);
    RUN(a_thread_can_end_itself);
    RUN(linux_syscall_upcall);
    RUN(svc_without_handler_faults);
    return test_done();
}
