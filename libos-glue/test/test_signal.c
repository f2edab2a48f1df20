/* Signal dispositions, masks, the alternate stack, and fault delivery + rt_sigreturn on a
 * thread's registers (the shim's side of HotSpot's SIGSEGV-as-control-flow). */
#include <string.h>

#include "../shim/signal.h"
#include "test.h"

#define P(x) ((uint64_t)(uintptr_t)(x))
static _Alignas(16) uint8_t stack[16384];

static void setup(struct shim *s, struct shim_thread *t) {
    memset(s, 0, sizeof *s);
    memset(t, 0, sizeof *t);
    t->tid = 1;
}

TEST(sigaction_sets_and_returns_dispositions) {
    struct shim s; struct shim_thread t;
    setup(&s, &t);
    struct l_sigaction act = { 0x7000, L_SA_SIGINFO | L_SA_RESTART, 0, L_SIGBIT(L_SIGKILL) | L_SIGBIT(L_SIGUSR1) }, old;
    CHECK_EQ(shim_rt_sigaction(&s, L_SIGSEGV, P(&act), P(&old), 8), 0);
    CHECK_EQ(old.handler, L_SIG_DFL);
    CHECK_EQ(shim_rt_sigaction(&s, L_SIGSEGV, 0, P(&old), 8), 0);
    CHECK(old.handler == 0x7000 && old.flags == (L_SA_SIGINFO | L_SA_RESTART));
    CHECK_EQ(old.mask, L_SIGBIT(L_SIGUSR1));                  /* SIGKILL cannot be in a mask */
    CHECK_EQ(shim_rt_sigaction(&s, L_SIGKILL, P(&act), 0, 8), -L_EINVAL);
    CHECK_EQ(shim_rt_sigaction(&s, L_SIGKILL, 0, P(&old), 8), 0);      /* reading it is fine */
    CHECK_EQ(shim_rt_sigaction(&s, 0, 0, P(&old), 8), -L_EINVAL);
    CHECK_EQ(shim_rt_sigaction(&s, 65, 0, P(&old), 8), -L_EINVAL);
    CHECK_EQ(shim_rt_sigaction(&s, L_SIGSEGV, P(&act), 0, 16), -L_EINVAL);
}

TEST(sigprocmask_block_unblock_setmask) {
    struct shim s; struct shim_thread t;
    setup(&s, &t);
    uint64_t set = L_SIGBIT(L_SIGUSR1) | L_SIGBIT(L_SIGSTOP), old;
    CHECK_EQ(shim_rt_sigprocmask(&s, &t, L_SIG_BLOCK, P(&set), P(&old), 8), 0);
    CHECK_EQ(old, 0);
    CHECK_EQ(t.blocked, L_SIGBIT(L_SIGUSR1));                   /* SIGSTOP silently dropped */
    set = L_SIGBIT(L_SIGUSR1);
    CHECK_EQ(shim_rt_sigprocmask(&s, &t, L_SIG_UNBLOCK, P(&set), 0, 8), 0);
    CHECK_EQ(t.blocked, 0);
    set = ~0ull;
    CHECK_EQ(shim_rt_sigprocmask(&s, &t, L_SIG_SETMASK, P(&set), 0, 8), 0);
    CHECK_EQ(t.blocked, ~L_UNBLOCKABLE);
    CHECK_EQ(shim_rt_sigprocmask(&s, &t, 7, P(&set), 0, 8), -L_EINVAL);
    CHECK_EQ(shim_rt_sigprocmask(&s, &t, 7, 0, P(&old), 8), 0);  /* no set: how is ignored */
}

TEST(sigaltstack_rules) {
    struct shim s; struct shim_thread t;
    setup(&s, &t);
    struct l_stack ss = { P(stack), 0, 0, sizeof stack }, o;
    CHECK_EQ(shim_sigaltstack(&s, &t, 0, P(&o), 0), 0);
    CHECK_EQ(o.ss_flags, L_SS_DISABLE);
    CHECK_EQ(shim_sigaltstack(&s, &t, P(&ss), 0, 0), 0);
    CHECK_EQ(shim_sigaltstack(&s, &t, 0, P(&o), P(stack) + 100), 0);
    CHECK(o.ss_sp == P(stack) && o.ss_flags == L_SS_ONSTACK);
    CHECK_EQ(shim_sigaltstack(&s, &t, P(&ss), 0, P(stack) + 100), -L_EPERM);   /* while on it */
    ss.ss_size = 1000;
    CHECK_EQ(shim_sigaltstack(&s, &t, P(&ss), 0, 0), -L_ENOMEM);
    ss.ss_flags = 5;
    CHECK_EQ(shim_sigaltstack(&s, &t, P(&ss), 0, 0), -L_EINVAL);
}

static void cpu_on_stack(struct cpu_state *cpu) {
    memset(cpu, 0, sizeof *cpu);
    for (int i = 0; i < 31; i++) cpu->x[i] = 100 + i;
    cpu->sp = P(stack + sizeof stack);
    cpu->pc = 0x400800;
    cpu->v[3] = 12345;
}

TEST(a_fault_without_a_handler_kills) {
    struct shim s; struct shim_thread t; struct cpu_state cpu;
    setup(&s, &t);
    cpu_on_stack(&cpu);
    CHECK_EQ(shim_deliver_fault(&s, &t, &cpu, L_SIGSEGV, L_SEGV_MAPERR, 0x10, 0x92000006, 0x9000), -1);
    struct l_sigaction act = { L_SIG_IGN, 0, 0, 0 };
    shim_rt_sigaction(&s, L_SIGSEGV, P(&act), 0, 8);
    CHECK_EQ(shim_deliver_fault(&s, &t, &cpu, L_SIGSEGV, L_SEGV_MAPERR, 0x10, 0, 0x9000), -1);
    act.handler = 0x7000;
    shim_rt_sigaction(&s, L_SIGSEGV, P(&act), 0, 8);
    t.blocked = L_SIGBIT(L_SIGSEGV);                            /* blocked: still fatal */
    CHECK_EQ(shim_deliver_fault(&s, &t, &cpu, L_SIGSEGV, L_SEGV_MAPERR, 0x10, 0, 0x9000), -1);
    CHECK_EQ(cpu.pc, 0x400800);                                 /* and nothing was changed */
}

TEST(deliver_then_sigreturn_like_a_null_check) {
    struct shim s; struct shim_thread t; struct cpu_state cpu;
    setup(&s, &t);
    cpu_on_stack(&cpu);
    struct l_sigaction act = { 0x7000, L_SA_SIGINFO | L_SA_RESTART, 0, L_SIGBIT(L_SIGUSR2) };
    shim_rt_sigaction(&s, L_SIGSEGV, P(&act), 0, 8);
    t.blocked = L_SIGBIT(L_SIGUSR1);
    CHECK_EQ(shim_deliver_fault(&s, &t, &cpu, L_SIGSEGV, L_SEGV_MAPERR, 0xc, 0x92000006, 0x9000), 0);
    CHECK_EQ(cpu.pc, 0x7000);
    CHECK_EQ(cpu.x[30], 0x9000);                                /* the shim's trampoline */
    CHECK_EQ(cpu.x[0], L_SIGSEGV);
    const struct l_siginfo *info = (const void *)(uintptr_t)cpu.x[1];
    CHECK(info->si_code == L_SEGV_MAPERR && info->u.addr == 0xc);
    CHECK_EQ(t.blocked, L_SIGBIT(L_SIGUSR1) | L_SIGBIT(L_SIGUSR2) | L_SIGBIT(L_SIGSEGV));
    /* the handler (HotSpot's) moves pc to a stub and unblocks SIGSEGV itself */
    struct l_ucontext *uc = (void *)(uintptr_t)cpu.x[2];
    uc->uc_mcontext.pc = 0x400900;
    t.blocked &= ~L_SIGBIT(L_SIGSEGV);
    cpu.x[7] = 0;                                               /* clobbered by the handler */
    cpu.v[3] = 0;
    CHECK_EQ(shim_sigreturn(&s, &t, &cpu), 0);
    CHECK_EQ(cpu.pc, 0x400900);
    CHECK_EQ(cpu.x[7], 107);
    CHECK(cpu.v[3] == 12345);
    CHECK_EQ(cpu.sp, P(stack + sizeof stack));
    CHECK_EQ(t.blocked, L_SIGBIT(L_SIGUSR1));                   /* the mask from before the signal */
}

/* kill / tgkill: pending until the thread leaves the shim unblocked; then a frame like a fault's
 * (no fault records) with SI_TKILL/SI_USER and the sender's pid, or the default action. */
TEST(asynchronous_signals_pend_then_deliver) {
    struct shim s; struct shim_thread t; struct cpu_state cpu;
    setup(&s, &t);
    s.pid = 1;
    cpu_on_stack(&cpu);
    CHECK_EQ(shim_signal_send(&s, &t, 65, L_SI_TKILL), -L_EINVAL);
    CHECK_EQ(shim_signal_send(&s, &t, -1, L_SI_TKILL), -L_EINVAL);
    CHECK_EQ(shim_signal_send(&s, &t, 0, L_SI_TKILL), 0);              /* an existence check */
    CHECK_EQ(t.pending, 0);
    CHECK_EQ(shim_signal_send(&s, &t, L_SIGCHLD, L_SI_USER), 0);      /* ignored by default: dropped */
    CHECK_EQ(t.pending, 0);
    struct l_sigaction act = { 0x7000, L_SA_SIGINFO, 0, 0 };
    shim_rt_sigaction(&s, L_SIGUSR1, P(&act), 0, 8);
    t.blocked = L_SIGBIT(L_SIGUSR1);
    CHECK_EQ(shim_signal_send(&s, &t, L_SIGUSR1, L_SI_TKILL), 0);
    CHECK_EQ(shim_signal_send(&s, &t, L_SIGUSR1, L_SI_TKILL), 0);     /* one instance pending */
    CHECK(!shim_signal_deliverable(&s, &t));
    uint64_t pc = cpu.pc;
    CHECK_EQ(shim_deliver_pending(&s, &t, &cpu, 0x9000), 0);          /* blocked: stays */
    CHECK_EQ(cpu.pc, pc);
    t.blocked = 0;
    CHECK(shim_signal_deliverable(&s, &t));
    CHECK_EQ(shim_deliver_pending(&s, &t, &cpu, 0x9000), 0);
    CHECK_EQ(cpu.pc, 0x7000);
    CHECK_EQ(cpu.x[0], L_SIGUSR1);
    CHECK_EQ(cpu.x[30], 0x9000);
    const struct l_siginfo *info = (const void *)(uintptr_t)cpu.x[1];
    CHECK(info->si_signo == L_SIGUSR1 && info->si_code == L_SI_TKILL && info->u.kill.pid == 1);
    struct l_ucontext *uc = (void *)(uintptr_t)cpu.x[2];
    const struct l_ctx_head *rec = (const void *)uc->uc_mcontext.reserved;
    CHECK_EQ(rec->magic, L_FPSIMD_MAGIC);
    rec = (const void *)((const uint8_t *)rec + rec->size);
    CHECK_EQ(rec->magic, 0);                                          /* no esr record */
    CHECK_EQ(t.pending, 0);
    CHECK_EQ(t.blocked, L_SIGBIT(L_SIGUSR1));                         /* blocked in its handler */
    CHECK_EQ(shim_sigreturn(&s, &t, &cpu), 0);
    CHECK_EQ(cpu.pc, pc);
    CHECK_EQ(t.blocked, 0);
    /* the lowest pending signal first; a default action that ends the process is returned */
    CHECK_EQ(shim_signal_send(&s, &t, L_SIGTERM, L_SI_USER), 0);
    CHECK_EQ(shim_signal_send(&s, &t, L_SIGABRT, L_SI_TKILL), 0);
    CHECK_EQ(shim_deliver_pending(&s, &t, &cpu, 0x9000), L_SIGABRT);
    CHECK_EQ(shim_deliver_pending(&s, &t, &cpu, 0x9000), L_SIGTERM);
    CHECK_EQ(shim_deliver_pending(&s, &t, &cpu, 0x9000), 0);
    /* made ignored after it was sent: dropped on delivery */
    CHECK_EQ(shim_signal_send(&s, &t, L_SIGUSR2, L_SI_USER), 0);
    act.handler = L_SIG_IGN;
    shim_rt_sigaction(&s, L_SIGUSR2, P(&act), 0, 8);
    CHECK_EQ(shim_deliver_pending(&s, &t, &cpu, 0x9000), 0);
    CHECK_EQ(t.pending, 0);
    CHECK_EQ(shim_signal_send(&s, &t, L_SIGKILL, L_SI_USER), 0);
    CHECK_EQ(shim_deliver_pending(&s, &t, &cpu, 0x9000), L_SIGKILL);
}

TEST(nodefer_resethand_and_sa_restorer) {
    struct shim s; struct shim_thread t; struct cpu_state cpu;
    setup(&s, &t);
    cpu_on_stack(&cpu);
    struct l_sigaction act = { 0x7000, L_SA_SIGINFO | L_SA_NODEFER | L_SA_RESETHAND | L_SA_RESTORER, 0x7100, 0 };
    shim_rt_sigaction(&s, L_SIGBUS, P(&act), 0, 8);
    CHECK_EQ(shim_deliver_fault(&s, &t, &cpu, L_SIGBUS, L_BUS_ADRERR, 0x1000, 0, 0x9000), 0);
    CHECK_EQ(cpu.x[30], 0x7100);
    CHECK_EQ(t.blocked, 0);                                     /* SA_NODEFER */
    CHECK_EQ(s.sigaction[L_SIGBUS - 1].handler, L_SIG_DFL);     /* SA_RESETHAND */
}

void suite_signal(void) {
    RUN(sigaction_sets_and_returns_dispositions);
    RUN(sigprocmask_block_unblock_setmask);
    RUN(sigaltstack_rules);
    RUN(a_fault_without_a_handler_kills);
    RUN(deliver_then_sigreturn_like_a_null_check);
    RUN(nodefer_resethand_and_sa_restorer);
    RUN(asynchronous_signals_pend_then_deliver);
}
