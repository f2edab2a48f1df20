/* Untyped memory and retype: alignment, exhaustion, argument checks, device memory, reuse. */
#include "test.h"

static struct slot *S(u64 i) { int e; return lookup_slot(root, i, &e); }

static u64 small_untyped(u32 bits)
{
    u64 s = free_slot++;
    EQ(sc(root, SYS_UNTYPED_RETYPE, CAP_FIRST_UNTYPED + 1, OBJ_UNTYPED, bits, CAP_SELF_CNODE, s, 1), E_OK);
    return s;
}

static void objects_are_aligned_and_zeroed(void)
{
    u64 ut = small_untyped(16), a = free_slot, b = a + 1;
    free_slot += 2;
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_ENDPOINT, 0, CAP_SELF_CNODE, a, 1), E_OK);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_TCB, 0, CAP_SELF_CNODE, b, 1), E_OK);
    u64 base = S(ut)->cap.obj;
    EQ(V2P(S(a)->cap.obj), base);
    EQ(V2P(S(b)->cap.obj), base + (1UL << TCB_BITS));
    EQ(S(ut)->cap.a, 2UL << TCB_BITS);
    u64 f = free_slot++;
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, f, 1), E_OK);
    u8 *p = P2V(S(f)->cap.obj);
    int zero = 1;
    for (int i = 0; i < 4096; i++) zero &= p[i] == 0;
    CHECK(zero);
    EQ(S(f)->cap.obj & 0xfff, 0);
}

static void exhaustion_and_bad_arguments(void)
{
    u64 ut = small_untyped(14), d = free_slot;
    free_slot += 8;
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 5), E_NOMEM);
    EQ(S(ut)->cap.a, 0);                                          /* nothing allocated */
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 4), E_OK);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_ENDPOINT, 0, CAP_SELF_CNODE, d + 4, 1), E_NOMEM);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_UNTYPED, 15, CAP_SELF_CNODE, d + 4, 1), E_NOMEM);
    u64 u2 = small_untyped(16);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 1), E_EXISTS);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 0, CAP_SELF_CNODE, d + 4, 0), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 0, CAP_SELF_CNODE, d + 4, 257), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_TYPES, 0, CAP_SELF_CNODE, d + 4, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_CONTROL, 0, CAP_SELF_CNODE, d + 4, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_CNODE, 0, CAP_SELF_CNODE, d + 4, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_CNODE, 21, CAP_SELF_CNODE, d + 4, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_CNODE, 13, CAP_SELF_CNODE, d + 4, 1), E_NOMEM);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 13, CAP_SELF_CNODE, d + 4, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 21, CAP_SELF_CNODE, d + 4, 1), E_NOMEM);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_UNTYPED, 11, CAP_SELF_CNODE, d + 4, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 99, CAP_SELF_CNODE, d + 4, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 0, CAP_SELF_CNODE, 1023, 2), E_RANGE);
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 0, CAP_SELF_TCB, 5, 1), E_CAP);
    EQ(sc(root, SYS_UNTYPED_RETYPE, CAP_SELF_TCB, OBJ_FRAME, 0, CAP_SELF_CNODE, d + 4, 1), E_CAP);
    u64 ro = free_slot++;
    sc(root, SYS_CNODE_MOVE, CAP_SELF_CNODE, ro, CAP_SELF_CNODE, u2, 0, 0);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ro, OBJ_FRAME, 0, CAP_SELF_CNODE, d + 4, 1), E_OK);
}

static void device_untyped_makes_only_frames(void)
{
    struct cap c;
    untyped_make(&c, 0x3F003000, 12, 1);
    u64 dev = free_slot++;
    cdt_insert(NULL, S(dev), &c);
    u64 d = free_slot++;
    EQ(sc(root, SYS_UNTYPED_RETYPE, dev, OBJ_TCB, 0, CAP_SELF_CNODE, d, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, dev, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 1), E_OK);
    CHECK(S(d)->cap.flags & CAPF_DEVICE);
    CHECK(!(S(d)->cap.rights & R_EXEC));
    /* mapped as device memory, never executable, and the kernel never copies through it */
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), 0x40000000, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), 0x40000000, 0, 0, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, d, 0x40000000, R_READ | R_WRITE | R_EXEC, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, d, 0x40000000, R_READ | R_WRITE, 0, 0), E_OK);
    u64 pa;
    EQ(vspace_lookup(vspace_of(root), 0x40000000, 0, &pa), E_RANGE);
}

static void memory_is_reused_after_revoke(void)
{
    u64 ut = small_untyped(14), d = free_slot;
    free_slot += 4;
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 4), E_OK);
    u64 first = S(d)->cap.obj;
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 1), E_EXISTS);
    sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, ut, 0, 0, 0, 0);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 4), E_OK);
    EQ(S(d)->cap.obj, first);
    /* while one child remains, the watermark stays */
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, d, 0, 0, 0, 0);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 1), E_NOMEM);
}

static void asids_run_out_cleanly(void)
{
    u64 ut = small_untyped(22), d = free_slot;
    u64 used = 0;
    for (int a = 1; a < NASID; a++) used += asid_table[a].l1 != NULL;
    free_slot += 300;
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_VSPACE, 0, CAP_SELF_CNODE, d, NASID - 1 - used), E_OK);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_VSPACE, 0, CAP_SELF_CNODE, d + 280, 1), E_NOMEM);
    sc(root, SYS_CNODE_DELETE, CAP_SELF_CNODE, d, 0, 0, 0, 0);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_VSPACE, 0, CAP_SELF_CNODE, d + 280, 1), E_OK);
}

static void carving_free_memory(void)
{
    struct boot_region r[32];
    int n = boot_carve(0x90000, 0x3C000000, r, 32, 0);
    u64 at = 0x90000, total = 0;
    int ok = 1;
    for (int i = 0; i < n; i++) {
        ok &= r[i].pa == at && (r[i].pa & ((1UL << r[i].bits) - 1)) == 0 && r[i].bits <= 30;
        at += 1UL << r[i].bits;
        total += 1UL << r[i].bits;
    }
    CHECK(ok);
    EQ(total, 0x3C000000 - 0x90000);
}

int main(void)
{
    RUN(objects_are_aligned_and_zeroed);
    RUN(exhaustion_and_bad_arguments);
    RUN(device_untyped_makes_only_frames);
    RUN(memory_is_reused_after_revoke);
    RUN(asids_run_out_cleanly);
    RUN(carving_free_memory);
    return test_done();
}
