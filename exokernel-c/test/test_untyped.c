/* Untyped memory and retype: alignment, exhaustion, argument checks, device memory, reuse,
 * the initramfs (finding its extent, and its read-only untypeds). */
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
    EQ(sc(root, SYS_UNTYPED_RETYPE, u2, OBJ_FRAME, 0, CAP_SELF_CNODE, (1 << 12) - 1, 2), E_RANGE);
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

/* ---- the initramfs ---- */
static u64 put_entry(u8 *p, u64 off, const char *name, u64 size, const char *magic)
{
    u64 namesize = strlen(name) + 1;
    char h[128];
    snprintf(h, sizeof h, "%s%08X%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
             magic, 1, 0100644, 0, 0, 1, 0, size, 0, 0, 0, 0, namesize, 0);
    memcpy(p + off, h, 110);
    memcpy(p + off + 110, name, namesize);
    u64 data = (off + 110 + namesize + 3) & ~3UL;
    memset(p + data, 'D', size);
    return (data + size + 3) & ~3UL;
}

static void initrd_extent_reads_headers(void)
{
    static u8 a[8192];
    memset(a, 0, sizeof a);
    u64 end = put_entry(a, 0, "hello.txt", 13, "070701");
    end = put_entry(a, end, "big", 3000, "070702");             /* the crc variant too */
    u64 trailer = end;
    end = put_entry(a, end, "TRAILER!!!", 0, "070701");
    EQ(initrd_extent(a, sizeof a), end);
    EQ(end, trailer + 112 + 12);                                  /* header, name, padding */
    EQ(initrd_extent(a, end), end);
    int truncated_ok = 1;                                         /* every shorter view fails */
    for (u64 n = 0; n < end; n++) truncated_ok &= initrd_extent(a, n) == 0;
    CHECK(truncated_ok);
    a[5] = '9';                                                   /* bad magic */
    EQ(initrd_extent(a, sizeof a), 0);
    a[5] = '1';
    a[60] = 'x';                                                  /* a size that is not hex */
    EQ(initrd_extent(a, sizeof a), 0);
    a[60] = '0';
    EQ(initrd_extent(a, sizeof a), end);
    memcpy(a + trailer + 110, "TRAILER!!?", 10);                  /* no trailer: runs into zeros */
    EQ(initrd_extent(a, sizeof a), 0);
    memset(a, 0, sizeof a);                                       /* nothing loaded */
    EQ(initrd_extent(a, sizeof a), 0);
}

#define INITRD_AT (FAKE_PHYS + (3UL << (FAKE_BITS - 2)))         /* the last 4 MB of the fake RAM */
static u64 initrd_len;
static void load_initrd(void)
{
    u8 *p = P2V(INITRD_AT);
    u64 end = put_entry(p, 0, "first", 5000, "070701");
    end = put_entry(p, end, "pat", 3 * PAGE_SIZE, "070701");
    for (u64 i = 0; i < 3 * PAGE_SIZE; i++) p[end - 3 * PAGE_SIZE + i] = (u8)(i * 7);   /* a pattern */
    initrd_len = put_entry(p, end, "TRAILER!!!", 0, "070701");
}

static void initrd_untyped_hands_over_its_bytes(void)
{
    /* boot as main.c does: RAM, then the initrd carved as initrd untypeds */
    load_initrd();                                   /* once, to learn the length */
    u64 len = initrd_len;
    struct boot_region reg[8];
    int n = boot_carve(FAKE_PHYS, INITRD_AT, reg, 4, UT_RAM);
    u64 end = (INITRD_AT + len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    int first = n;
    n += boot_carve(INITRD_AT, end, reg + n, 4, UT_INITRD);
    env_boot(reg, n, INITRD_AT, len, load_initrd);
    u64 pa;
    EQ(vspace_lookup(vspace_of(root), BOOTINFO_VADDR, 0, &pa), E_OK);
    struct bootinfo *bi = P2V(pa);
    EQ(bi->initrd_paddr, INITRD_AT);
    EQ(bi->midr, 0x410fd034);                       /* the CPU's ID registers, for the shim */
    EQ(bi->id_aa64isar0, 0x11120);
    EQ(bi->id_aa64pfr0, 0x11);
    EQ(bi->initrd_size, len);
    EQ(bi->untyped[first].kind, UT_INITRD);
    EQ(bi->untyped[first].paddr, INITRD_AT);
    EQ(bi->untyped[0].kind, UT_RAM);
    u64 ut = CAP_FIRST_UNTYPED + (u64)first;
    CHECK(S(ut)->cap.flags & CAPF_INITRD);
    EQ(S(ut)->cap.bits, 14);                          /* 16 KB of a 5-page archive: then 4 KB */
    /* frames only, never zeroed, read-only */
    u64 d = free_slot;
    free_slot += 8;
    static const u32 refused[] = { OBJ_TCB, OBJ_CNODE, OBJ_ENDPOINT, OBJ_NOTIFICATION, OBJ_PAGETABLE, OBJ_VSPACE };
    for (u32 i = 0; i < sizeof refused / sizeof refused[0]; i++)
        EQ(sc(root, SYS_UNTYPED_RETYPE, ut, refused[i], 4, CAP_SELF_CNODE, d, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 2), E_OK);
    EQ(S(d)->cap.obj, INITRD_AT);
    EQ(S(d)->cap.rights, R_READ | R_EXEC | R_GRANT);
    CHECK(memcmp(P2V(S(d)->cap.obj), "070701", 6) == 0);
    /* a child untyped keeps the kind: its frames hold the pattern file's bytes */
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_UNTYPED, 13, CAP_SELF_CNODE, d + 2, 1), E_OK);
    CHECK(S(d + 2)->cap.flags & CAPF_INITRD);
    EQ(sc(root, SYS_UNTYPED_RETYPE, d + 2, OBJ_TCB, 0, CAP_SELF_CNODE, d + 3, 1), E_INVAL);
    EQ(sc(root, SYS_UNTYPED_RETYPE, d + 2, OBJ_FRAME, 0, CAP_SELF_CNODE, d + 3, 2), E_OK);
    EQ(S(d + 4)->cap.rights, R_READ | R_EXEC | R_GRANT);
    u8 *page3 = P2V(S(d + 3)->cap.obj);                     /* archive page 2 */
    int pattern = 1;
    for (u64 i = 0; i < PAGE_SIZE; i++) {
        u64 off = 2 * PAGE_SIZE + i, pat = len - 112 - 12 - 3 * PAGE_SIZE;   /* where the pattern starts */
        if (off >= pat && off < pat + 3 * PAGE_SIZE) pattern &= page3[i] == (u8)((off - pat) * 7);
    }
    CHECK(pattern);
    /* mapped: never writable; readable and executable as normal memory; the kernel copies in, never out */
    u64 va = 0x40000000;
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), va, 0, 0, 0);
    sc(root, SYS_VSPACE_MAP_TABLE, CAP_SELF_VSPACE, mk(OBJ_PAGETABLE, 0), va, 0, 0, 0);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, d, va, R_READ | R_WRITE, 0, 0), E_RIGHTS);
    EQ(sc(root, SYS_VSPACE_MAP, CAP_SELF_VSPACE, d, va, R_READ | R_EXEC, 0, 0), E_OK);
    EQ(vspace_lookup(vspace_of(root), va, 0, &pa), E_OK);
    EQ(pa, INITRD_AT);
    EQ(vspace_lookup(vspace_of(root), va, 1, &pa), E_RANGE);
    char buf[6];
    EQ(copy_in(vspace_of(root), buf, va, 6), E_OK);
    CHECK(memcmp(buf, "070701", 6) == 0);
    EQ(copy_out(vspace_of(root), va, "x", 1), E_RANGE);
    u64 wr = free_slot++;
    EQ(sc(root, SYS_CNODE_COPY, CAP_SELF_CNODE, wr, CAP_SELF_CNODE, d + 1, R_ALL, 0), E_OK);
    EQ(S(wr)->cap.rights, R_READ | R_EXEC | R_GRANT);          /* a copy never gains R_WRITE */
    /* revoked and retyped again: the same bytes (nothing zeroes them) */
    sc(root, SYS_CNODE_REVOKE, CAP_SELF_CNODE, ut, 0, 0, 0, 0);
    EQ(sc(root, SYS_UNTYPED_RETYPE, ut, OBJ_FRAME, 0, CAP_SELF_CNODE, d, 1), E_OK);
    CHECK(memcmp(P2V(S(d)->cap.obj), "070701", 6) == 0);
}

int main(void)
{
    RUN(objects_are_aligned_and_zeroed);
    RUN(exhaustion_and_bad_arguments);
    RUN(device_untyped_makes_only_frames);
    RUN(memory_is_reused_after_revoke);
    RUN(asids_run_out_cleanly);
    RUN(carving_free_memory);
    RUN(initrd_extent_reads_headers);
    initrd_untyped_hands_over_its_bytes();
    return test_done();
}
