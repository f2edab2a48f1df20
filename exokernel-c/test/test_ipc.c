/* The IPC state machine: endpoints (send, recv, call, reply, reply-recv, badges, caps) and
 * notifications (signal, wait, poll, binding). Threads share root's CSpace and VSpace. */
#include "test.h"
#include <stddef.h>

static struct slot *S(u64 i) { int e; return lookup_slot(root, i, &e); }
static u64 msg(struct tcb *t, u64 n, u64 ep, u64 tag, u64 w0, u64 cap, u64 rslot)
{
    u64 a[8] = { ep, tag, w0, w0 + 1, w0 + 2, w0 + 3, cap, rslot };
    return sc8(t, n, a);
}

static void send_blocks_until_recv(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    struct tcb *a = mk_thread(NULL, 10, 0), *b = mk_thread(NULL, 10, 0);
    tcb_resume(a); tcb_resume(b);
    msg(a, SYS_SEND, ep, TAG(7, 2, 0), 100, 0, 0);
    EQ(a->state, TS_BLOCKED_SEND);
    msg(b, SYS_RECV, ep, 0, 0, 0, 0);
    EQ(b->ctx.x[0], E_OK);
    EQ(TAG_LABEL(b->ctx.x[1]), 7);
    EQ(TAG_WORDS(b->ctx.x[1]), 2);
    EQ(b->ctx.x[2], 100); EQ(b->ctx.x[3], 101);
    EQ(b->ctx.x[4], 0);                         /* words beyond the count are not copied */
    EQ(a->state, TS_RUNNING); EQ(a->ctx.x[0], E_OK);
}

static void recv_blocks_until_send(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    struct tcb *a = mk_thread(NULL, 10, 0), *b = mk_thread(NULL, 10, 0);
    tcb_resume(a); tcb_resume(b);
    msg(b, SYS_RECV, ep, 0, 0, 0, 0);
    EQ(b->state, TS_BLOCKED_RECV);
    EQ(msg(a, SYS_SEND, ep, TAG(1, 4, 0), 5, 0, 0), E_OK);
    EQ(b->state, TS_RUNNING);
    EQ(b->ctx.x[5], 8);
}

static void senders_are_served_in_fifo_order(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    struct tcb *s[4], *r = mk_thread(NULL, 10, 0);
    tcb_resume(r);
    for (int i = 0; i < 4; i++) { s[i] = mk_thread(NULL, 10, 0); tcb_resume(s[i]); msg(s[i], SYS_SEND, ep, TAG(i, 0, 0), 0, 0, 0); }
    for (int i = 0; i < 4; i++) { msg(r, SYS_RECV, ep, 0, 0, 0, 0); EQ(TAG_LABEL(r->ctx.x[1]), i); }
    EQ(((struct endpoint *)S(ep)->cap.obj)->qstate, EP_IDLE);
}

static void call_and_reply(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    struct tcb *c = mk_thread(NULL, 10, 0), *s = mk_thread(NULL, 10, 0);
    tcb_resume(c); tcb_resume(s);
    msg(s, SYS_RECV, ep, 0, 0, 0, 0);
    msg(c, SYS_CALL, ep, TAG(3, 1, 0), 41, 0, 0);
    EQ(c->state, TS_BLOCKED_REPLY);
    EQ(s->reply_to, c);
    EQ(s->ctx.x[2], 41);
    EQ(msg(s, SYS_REPLY, 0, TAG(4, 1, 0), 42, 0, 0), E_OK);
    EQ(c->state, TS_RUNNING);
    EQ(c->ctx.x[0], E_OK); EQ(TAG_LABEL(c->ctx.x[1]), 4); EQ(c->ctx.x[2], 42); EQ(c->ctx.x[6], 0);
    EQ(msg(s, SYS_REPLY, 0, TAG(4, 1, 0), 42, 0, 0), E_STATE);   /* one-shot */
    /* reply_recv: answers the caller and waits again */
    msg(c, SYS_CALL, ep, TAG(5, 0, 0), 0, 0, 0);
    EQ(c->state, TS_BLOCKED_SEND);
    msg(s, SYS_RECV, ep, 0, 0, 0, 0);
    EQ(s->reply_to, c);
    msg(s, SYS_REPLY_RECV, ep, TAG(6, 0, 0), 0, 0, 0);
    EQ(c->state, TS_RUNNING); EQ(TAG_LABEL(c->ctx.x[1]), 6);
    EQ(s->state, TS_BLOCKED_RECV);
}

static void nonblocking_variants(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    EQ(msg(root, SYS_NBSEND, ep, 0, 0, 0, 0), E_WOULDBLOCK);
    EQ(msg(root, SYS_NBRECV, ep, 0, 0, 0, 0), E_WOULDBLOCK);
    EQ(root->state, TS_RUNNING);
}

static void badges_identify_senders(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), m = free_slot++;
    sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, m, CAP_SELF_CNODE, ep, R_WRITE, 0xbeef);
    struct tcb *a = mk_thread(NULL, 10, 0), *b = mk_thread(NULL, 10, 0);
    tcb_resume(a); tcb_resume(b);
    msg(a, SYS_SEND, m, TAG(1, 0, 0), 0, 0, 0);
    msg(b, SYS_RECV, ep, 0, 0, 0, 0);
    EQ(b->ctx.x[6], 0xbeef);
    EQ(msg(a, SYS_RECV, m, 0, 0, 0, 0), E_RIGHTS);    /* send-only cap */
    u64 ro = free_slot++;
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, ro, CAP_SELF_CNODE, ep, R_READ, 0);
    EQ(msg(a, SYS_SEND, ro, TAG(1, 0, 0), 0, 0, 0), E_RIGHTS);
}

static void caps_move_only_with_grant(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), ntfn = mk(OBJ_NOTIFICATION, 0), nogrant = free_slot++;
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, nogrant, CAP_SELF_CNODE, ep, R_READ | R_WRITE, 0);
    struct tcb *a = mk_thread(NULL, 10, 0), *b = mk_thread(NULL, 10, 0);
    tcb_resume(a); tcb_resume(b);
    u64 rs = free_slot++;
    msg(b, SYS_RECV, ep, 0, 0, 0, rs);
    msg(a, SYS_SEND, ep, TAG(1, 0, 1), 0, ntfn, 0);
    EQ(TAG_CAP(b->ctx.x[1]), 1);
    EQ(S(rs)->cap.type, OBJ_NOTIFICATION);
    EQ(S(rs)->parent, S(ntfn));                       /* derived: revocable by the giver */
    /* an occupied receive slot or a cap without Grant: message arrives, cap does not */
    msg(b, SYS_RECV, ep, 0, 0, 0, rs);
    msg(a, SYS_SEND, ep, TAG(1, 0, 1), 0, ntfn, 0);
    EQ(TAG_CAP(b->ctx.x[1]), 0);
    u64 rs2 = free_slot++;
    msg(b, SYS_RECV, ep, 0, 0, 0, rs2);
    msg(a, SYS_SEND, nogrant, TAG(1, 0, 1), 0, ntfn, 0);
    EQ(TAG_CAP(b->ctx.x[1]), 0);
    CHECK(slot_empty(S(rs2)));
    /* revoking the original takes the delegated copy away */
    sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, ntfn, 0, 0, 0, 0);
    CHECK(slot_empty(S(rs)));
}

static void caps_arrive_in_a_two_level_slot(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), ntfn = mk(OBJ_NOTIFICATION, 0), cn = mk(OBJ_CNODE, 4);
    struct tcb *a = mk_thread(NULL, 10, 0), *b = mk_thread(NULL, 10, 0);
    tcb_resume(a); tcb_resume(b);
    EQ(sc(root, SYS_CNODE_MOVE, cn, 3, CAP_SELF_CNODE, ntfn, 0, 0), E_OK);
    msg(b, SYS_RECV, ep, 0, 0, 0, CPTR2(cn, 9));
    msg(a, SYS_SEND, ep, TAG(1, 0, 1), 0, CPTR2(cn, 3), 0);            /* sent from the second level */
    EQ(TAG_CAP(b->ctx.x[1]), 1);
    EQ(lookup_slot(root, CPTR2(cn, 9), &(int){0})->cap.type, OBJ_NOTIFICATION);
    /* the fast path declines a two-level endpoint; the slow path gives the same result */
    EQ(sc(root, SYS_CNODE_MOVE, cn, 4, CAP_SELF_CNODE, ep, 0, 0), E_OK);
    msg(b, SYS_RECV, CPTR2(cn, 4), 0, 0, 0, 0);
    a->ctx.x[8] = SYS_CALL;
    u64 m[8] = { CPTR2(cn, 4), TAG(5, 1, 0), 77, 0, 0, 0, 0, 0 };
    for (int i = 0; i < 8; i++) a->ctx.x[i] = m[i];
    run(a);
    EQ(fastpath_call(a), 0);
    syscall(a, SYS_CALL);
    EQ(TAG_LABEL(b->ctx.x[1]), 5);
    EQ(b->ctx.x[2], 77);
    EQ(a->state, TS_BLOCKED_REPLY);
}

static void reply_can_carry_a_cap(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), fr = mk(OBJ_FRAME, 0), rs = free_slot++;
    struct tcb *c = mk_thread(NULL, 10, 0), *s = mk_thread(NULL, 10, 0);
    tcb_resume(c); tcb_resume(s);
    msg(s, SYS_RECV, ep, 0, 0, 0, 0);
    msg(c, SYS_CALL, ep, TAG(1, 0, 0), 0, 0, rs);
    msg(s, SYS_REPLY, 0, TAG(2, 0, 1), 0, fr, 0);
    EQ(TAG_CAP(c->ctx.x[1]), 1);
    EQ(S(rs)->cap.type, OBJ_FRAME);
}

static void bad_tags_are_rejected(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    EQ(msg(root, SYS_NBSEND, ep, TAG(1, 5, 0), 0, 0, 0), E_INVAL);
    EQ(msg(root, SYS_NBSEND, ep, 1UL << 40, 0, 0, 0), E_INVAL);
    EQ(msg(root, SYS_NBSEND, ep, TAG(LABEL_NOTIFY, 0, 0), 0, 0, 0), E_INVAL);
    EQ(msg(root, SYS_CALL, free_slot, TAG(1, 0, 0), 0, 0, 0), E_CAP);
    EQ(msg(root, SYS_SEND, CAP_SELF_TCB, TAG(1, 0, 0), 0, 0, 0), E_CAP);
}

static void deleting_an_endpoint_wakes_waiters(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    struct tcb *a = mk_thread(NULL, 10, 0), *b = mk_thread(NULL, 10, 0);
    tcb_resume(a); tcb_resume(b);
    msg(a, SYS_SEND, ep, TAG(1, 0, 0), 0, 0, 0);
    msg(b, SYS_SEND, ep, TAG(1, 0, 0), 0, 0, 0);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, ep, 0, 0, 0, 0);
    EQ(a->state, TS_RUNNING); EQ(a->ctx.x[0], E_DEAD);
    EQ(b->state, TS_RUNNING); EQ(b->ctx.x[0], E_DEAD);
}

static void server_death_fails_the_call(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), ss;
    struct tcb *c = mk_thread(NULL, 10, 0), *s = mk_thread(&ss, 10, 0);
    tcb_resume(c); tcb_resume(s);
    msg(s, SYS_RECV, ep, 0, 0, 0, 0);
    msg(c, SYS_CALL, ep, TAG(1, 0, 0), 0, 0, 0);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, ss, 0, 0, 0, 0);
    EQ(c->state, TS_RUNNING); EQ(c->ctx.x[0], E_DEAD);
    EQ(((struct obj_hdr *)s)->type, OBJ_NULL);
    /* and the reverse: a caller that dies leaves the server no stale reply link */
    u64 cs;
    struct tcb *c2 = mk_thread(&cs, 10, 0), *s2 = mk_thread(NULL, 10, 0);
    tcb_resume(c2); tcb_resume(s2);
    u64 ep2 = mk(OBJ_ENDPOINT, 0);
    msg(s2, SYS_RECV, ep2, 0, 0, 0, 0);
    msg(c2, SYS_CALL, ep2, TAG(1, 0, 0), 0, 0, 0);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, cs, 0, 0, 0, 0);
    CHECK(s2->reply_to == NULL);
}

static void notifications(void)
{
    u64 n = mk(OBJ_NOTIFICATION, 0), b1 = free_slot++, b2 = free_slot++;
    sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, b1, CAP_SELF_CNODE, n, R_WRITE, 1);
    sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, b2, CAP_SELF_CNODE, n, R_WRITE, 4);
    EQ(sc(root, SYS_POLL, n, 0, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 0);
    sc(root, SYS_SIGNAL, b1, 0, 0, 0, 0, 0);
    sc(root, SYS_SIGNAL, b2, 0, 0, 0, 0, 0);
    EQ(sc(root, SYS_WAIT, n, 0, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 5);
    EQ(sc(root, SYS_POLL, n, 0, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 0);
    struct tcb *w = mk_thread(NULL, 10, 0);
    tcb_resume(w);
    sc(w, SYS_WAIT, n, 0, 0, 0, 0, 0);
    EQ(w->state, TS_BLOCKED_NTFN);
    sc(root, SYS_SIGNAL, b2, 0, 0, 0, 0, 0);
    EQ(w->state, TS_RUNNING); EQ(w->ctx.x[1], 4);
    EQ(sc(root, SYS_SIGNAL, b1 + 100, 0, 0, 0, 0, 0), E_CAP);
    EQ(sc(w, SYS_WAIT, b1, 0, 0, 0, 0, 0), E_RIGHTS);  /* signal-only cap */
}

static void notification_timeouts(void)
{
    u64 a = mk(OBJ_NOTIFICATION, 0), b = mk(OBJ_NOTIFICATION, 0), c = mk(OBJ_NOTIFICATION, 0), ba = free_slot++, ro = free_slot++;
    sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, ba, CAP_SELF_CNODE, a, R_WRITE, 8);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, ro, CAP_SELF_CNODE, b, R_READ, 0);
    fake_now = 1000;
    EQ(sc(root, SYS_NTFN_SET_TIMEOUT, ro, 2000, 0, 0, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_NTFN_SET_TIMEOUT, ba, 3000, 0, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_NTFN_SET_TIMEOUT, b, 2000, 0, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_NTFN_SET_TIMEOUT, c, 2500, 0, 0, 0, 0), E_OK);
    EQ(timeouts_next(), 2000);
    EQ(sc(root, SYS_NTFN_SET_TIMEOUT, c, 0, 0, 0, 0, 0), E_OK);       /* cancelled */
    struct tcb *w = mk_thread(NULL, 10, 0);
    tcb_resume(w);
    sc(w, SYS_WAIT, a, 0, 0, 0, 0, 0);
    EQ(w->state, TS_BLOCKED_NTFN);
    EQ(timeouts_expire(1999), 2000);                                 /* nothing due yet */
    EQ(timeouts_expire(2600), 3000);                                 /* b fires */
    EQ(sc(root, SYS_POLL, b, 0, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 1);
    EQ(sc(root, SYS_POLL, c, 0, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 0);
    EQ(timeouts_expire(3000), 0);                                    /* a fires with its badge */
    EQ(w->state, TS_RUNNING); EQ(w->ctx.x[1], 8);
    /* re-arming replaces; a deadline in the past signals at once; deleting cancels */
    sc(root, SYS_NTFN_SET_TIMEOUT, b, 5000, 0, 0, 0, 0);
    sc(root, SYS_NTFN_SET_TIMEOUT, b, 4000, 0, 0, 0, 0);
    EQ(timeouts_next(), 4000);
    sc(root, SYS_NTFN_SET_TIMEOUT, c, 10, 0, 0, 0, 0);
    EQ(sc(root, SYS_POLL, c, 0, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 1);
    sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, b, 0, 0, 0, 0);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, b, 0, 0, 0, 0);
    EQ(timeouts_next(), 0);
}

static void bound_notification_ends_a_receive(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), n = mk(OBJ_NOTIFICATION, 0), ts;
    struct tcb *t = mk_thread(&ts, 10, 0);
    tcb_resume(t);
    EQ(sc(root, SYS_TCB_BIND_NTFN, ts, n, 0, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_TCB_BIND_NTFN, ts, n, 0, 0, 0, 0), E_STATE);
    msg(t, SYS_RECV, ep, 0, 0, 0, 0);
    EQ(t->state, TS_BLOCKED_RECV);
    sc(root, SYS_SIGNAL, n, 0, 0, 0, 0, 0);
    EQ(t->state, TS_RUNNING);
    EQ(TAG_LABEL(t->ctx.x[1]), LABEL_NOTIFY); EQ(t->ctx.x[6], 1);
    sc(root, SYS_SIGNAL, n, 0, 0, 0, 0, 0);            /* pending: the next recv returns at once */
    msg(t, SYS_RECV, ep, 0, 0, 0, 0);
    EQ(t->state, TS_RUNNING); EQ(TAG_LABEL(t->ctx.x[1]), LABEL_NOTIFY);
    EQ(sc(root, SYS_TCB_BIND_NTFN, ts, 0, 0, 0, 0, 0), E_OK);
    CHECK(t->bound == NULL);
}

/* The fast path must leave exactly the state the slow path leaves. */
struct snap { u64 rx[7], tx[7]; u32 rstate, tstate, reply_link; void *cur; };

static void call_then_reply_recv(int fast, struct snap *a, struct snap *b)
{
    env_reset();
    u64 ep = mk(OBJ_ENDPOINT, 0), m = free_slot++;
    sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, m, CAP_SELF_CNODE, ep, R_WRITE, 5);
    struct tcb *r = mk_thread(NULL, 200, 0);
    tcb_resume(r);
    msg(r, SYS_RECV, ep, 0, 0, 0, 0);
    u64 a1[8] = { m, TAG(9, 2, 0), 11, 12, 13, 14, 0, 0 };
    for (int i = 0; i < 8; i++) root->ctx.x[i] = a1[i];
    if (fast) CHECK(fastpath_call(root));
    else syscall(root, SYS_CALL);
    sched_choose(0);
    for (int i = 0; i < 7; i++) { a->rx[i] = r->ctx.x[i]; a->tx[i] = root->ctx.x[i]; }
    a->rstate = r->state; a->tstate = root->state; a->reply_link = r->reply_to == root; a->cur = cpus[0].cur;
    u64 a2[8] = { ep, TAG(3, 1, 0), 99, 0, 0, 0, 0, 0 };
    for (int i = 0; i < 8; i++) r->ctx.x[i] = a2[i];
    if (fast) CHECK(fastpath_reply_recv(r));
    else syscall(r, SYS_REPLY_RECV);
    sched_choose(0);
    for (int i = 0; i < 7; i++) { b->rx[i] = r->ctx.x[i]; b->tx[i] = root->ctx.x[i]; }
    b->rstate = r->state; b->tstate = root->state; b->reply_link = r->reply_to != NULL; b->cur = cpus[0].cur;
}

static void fastpath_matches_slow_path(void)
{
    struct snap fa, fb, sa, sb;
    memset(&fa, 0, sizeof fa); memset(&fb, 0, sizeof fb); memset(&sa, 0, sizeof sa); memset(&sb, 0, sizeof sb);
    call_then_reply_recv(0, &sa, &sb);
    call_then_reply_recv(1, &fa, &fb);
    CHECK(memcmp(&sa, &fa, offsetof(struct snap, cur)) == 0);
    CHECK(memcmp(&sb, &fb, offsetof(struct snap, cur)) == 0);
    for (int i = 0; i < 7; i++) if (sb.rx[i] != fb.rx[i] || sb.tx[i] != fb.tx[i]) printf("  reg %d: slow r %lx t %lx, fast r %lx t %lx\n", i, sb.rx[i], sb.tx[i], fb.rx[i], fb.tx[i]);
    if (sb.rstate != fb.rstate || sb.tstate != fb.tstate || sb.reply_link != fb.reply_link) printf("  states slow %u %u %u fast %u %u %u\n", sb.rstate, sb.tstate, sb.reply_link, fb.rstate, fb.tstate, fb.reply_link);
    EQ(fa.rx[6], 5); EQ(fa.rx[3], 12); EQ(fa.tstate, TS_BLOCKED_REPLY);
    EQ(fb.tx[2], 99); EQ(fb.rstate, TS_BLOCKED_RECV); EQ(fb.tstate, TS_RUNNING);
    EQ(sa.cur == NULL, 0);
}

static void fastpath_declines_the_uncommon_cases(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    struct tcb *r = mk_thread(NULL, 10, 0), *x = mk_thread(NULL, 50, 0);
    root->ctx.x[0] = ep; root->ctx.x[1] = TAG(1, 0, 0);
    CHECK(!fastpath_call(root));                          /* nobody waiting */
    tcb_resume(r); tcb_resume(x);
    msg(r, SYS_RECV, ep, 0, 0, 0, 0);
    root->ctx.x[0] = ep; root->ctx.x[1] = TAG(1, 0, 0);
    CHECK(!fastpath_call(root));                          /* x (50) would run before r (10) */
    tcb_suspend(x);
    root->ctx.x[1] = TAG(1, 0, 1);
    CHECK(!fastpath_call(root));                          /* a cap to transfer */
    root->ctx.x[1] = TAG(1, 0, 0); root->ctx.x[0] = 0;
    CHECK(!fastpath_call(root));                          /* bad cptr */
    root->ctx.x[0] = ep;
    CHECK(fastpath_call(root));
    r->ctx.x[0] = ep; r->ctx.x[1] = TAG(1, 0, 0);
    root->fault = FAULT_VM;                               /* a fault reply takes the slow path */
    CHECK(!fastpath_reply_recv(r));
    root->fault = 0;
}

int main(void)
{
    RUN(send_blocks_until_recv);
    RUN(recv_blocks_until_send);
    RUN(senders_are_served_in_fifo_order);
    RUN(call_and_reply);
    RUN(nonblocking_variants);
    RUN(badges_identify_senders);
    RUN(caps_move_only_with_grant);
    RUN(caps_arrive_in_a_two_level_slot);
    RUN(reply_can_carry_a_cap);
    RUN(bad_tags_are_rejected);
    RUN(deleting_an_endpoint_wakes_waiters);
    RUN(server_death_fails_the_call);
    RUN(notifications);
    RUN(bound_notification_ends_a_receive);
    RUN(notification_timeouts);
    RUN(fastpath_matches_slow_path);
    RUN(fastpath_declines_the_uncommon_cases);
    return test_done();
}
