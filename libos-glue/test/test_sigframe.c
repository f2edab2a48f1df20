/* The Linux arm64 rt_sigframe: layout, push (handler entry), rt_sigreturn (restore), and the
 * checks a malformed frame must fail. The layout is also checked against Linux's and glibc's own
 * aarch64 headers at build time (abi_check.c, compiled by the cross compiler). */
#include <stdlib.h>
#include <string.h>

#include "../shim/sigframe.h"
#include "test.h"

/* A stack to push frames on: the host addresses stand in for the thread's. */
static _Alignas(16) uint8_t stack[3 * 8192];

static void sample_cpu(struct cpu_state *cpu) {
    memset(cpu, 0, sizeof *cpu);
    for (int i = 0; i < 31; i++) cpu->x[i] = 0x1000 + i;
    cpu->sp = (uint64_t)(uintptr_t)(stack + sizeof stack - 40);   /* misaligned on purpose */
    cpu->pc = 0x400123;
    cpu->pstate = 0x60000000 | L_PSTATE_BTYPE;
    cpu->fpsr = 0x8000010;
    cpu->fpcr = 0x3000000;
    for (int i = 0; i < 32; i++) cpu->v[i] = ((__uint128_t)(0xabc0 + i) << 64) | (uint64_t)i;
}

static struct sigframe_args segv_args(struct l_siginfo *info) {
    memset(info, 0, sizeof *info);
    info->si_signo = L_SIGSEGV;
    info->si_code = L_SEGV_MAPERR;
    info->u.addr = 0xc;
    return (struct sigframe_args){
        .signo = L_SIGSEGV, .info = info, .handler = 0x7000, .restorer = 0x8000,
        .blocked = 0x5, .esr = 0x92000046, .fault_address = 0xc,
        .altstack = { .ss_flags = L_SS_DISABLE },
    };
}

TEST(layout_matches_linux) {
    CHECK_EQ(sizeof(struct l_siginfo), 128);
    CHECK_EQ(offsetof(struct l_siginfo, u.addr), 16);                 /* si_addr */
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc), 128);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_sigmask), 128 + 40);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_mcontext), 128 + 176);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_mcontext.fault_address), 304);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_mcontext.regs), 312);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_mcontext.sp), 560);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_mcontext.pc), 568);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_mcontext.pstate), 576);
    CHECK_EQ(offsetof(struct l_rt_sigframe, uc.uc_mcontext.reserved), 592);
    CHECK_EQ(sizeof(struct l_rt_sigframe), 4688);
    CHECK_EQ(sizeof(struct l_fpsimd_context), 0x210);
    CHECK_EQ(offsetof(struct l_fpsimd_context, vregs), 16);
    CHECK_EQ(sizeof(struct l_esr_context), 16);
    CHECK_EQ(L_FPSIMD_MAGIC, 0x46508001);
    CHECK_EQ(L_ESR_MAGIC, 0x45535201);
}

TEST(push_enters_the_handler_like_linux) {
    struct cpu_state cpu, before;
    struct l_siginfo info;
    sample_cpu(&cpu);
    before = cpu;
    struct sigframe_args a = segv_args(&info);
    uint64_t frame, top;
    sigframe_place(&cpu, &a, &frame, &top);
    CHECK_EQ(frame % 16, 0);
    CHECK(top <= before.sp && top > before.sp - 32);
    CHECK_EQ(top - frame, sizeof(struct l_rt_sigframe) + sizeof(struct l_frame_record));
    sigframe_push(&cpu, &a, frame);

    CHECK_EQ(cpu.x[0], L_SIGSEGV);
    CHECK_EQ(cpu.x[1], frame);                                       /* &info */
    CHECK_EQ(cpu.x[2], frame + 128);                                 /* &uc */
    CHECK_EQ(cpu.sp, frame);
    CHECK_EQ(cpu.pc, 0x7000);
    CHECK_EQ(cpu.x[30], 0x8000);                                     /* returns to the restorer */
    CHECK_EQ(cpu.x[29], frame + sizeof(struct l_rt_sigframe));       /* the frame record */
    CHECK_EQ(cpu.pstate, 0x60000000);                                /* BTYPE cleared */
    CHECK_EQ(cpu.x[3], before.x[3]);                                 /* the rest untouched */

    const struct l_frame_record *rec = (const void *)(uintptr_t)cpu.x[29];
    CHECK(rec->fp == before.x[29] && rec->lr == before.x[30]);
    const struct l_rt_sigframe *f = (const void *)(uintptr_t)frame;
    CHECK_EQ(f->info.si_signo, L_SIGSEGV);
    CHECK_EQ(f->info.si_code, L_SEGV_MAPERR);
    CHECK_EQ(f->info.u.addr, 0xc);
    CHECK_EQ(f->uc.uc_sigmask, 0x5);
    CHECK_EQ(f->uc.uc_mcontext.fault_address, 0xc);
    CHECK_EQ(f->uc.uc_mcontext.regs[7], 0x1007);
    CHECK_EQ(f->uc.uc_mcontext.sp, before.sp);
    CHECK_EQ(f->uc.uc_mcontext.pc, 0x400123);
    CHECK_EQ(f->uc.uc_mcontext.pstate, before.pstate);
    CHECK_EQ(f->uc.uc_stack.ss_flags, L_SS_DISABLE);

    const uint8_t *r = f->uc.uc_mcontext.reserved;
    const struct l_fpsimd_context *fp = (const void *)r;
    CHECK_EQ(fp->head.magic, L_FPSIMD_MAGIC);
    CHECK_EQ(fp->head.size, 528);
    CHECK_EQ(fp->fpsr, before.fpsr);
    CHECK_EQ(fp->fpcr, before.fpcr);
    CHECK(fp->vregs[31] == before.v[31]);
    const struct l_esr_context *esr = (const void *)(r + 528);
    CHECK_EQ(esr->head.magic, L_ESR_MAGIC);
    CHECK_EQ(esr->head.size, 16);
    CHECK_EQ(esr->esr, 0x92000046);
    const struct l_ctx_head *end = (const void *)(r + 528 + 16);
    CHECK(end->magic == 0 && end->size == 0);
}

TEST(no_esr_record_without_a_fault) {
    struct cpu_state cpu;
    struct l_siginfo info;
    sample_cpu(&cpu);
    struct sigframe_args a = segv_args(&info);
    a.esr = 0;
    uint64_t frame, top;
    sigframe_place(&cpu, &a, &frame, &top);
    sigframe_push(&cpu, &a, frame);
    const struct l_rt_sigframe *f = (const void *)(uintptr_t)frame;
    const struct l_ctx_head *end = (const void *)(f->uc.uc_mcontext.reserved + 528);
    CHECK(end->magic == 0 && end->size == 0);
}

TEST(sigaltstack_is_used_only_when_asked_and_not_already_on_it) {
    struct cpu_state cpu;
    struct l_siginfo info;
    sample_cpu(&cpu);
    struct sigframe_args a = segv_args(&info);
    uint64_t alt = (uint64_t)(uintptr_t)stack, frame, top;
    a.altstack = (struct l_stack){ .ss_sp = alt, .ss_flags = 0, .ss_size = 8192 };
    sigframe_place(&cpu, &a, &frame, &top);
    CHECK(frame > alt + 8192);                          /* no SA_ONSTACK: the thread's stack */
    a.on_altstack = 1;
    sigframe_place(&cpu, &a, &frame, &top);
    CHECK_EQ(top, alt + 8192);
    CHECK(frame >= alt);
    cpu.sp = alt + 6000;                                /* already on it: keep going down it */
    sigframe_place(&cpu, &a, &frame, &top);
    CHECK(top <= alt + 6000);
    sigframe_push(&cpu, &a, frame);
    CHECK_EQ(((const struct l_rt_sigframe *)(uintptr_t)frame)->uc.uc_stack.ss_flags, L_SS_ONSTACK);
}

TEST(sigreturn_restores_what_the_handler_left) {
    struct cpu_state cpu, before;
    struct l_siginfo info;
    sample_cpu(&cpu);
    before = cpu;
    struct sigframe_args a = segv_args(&info);
    a.blocked = (1ull << (L_SIGKILL - 1)) | (1ull << (L_SIGUSR1 - 1));
    uint64_t frame, top;
    sigframe_place(&cpu, &a, &frame, &top);
    sigframe_push(&cpu, &a, frame);
    /* HotSpot's handler: resume at a stub, with x8 changed */
    struct l_rt_sigframe *f = (void *)(uintptr_t)frame;
    f->uc.uc_mcontext.pc = 0x9990;
    f->uc.uc_mcontext.regs[8] = 0x42;
    f->uc.uc_mcontext.pstate |= 0x3c5;                  /* EL1h, DAIF: must not survive */
    cpu.x[5] = 0xdead;                                  /* the handler clobbered registers */
    uint64_t mask = 0;
    CHECK_EQ(sigframe_restore(&cpu, &mask), 0);
    CHECK_EQ(cpu.pc, 0x9990);
    CHECK_EQ(cpu.x[8], 0x42);
    CHECK_EQ(cpu.x[5], before.x[5]);
    CHECK_EQ(cpu.x[29], before.x[29]);
    CHECK_EQ(cpu.x[30], before.x[30]);
    CHECK_EQ(cpu.sp, before.sp);
    CHECK_EQ(cpu.pstate, 0x60000000);                   /* flags only: EL0t, unmasked */
    CHECK(cpu.v[17] == before.v[17] && cpu.fpsr == before.fpsr && cpu.fpcr == before.fpcr);
    CHECK_EQ(mask, 1ull << (L_SIGUSR1 - 1));            /* SIGKILL can never be blocked */
}

/* A pushed frame with cpu.sp at it, for corrupting. */
static struct l_rt_sigframe *pushed(struct cpu_state *cpu) {
    struct l_siginfo info;
    sample_cpu(cpu);
    struct sigframe_args a = segv_args(&info);
    uint64_t frame, top;
    sigframe_place(cpu, &a, &frame, &top);
    sigframe_push(cpu, &a, frame);
    return (void *)(uintptr_t)frame;
}

TEST(sigreturn_rejects_malformed_frames) {
    struct cpu_state cpu;
    uint64_t mask;
    struct l_rt_sigframe *f;
    struct l_ctx_head *h;

    f = pushed(&cpu);
    cpu.sp += 8;                                                  /* misaligned */
    CHECK_EQ(sigframe_restore(&cpu, &mask), -L_EFAULT);

    f = pushed(&cpu);
    h = (void *)f->uc.uc_mcontext.reserved;
    h->magic = 0x12345678;                                        /* unknown record */
    CHECK_EQ(sigframe_restore(&cpu, &mask), -L_EFAULT);

    f = pushed(&cpu);
    h = (void *)f->uc.uc_mcontext.reserved;
    h->size = 512;                                                /* wrong fpsimd size */
    CHECK_EQ(sigframe_restore(&cpu, &mask), -L_EFAULT);

    f = pushed(&cpu);
    h = (void *)f->uc.uc_mcontext.reserved;
    h->size = 8192;                                               /* runs past __reserved */
    CHECK_EQ(sigframe_restore(&cpu, &mask), -L_EFAULT);

    f = pushed(&cpu);
    memmove(f->uc.uc_mcontext.reserved, f->uc.uc_mcontext.reserved + 528, 32);  /* no fpsimd */
    CHECK_EQ(sigframe_restore(&cpu, &mask), -L_EFAULT);

    f = pushed(&cpu);
    h = (void *)(f->uc.uc_mcontext.reserved + 528 + 16);
    h->size = 16;                                                 /* terminator with a size */
    CHECK_EQ(sigframe_restore(&cpu, &mask), -L_EFAULT);

    f = pushed(&cpu);
    memset(f->uc.uc_mcontext.reserved, 0xff, sizeof f->uc.uc_mcontext.reserved);   /* garbage */
    CHECK_EQ(sigframe_restore(&cpu, &mask), -L_EFAULT);

    f = pushed(&cpu);                                             /* and the intact one works */
    CHECK_EQ(sigframe_restore(&cpu, &mask), 0);
}

void suite_sigframe(void) {
    RUN(layout_matches_linux);
    RUN(push_enters_the_handler_like_linux);
    RUN(no_esr_record_without_a_fault);
    RUN(sigaltstack_is_used_only_when_asked_and_not_already_on_it);
    RUN(sigreturn_restores_what_the_handler_left);
    RUN(sigreturn_rejects_malformed_frames);
}
