/* The syscall table. Every handler checks every argument and capability before it changes
 * anything; a bad call returns an error (or, for an unknown number, faults to the supervisor)
 * and never panics the kernel. Handlers return the error for x0, or NO_RESULT when the IPC
 * layer has set (or will set, on wake-up) the thread's results itself. */
#include "kernel.h"

#define NO_RESULT (~0UL)
#define X(n) (t->ctx.x[n])
u64 syscall_count;

#define LOOKUP(var, cptr, type, rights)                       \
    int err_;                                                 \
    struct cap *var = lookup_cap(t, cptr, type, rights, &err_); \
    if (!var) return err_

static u64 sys_debug_write(struct tcb *t)
{
    char buf[256];
    if (X(1) > sizeof buf) return E_RANGE;
    if (copy_in(vspace_of(t), buf, X(0), X(1))) return E_RANGE;
    for (u64 i = 0; i < X(1); i++) kputc(buf[i]);
    return E_OK;
}

static u64 sys_yield(struct tcb *t)
{
    cpus[t->core].resched = 1;
    X(1) = arch_core_id();
    return E_OK;
}

static u64 do_send(struct tcb *t, int block, int call)
{
    if (!TAG_VALID(X(1))) return E_INVAL;
    LOOKUP(ep, X(0), OBJ_ENDPOINT, R_WRITE);
    ep_send(t, (struct endpoint *)ep->obj, ep->b, (ep->rights & R_GRANT) != 0, block, call);
    return NO_RESULT;
}
static u64 sys_send(struct tcb *t) { return do_send(t, 1, 0); }
static u64 sys_nbsend(struct tcb *t) { return do_send(t, 0, 0); }
static u64 sys_call(struct tcb *t) { return do_send(t, 1, 1); }

static u64 do_recv(struct tcb *t, int block)
{
    LOOKUP(ep, X(0), OBJ_ENDPOINT, R_READ);
    ep_recv(t, (struct endpoint *)ep->obj, block);
    return NO_RESULT;
}
static u64 sys_recv(struct tcb *t) { return do_recv(t, 1); }
static u64 sys_nbrecv(struct tcb *t) { return do_recv(t, 0); }

static u64 sys_reply(struct tcb *t)
{
    if (!TAG_VALID(X(1))) return E_INVAL;
    if (!t->reply_to) return E_STATE;
    ep_reply(t);
    return E_OK;
}

static u64 sys_reply_recv(struct tcb *t)
{
    if (!TAG_VALID(X(1))) return E_INVAL;
    LOOKUP(ep, X(0), OBJ_ENDPOINT, R_READ);
    if (t->reply_to)
        ep_reply(t);
    ep_recv(t, (struct endpoint *)ep->obj, 1);
    return NO_RESULT;
}

static u64 sys_signal(struct tcb *t)
{
    LOOKUP(n, X(0), OBJ_NOTIFICATION, R_WRITE);
    ntfn_signal((struct notification *)n->obj, n->b);
    return E_OK;
}

static u64 do_wait(struct tcb *t, int block)
{
    LOOKUP(n, X(0), OBJ_NOTIFICATION, R_READ);
    ntfn_wait(t, (struct notification *)n->obj, block);
    return NO_RESULT;
}
static u64 sys_wait(struct tcb *t) { return do_wait(t, 1); }
static u64 sys_poll(struct tcb *t) { return do_wait(t, 0); }

static u64 sys_retype(struct tcb *t)
{
    int err;
    struct slot *ut = lookup_slot(t, X(0), &err);
    if (!ut) return err;
    if (ut->cap.type != OBJ_UNTYPED) return E_CAP;
    if (!(ut->cap.rights & R_WRITE)) return E_RIGHTS;
    if (X(1) >= OBJ_TYPES || X(2) > 64) return E_INVAL;
    LOOKUP(cn, X(3), OBJ_CNODE, R_WRITE);
    return untyped_retype(ut, (u32)X(1), (u32)X(2), cn, X(4), X(5));
}

/* The slot at (cnode cptr, index) in t's CSpace. */
static struct slot *cn_slot(struct tcb *t, u64 cnode, u64 index, int *err)
{
    struct cap *cn = lookup_cap(t, cnode, OBJ_CNODE, R_WRITE, err);
    return cn ? cnode_slot(cn, index, err) : NULL;
}

static u64 do_copy(struct tcb *t, int mint)
{
    int err;
    if (X(4) & ~(u64)R_ALL) return E_INVAL;
    struct slot *dst = cn_slot(t, X(0), X(1), &err);
    if (!dst) return err;
    struct slot *src = cn_slot(t, X(2), X(3), &err);
    if (!src) return err;
    return cap_copy(dst, src, (u32)X(4), mint ? X(5) : 0, mint);
}
static u64 sys_copy(struct tcb *t) { return do_copy(t, 0); }
static u64 sys_mint(struct tcb *t) { return do_copy(t, 1); }

static u64 sys_move(struct tcb *t)
{
    int err;
    struct slot *dst = cn_slot(t, X(0), X(1), &err);
    if (!dst) return err;
    struct slot *src = cn_slot(t, X(2), X(3), &err);
    if (!src) return err;
    return cap_move(dst, src);
}

static u64 sys_delete(struct tcb *t)
{
    int err;
    struct slot *s = cn_slot(t, X(0), X(1), &err);
    if (!s) return err;
    cap_delete(s);
    return E_OK;
}

static u64 sys_revoke(struct tcb *t)
{
    int err;
    struct slot *s = cn_slot(t, X(0), X(1), &err);
    if (!s) return err;
    cap_revoke(s);
    return E_OK;
}

static u64 sys_map(struct tcb *t)
{
    LOOKUP(vs, X(0), OBJ_VSPACE, R_WRITE);
    struct cap *fr = lookup_cap(t, X(1), OBJ_FRAME, 0, &err_);
    if (!fr) return err_;
    if (X(3) > R_ALL) return E_INVAL;
    return vspace_map_frame(vs, fr, X(2), (u32)X(3));
}

static u64 sys_map_table(struct tcb *t)
{
    LOOKUP(vs, X(0), OBJ_VSPACE, R_WRITE);
    struct cap *pt = lookup_cap(t, X(1), OBJ_PAGETABLE, R_WRITE, &err_);
    if (!pt) return err_;
    return vspace_map_table(vs, pt, X(2));
}

static u64 sys_unmap(struct tcb *t)
{
    LOOKUP(c, X(0), 0, 0);
    if (c->type != OBJ_FRAME && c->type != OBJ_PAGETABLE) return E_CAP;
    vspace_unmap(c);
    return E_OK;
}

static u64 sys_tcb_configure(struct tcb *t)
{
    int err;
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    struct slot *cs = lookup_slot(t, X(1), &err), *vs, *fe = NULL;
    if (!cs) return err;
    if (cs->cap.type != OBJ_CNODE) return E_CAP;
    if (!(vs = lookup_slot(t, X(2), &err))) return err;
    if (vs->cap.type != OBJ_VSPACE) return E_CAP;
    if (X(3)) {
        if (!(fe = lookup_slot(t, X(3), &err))) return err;
        if (fe->cap.type != OBJ_ENDPOINT) return E_CAP;
        if (!(fe->cap.rights & R_WRITE)) return E_RIGHTS;
    }
    if (X(4) >= NPRIO) return E_RANGE;
    if (X(4) > t->prio) return E_RIGHTS;      /* nobody creates a thread above itself */
    struct tcb *target = (struct tcb *)tc->obj;
    arch_kick(target);                        /* not running elsewhere on the old VSpace */
    cap_delete(&target->cspace);
    cap_delete(&target->vspace);
    cap_delete(&target->fault_ep);
    cap_copy(&target->cspace, cs, R_ALL, 0, 0);
    cap_copy(&target->vspace, vs, R_ALL, 0, 0);
    if (fe) cap_copy(&target->fault_ep, fe, R_ALL, 0, 0);
    int queued = target->inrq;
    sched_dequeue(target);
    target->prio = (u32)X(4);
    if (queued) sched_enqueue(target);
    return E_OK;
}

static u64 sys_read_reg(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_READ);
    u64 v;
    int e = tcb_read_reg((struct tcb *)tc->obj, X(1), &v);
    if (!e) X(1) = v;
    return e;
}

static u64 sys_write_reg(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    return tcb_write_reg((struct tcb *)tc->obj, X(1), X(2));
}

static u64 sys_resume(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    struct tcb *target = (struct tcb *)tc->obj;
    if (target->cspace.cap.type != OBJ_CNODE || target->vspace.cap.type != OBJ_VSPACE)
        return E_STATE;
    if (target->state != TS_INACTIVE && target->state != TS_BLOCKED_REPLY && target->state != TS_RUNNING)
        return E_STATE;
    tcb_resume(target);
    return E_OK;
}

static u64 sys_suspend(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    tcb_suspend((struct tcb *)tc->obj);
    return E_OK;
}

static u64 sys_set_priority(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    if (X(1) >= NPRIO) return E_RANGE;
    if (X(1) > t->prio) return E_RIGHTS;
    struct tcb *target = (struct tcb *)tc->obj;
    int queued = target->inrq;
    sched_dequeue(target);
    target->prio = (u32)X(1);
    if (queued) sched_enqueue(target);
    cpus[target->core].resched = 1;
    return E_OK;
}

static u64 sys_bind_ntfn(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    struct tcb *target = (struct tcb *)tc->obj;
    if (!X(1)) {
        ntfn_unbind(target);
        return E_OK;
    }
    struct cap *n = lookup_cap(t, X(1), OBJ_NOTIFICATION, R_READ, &err_);
    if (!n) return err_;
    return ntfn_bind(target, (struct notification *)n->obj);
}

static u64 sys_set_upcall(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    if (X(4) & ~(u64)(UPCALL_LINUX_SVC | UPCALL_FAULTS)) return E_INVAL;
    if (X(1) >= USER_TOP || X(2) >= USER_TOP || X(3) >= USER_TOP || (X(3) & 7) || (X(1) & 3))
        return E_RANGE;
    struct tcb *target = (struct tcb *)tc->obj;
    target->up_pc = X(1);
    target->up_sp = X(2);
    target->up_frame = X(3);
    target->up_flags = X(4);
    target->in_upcall = 0;
    return E_OK;
}

static u64 sys_upcall_return(struct tcb *t)
{
    int e = upcall_return(t);
    return e ? (u64)e : NO_RESULT;
}

static u64 sys_irq_get(struct tcb *t)
{
    int err;
    struct slot *ctl = lookup_slot(t, X(0), &err);
    if (!ctl) return err;
    if (ctl->cap.type != OBJ_CONTROL) return E_CAP;
    if (X(1) >= NIRQ) return E_RANGE;
    struct slot *dst = cn_slot(t, X(2), X(3), &err);
    if (!dst) return err;
    if (!slot_empty(dst)) return E_EXISTS;
    if (irq_issued[X(1)]) return E_EXISTS;
    struct cap c;
    kmemset(&c, 0, sizeof c);
    c.type = OBJ_IRQHANDLER;
    c.rights = R_ALL;
    c.a = X(1);
    cdt_insert(ctl, dst, &c);
    irq_issued[X(1)] = 1;
    return E_OK;
}

static u64 sys_irq_set_ntfn(struct tcb *t)
{
    int err;
    LOOKUP(h, X(0), OBJ_IRQHANDLER, R_WRITE);
    struct slot *n = lookup_slot(t, X(1), &err);
    if (!n) return err;
    if (n->cap.type != OBJ_NOTIFICATION) return E_CAP;
    if (!(n->cap.rights & R_WRITE)) return E_RIGHTS;
    cap_delete(&irq_slots[h->a]);
    cap_copy(&irq_slots[h->a], n, R_ALL, 0, 0);
    arch_irq_unmask((u32)h->a);
    return E_OK;
}

static u64 sys_irq_ack(struct tcb *t)
{
    LOOKUP(h, X(0), OBJ_IRQHANDLER, R_WRITE);
    if (irq_slots[h->a].cap.type != OBJ_NOTIFICATION) return E_STATE;
    arch_irq_unmask((u32)h->a);
    return E_OK;
}

static u64 sys_exit(struct tcb *t)
{
    fault_raise(t, FAULT_EXIT, t->ctx.pc, X(0), 0, t->ctx.sp);
    return NO_RESULT;
}

static u64 sys_identify(struct tcb *t)
{
    int err;
    struct slot *s = lookup_slot(t, X(0), &err);
    if (!s) return err;
    X(1) = s->cap.type;
    X(2) = s->cap.rights;
    X(3) = (s->cap.type == OBJ_ENDPOINT || s->cap.type == OBJ_NOTIFICATION) ? s->cap.b : 0;
    return E_OK;
}

static u64 sys_halt(struct tcb *t)
{
    LOOKUP(c, X(0), OBJ_CONTROL, R_WRITE);
    (void)c;
    arch_halt(X(1));
}

static u64 sys_set_affinity(struct tcb *t)
{
    LOOKUP(tc, X(0), OBJ_TCB, R_WRITE);
    if (X(1) >= NCORES) return E_RANGE;
    sched_set_core((struct tcb *)tc->obj, (u32)X(1));
    return E_OK;
}

static u64 sys_set_timeout(struct tcb *t)
{
    LOOKUP(n, X(0), OBJ_NOTIFICATION, R_WRITE);
    ntfn_set_timeout((struct notification *)n->obj, X(1), n->b);
    return E_OK;
}

static u64 (*const table[SYS_COUNT])(struct tcb *) = {
    [SYS_DEBUG_WRITE] = sys_debug_write,   [SYS_YIELD] = sys_yield,
    [SYS_SEND] = sys_send,                 [SYS_NBSEND] = sys_nbsend,
    [SYS_RECV] = sys_recv,                 [SYS_NBRECV] = sys_nbrecv,
    [SYS_CALL] = sys_call,                 [SYS_REPLY] = sys_reply,
    [SYS_REPLY_RECV] = sys_reply_recv,     [SYS_SIGNAL] = sys_signal,
    [SYS_WAIT] = sys_wait,                 [SYS_POLL] = sys_poll,
    [SYS_UNTYPED_RETYPE] = sys_retype,     [SYS_CNODE_COPY] = sys_copy,
    [SYS_CNODE_MINT] = sys_mint,           [SYS_CNODE_MOVE] = sys_move,
    [SYS_CNODE_DELETE] = sys_delete,       [SYS_CNODE_REVOKE] = sys_revoke,
    [SYS_VSPACE_MAP] = sys_map,            [SYS_VSPACE_MAP_TABLE] = sys_map_table,
    [SYS_VSPACE_UNMAP] = sys_unmap,        [SYS_TCB_CONFIGURE] = sys_tcb_configure,
    [SYS_TCB_READ_REG] = sys_read_reg,     [SYS_TCB_WRITE_REG] = sys_write_reg,
    [SYS_TCB_RESUME] = sys_resume,         [SYS_TCB_SUSPEND] = sys_suspend,
    [SYS_TCB_SET_PRIORITY] = sys_set_priority, [SYS_TCB_BIND_NTFN] = sys_bind_ntfn,
    [SYS_TCB_SET_UPCALL] = sys_set_upcall, [SYS_UPCALL_RETURN] = sys_upcall_return,
    [SYS_IRQ_GET] = sys_irq_get,           [SYS_IRQ_SET_NTFN] = sys_irq_set_ntfn,
    [SYS_IRQ_ACK] = sys_irq_ack,           [SYS_EXIT] = sys_exit,
    [SYS_CAP_IDENTIFY] = sys_identify,     [SYS_MACHINE_HALT] = sys_halt,
    [SYS_TCB_SET_AFFINITY] = sys_set_affinity, [SYS_NTFN_SET_TIMEOUT] = sys_set_timeout,
};

void syscall(struct tcb *t, u64 n)
{
    syscall_count++;
    if (n >= SYS_COUNT) {
        fault_raise(t, FAULT_SYSCALL, t->ctx.pc, n, 0, t->ctx.sp);
        return;
    }
    u64 r = table[n](t);
    if (r != NO_RESULT)
        t->ctx.x[0] = r;
    reap();
}

/* An `svc` from EL0: native calls use `svc #1`; `svc #0` (Linux) goes to the thread's
 * upcall handler if it registered one, otherwise it is an unknown-syscall fault. */
void handle_svc(struct tcb *t, u64 esr)
{
    u32 imm = esr & 0xffff;
    if (imm == SVC_NATIVE) {
        u64 n = t->ctx.x[8];
        if ((n == SYS_CALL && fastpath_call(t)) || (n == SYS_REPLY_RECV && fastpath_reply_recv(t)))
            return;
        syscall(t, n);
        return;
    }
    if (imm == SVC_LINUX && (t->up_flags & UPCALL_LINUX_SVC) && upcall_enter(t, FAULT_SYSCALL, esr, 0) == E_OK)
        return;
    fault_raise(t, FAULT_SYSCALL, t->ctx.pc, t->ctx.x[8], esr, t->ctx.sp);
}
