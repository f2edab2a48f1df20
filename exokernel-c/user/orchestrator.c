/* The orchestrator: the root task. It owns all memory (as untyped caps), builds every other
 * PD from its image, supervises them through one endpoint (requests and faults, told apart by
 * badge), and checks what the kernel guarantees. Prints "TEST <name> PASS|FAIL". */
#include "gao.h"
#include "demo.h"

extern char worker_image[], worker_image_end[], driver_image[], driver_image_end[];
extern char intruder_image[], intruder_image_end[], fuzzer_image[], fuzzer_image_end[];

#define FAULT_BADGE 0x100
#define SCRATCH_VA  0x20000000UL
#define MY_SHARED_VA 0x30001000UL

static struct bootinfo *bi;
static word slot_next, ut_cur, E, failures;
static struct msg m;

static void result(const char *name, int ok)
{
    printf("TEST %s %s\n", name, ok ? "PASS" : "FAIL");
    if (!ok) failures++;
}

static void check(long e, const char *what)
{
    if (e) { printf("[orch] %s failed: error %ld\n", what, e); failures++; }
}

static word slot_alloc(void) { return slot_next++; }

static word obj_alloc(word type, word bits)
{
    word s = slot_alloc();
    for (;;) {
        word k = ut_cur - CAP_FIRST_UNTYPED;
        if (k >= bi->n_untyped) { printf("[orch] out of memory\n"); halt(CAP_CONTROL, 3); }
        if (bi->untyped[k].kind == UT_RAM && retype(ut_cur, type, bits, CAP_SELF_CNODE, s, 1) == E_OK)
            return s;
        ut_cur++;
    }
}

static long map_page(word vs, word frame, word va, word rights)
{
    long e;
    while ((e = vmap(vs, frame, va, rights)) == E_NOTABLE)
        if ((e = vmap_table(vs, obj_alloc(OBJ_PAGETABLE, 0), va)))
            return e;
    return e;
}

/* ---- building PDs ---- */
struct pd { word cnode, vspace, tcb, id; };

static void pd_create(struct pd *p, word id, const char *img, const char *end, word prio, word arg)
{
    p->id = id;
    p->cnode = obj_alloc(OBJ_CNODE, PD_CNODE_BITS);
    p->vspace = obj_alloc(OBJ_VSPACE, 0);
    p->tcb = obj_alloc(OBJ_TCB, 0);
    word size = (word)(end - img), mem = ((const word *)img)[1];
    if (mem < size) mem = size;
    for (word off = 0; off < mem; off += PAGE_SIZE) {
        word f = obj_alloc(OBJ_FRAME, 0);
        check(map_page(CAP_SELF_VSPACE, f, SCRATCH_VA, R_READ | R_WRITE), "map scratch");
        if (off < size) memcpy((void *)SCRATCH_VA, img + off, size - off < PAGE_SIZE ? size - off : PAGE_SIZE);
        cache_sync((void *)SCRATCH_VA, PAGE_SIZE);
        check(vunmap(f), "unmap scratch");
        check(map_page(p->vspace, f, PD_IMAGE + off, R_READ | R_WRITE | R_EXEC), "map image");
    }
    for (word i = 1; i <= 4; i++)
        check(map_page(p->vspace, obj_alloc(OBJ_FRAME, 0), PD_STACK_TOP - i * PAGE_SIZE, R_READ | R_WRITE), "map stack");
    check(cnode_copy(p->cnode, C_CNODE, CAP_SELF_CNODE, p->cnode, R_ALL), "give cnode");
    check(cnode_copy(p->cnode, C_VSPACE, CAP_SELF_CNODE, p->vspace, R_ALL), "give vspace");
    check(cnode_mint(p->cnode, C_ORCH, CAP_SELF_CNODE, E, R_WRITE | R_GRANT, id), "give orch ep");
    word fault_ep = slot_alloc();
    check(cnode_mint(CAP_SELF_CNODE, fault_ep, CAP_SELF_CNODE, E, R_WRITE, FAULT_BADGE | id), "mint fault ep");
    check(tcb_configure(p->tcb, p->cnode, p->vspace, fault_ep, prio), "configure");
    check(tcb_write_reg(p->tcb, REG_PC, PD_IMAGE), "pc");
    check(tcb_write_reg(p->tcb, REG_SP, PD_STACK_TOP), "sp");
    check(tcb_write_reg(p->tcb, REG_X(0), arg), "x0");
}

/* ---- receiving ---- */
static void get(void) { check(recv(E, &m, 0), "recv"); }
static word label(void) { return TAG_LABEL(m.tag); }
static int is_fault(struct pd *p) { return m.badge == (FAULT_BADGE | p->id); }
static void answer(word w0) { struct msg r = { TAG(0, 1, 0), { w0 } }; check(reply(&r, 0), "reply"); }
static void resume(word how, word x0) { struct msg r = { TAG(how, 1, 0), { x0 } }; check(reply(&r, 0), "reply"); }

static int expect(struct pd *p, word badge, word lab)
{
    get();
    if (m.badge == badge && label() == lab) return 1;
    printf("[orch] from pd %lu: expected label %lu badge %lx, got label %lu badge %lx (w %lx %lx %lx)\n",
           p->id, lab, badge, label(), m.badge, m.w[0], m.w[1], m.w[2]);
    return 0;
}

static void skip_instruction(struct pd *p)
{
    word pc;
    check(tcb_read_reg(p->tcb, REG_PC, &pc), "read pc");
    check(tcb_write_reg(p->tcb, REG_PC, pc + 4), "write pc");
}

/* ---- the tests ---- */
static void test_frames(void)
{
    word f = obj_alloc(OBJ_FRAME, 0);
    long e = map_page(CAP_SELF_VSPACE, f, 0x30000000, R_READ | R_WRITE);
    volatile word *p = (volatile word *)0x30000000;
    int ok = e == 0 && p[0] == 0 && p[511] == 0;
    for (word i = 0; i < 512; i++) p[i] = i * 3;
    for (word i = 0; i < 512; i++) ok &= p[i] == i * 3;
    result("frame-alloc-map", ok);
    /* a 2 MB frame: one cap, one L2 block */
    word big = obj_alloc(OBJ_FRAME, 21);
    e = map_page(CAP_SELF_VSPACE, big, 0x40000000, R_READ | R_WRITE);
    volatile word *q = (volatile word *)0x40000000;
    ok = e == 0 && q[0] == 0 && q[(1 << 18) - 1] == 0;
    q[0] = 1; q[(1 << 18) - 1] = 2;
    ok &= q[0] == 1 && q[(1 << 18) - 1] == 2;
    result("large-frame-2mb", ok);
}

/* The initramfs (test/mkinitrd.sh, loaded by QEMU at INITRD_PADDR): its pages come as
 * read-only frames of initrd untypeds, with the loader's bytes; the frames go into a second
 * CNode and are mapped by two-level cptrs. */
static int find_bytes(const volatile char *p, word n, const char *s)
{
    word k = strlen(s);
    for (word i = 0; i + k <= n; i++)
        if (memcmp((const void *)(p + i), s, k) == 0) return 1;
    return 0;
}

static void test_initrd(void)
{
    word pages = (bi->initrd_size + PAGE_SIZE - 1) / PAGE_SIZE, va = 0x50000000, got = 0, first = 0;
    printf("[orch] initramfs at %lx, %lu bytes, %lu pages\n", bi->initrd_paddr, bi->initrd_size, pages);
    int ok = bi->initrd_paddr == INITRD_PADDR && pages >= 3 && pages < 64;
    word cn = obj_alloc(OBJ_CNODE, 6), junk = slot_alloc();
    /* the archive is carved into power-of-two untypeds, listed in address order */
    for (word k = 0; ok && k < bi->n_untyped; k++) {
        if (bi->untyped[k].kind != UT_INITRD) continue;
        word n = 1UL << (bi->untyped[k].size_bits - PAGE_BITS);
        if (!first) first = CAP_FIRST_UNTYPED + k;
        ok &= bi->untyped[k].paddr == bi->initrd_paddr + got * PAGE_SIZE;
        ok &= retype(CAP_FIRST_UNTYPED + k, OBJ_FRAME, 0, cn, 1 + got, n) == E_OK;
        got += n;
    }
    ok &= got == pages;
    ok &= retype(first, OBJ_UNTYPED, 12, CAP_SELF_CNODE, junk, 1) == E_NOMEM;      /* all used */
    ok &= retype(first, OBJ_TCB, 0, CAP_SELF_CNODE, junk, 1) == E_INVAL;          /* frames only */
    ok &= retype(first, OBJ_CNODE, 4, CAP_SELF_CNODE, junk, 1) == E_INVAL;
    ok &= vmap(CAP_SELF_VSPACE, CPTR2(cn, 1), va, R_READ | R_WRITE) == E_RIGHTS;   /* read-only */
    for (word i = 0; ok && i < pages; i++)
        ok &= map_page(CAP_SELF_VSPACE, CPTR2(cn, 1 + i), va + i * PAGE_SIZE, R_READ | R_EXEC) == E_OK;
    const volatile char *a = (const volatile char *)va;
    ok &= ok && find_bytes(a, 6, "070701") && find_bytes(a, PAGE_SIZE, "GaoOS initrd\n") &&
          find_bytes(a + bi->initrd_size - 128, 128, "TRAILER!!!");
    result("initrd-read-only-frames", ok);
    /* two-level cptrs name caps anywhere in that CNode, for every call */
    word type, rights, badge;
    ok = identify(CPTR2(cn, 2), &type, &rights, &badge) == E_OK && type == OBJ_FRAME && rights == (R_READ | R_EXEC | R_GRANT);
    ok &= identify(CPTR2(cn, pages + 1), &type, &rights, &badge) == E_OK && type == OBJ_NULL;
    ok &= identify(CPTR2(cn, 1UL << 6), &type, &rights, &badge) == E_RANGE;
    ok &= vmap(CAP_SELF_VSPACE, CPTR2(E, 1), va + 64 * PAGE_SIZE, R_READ) == E_CAP;      /* E is not a CNode */
    ok &= vunmap(CPTR2(cn, 1)) == E_OK && vmap(CAP_SELF_VSPACE, CPTR2(cn, 1), va, R_READ) == E_OK && a[0] == '0';
    ok &= cnode_delete(cn, 2) == E_OK && identify(CPTR2(cn, 2), &type, &rights, &badge) == E_OK && type == OBJ_NULL;
    result("frames-named-by-two-level-cptrs", ok);
    check(cnode_delete(CAP_SELF_CNODE, cn), "delete initrd cnode");
}

/* The CPU's ID registers (EL0 cannot read them) come in the boot info: a Cortex-A53 with FP and
 * Advanced SIMD (the POSIX shim derives AT_HWCAP and /proc/cpuinfo from them). */
static void test_cpu_id(void)
{
    printf("[orch] CPU: MIDR %lx, ID_AA64ISAR0 %lx, ID_AA64PFR0 %lx\n", bi->midr, bi->id_aa64isar0, bi->id_aa64pfr0);
    result("cpu-id-registers-in-bootinfo", bi->midr >> 24 == 0x41 && ((bi->midr >> 4) & 0xfff) == 0xd03 &&
                                           ((bi->id_aa64pfr0 >> 16) & 15) != 15 && ((bi->id_aa64pfr0 >> 20) & 15) != 15);
}

static void run_worker_a(void)
{
    struct pd a;
    pd_create(&a, 1, worker_image, worker_image_end, 100, ROLE_A << 8);
    check(tcb_resume(a.tcb), "resume a");
    if (expect(&a, 1, L_HELLO)) answer(0);
    get();
    while (label() == L_PING && m.badge == 1) { answer(m.w[0] + 1); get(); }
    int ok = label() == L_REPORT && m.w[0] == T_ROUNDTRIP && m.w[1] == 1;
    word ticks = m.w[2], n = m.w[3], hz = counter_freq();
    result("ipc-roundtrip", ok);
    printf("IPC: %lu call+reply round trips through libgao and the orchestrator's C loop: %lu ns each\n",
           n, ticks * 1000000000 / hz / (n ? n : 1));
    answer(0);
    /* the bare round trip: answer BENCH_ROUNDS calls with a tight reply-recv loop */
    if (expect(&a, 1, L_BENCH)) {
        answer(0);
        register word k __asm__("x9") = BENCH_ROUNDS;
        __asm__ volatile("1: mov x0, %1; mov x1, xzr; mov x7, xzr; mov x8, %2; svc #1; subs %0, %0, #1; b.ne 1b"
                         : "+r"(k) : "r"(E), "i"(SYS_REPLY_RECV)
                         : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "memory");
        answer(0);
    }
    if (expect(&a, 1, L_REPORT)) {
        ticks = m.w[2], n = m.w[3];
        printf("IPC: bare call + reply-recv round trip (cross address space): %lu rounds in %lu ticks = %lu ns each"
               " (= instructions per round trip when QEMU runs with -icount shift=0)\n",
               n, ticks, ticks * 1000000000 / hz / n);
        answer(0);
    }
    /* delegate a frame over IPC */
    word f = obj_alloc(OBJ_FRAME, 0);
    check(map_page(CAP_SELF_VSPACE, f, MY_SHARED_VA, R_READ | R_WRITE), "map shared");
    if (expect(&a, 1, L_GIMME_FRAME)) {
        struct msg r = { TAG(0, 0, 1) };
        check(reply(&r, f), "reply with cap");
    }
    if (expect(&a, 1, L_CHECK_FRAME)) {
        int same = *(volatile word *)MY_SHARED_VA == 0xC0FFEE;
        answer(same);
        result("cap-delegation-shared-frame", same);
    }
    /* revoke: the worker's copy (and its mapping) goes; its next access faults */
    check(cnode_revoke(CAP_SELF_CNODE, f), "revoke");
    int faulted = expect(&a, FAULT_BADGE | 1, FAULT_VM) && m.w[1] == SHARED_VA;
    result("revoke-removes-delegated-mapping", faulted);
    /* destroy the worker */
    check(cnode_delete(CAP_SELF_CNODE, a.tcb), "delete tcb");
    word r[8] = { a.tcb };
    gao_call(r, SYS_CAP_IDENTIFY);
    result("destroy-faulted-worker", r[0] == E_OK && r[1] == OBJ_NULL);
}

static struct pd b;
static word b_ntfn;

static void run_worker_b(void)
{
    pd_create(&b, 2, worker_image, worker_image_end, 100, ROLE_B << 8);
    check(cnode_copy(b.cnode, C_TCB, CAP_SELF_CNODE, b.tcb, R_ALL), "give tcb");
    b_ntfn = obj_alloc(OBJ_NOTIFICATION, 0);
    check(cnode_copy(b.cnode, C_EXTRA, CAP_SELF_CNODE, b_ntfn, R_READ), "give ntfn");
    check(tcb_resume(b.tcb), "resume b");
    word fb = FAULT_BADGE | 2;
    if (expect(&b, 2, L_HELLO)) answer(0);
    /* 1. page fault: map a page there and resume */
    if (expect(&b, fb, FAULT_VM) && m.w[1] == HOLE_VA) {
        check(map_page(b.vspace, obj_alloc(OBJ_FRAME, 0), HOLE_VA, R_READ | R_WRITE), "map hole");
        resume(FAULT_RESUME, 0);
    }
    if (expect(&b, 2, L_REPORT)) { result("fault-map-and-resume", m.w[1] == 1); answer(0); }
    /* 2. undefined instruction: rewrite pc and x0 */
    if (expect(&b, fb, FAULT_UNDEF)) {
        skip_instruction(&b);
        check(tcb_write_reg(b.tcb, REG_X(0), 0x1234), "write x0");
        resume(FAULT_RESUME, 0);
    }
    if (expect(&b, 2, L_REPORT)) { result("fault-rewrite-registers", m.w[1] == 1); answer(0); }
    /* 3. alignment */
    if (expect(&b, fb, FAULT_ALIGN)) { skip_instruction(&b); resume(FAULT_RESUME, 0); }
    if (expect(&b, 2, L_REPORT)) { result("fault-alignment", m.w[1] == 1); answer(0); }
    /* 4. unknown syscall */
    if (expect(&b, fb, FAULT_SYSCALL) && m.w[1] == 999) resume(FAULT_RESUME_X0, E_NOSYS);
    if (expect(&b, 2, L_REPORT)) { result("fault-invalid-syscall", m.w[1] == 1); answer(0); }
    /* 5. the upcall path never reaches us */
    if (expect(&b, 2, L_REPORT)) { result("linux-svc-reflected-to-el0-handler", m.w[1] == 1); answer(0); }
    if (expect(&b, 2, L_REPORT)) { result("fault-reflected-to-el0-handler", m.w[1] == 1); answer(0); }
    /* 6. EL0 system registers, TLS and FP state */
    if (expect(&b, 2, L_PING)) {
        volatile double x = 1.5;                    /* use FP/SIMD in the orchestrator meanwhile */
        __asm__ volatile("fmov d8, xzr" ::: "d8");
        x = x * 3.0;
        answer((word)x);
    }
    if (expect(&b, 2, L_REPORT)) {
        printf("[orch] worker B: CTR_EL0 %lx DCZID_EL0 %lx\n", m.w[2], m.w[3]);
        result("el0-cache-ops-tls-and-fp-state", m.w[0] == T_EL0 && m.w[1] == 1);
        answer(0);
    }
    /* 7. crash: restart from the entry point */
    if (expect(&b, fb, FAULT_VM) && m.w[1] == 0) {
        check(tcb_write_reg(b.tcb, REG_PC, PD_IMAGE), "pc");
        check(tcb_write_reg(b.tcb, REG_SP, PD_STACK_TOP), "sp");
        check(tcb_write_reg(b.tcb, REG_X(0), ROLE_B << 8 | 1), "x0");
        resume(FAULT_RESUME, 0);
    }
    int ok = expect(&b, 2, L_HELLO) && m.w[0] == 1;
    result("restart-by-supervisor", ok);
    answer(0);
}

static void run_intruder(void)
{
    struct pd p;
    pd_create(&p, 3, intruder_image, intruder_image_end, 100, 0);
    check(cnode_delete(p.cnode, C_CNODE), "take cnode");        /* it gets only C_ORCH */
    check(cnode_delete(p.cnode, C_VSPACE), "take vspace");
    check(tcb_resume(p.tcb), "resume intruder");
    word vm = 0, undef = 0;
    for (;;) {
        get();
        if (is_fault(&p)) {
            vm += label() == FAULT_VM;
            undef += label() == FAULT_UNDEF;
            skip_instruction(&p);
            resume(FAULT_RESUME, 0);
            continue;
        }
        break;
    }
    int report = m.badge == 3 && label() == L_REPORT && m.w[0] == T_ISOLATION;
    printf("[orch] intruder: %lu memory faults, %lu privileged-instruction faults, %lu of %lu cap operations succeeded\n",
           vm, undef, m.w[1], m.w[2]);
    result("isolation-memory", vm == 5 && undef == 1);
    result("isolation-caps", report && m.w[1] == 0 && m.w[2] > 700);
    answer(0);
    check(cnode_delete(CAP_SELF_CNODE, p.tcb), "destroy intruder");
}

static void run_driver(void)
{
    struct pd p;
    word dev = 0;
    for (word k = 0; k < bi->n_untyped; k++)
        if (bi->untyped[k].kind == UT_DEVICE && bi->untyped[k].paddr == 0x3F003000) dev = CAP_FIRST_UNTYPED + k;
    word frame = slot_alloc(), irq = slot_alloc(), ntfn = obj_alloc(OBJ_NOTIFICATION, 0);
    check(retype(dev, OBJ_FRAME, 0, CAP_SELF_CNODE, frame, 1), "device frame");
    check(irq_get(CAP_CONTROL, 1, CAP_SELF_CNODE, irq), "irq handler");
    check(irq_set_ntfn(irq, ntfn), "irq ntfn");
    pd_create(&p, 4, driver_image, driver_image_end, 150, 0);
    check(cnode_copy(p.cnode, C_EXTRA, CAP_SELF_CNODE, frame, R_READ | R_WRITE), "give frame");
    check(cnode_move(p.cnode, C_EXTRA + 1, CAP_SELF_CNODE, irq), "give irq");
    check(cnode_copy(p.cnode, C_EXTRA + 2, CAP_SELF_CNODE, ntfn, R_READ), "give ntfn");
    check(tcb_resume(p.tcb), "resume driver");
    int ok = expect(&p, 4, L_REPORT) && m.w[0] == T_DRIVER && m.w[1] == 3;
    result("user-level-driver-irq", ok);
    answer(0);
    check(cnode_delete(CAP_SELF_CNODE, p.tcb), "destroy driver");
}

static void run_spinners(void)
{
    struct pd c[2];
    word page = obj_alloc(OBJ_FRAME, 0);
    for (word i = 0; i < 2; i++) {
        pd_create(&c[i], 6 + i, worker_image, worker_image_end, 90, ROLE_C << 8 | i);
        word copy = slot_alloc();
        check(cnode_copy(CAP_SELF_CNODE, copy, CAP_SELF_CNODE, page, R_READ | R_WRITE), "copy page");
        check(map_page(c[i].vspace, copy, SPIN_VA, R_READ | R_WRITE), "map page");
    }
    for (word i = 0; i < 2; i++) check(tcb_set_affinity(c[i].tcb, 2), "spinners on core 2");
    for (word i = 0; i < 2; i++) check(tcb_resume(c[i].tcb), "resume spinner");
    get();
    word first = m.w[1], other = m.w[2];
    int ok = label() == L_REPORT && m.w[0] == T_SPIN && other > 0 && other < SPINS;
    printf("[orch] spinner %lu finished first; the other had counted %lu of %lu by then\n", first, other, SPINS);
    answer(0);
    get();
    answer(0);
    result("preemptive-round-robin", ok);
    for (word i = 0; i < 2; i++) check(cnode_delete(CAP_SELF_CNODE, c[i].tcb), "delete spinner");
}

static void test_timeouts(void)
{
    word n = obj_alloc(OBJ_NOTIFICATION, 0), hz = counter_freq(), want = hz / 200;   /* 5 ms */
    word took = sleep_ticks(n, want), bits;
    check(ntfn_set_timeout(n, counter() + hz), "arm");                   /* 1 s, then cancel */
    check(ntfn_set_timeout(n, 0), "cancel");
    check(poll(n, &bits), "poll");
    printf("[orch] slept %lu us for a 5000 us timeout\n", took * 1000000 / hz);
    result("timeout-notification", took >= want && took < 100 * want && bits == 0);
}

static void run_smp(void)
{
    struct pd d[3];
    for (word i = 0; i < 3; i++) {
        pd_create(&d[i], 8 + i, worker_image, worker_image_end, 100, ROLE_D << 8 | (i + 1));
        check(cnode_copy(d[i].cnode, C_EXTRA, CAP_SELF_CNODE, obj_alloc(OBJ_NOTIFICATION, 0), R_ALL), "give ntfn");
        check(tcb_set_affinity(d[i].tcb, i + 1), "affinity");
    }
    for (word i = 0; i < 3; i++) check(tcb_resume(d[i].tcb), "resume");
    word reports = 0, on_core = 0, calls_ok = 0, pings = 0;
    while (reports < 3) {
        get();
        if (label() == L_PING) { pings++; answer(m.w[0] + 1); continue; }
        if (label() == L_REPORT && m.w[0] == T_SMP) {
            word want = m.badge - 7;                 /* badges 8, 9, 10 run on cores 1, 2, 3 */
            printf("[orch] pd %lu ran on core %lu\n", m.badge, m.w[1]);
            on_core += m.w[1] == want && m.w[3] == 1;
            calls_ok += m.w[2] == 1;
            reports++;
            answer(0);
            continue;
        }
        if (label() == FAULT_EXIT) continue;        /* one that has reported returns from main */
        printf("[orch] smp: unexpected label %lu badge %lx\n", label(), m.badge);
        break;
    }
    result("threads-run-on-cores-1-2-3", on_core == 3);
    result("cross-core-ipc", calls_ok == 3 && pings == 3 * SMP_CALLS);
    for (word i = 0; i < 3; i++) check(cnode_delete(CAP_SELF_CNODE, d[i].tcb), "delete smp pd");
}

static void run_fuzzer(void)
{
    struct pd p;
    word u0 = obj_alloc(OBJ_UNTYPED, 18), u1 = slot_alloc(), objs = slot_alloc();
    slot_next += 2;
    check(retype(u0, OBJ_UNTYPED, 16, CAP_SELF_CNODE, u1, 1), "fuzz untyped");
    check(retype(u0, OBJ_ENDPOINT, 0, CAP_SELF_CNODE, objs, 1), "fuzz ep");
    check(retype(u0, OBJ_NOTIFICATION, 0, CAP_SELF_CNODE, objs + 1, 1), "fuzz ntfn");
    check(retype(u0, OBJ_FRAME, 0, CAP_SELF_CNODE, objs + 2, 1), "fuzz frame");
    pd_create(&p, 5, fuzzer_image, fuzzer_image_end, 50, 0x1234567);
    check(cnode_delete(p.cnode, C_ORCH), "take orch ep");     /* it may only fault to us */
    check(cnode_move(p.cnode, C_EXTRA, CAP_SELF_CNODE, u1), "give untyped");
    for (word i = 0; i < 3; i++)
        check(cnode_move(p.cnode, C_EXTRA + 1 + i, CAP_SELF_CNODE, objs + i), "give obj");
    check(tcb_resume(p.tcb), "resume fuzzer");
    word nosys = 0, calls = 0, other = 0;
    for (;;) {
        get();
        if (is_fault(&p) && label() == FAULT_SYSCALL) { nosys++; resume(FAULT_RESUME_X0, E_NOSYS); continue; }
        if (is_fault(&p) && label() == FAULT_EXIT) { calls = m.w[1]; break; }
        printf("[orch] fuzzer: unexpected label %lu badge %lx pc %lx addr %lx\n", label(), m.badge, m.w[0], m.w[1]);
        other++;
        if (is_fault(&p)) { skip_instruction(&p); resume(FAULT_RESUME, 0); }
        if (other > 10) break;
    }
    printf("[orch] fuzzer made %lu calls; %lu unknown syscalls answered E_NOSYS\n", calls, nosys);
    result("syscall-fuzzer-survived", calls >= 20000 && other == 0);
    /* clean up everything it made: revoke the untyped it came from */
    check(cnode_revoke(CAP_SELF_CNODE, u0), "revoke fuzzer memory");
    check(cnode_delete(CAP_SELF_CNODE, p.tcb), "delete fuzzer");
    check(cnode_delete(CAP_SELF_CNODE, p.cnode), "delete fuzzer cnode");
    /* the other PDs are still fine: wake worker B, which pings */
    check(signal(b_ntfn), "signal b");
    int ok = expect(&b, 2, L_PING) && m.w[0] == 41;
    answer(42);
    result("other-pds-alive-after-fuzz", ok);
}

int main(struct bootinfo *info)
{
    bi = info;
    slot_next = bi->first_free_slot;
    ut_cur = CAP_FIRST_UNTYPED;
    printf("[orch] root task up: %lu untyped regions, first free slot %lu\n", bi->n_untyped, slot_next);
    E = obj_alloc(OBJ_ENDPOINT, 0);
    test_frames();
    test_initrd();
    test_cpu_id();
    test_timeouts();
    run_worker_a();
    run_worker_b();
    run_intruder();
    run_driver();
    run_spinners();
    run_smp();
    run_fuzzer();
    printf(failures ? "SOME TESTS FAILED (%lu)\n" : "ALL TESTS PASSED\n", failures);
    halt(CAP_CONTROL, failures);
    return 0;
}
