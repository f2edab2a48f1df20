/* Capabilities and the derivation tree: copy, mint, move, delete, revoke. */
#include "test.h"

static struct slot *S(u64 i) { int e; return lookup_slot(root, i, &e); }

static void copy_attenuates_rights(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), c = free_slot++, d = free_slot++;
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, c, CAP_SELF_CNODE, ep, R_READ | R_WRITE, 0), E_OK);
    EQ(S(c)->cap.rights, R_READ | R_WRITE);
    EQ(S(c)->parent, S(ep));
    /* rights never grow back */
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, d, CAP_SELF_CNODE, c, R_ALL, 0), E_OK);
    EQ(S(d)->cap.rights, R_READ | R_WRITE);
    EQ(S(d)->parent, S(c));
    EQ(((struct obj_hdr *)S(ep)->cap.obj)->refs, 3);
    /* destination must be empty, source full */
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, d, CAP_SELF_CNODE, c, R_ALL, 0), E_EXISTS);
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, free_slot, CAP_SELF_CNODE, free_slot + 1, R_ALL, 0), E_CAP);
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, free_slot, CAP_SELF_CNODE, ep, 16, 0), E_INVAL);
}

static void mint_sets_badge_once(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), m = free_slot++, m2 = free_slot++;
    EQ(sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, m, CAP_SELF_CNODE, ep, R_WRITE, 42), E_OK);
    EQ(S(m)->cap.b, 42);
    EQ(S(m)->cap.rights, R_WRITE);
    EQ(sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, m2, CAP_SELF_CNODE, m, R_WRITE, 7), E_INVAL);
    EQ(sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, m2, CAP_SELF_CNODE, m, R_WRITE, 0), E_OK);
    EQ(S(m2)->cap.b, 42);
    u64 r[8] = { m2 };
    EQ(sc8(root, SYS_CAP_IDENTIFY, r), E_OK);
    EQ(root->ctx.x[1], OBJ_ENDPOINT);
    EQ(root->ctx.x[3], 42);
}

static void unique_caps_cannot_be_copied(void)
{
    u64 pt = mk(OBJ_PAGETABLE, 0), d = free_slot++;
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, d, CAP_SELF_CNODE, pt, R_ALL, 0), E_INVAL);
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, d, CAP_SELF_CNODE, CAP_FIRST_UNTYPED, R_ALL, 0), E_INVAL);
    EQ(sc(root, SYS_CNODE_MOVE, CAP_SELF_CNODE, d, CAP_SELF_CNODE, pt, 0, 0), E_OK);
    CHECK(slot_empty(S(pt)));
    EQ(S(d)->cap.type, OBJ_PAGETABLE);
}

static void move_keeps_tree_position(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), a = free_slot++, b = free_slot++, m = free_slot++;
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, a, CAP_SELF_CNODE, ep, R_ALL, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, b, CAP_SELF_CNODE, a, R_ALL, 0);
    EQ(sc(root, SYS_CNODE_MOVE, CAP_SELF_CNODE, m, CAP_SELF_CNODE, a, 0, 0), E_OK);
    EQ(S(m)->parent, S(ep));
    EQ(S(ep)->child, S(m));
    EQ(S(b)->parent, S(m));
    EQ(S(m)->child, S(b));
    CHECK(slot_empty(S(a)));
    EQ(sc(root, SYS_CNODE_MOVE, CAP_SELF_CNODE, m, CAP_SELF_CNODE, b, 0, 0), E_EXISTS);
}

static void delete_reparents_children(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), a = free_slot++, b = free_slot++, c = free_slot++;
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, a, CAP_SELF_CNODE, ep, R_ALL, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, b, CAP_SELF_CNODE, a, R_ALL, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, c, CAP_SELF_CNODE, a, R_ALL, 0);
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, a, 0, 0, 0, 0), E_OK);
    EQ(S(b)->parent, S(ep));
    EQ(S(c)->parent, S(ep));
    /* and revoking the original removes them */
    EQ(sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, ep, 0, 0, 0, 0), E_OK);
    CHECK(slot_empty(S(b)) && slot_empty(S(c)) && !slot_empty(S(ep)));
    EQ(((struct obj_hdr *)S(ep)->cap.obj)->refs, 1);
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, ep, 0, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, ep, 0, 0, 0, 0), E_OK);   /* empty: no-op */
}

static void revoke_untyped_destroys_everything_derived(void)
{
    /* a child untyped; objects from it; copies of them in another CNode */
    u64 ut = free_slot++;
    EQ(sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, OBJ_UNTYPED, 16, CAP_SELF_CNODE, ut, 1), E_OK);
    u64 cn = free_slot++, ep = free_slot++;
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_CNODE, 4, CAP_SELF_CNODE, cn, 1), E_OK);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_ENDPOINT, 0, CAP_SELF_CNODE, ep, 1), E_OK);
    EQ(sc(root, SYS_CNODE_COPY, cn, 3, CAP_SELF_CNODE, ep, R_ALL, 0), E_OK);
    EQ(sc(root, SYS_CNODE_COPY, cn, 4, CAP_SELF_CNODE, cn, R_ALL, 0), E_OK);  /* a cycle */
    struct obj_hdr *eph = (struct obj_hdr *)S(ep)->cap.obj;
    EQ(eph->refs, 2);
    EQ(sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, ut, 0, 0, 0, 0), E_OK);
    CHECK(slot_empty(S(cn)) && slot_empty(S(ep)));
    EQ(eph->type, OBJ_NULL);              /* destroyed */
    CHECK(S(ut)->child == NULL);
    /* the memory is reusable from the start */
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_ENDPOINT, 0, CAP_SELF_CNODE, ep, 1), E_OK);
    EQ(S(ep)->cap.obj, (u64)P2V(S(ut)->cap.obj));
}

/* Property: random copy/mint/move/delete/revoke keep the tree consistent and refcounts equal
 * to the number of caps naming each object. */
static u64 rnd = 88172645463325252UL;
static u64 xr(void) { rnd ^= rnd << 13; rnd ^= rnd >> 7; rnd ^= rnd << 17; return rnd; }

static void check_tree(u64 lo, u64 hi, u64 *objs, int nobj)
{
    int ok = 1;
    for (u64 i = lo; i < hi; i++) {
        struct slot *s = S(i);
        if (slot_empty(s)) { ok &= s->parent == NULL && s->child == NULL; continue; }
        for (struct slot *c = s->child; c; c = c->next) {
            ok &= c->parent == s;
            ok &= c->next == NULL || c->next->prev == c;
        }
        if (s->parent) {
            int found = 0;
            for (struct slot *c = s->parent->child; c; c = c->next) found |= c == s;
            ok &= found;
        }
    }
    for (int k = 0; k < nobj; k++) {
        u32 n = 0;
        for (u64 i = lo; i < hi; i++) n += !slot_empty(S(i)) && S(i)->cap.obj == objs[k];
        ok &= ((struct obj_hdr *)objs[k])->refs == n || (n == 0 && ((struct obj_hdr *)objs[k])->type == 0);
    }
    CHECK(ok);
}

static void random_operations_keep_invariants(void)
{
    u64 lo = free_slot, objs[4];
    for (int k = 0; k < 4; k++) { u64 s = mk(k & 1 ? OBJ_NOTIFICATION : OBJ_ENDPOINT, 0); objs[k] = S(s)->cap.obj; }
    u64 hi = lo + 40;
    free_slot = hi;
    for (int i = 0; i < 3000; i++) {
        u64 a = lo + xr() % (hi - lo), b = lo + xr() % (hi - lo);
        switch (xr() % 5) {
        case 0: sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, a, CAP_SELF_CNODE, b, xr() % 16, 0); break;
        case 1: sc(root, SYS_CNODE_MINT, CAP_SELF_CNODE, a, CAP_SELF_CNODE, b, R_ALL, xr() % 3); break;
        case 2: sc(root, SYS_CNODE_MOVE, CAP_SELF_CNODE, a, CAP_SELF_CNODE, b, 0, 0); break;
        case 3: if (xr() % 3 == 0) sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, a, 0, 0, 0, 0); break;
        case 4: if (xr() % 4 == 0) sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, a, 0, 0, 0, 0); break;
        }
        if (i % 100 == 0) check_tree(lo, hi, objs, 4);
    }
    check_tree(lo, hi, objs, 4);
}

static void revoking_a_long_chain(void)
{
    u64 ep = mk(OBJ_ENDPOINT, 0), first = free_slot, n = 900;
    int ok = 1;
    for (u64 i = 0; i < n; i++)          /* each a copy of the previous: a 900-deep chain */
        ok &= sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, first + i, CAP_SELF_CNODE, i ? first + i - 1 : ep, R_ALL, 0) == E_OK;
    CHECK(ok);
    EQ(((struct obj_hdr *)S(ep)->cap.obj)->refs, n + 1);
    EQ(S(first + n - 1)->parent, S(first + n - 2));
    EQ(sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, ep, 0, 0, 0, 0), E_OK);
    int empty = 1;
    for (u64 i = 0; i < n; i++) empty &= slot_empty(S(first + i));
    CHECK(empty);
    EQ(((struct obj_hdr *)S(ep)->cap.obj)->refs, 1);
    CHECK(S(ep)->child == NULL);
}

static void bad_indices_are_rejected(void)
{
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, 0, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, 1 << 12, 0, 0, 0, 0), E_RANGE);   /* the root CNode has 2^12 slots */
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, ~0UL, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_CNODE_DELETE, 0, 5, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_TCB, 5, 0, 0, 0, 0), E_CAP);
    EQ(sc(root, SYS_CNODE_REVOKE, free_slot + 3, 5, 0, 0, 0, 0), E_CAP);
    EQ(sc(root, SYS_CNODE_MOVE, CAP_SELF_CNODE, 5, CAP_SELF_CNODE, 5, 0, 0), E_EXISTS);
}

/* Two-level cptrs (CPTR2): slot j of the CNode in root slot i, for every call that names a cap. */
static void two_level_cptrs(void)
{
    u64 cn = mk(OBJ_CNODE, 8), ep = mk(OBJ_ENDPOINT, 0), ut = mk(OBJ_UNTYPED, 16);
    EQ(sc(root, SYS_CNODE_MOVE, cn, 5, CAP_SELF_CNODE, ep, 0, 0), E_OK);
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(cn, 5), 0, 0, 0, 0, 0), E_OK);
    EQ(root->ctx.x[1], OBJ_ENDPOINT);
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(cn, 6), 0, 0, 0, 0, 0), E_OK);
    EQ(root->ctx.x[1], OBJ_NULL);                                      /* an empty slot */
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(cn, 0), 0, 0, 0, 0, 0), E_OK);   /* index 0: the root slot itself */
    EQ(root->ctx.x[1], OBJ_CNODE);
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(cn, 256), 0, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(cn, 1UL << 20), 0, 0, 0, 0, 0), E_RANGE);   /* bits 52-63 */
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(0, 5), 0, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(1UL << 12, 5), 0, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(CAP_SELF_TCB, 5), 0, 0, 0, 0, 0), E_CAP);   /* not a CNode */
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(free_slot + 5, 5), 0, 0, 0, 0, 0), E_CAP);  /* empty */
    /* copy out of and into the second level, as a CNode operation's (cnode, index) */
    u64 back = free_slot++;
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, back, cn, 5, R_READ, 0), E_OK);
    EQ(lookup_slot(root, back, &(int){0})->parent, lookup_slot(root, CPTR2(cn, 5), &(int){0}));
    /* a CNode named by a two-level cptr is a destination too: retype into it */
    u64 inner = mk(OBJ_CNODE, 4);
    EQ(sc(root, SYS_CNODE_MOVE, cn, 7, CAP_SELF_CNODE, inner, 0, 0), E_OK);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CPTR2(cn, 7), 1, 3), E_OK);
    /* an untyped, a frame and a page table named at the second level */
    EQ(sc(root, SYS_CNODE_MOVE, cn, 8, CAP_SELF_CNODE, ut, 0, 0), E_OK);
    EQ(sc(root, SYS_UNTYPED_RETYPE, CPTR2(cn, 8), OBJ_FRAME, 0, cn, 9, 2), E_OK);
    EQ(sc(root, SYS_UNTYPED_RETYPE, CPTR2(cn, 8), OBJ_PAGETABLE, 0, cn, 11, 2), E_OK);
    u64 va = 0x7000000000UL;
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, CPTR2(cn, 9), va, R_READ, 0, 0), E_NOTABLE);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, CPTR2(cn, 11), va, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, CPTR2(cn, 12), va, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, CPTR2(cn, 9), va, R_READ | R_WRITE, 0, 0), E_OK);
    u64 pa;
    EQ(vspace_lookup(vspace_of(root), va, 1, &pa), E_OK);
    EQ(pa, lookup_slot(root, CPTR2(cn, 9), &(int){0})->cap.obj);
    EQ(sc(root, SYS_VSPACE_UNMAP, CPTR2(cn, 9), 0, 0, 0, 0, 0), E_OK);
    EQ(vspace_lookup(vspace_of(root), va, 0, &pa), E_RANGE);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, CPTR2(cn, 10), va, R_READ, 0, 0), E_OK);
    EQ(sc(root, SYS_CNODE_DELETE, cn, 10, 0, 0, 0, 0), E_OK);          /* deleting the cap unmaps */
    EQ(vspace_lookup(vspace_of(root), va, 0, &pa), E_RANGE);
    /* a thread's CSpace and VSpace given by two-level cptrs */
    u64 t = mk(OBJ_TCB, 0);
    EQ(sc(root, SYS_CNODE_COPY, cn, 13, CAP_SELF_CNODE, CAP_SELF_VSPACE, R_ALL, 0), E_OK);
    EQ(sc(root, SYS_TCB_CONFIGURE, t, CAP_SELF_CNODE, CPTR2(cn, 13), 0, 10, 0), E_OK);
    EQ(tcb_at(t)->vspace.cap.type, OBJ_VSPACE);
    /* deleting the CNode deletes everything in it, the nested one included */
    EQ(sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, cn, 0, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_CAP_IDENTIFY, CPTR2(cn, 5), 0, 0, 0, 0, 0), E_CAP);
    CHECK(slot_empty(lookup_slot(root, back, &(int){0})) == 0);          /* the copy outlives: reparented */
}

int main(void)
{
    RUN(copy_attenuates_rights);
    RUN(mint_sets_badge_once);
    RUN(unique_caps_cannot_be_copied);
    RUN(move_keeps_tree_position);
    RUN(delete_reparents_children);
    RUN(revoke_untyped_destroys_everything_derived);
    RUN(random_operations_keep_invariants);
    RUN(revoking_a_long_chain);
    RUN(bad_indices_are_rejected);
    RUN(two_level_cptrs);
    return test_done();
}
