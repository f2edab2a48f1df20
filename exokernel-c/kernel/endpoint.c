/* Synchronous endpoints. An endpoint holds one queue: of senders (EP_SEND) or of receivers
 * (EP_RECV). A message is a tag (label, word count, cap flag), up to MSG_WORDS words in
 * registers, the badge of the sender's cap and at most one cap (sender needs Grant).
 * Call blocks the sender for the reply: the receiver gets a one-shot reply link (reply_to).
 * A reply may carry a cap too, into the receive slot the caller named in its x7.
 * A fault is delivered as a Call whose message the kernel composes. */
#include "kernel.h"

static void transfer(struct tcb *s, struct tcb *r, u64 badge, int grant)
{
    u64 tag, w[MSG_WORDS] = {0};
    u32 words, cap_ok = 0;
    if (s->fault) {
        tag = s->fault;
        words = MSG_WORDS;
        for (int i = 0; i < MSG_WORDS; i++) w[i] = s->fault_w[i];
    } else {
        tag = s->ctx.x[1];
        words = TAG_WORDS(tag);
        for (u32 i = 0; i < words; i++) w[i] = s->ctx.x[2 + i];
        if (TAG_CAP(tag) && grant) {
            int err;
            struct slot *src = lookup_slot(s, s->ctx.x[6], &err);
            struct slot *dst = lookup_slot(r, r->ctx.x[7], &err);
            if (src && dst && cap_copy(dst, src, R_ALL, 0, 0) == E_OK)
                cap_ok = 1;
        }
    }
    r->ctx.x[0] = E_OK;
    r->ctx.x[1] = TAG(TAG_LABEL(tag), words, cap_ok);
    for (int i = 0; i < MSG_WORDS; i++) r->ctx.x[2 + i] = w[i];
    r->ctx.x[6] = badge;
}

/* r stops owing a reply to its previous caller, which learns it will get none. */
static void drop_reply(struct tcb *r)
{
    struct tcb *old = r->reply_to;
    if (!old) return;
    r->reply_to = NULL;
    old->caller_of = NULL;
    if (!old->fault) {
        tcb_set_result(old, E_DEAD);
        sched_wake(old);
    }
}

static void link_reply(struct tcb *caller, struct tcb *server)
{
    drop_reply(server);
    sched_block(caller, TS_BLOCKED_REPLY);
    caller->caller_of = server;
    server->reply_to = caller;
}

void ep_send(struct tcb *t, struct endpoint *ep, u64 badge, int grant, int block, int call)
{
    if (ep->qstate == EP_RECV) {
        struct tcb *r = ep->head;
        queue_remove(&ep->head, &ep->tail, r);
        if (!ep->head) ep->qstate = EP_IDLE;
        r->blocked_on = NULL;
        transfer(t, r, badge, grant);
        sched_wake(r);
        if (call) link_reply(t, r);
        else tcb_set_result(t, E_OK);
    } else if (block) {
        t->ipc_badge = badge;
        t->ipc_grant = (u8)grant;
        t->ipc_call = (u8)call;
        t->blocked_on = ep;
        sched_block(t, TS_BLOCKED_SEND);
        queue_append(&ep->head, &ep->tail, t);
        ep->qstate = EP_SEND;
    } else {
        tcb_set_result(t, E_WOULDBLOCK);
    }
}

void ep_recv(struct tcb *t, struct endpoint *ep, int block)
{
    struct notification *n = t->bound;
    if (n && n->word) {
        t->ctx.x[0] = E_OK;
        t->ctx.x[1] = TAG(LABEL_NOTIFY, 0, 0);
        t->ctx.x[6] = n->word;
        n->word = 0;
        return;
    }
    if (ep->qstate == EP_SEND) {
        struct tcb *s = ep->head;
        queue_remove(&ep->head, &ep->tail, s);
        if (!ep->head) ep->qstate = EP_IDLE;
        s->blocked_on = NULL;
        transfer(s, t, s->ipc_badge, s->ipc_grant);
        if (s->ipc_call || s->fault) {
            link_reply(s, t);
        } else {
            tcb_set_result(s, E_OK);
            sched_wake(s);
        }
    } else if (block) {
        t->blocked_on = ep;
        sched_block(t, TS_BLOCKED_RECV);
        queue_append(&ep->head, &ep->tail, t);
        ep->qstate = EP_RECV;
    } else {
        tcb_set_result(t, E_WOULDBLOCK);
    }
}

/* t replies (message in its registers) to the thread it owes a reply. */
void ep_reply(struct tcb *t)
{
    struct tcb *c = t->reply_to;
    assert(c && c->caller_of == t && c->state == TS_BLOCKED_REPLY);
    t->reply_to = NULL;
    c->caller_of = NULL;
    u64 tag = t->ctx.x[1];
    if (c->fault) {
        c->fault = FAULT_NONE;
        if (TAG_LABEL(tag) == FAULT_STOP) {
            c->state = TS_INACTIVE;
            return;
        }
        if (TAG_LABEL(tag) == FAULT_RESUME_X0)
            c->ctx.x[0] = t->ctx.x[2];
    } else {
        u32 words = TAG_WORDS(tag), cap_ok = 0;
        if (TAG_CAP(tag)) {           /* the caller opted in with its receive slot (x7) */
            int err;
            struct slot *src = lookup_slot(t, t->ctx.x[6], &err);
            struct slot *dst = lookup_slot(c, c->ctx.x[7], &err);
            cap_ok = src && dst && cap_copy(dst, src, R_ALL, 0, 0) == E_OK;
        }
        c->ctx.x[0] = E_OK;
        c->ctx.x[1] = TAG(TAG_LABEL(tag), words, cap_ok);
        for (u32 i = 0; i < MSG_WORDS; i++) c->ctx.x[2 + i] = i < words ? t->ctx.x[2 + i] : 0;
        c->ctx.x[6] = 0;
    }
    sched_wake(c);
}

void ep_cancel(struct tcb *t)
{
    struct endpoint *ep = t->blocked_on;
    assert(ep && (t->state == TS_BLOCKED_SEND || t->state == TS_BLOCKED_RECV));
    queue_remove(&ep->head, &ep->tail, t);
    if (!ep->head) ep->qstate = EP_IDLE;
    t->blocked_on = NULL;
}

void ep_destroy(struct obj_hdr *h)
{
    struct endpoint *ep = (struct endpoint *)h;
    while (ep->head) {
        struct tcb *t = ep->head;
        ep_cancel(t);
        if (t->fault) {
            t->state = TS_INACTIVE;    /* its fault handler is gone */
        } else {
            tcb_set_result(t, E_DEAD);
            sched_wake(t);
        }
    }
}
