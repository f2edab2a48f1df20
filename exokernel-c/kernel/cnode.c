/* CNodes: tables of 2^radix slots. Slot 0 holds the header, so index 0 is never a cap.
 * A thread's cap pointer (cptr) is an index into its CSpace root CNode, or (CPTR2) an index into
 * a CNode whose cap is in the root: two levels, as deep as lookups go. */
#include "kernel.h"

void cnode_init(void *mem, u32 radix)
{
    struct obj_hdr *h = mem;
    h->type = OBJ_CNODE;
    h->radix = radix;
}

void cnode_destroy(struct obj_hdr *h)
{
    struct slot *slots = (struct slot *)h;
    for (u64 i = 1; i < (1UL << h->radix); i++)
        cap_delete(&slots[i]);
}

struct slot *cnode_slot(const struct cap *cn, u64 index, int *err)
{
    assert(cn->type == OBJ_CNODE);
    if (index == 0 || index >= (1UL << cn->bits)) {
        *err = E_RANGE;
        return NULL;
    }
    return &((struct slot *)cn->obj)[index];
}

struct slot *lookup_slot(struct tcb *t, u64 cptr, int *err)
{
    if (t->cspace.cap.type != OBJ_CNODE) {
        *err = E_CAP;
        return NULL;
    }
    u64 index = cptr >> 32;
    if (!index)
        return cnode_slot(&t->cspace.cap, cptr, err);
    if (index >> 20) {                         /* bits 52-63 */
        *err = E_RANGE;
        return NULL;
    }
    struct slot *s = cnode_slot(&t->cspace.cap, cptr & 0xffffffffUL, err);
    if (!s)
        return NULL;
    if (s->cap.type != OBJ_CNODE) {
        *err = E_CAP;
        return NULL;
    }
    return cnode_slot(&s->cap, index, err);
}

/* The cap at cptr, which must have the given type (0: any) and include the given rights. */
struct cap *lookup_cap(struct tcb *t, u64 cptr, u32 type, u32 rights, int *err)
{
    struct slot *s = lookup_slot(t, cptr, err);
    if (!s)
        return NULL;
    if (slot_empty(s) || (type && s->cap.type != type)) {
        *err = E_CAP;
        return NULL;
    }
    if ((s->cap.rights & rights) != rights) {
        *err = E_RIGHTS;
        return NULL;
    }
    return &s->cap;
}
