/* Capabilities and the capability derivation tree (CDT).
 *
 * Every cap lives in a slot. A slot records its parent (the cap it was derived from), its
 * first child and its siblings. Retype makes new caps children of the untyped; copy and mint
 * make children of the source; move keeps the position. Delete splices a slot's children into
 * its parent, so every cap to an object stays a descendant of the untyped it came from, and
 * revoking that untyped removes all of them.
 *
 * Kernel objects with a header are reference counted by their caps. When the last cap goes,
 * the object becomes a zombie and reap() destroys it after the operation completes (so a
 * revoke never walks memory that is being torn down). */
#include "kernel.h"

static struct obj_hdr *zombies;

int slot_empty(const struct slot *s) { return s->cap.type == OBJ_NULL; }

static struct obj_hdr *hdr_of(const struct cap *c)
{
    switch (c->type) {
    case OBJ_TCB: case OBJ_ENDPOINT: case OBJ_NOTIFICATION: case OBJ_CNODE:
        return (struct obj_hdr *)c->obj;
    default:
        return NULL;
    }
}

void cap_ref(const struct cap *c)
{
    struct obj_hdr *h = hdr_of(c);
    if (h) {
        assert(h->type == c->type);
        h->refs++;
    } else if (c->type == OBJ_VSPACE) {
        assert(asid_table[c->a].l1 == (u64 *)c->obj);
        asid_table[c->a].refs++;
    }
}

static void cap_unref(const struct cap *c)
{
    struct obj_hdr *h = hdr_of(c);
    if (h) {
        assert(h->refs > 0);
        if (--h->refs == 0 && !h->zombie) {
            h->zombie = 1;
            h->zombie_next = zombies;
            zombies = h;
        }
    } else if (c->type == OBJ_VSPACE) {
        struct asid_entry *e = &asid_table[c->a];
        assert(e->refs > 0);
        if (--e->refs == 0)
            vspace_release(c->a);
    }
}

void reap(void)
{
    while (zombies) {
        struct obj_hdr *h = zombies;
        zombies = h->zombie_next;
        h->zombie = 0;
        if (h->refs)
            continue;                  /* a new cap was made before the old one's reaping */
        switch (h->type) {
        case OBJ_TCB: tcb_destroy(h); break;
        case OBJ_ENDPOINT: ep_destroy(h); break;
        case OBJ_NOTIFICATION: ntfn_destroy(h); break;
        case OBJ_CNODE: cnode_destroy(h); break;
        default: assert(0);
        }
        h->type = OBJ_NULL;
    }
}

/* Put cap c into the empty slot child, as a child of parent (NULL: a root of the CDT). */
void cdt_insert(struct slot *parent, struct slot *child, const struct cap *c)
{
    assert(slot_empty(child) && child->parent == NULL && child->child == NULL);
    child->cap = *c;
    child->parent = parent;
    child->prev = NULL;
    child->next = parent ? parent->child : NULL;
    if (child->next)
        child->next->prev = child;
    if (parent)
        parent->child = child;
    cap_ref(c);
}

int cap_copy(struct slot *dst, struct slot *src, u32 rights, u64 badge, int mint)
{
    if (slot_empty(src))
        return E_CAP;
    if (!slot_empty(dst))
        return E_EXISTS;
    struct cap c = src->cap;
    switch (c.type) {
    case OBJ_UNTYPED: case OBJ_PAGETABLE: case OBJ_IRQHANDLER:
        return E_INVAL;           /* unique caps: move only */
    case OBJ_FRAME:
        c.flags &= ~CAPF_MAPPED;  /* each frame cap holds at most one mapping */
        c.a = c.b = 0;
        break;
    case OBJ_ENDPOINT: case OBJ_NOTIFICATION:
        if (mint && badge) {
            if (c.b)
                return E_INVAL;   /* a badge, once set, is fixed */
            c.b = badge;
        }
        break;
    default:
        break;
    }
    c.rights &= rights;
    cdt_insert(src, dst, &c);
    return E_OK;
}

int cap_move(struct slot *dst, struct slot *src)
{
    if (slot_empty(src))
        return E_CAP;
    if (!slot_empty(dst))
        return E_EXISTS;
    *dst = *src;
    if (dst->prev) dst->prev->next = dst;
    else if (dst->parent) dst->parent->child = dst;
    if (dst->next) dst->next->prev = dst;
    for (struct slot *c = dst->child; c; c = c->next)
        c->parent = dst;
    kmemset(src, 0, sizeof *src);
    return E_OK;
}

static void cdt_unlink(struct slot *s)
{
    struct slot *first = s->child, *last = NULL;
    for (struct slot *c = first; c; c = c->next) {
        c->parent = s->parent;
        last = c;
    }
    if (first) {
        first->prev = s->prev;
        last->next = s->next;
        if (s->prev) s->prev->next = first;
        else if (s->parent) s->parent->child = first;
        if (s->next) s->next->prev = last;
    } else {
        if (s->prev) s->prev->next = s->next;
        else if (s->parent) s->parent->child = s->next;
        if (s->next) s->next->prev = s->prev;
    }
}

void cap_delete(struct slot *s)
{
    if (slot_empty(s))
        return;
    struct cap c = s->cap;
    if (c.type == OBJ_FRAME || c.type == OBJ_PAGETABLE)
        vspace_unmap(&s->cap);
    if (c.type == OBJ_IRQHANDLER)
        irq_handler_deleted((u32)c.a);
    cdt_unlink(s);
    kmemset(s, 0, sizeof *s);
    cap_unref(&c);
}

/* Delete every descendant of s, leaves first, in one pass: O(descendants), whatever the
 * shape of the tree (a chain of a million copies included). */
void cap_revoke(struct slot *s)
{
    struct slot *d = s;
    for (;;) {
        if (d->child) {
            d = d->child;
            continue;
        }
        if (d == s)
            return;
        struct slot *p = d->parent;
        cap_delete(d);                 /* a leaf: the rest of the tree is unchanged */
        d = p;
    }
}
