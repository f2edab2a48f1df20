/* Syscall argument checking: every syscall with empty, wrong-type and under-privileged caps,
 * then a random fuzzer; nothing may panic (kpanic fails the run) and the CDT must stay sound. */
#include "test.h"

static struct slot *S(u64 i) { int e; return lookup_slot(root, i, &e); }

/* The error each syscall gives when x0 names an empty slot. */
static void empty_caps_are_rejected(void)
{
    u64 empty = free_slot + 10;
    u64 expect[SYS_COUNT] = {
        [SYS_DEBUG_WRITE] = E_RANGE, [SYS_SEND] = E_CAP, [SYS_NBSEND] = E_CAP, [SYS_RECV] = E_CAP,
        [SYS_NBRECV] = E_CAP, [SYS_CALL] = E_CAP, [SYS_REPLY] = E_STATE, [SYS_REPLY_RECV] = E_CAP,
        [SYS_SIGNAL] = E_CAP, [SYS_WAIT] = E_CAP, [SYS_POLL] = E_CAP, [SYS_UNTYPED_RETYPE] = E_CAP,
        [SYS_CNODE_COPY] = E_CAP, [SYS_CNODE_MINT] = E_CAP, [SYS_CNODE_MOVE] = E_CAP,
        [SYS_CNODE_DELETE] = E_CAP, [SYS_CNODE_REVOKE] = E_CAP, [SYS_VSPACE_MAP] = E_CAP,
        [SYS_VSPACE_MAP_TABLE] = E_CAP, [SYS_VSPACE_UNMAP] = E_CAP, [SYS_TCB_CONFIGURE] = E_CAP,
        [SYS_TCB_READ_REG] = E_CAP, [SYS_TCB_WRITE_REG] = E_CAP, [SYS_TCB_RESUME] = E_CAP,
        [SYS_TCB_SUSPEND] = E_CAP, [SYS_TCB_SET_PRIORITY] = E_CAP, [SYS_TCB_BIND_NTFN] = E_CAP,
        [SYS_TCB_SET_UPCALL] = E_CAP, [SYS_UPCALL_RETURN] = E_STATE, [SYS_IRQ_GET] = E_CAP,
        [SYS_IRQ_SET_NTFN] = E_CAP, [SYS_IRQ_ACK] = E_CAP, [SYS_CAP_IDENTIFY] = E_OK,
        [SYS_MACHINE_HALT] = E_CAP, [SYS_TCB_SET_AFFINITY] = E_CAP, [SYS_NTFN_SET_TIMEOUT] = E_CAP,
    };
    for (u64 n = 0; n < SYS_COUNT; n++) {
        if (n == SYS_YIELD || n == SYS_EXIT) continue;
        u64 a[8] = { empty, 0, 0, 0, 0, 0, 0, 0 };
        if (n == SYS_DEBUG_WRITE) a[1] = 1;
        u64 e = sc8(root, n, a);
        if (e != expect[n]) printf("  syscall %lu: got %lu want %lu\n", n, e, expect[n]);
        EQ(e, expect[n]);
        EQ(root->state, TS_RUNNING);
    }
}

/* A cap of the wrong type gives E_CAP; a cap without the needed right gives E_RIGHTS. */
static void wrong_types_and_missing_rights(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), n = mk(OBJ_NOTIFICATION, 0), tcb = mk(OBJ_TCB, 0);
    u64 none[3] = { free_slot, free_slot + 1, free_slot + 2 };
    free_slot += 3;
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, none[0], CAP_SELF_CNODE, ep, 0, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, none[1], CAP_SELF_CNODE, n, 0, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, none[2], CAP_SELF_CNODE, tcb, 0, 0);
    struct { u64 n, wrong, norights; } c[] = {
        { SYS_NBSEND, n, none[0] }, { SYS_NBRECV, n, none[0] }, { SYS_SIGNAL, ep, none[1] },
        { SYS_POLL, ep, none[1] }, { SYS_TCB_READ_REG, ep, none[2] }, { SYS_TCB_WRITE_REG, ep, none[2] },
        { SYS_TCB_RESUME, ep, none[2] }, { SYS_TCB_SUSPEND, ep, none[2] },
        { SYS_TCB_SET_PRIORITY, ep, none[2] }, { SYS_TCB_BIND_NTFN, ep, none[2] },
        { SYS_TCB_SET_UPCALL, ep, none[2] }, { SYS_TCB_CONFIGURE, ep, none[2] }, { SYS_TCB_SET_AFFINITY, ep, none[2] },
        { SYS_IRQ_ACK, ep, 0 }, { SYS_IRQ_SET_NTFN, ep, 0 }, { SYS_MACHINE_HALT, ep, 0 },
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        u64 a[8] = { c[i].wrong, TAG(1, 0, 0), 0, 0, 0, 0, 0, 0 };
        EQ(sc8(root, c[i].n, a), E_CAP);
        if (c[i].norights) {
            u64 b[8] = { c[i].norights, TAG(1, 0, 0), 0, 0, 0, 0, 0, 0 };
            EQ(sc8(root, c[i].n, b), E_RIGHTS);
        }
    }
    EQ(sc(root, SYS_TCB_CONFIGURE, tcb, ep, CAP_SELF_VSPACE, 0, 1, 0), E_CAP);
    EQ(sc(root, SYS_TCB_CONFIGURE, tcb, CAP_SELF_CNODE, ep, 0, 1, 0), E_CAP);
    EQ(sc(root, SYS_TCB_CONFIGURE, tcb, CAP_SELF_CNODE, CAP_SELF_VSPACE, n, 1, 0), E_CAP);
    EQ(sc(root, SYS_TCB_CONFIGURE, tcb, CAP_SELF_CNODE, CAP_SELF_VSPACE, none[0], 1, 0), E_RIGHTS);
    EQ(sc(root, SYS_TCB_CONFIGURE, tcb, CAP_SELF_CNODE, CAP_SELF_VSPACE, ep, 256, 0), E_RANGE);
    EQ(sc(root, SYS_TCB_READ_REG, tcb, 35, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_TCB_BIND_NTFN, tcb, none[1], 0, 0, 0, 0), E_RIGHTS);
}

/* The error paths the other tests do not reach. */
static void remaining_error_paths(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), n = mk(OBJ_NOTIFICATION, 0), r_only = free_slot++, n_ro = free_slot++;
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, r_only, CAP_SELF_CNODE, ep, R_WRITE, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, n_ro, CAP_SELF_CNODE, n, R_READ, 0);
    u64 bad[8] = { ep, TAG(1, 5, 0) };
    EQ(sc8(root, SYS_REPLY, bad), E_INVAL);
    EQ(sc8(root, SYS_REPLY_RECV, bad), E_INVAL);
    u64 rr[8] = { r_only, TAG(1, 0, 0) };
    EQ(sc8(root, SYS_REPLY_RECV, rr), E_RIGHTS);
    EQ(sc(root, SYS_SIGNAL, n_ro, 0, 0, 0, 0, 0), E_RIGHTS);
    /* objects invoked through caps without the Write right */
    u64 ro_cn = free_slot++, ro_vs = free_slot++, ro_ctl = free_slot++, ut = free_slot++, ro_ut = free_slot++;
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, ro_cn, CAP_SELF_CNODE, CAP_SELF_CNODE, R_READ, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, ro_vs, CAP_SELF_CNODE, CAP_SELF_VSPACE, R_READ, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, ro_ctl, CAP_SELF_CNODE, CAP_CONTROL, R_READ, 0);
    EQ(sc(root, SYS_CNODE_COPY, ro_cn, free_slot, CAP_SELF_CNODE, ep, R_ALL, 0), E_RIGHTS);
    EQ(sc(root, SYS_CNODE_DELETE, ro_cn, ep, 0, 0, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, OBJ_FRAME, 0, ro_cn, free_slot, 1), E_RIGHTS);
    EQ(sc(root, SYS_VSPACE_MAP, ro_vs, mk(OBJ_FRAME, 0), 0x40000000, R_READ, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, ro_vs, mk(OBJ_PAGETABLE, 0), 0x40000000, 0, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_MACHINE_HALT, ro_ctl, 0, 0, 0, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, OBJ_UNTYPED, 12, CAP_SELF_CNODE, ut, 1), E_OK);
    struct slot *us = lookup_slot(root, ut, &(int){0});
    us->cap.rights = R_READ;                        /* (untypeds cannot be copied: attenuate in place) */
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, ro_ut, 1), E_RIGHTS);
    /* an IRQ handler given a notification it may not signal */
    u64 h = free_slot++;
    EQ(sc(root, SYS_IRQ_GET, CAP_CONTROL, 3, CAP_SELF_CNODE, h, 0, 0), E_OK);
    EQ(sc(root, SYS_IRQ_SET_NTFN, h, n_ro, 0, 0, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_IRQ_GET, CAP_CONTROL, 4, CAP_SELF_CNODE, h, 0, 0), E_EXISTS);
    /* an upcall whose frame cannot be read back */
    u64 ts;
    struct tcb *t = mk_thread(&ts, 10, 0);
    tcb_resume(t);
    EQ(sc(root, SYS_TCB_SET_UPCALL, ts, 0x500000, 0x600000, 0x7000000, UPCALL_LINUX_SVC, 0), E_OK);
    t->in_upcall = 1;
    syscall(t, SYS_UPCALL_RETURN);
    EQ(t->ctx.x[0], E_RANGE);
    EQ(sc(root, SYS_TCB_SET_AFFINITY, ts, 4, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_CAP_IDENTIFY, 0, 0, 0, 0, 0, 0), E_RANGE);
}

static void irq_handlers(void)
{
    u64 h = free_slot++, h2 = free_slot++, n = mk(OBJ_NOTIFICATION, 0);
    EQ(sc(root, SYS_IRQ_GET, CAP_CONTROL, 64, CAP_SELF_CNODE, h, 0, 0), E_RANGE);
    EQ(sc(root, SYS_IRQ_GET, CAP_SELF_TCB, 1, CAP_SELF_CNODE, h, 0, 0), E_CAP);
    EQ(sc(root, SYS_IRQ_GET, CAP_CONTROL, 1, CAP_SELF_CNODE, h, 0, 0), E_OK);
    EQ(sc(root, SYS_IRQ_GET, CAP_CONTROL, 1, CAP_SELF_CNODE, h2, 0, 0), E_EXISTS);   /* one per line */
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, h2, CAP_SELF_CNODE, h, R_ALL, 0), E_INVAL);
    EQ(sc(root, SYS_IRQ_ACK, h, 0, 0, 0, 0, 0), E_STATE);                          /* no ntfn yet */
    EQ(sc(root, SYS_IRQ_SET_NTFN, h, CAP_SELF_TCB, 0, 0, 0, 0), E_CAP);
    EQ(sc(root, SYS_IRQ_SET_NTFN, h, n, 0, 0, 0, 0), E_OK);
    CHECK(!(irq_masked & 2));
    irq_deliver(1);
    CHECK(irq_masked & 2);                              /* masked until acknowledged */
    EQ(sc(root, SYS_POLL, n, 0, 0, 0, 0, 0), E_OK); EQ(root->ctx.x[1], 1);
    EQ(sc(root, SYS_IRQ_ACK, h, 0, 0, 0, 0, 0), E_OK);
    CHECK(!(irq_masked & 2));
    /* deleting the handler frees the line; revoking the control cap removes handlers */
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, h, 0, 0, 0, 0);
    EQ(sc(root, SYS_IRQ_GET, CAP_CONTROL, 1, CAP_SELF_CNODE, h, 0, 0), E_OK);
    irq_deliver(1);                                     /* no notification: just masked */
    sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, CAP_CONTROL, 0, 0, 0, 0);
    CHECK(slot_empty(S(h)));
    EQ(irq_issued[1], 0);
}

static void unknown_numbers_fault(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0);
    struct tcb *t = mk_thread(NULL, 10, ep);
    tcb_resume(t);
    syscall(t, SYS_COUNT);
    EQ(t->state, TS_BLOCKED_SEND);
    syscall(root, ~0UL);                                 /* root has no fault endpoint */
    EQ(root->state, TS_INACTIVE);
}

/* The fuzzer: a thread with its own small CSpace of assorted caps makes random calls. */
static u64 rnd = 0x9E3779B97F4A7C15UL;
static u64 xr(void) { rnd ^= rnd << 13; rnd ^= rnd >> 7; rnd ^= rnd << 17; return rnd; }

static void random_calls_never_panic(void)
{
    u64 cn = free_slot++;
    EQ(sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, OBJ_CNODE, 5, CAP_SELF_CNODE, cn, 1), E_OK);
    u64 ut = free_slot++;
    sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, OBJ_UNTYPED, 18, CAP_SELF_CNODE, ut, 1);
    u64 fe = mk(OBJ_ENDPOINT, 0);
    struct tcb *f = mk_thread(NULL, 100, fe);
    /* its CSpace: itself, its cnode, root's vspace, an ep, a ntfn, an untyped, a frame */
    sc(root, SYS_TCB_CONFIGURE, free_slot - 1, cn, CAP_SELF_VSPACE, fe, 100, 0);
    sc(root, SYS_CNODE_COPY, cn, 1, CAP_SELF_CNODE, cn, R_ALL, 0);
    sc(root, SYS_CNODE_COPY, cn, 2, CAP_SELF_CNODE, CAP_SELF_VSPACE, R_ALL, 0);
    sc(root, SYS_CNODE_COPY, cn, 3, CAP_SELF_CNODE, mk(OBJ_ENDPOINT, 0), R_ALL, 0);
    sc(root, SYS_CNODE_COPY, cn, 4, CAP_SELF_CNODE, mk(OBJ_NOTIFICATION, 0), R_ALL, 0);
    sc(root, SYS_CNODE_MOVE, cn, 5, CAP_SELF_CNODE, ut, 0, 0);
    sc(root, SYS_CNODE_COPY, cn, 6, CAP_SELF_CNODE, mk(OBJ_FRAME, 0), R_ALL, 0);
    sc(root, SYS_CNODE_COPY, cn, 7, CAP_SELF_CNODE, free_slot - 6, R_ALL, 0);
    tcb_resume(f);
    run(f);
    u64 calls = 0, resumed = 0;
    for (int i = 0; i < 200000; i++) {
        u64 a[8], n = xr() % (SYS_COUNT + 2);
        for (int k = 0; k < 8; k++) {
            u64 r = xr();
            a[k] = (r & 3) == 0 ? r : (r & 3) == 1 ? (r >> 8) % 40 : (r & 3) == 2 ? (r >> 8) % 8 : ((r >> 8) & 0xffff000);
        }
        if (n == SYS_DEBUG_WRITE) a[1] |= 1UL << 20;       /* keep the log clean */
        if (n == SYS_MACHINE_HALT) continue;              /* it has no control cap anyway */
        if (n == SYS_CALL || n == SYS_REPLY_RECV) {           /* through the fast path too */
            for (int k = 0; k < 8; k++) f->ctx.x[k] = a[k];
            f->ctx.x[8] = n;
            handle_svc(f, (0x15UL << 26) | SVC_NATIVE);
        } else {
            sc8(f, n, a);
        }
        calls++;
        if (f->hdr.type != OBJ_TCB) break;                 /* it deleted itself: fine */
        if (f->state != TS_RUNNING) { tcb_resume(f); resumed++; }
        f->in_upcall = 0;
        /* any thread it created and resumed is stopped again */
        for (u64 s = 1; s < 32; s++) {
            int e;
            struct slot *sl = cnode_slot(&S(cn)->cap, s, &e);
            if (sl->cap.type == OBJ_TCB && (struct tcb *)sl->cap.obj != f) tcb_suspend((struct tcb *)sl->cap.obj);
        }
        run(f);
    }
    printf("  fuzz: %lu calls, %lu blocking calls undone\n", calls, resumed);
    CHECK(calls > 1000);
    /* root still works */
    run(root);
    root->state = TS_RUNNING;
    u64 ep = mk(OBJ_ENDPOINT, 0);
    EQ(sc(root, SYS_NBSEND, ep, TAG(1, 0, 0), 0, 0, 0, 0), E_WOULDBLOCK);
    reap();
}

int main(void)
{
    RUN(empty_caps_are_rejected);
    RUN(wrong_types_and_missing_rights);
    RUN(remaining_error_paths);
    RUN(irq_handlers);
    RUN(unknown_numbers_fault);
    RUN(random_calls_never_panic);
    return test_done();
}
