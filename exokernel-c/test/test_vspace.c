/* Page tables and address spaces: map/unmap, rights, descriptor bits, stale mappings,
 * copy in/out. */
#include "test.h"

static struct slot *S(u64 i) { int e; return lookup_slot(root, i, &e); }
static u64 *l1(void) { return vspace_of(root); }
static u64 pte_of(u64 va)
{
    u64 *t = l1();
    for (int lvl = 1; lvl <= 3; lvl++) {
        u64 e = t[(va >> (39 - 9 * lvl)) & 511];
        if (!(e & PTE_VALID)) return 0;
        if (lvl == 3) return e;
        t = P2V(PTE_ADDR(e));
    }
    return 0;
}
#define VA 0x40000000UL      /* an empty 1 GB region of root's space */

static void tables_are_needed_level_by_level(void)
{
    u64 f = mk(OBJ_FRAME, 0), pt2 = mk(OBJ_PAGETABLE, 0), pt3 = mk(OBJ_PAGETABLE, 0), pt4 = mk(OBJ_PAGETABLE, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, R_READ, 0, 0), E_NOTABLE);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt2, VA, 0, 0, 0), E_OK);
    EQ(S(pt2)->cap.bits, 2);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, R_READ, 0, 0), E_NOTABLE);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt3, VA, 0, 0, 0), E_OK);
    EQ(S(pt3)->cap.bits, 3);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt4, VA, 0, 0, 0), E_EXISTS);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt3, VA + (2UL << 20), 0, 0, 0), E_EXISTS);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, R_READ, 0, 0), E_OK);
    u64 e = pte_of(VA);
    EQ(PTE_ADDR(e), S(f)->cap.obj);
    CHECK(e & PTE_USER); CHECK(e & PTE_RO); CHECK(e & PTE_UXN); CHECK(e & PTE_PXN); CHECK(e & PTE_NG); CHECK(e & PTE_AF);
    EQ((e >> 2) & 7, MAIR_NORMAL);
    /* one mapping per cap, one frame per slot */
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA + PAGE_SIZE, R_READ, 0, 0), E_EXISTS);
    u64 g = mk(OBJ_FRAME, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, g, VA, R_READ, 0, 0), E_EXISTS);
    u64 x = mk(OBJ_FRAME, 0);
    u64 syncs = icache_syncs;
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, x, VA + PAGE_SIZE, R_READ | R_WRITE | R_EXEC, 0, 0), E_OK);
    e = pte_of(VA + PAGE_SIZE);
    CHECK(!(e & PTE_RO)); CHECK(!(e & PTE_UXN));
    EQ(icache_syncs, syncs + 1);
}

static void map_arguments_are_checked(void)
{
    u64 f = mk(OBJ_FRAME, 0), ro = free_slot++;
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA + 1, R_READ, 0, 0), E_RANGE);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, USER_TOP, R_READ, 0, 0), E_RANGE);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, R_WRITE, 0, 0), E_INVAL);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, 99, 0, 0), E_INVAL);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, CAP_SELF_TCB, VA, R_READ, 0, 0), E_CAP);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_TCB, f, VA, R_READ, 0, 0), E_CAP);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, f, VA, 0, 0, 0), E_CAP);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), USER_TOP, 0, 0, 0), E_RANGE);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, ro, CAP_SELF_CNODE, f, R_READ, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, ro, VA, R_READ | R_WRITE, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, ro, VA, R_READ, 0, 0), E_OK);
    EQ(sc(root, SYS_VSPACE_UNMAP, CAP_SELF_VSPACE, 0, 0, 0, 0, 0), E_CAP);
}

static void deleting_or_revoking_unmaps(void)
{
    u64 f = mk(OBJ_FRAME, 0), c = free_slot++;
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, c, CAP_SELF_CNODE, f, R_ALL, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, R_READ, 0, 0), E_OK);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, c, VA + PAGE_SIZE, R_READ, 0, 0), E_OK);
    u64 fl = tlb_flushes;
    EQ(sc(root, SYS_VSPACE_UNMAP, f, 0, 0, 0, 0, 0), E_OK);
    EQ(pte_of(VA), 0);
    CHECK(tlb_flushes > fl);
    CHECK(!(S(f)->cap.flags & CAPF_MAPPED));
    EQ(sc(root, SYS_VSPACE_UNMAP, f, 0, 0, 0, 0, 0), E_OK);       /* idempotent */
    /* revoking the original removes the copy's mapping */
    CHECK(pte_of(VA + PAGE_SIZE) != 0);
    sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, f, 0, 0, 0, 0);
    EQ(pte_of(VA + PAGE_SIZE), 0);
}

static void stale_mappings_are_not_touched(void)
{
    u64 pt2 = mk(OBJ_PAGETABLE, 0), pt3 = mk(OBJ_PAGETABLE, 0), f = mk(OBJ_FRAME, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt2, VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt3, VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, R_READ, 0, 0);
    /* unmapping the L2 table detaches and clears it */
    EQ(sc(root, SYS_VSPACE_UNMAP, pt2, 0, 0, 0, 0, 0), E_OK);
    EQ(pte_of(VA), 0);
    u64 *t = P2V(S(pt2)->cap.obj);
    int zero = 1;
    for (int i = 0; i < 512; i++) zero &= t[i] == 0;
    CHECK(zero);
    /* new tables and a new frame at the same address; the old frame cap's unmap leaves them */
    u64 n2 = mk(OBJ_PAGETABLE, 0), n3 = mk(OBJ_PAGETABLE, 0), g = mk(OBJ_FRAME, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, n2, VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, n3, VA, 0, 0, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, g, VA, R_READ, 0, 0), E_OK);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, f, 0, 0, 0, 0);
    EQ(PTE_ADDR(pte_of(VA)), S(g)->cap.obj);
    /* the stale L3 cap is remappable after an unmap */
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt3, VA + (4UL << 20), 0, 0, 0), E_EXISTS);
    EQ(sc(root, SYS_VSPACE_UNMAP, pt3, 0, 0, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt3, VA + (4UL << 20), 0, 0, 0), E_OK);
}

static void destroyed_vspace_frees_its_asid(void)
{
    u64 vs = mk(OBJ_VSPACE, 0);
    u64 asid = S(vs)->cap.a, vsid = S(vs)->cap.b;
    CHECK(asid > 0 && asid < NASID);
    EQ(asid_table[asid].refs, 1);
    u64 f = mk(OBJ_FRAME, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, vs, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, vs, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    EQ(sc(root, SYS_VSPACE_MAP, vs, f, VA, R_READ, 0, 0), E_OK);
    u64 fl = tlb_flushes;
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, vs, 0, 0, 0, 0);
    CHECK(asid_table[asid].l1 == NULL);
    CHECK(tlb_flushes > fl);
    /* a new vspace may get the same asid; the old frame cap cannot unmap in it */
    u64 vs2 = mk(OBJ_VSPACE, 0);
    CHECK(S(vs2)->cap.b != vsid);
    sc(root, SYS_VSPACE_UNMAP, f, 0, 0, 0, 0, 0);
    CHECK(!(S(f)->cap.flags & CAPF_MAPPED));
}

static void copy_in_and_out_follow_user_rights(void)
{
    u64 f = mk(OBJ_FRAME, 0), g = mk(OBJ_FRAME, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, f, VA, R_READ | R_WRITE, 0, 0);
    sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, g, VA + PAGE_SIZE, R_READ, 0, 0);
    char buf[16] = "hello, kernel!";
    EQ(copy_out(l1(), VA + PAGE_SIZE - 4, buf, 8), E_RANGE);     /* crosses into read-only */
    EQ(copy_out(l1(), VA + 100, buf, 15), E_OK);
    char in[16] = {0};
    EQ(copy_in(l1(), in, VA + 100, 15), E_OK);
    CHECK(memcmp(in, buf, 15) == 0);
    EQ(copy_in(l1(), in, VA + PAGE_SIZE - 4, 8), E_OK);         /* reading read-only is fine */
    EQ(copy_in(l1(), in, VA + 2 * PAGE_SIZE, 1), E_RANGE);
    EQ(copy_in(l1(), in, ~0UL - 2, 8), E_RANGE);
    /* debug_write uses copy_in */
    EQ(sc(root, SYS_DEBUG_WRITE, VA + 100, 15, 0, 0, 0, 0), E_OK);
    EQ(sc(root, SYS_DEBUG_WRITE, VA + 2 * PAGE_SIZE, 1, 0, 0, 0, 0), E_RANGE);
    EQ(sc(root, SYS_DEBUG_WRITE, VA, 257, 0, 0, 0, 0), E_RANGE);
}

static void large_frames_are_l2_blocks(void)
{
    u64 big = free_slot++, small = mk(OBJ_FRAME, 0), pt2 = mk(OBJ_PAGETABLE, 0);
    EQ(sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, OBJ_FRAME, 21, CAP_SELF_CNODE, big, 1), E_OK);
    EQ(S(big)->cap.bits, 21);
    EQ(S(big)->cap.obj & ((1UL << 21) - 1), 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, big, VA, R_READ | R_WRITE, 0, 0), E_NOTABLE);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, pt2, VA, 0, 0, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, big, VA + PAGE_SIZE, R_READ, 0, 0), E_RANGE);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, big, VA, R_READ | R_WRITE, 0, 0), E_OK);
    u64 *l2 = P2V(PTE_ADDR(l1()[1]));
    u64 e = l2[0];
    CHECK((e & 3) == 1);                                 /* a block, not a table */
    EQ(PTE_ADDR(e), S(big)->cap.obj);
    CHECK(e & PTE_USER); CHECK(!(e & PTE_RO)); CHECK(e & PTE_UXN);
    /* nothing else fits under it */
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, small, VA + 5 * PAGE_SIZE, R_READ, 0, 0), E_EXISTS);
    EQ(sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), VA, 0, 0, 0), E_EXISTS);
    /* the kernel reads and writes through it */
    u64 v = 0xfeedface, back = 0;
    EQ(copy_out(l1(), VA + 0x123458, &v, 8), E_OK);
    EQ(*(u64 *)P2V(S(big)->cap.obj + 0x123458), 0xfeedface);
    EQ(copy_in(l1(), &back, VA + 0x123458, 8), E_OK);
    EQ(back, 0xfeedface);
    /* unmap removes the block */
    EQ(sc(root, SYS_VSPACE_UNMAP, big, 0, 0, 0, 0, 0), E_OK);
    EQ(l2[0], 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, big, VA + (2UL << 20), R_READ, 0, 0), E_OK);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, big, 0, 0, 0, 0);
    EQ(l2[1], 0);
}

int main(void)
{
    RUN(tables_are_needed_level_by_level);
    RUN(map_arguments_are_checked);
    RUN(deleting_or_revoking_unmaps);
    RUN(stale_mappings_are_not_touched);
    RUN(destroyed_vspace_frees_its_asid);
    RUN(copy_in_and_out_follow_user_rights);
    RUN(large_frames_are_l2_blocks);
    return test_done();
}
