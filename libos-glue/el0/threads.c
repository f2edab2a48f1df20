/* The program's threads: clone makes a TCB in the same PD with the parent's registers, its own
 * upcall frame and stack; exit honours CHILD_CLEARTID; futex waits and sleeps block on the
 * thread's notification, with the kernel's notification timeout for deadlines. One lock
 * serialises the shim: a thread in it may be preempted by the timer. A thread's record and TCB
 * are reused by a later clone once it has exited. */
#include <string.h>

#include "../shim/heap.h"
#include "../shim/linux.h"
#include "../shim/signal.h"
#include "el0.h"

struct thread *threads[MAX_THREADS];
int nthreads;
static int next_tid = 1;
static volatile int shim_lock;
static uint64_t counter_hz;

/* The holder may run on another core and leave soon: spin a little before giving the core away
 * (on one core the holder only runs once the waiter yields). */
void lock(void) {
    while (__atomic_exchange_n(&shim_lock, 1, __ATOMIC_ACQUIRE)) {
        for (int i = 0; i < 256 && __atomic_load_n(&shim_lock, __ATOMIC_RELAXED); i++) __asm__ volatile("yield");
        if (__atomic_load_n(&shim_lock, __ATOMIC_RELAXED)) kcall(SYS_YIELD, 0, 0, 0, 0, 0, 0);
    }
}
void unlock(void) { __atomic_store_n(&shim_lock, 0, __ATOMIC_RELEASE); }

#define L_CLONE_VM 0x100
#define L_CLONE_FS 0x200
#define L_CLONE_FILES 0x400
#define L_CLONE_SIGHAND 0x800
#define L_CLONE_THREAD 0x10000
#define L_CLONE_SYSVSEM 0x40000
#define L_CLONE_SETTLS 0x80000
#define L_CLONE_PARENT_SETTID 0x100000
#define L_CLONE_CHILD_CLEARTID 0x200000
#define L_CLONE_CHILD_SETTID 0x1000000
#define L_CLONE_THREAD_FLAGS (L_CLONE_VM | L_CLONE_FS | L_CLONE_FILES | L_CLONE_SIGHAND | L_CLONE_THREAD)

/* A new thread record with its notification (and TCB, unless given). */
struct thread *thread_new(word tcb) {
    if (nthreads == MAX_THREADS) return NULL;
    struct thread *th = shim_alloc(sizeof *th);
    if (!th) return NULL;
    th->tcb = tcb ? tcb : new_object(OBJ_TCB);
    th->ntfn = new_object(OBJ_NOTIFICATION);
    /* a badged copy to signal with (an unbadged signal ORs in nothing), also for timeouts */
    th->ntfn_signal = new_slot();
    long err = kcall(SYS_CNODE_MINT, CAP_SELF_CNODE, th->ntfn_signal, CAP_SELF_CNODE, th->ntfn, R_ALL, 1);
    if (err) panic("mint of a thread's notification", err);
    threads[nthreads++] = th;
    return th;
}

/* A record to reuse: a thread that exited. Its TCB is suspended here too, in case it has not yet
 * reached its own suspend after leaving the lock (it never runs again either way). */
static struct thread *thread_reuse(void) {
    for (int i = 0; i < nthreads; i++) {
        struct thread *th = threads[i];
        if (!th->exited) continue;
        kcall(SYS_TCB_SUSPEND, th->tcb, 0, 0, 0, 0, 0);
        kcall(SYS_POLL, th->ntfn, 0, 0, 0, 0, 0);               /* drop stale wake-ups */
        th->exited = 0;
        return th;
    }
    return NULL;
}

static void woken(struct futex_waiter *w, void *ctx) {
    struct thread *th = w->thread;
    kcall(SYS_SIGNAL, th->ntfn_signal, 0, 0, 0, 0, 0);
}

int64_t do_clone(struct thread *parent) {
    struct upcall_frame *f = &parent->frame;
    uint64_t flags = f->x[0], newsp = f->x[1], ptid = f->x[2], tls = f->x[3], ctid = f->x[4];
    if ((flags & L_CLONE_THREAD_FLAGS) != L_CLONE_THREAD_FLAGS) return -L_ENOSYS;   /* no fork: one address space */
    if (!newsp || (newsp & 15)) return -L_EINVAL;
    struct thread *th = thread_reuse();
    if (!th && !(th = thread_new(0))) return -L_EAGAIN;
    memset(&th->t, 0, sizeof th->t);
    memset(&th->waiter, 0, sizeof th->waiter);
    th->t.tid = ++next_tid;
    th->t.blocked = parent->t.blocked;
    th->t.altstack.ss_flags = L_SS_DISABLE;
    if (flags & L_CLONE_CHILD_CLEARTID) th->t.clear_child_tid = ctid;
    long err = kcall(SYS_TCB_CONFIGURE, th->tcb, CAP_SELF_CNODE, CAP_SELF_VSPACE, 0, NPRIO - 1, 0);
    if (err) panic("tcb_configure", err);
    for (int i = 0; i < 31; i++) kcall(SYS_TCB_WRITE_REG, th->tcb, REG_X(i), i == 0 ? 0 : f->x[i], 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_SP, newsp, 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_PC, f->pc, 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_PSTATE, f->pstate, 0, 0, 0);
    kcall(SYS_TCB_WRITE_REG, th->tcb, REG_TPIDR, (flags & L_CLONE_SETTLS) ? tls : f->tpidr, 0, 0, 0);
    err = kcall(SYS_TCB_SET_UPCALL, th->tcb, (word)upcall_entry, (word)(th->stack + sizeof th->stack),
                (word)&th->frame, UPCALL_LINUX_SVC | UPCALL_FAULTS, 0);
    if (err) panic("tcb_set_upcall (clone)", err);
    if ((flags & L_CLONE_PARENT_SETTID) && !touch(NULL, ptid, 4, L_PROT_WRITE)) *(volatile uint32_t *)(uintptr_t)ptid = (uint32_t)th->t.tid;
    if ((flags & L_CLONE_CHILD_SETTID) && !touch(NULL, ctid, 4, L_PROT_WRITE)) *(volatile uint32_t *)(uintptr_t)ctid = (uint32_t)th->t.tid;
    static int next_core;                                   /* threads are spread over the CPUs */
    err = kcall(SYS_TCB_SET_AFFINITY, th->tcb, (word)(++next_core % shim.ncpu), 0, 0, 0, 0);
    if (err) panic("tcb_set_affinity", err);
    err = kcall(SYS_TCB_RESUME, th->tcb, 0, 0, 0, 0, 0);
    if (err) panic("tcb_resume", err);
    return th->t.tid;
}

/* Called with the lock held. The main thread's exit with others alive leaves the process
 * running, like Linux (the JVM's launcher does exactly this). */
__attribute__((noreturn)) void do_exit(struct thread *th) {
    uint64_t ctid = th->t.clear_child_tid;
    if (ctid && !touch(NULL, ctid, 4, L_PROT_WRITE)) {          /* pthread_join waits for this */
        *(volatile uint32_t *)(uintptr_t)ctid = 0;
        futex_wake(&shim.futex, ctid, 1, L_FUTEX_BITSET_MATCH_ANY, woken, NULL);
    }
    th->exited = 1;
    unlock();
    kcall(SYS_TCB_SUSPEND, th->tcb, 0, 0, 0, 0, 0);
    panic("a thread outlived its exit", 0);
}

struct thread *thread_by_tid(int tid) {
    for (int i = 0; i < nthreads; i++)
        if (!threads[i]->exited && threads[i]->t.tid == tid) return threads[i];
    return NULL;
}

/* The counter value at monotonic time ns (the kernel's timeouts are counter deadlines). */
static uint64_t counter_at(uint64_t ns) {
    if (!counter_hz) __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(counter_hz));
    return ns / 1000000000ull * counter_hz + ns % 1000000000ull * counter_hz / 1000000000ull + 1;
}

/* Sleeps until woken through the thread's notification or until deadline (monotonic ns, 0:
 * none), with the lock released meanwhile. Wake-ups may be spurious: callers re-check. */
static void block(struct thread *th, uint64_t deadline) {
    if (deadline) kcall(SYS_NTFN_SET_TIMEOUT, th->ntfn_signal, counter_at(deadline), 0, 0, 0, 0);
    unlock();
    kcall(SYS_WAIT, th->ntfn, 0, 0, 0, 0, 0);
    lock();
    if (deadline) kcall(SYS_NTFN_SET_TIMEOUT, th->ntfn_signal, 0, 0, 0, 0, 0);
}

/* Called with the lock held; returns with it held (released while the thread sleeps). */
int64_t do_futex(struct thread *th) {
    struct upcall_frame *f = &th->frame;
    uint64_t uaddr = f->x[0], val = f->x[2], uts = f->x[3];
    uint32_t bitset = (uint32_t)f->x[5];
    struct futex_call c;
    int err = futex_decode((int)f->x[1], &c);
    if (err) return err;
    if (c.cmd == L_FUTEX_WAKE || c.cmd == L_FUTEX_WAKE_BITSET)
        return futex_wake(&shim.futex, uaddr, (int)val, c.cmd == L_FUTEX_WAKE ? L_FUTEX_BITSET_MATCH_ANY : bitset, woken, NULL);
    if (c.cmd == L_FUTEX_WAIT) bitset = L_FUTEX_BITSET_MATCH_ANY;
    if ((err = touch(NULL, uaddr, 4, L_PROT_READ))) return err;
    uint64_t deadline = 0, now = monotonic_ns(NULL);
    if (uts) {
        if ((err = touch(NULL, uts, sizeof(struct l_timespec), L_PROT_READ))) return err;
        if ((err = futex_deadline(&c, (const struct l_timespec *)(uintptr_t)uts, now, shim.host.realtime_offset_ns, &deadline))) return err;
        if (!deadline) deadline = 1;                           /* already due: still check the value first */
    }
    err = futex_wait(&shim.futex, &th->waiter, uaddr, *(volatile uint32_t *)(uintptr_t)uaddr, (uint32_t)val, bitset, deadline, th);
    if (err) return err;
    for (;;) {
        if (deadline && monotonic_ns(NULL) >= deadline) {
            futex_cancel(&shim.futex, &th->waiter, -L_ETIMEDOUT);
            return -L_ETIMEDOUT;
        }
        if (shim_signal_deliverable(&shim, &th->t)) {           /* a signal interrupts the wait */
            futex_cancel(&shim.futex, &th->waiter, -L_EINTR);
            return -L_EINTR;
        }
        block(th, deadline);
        if (!th->waiter.queued) return th->waiter.result;
    }
}

/* nanosleep / clock_nanosleep: sleeps until the deadline on the thread's notification. */
int64_t do_sleep(struct thread *th, uint64_t clock, uint64_t flags, uint64_t req) {
    int64_t deadline = shim_sleep_deadline(&shim, clock, flags, req);
    if (deadline < 0) return deadline;
    while (monotonic_ns(NULL) < (uint64_t)deadline) {
        if (shim_signal_deliverable(&shim, &th->t)) return -L_EINTR;
        block(th, (uint64_t)deadline);
    }
    return 0;
}

/* kill (process-directed: the caller, or a thread that does not block the signal), tkill and
 * tgkill. A target asleep in the shim (futex, nanosleep) is woken so that the signal interrupts
 * it; any target takes the signal when it next leaves the shim. */
int64_t do_kill(struct thread *self, int64_t pid, int64_t tid, uint64_t sig, int code) {
    struct thread *target = self;
    if (code == L_SI_USER) {
        if (pid != shim.pid && pid != 0 && pid != -1) return -L_ESRCH;
        if (sig > 0 && sig <= L_NSIG && (self->t.blocked & L_SIGBIT(sig)))
            for (int i = 0; i < nthreads; i++)
                if (!threads[i]->exited && !(threads[i]->t.blocked & L_SIGBIT(sig))) { target = threads[i]; break; }
    } else {                                     /* tkill passes pid -1 (any thread group) */
        if (tid <= 0 || pid == 0 || pid < -1) return -L_EINVAL;
        if ((pid != -1 && pid != shim.pid) || !(target = thread_by_tid((int)tid))) return -L_ESRCH;
    }
    int err = shim_signal_send(&shim, &target->t, (int)sig, code);
    if (!err && target != self && shim_signal_deliverable(&shim, &target->t))
        kcall(SYS_SIGNAL, target->ntfn_signal, 0, 0, 0, 0, 0);
    return err;
}

/* A call the table answered SHIM_BLOCK (an empty or full pipe): sleeps until the key is woken,
 * then makes the call again; a signal interrupts it with EINTR. */
int64_t do_blocking(struct thread *th, uint64_t nr) {
    for (;;) {
        int64_t r = shim_syscall(&shim, &th->t, nr, (const uint64_t *)th->frame.x);
        if (r != SHIM_BLOCK) return r;
        if (shim_signal_deliverable(&shim, &th->t)) return -L_EINTR;
        if (futex_wait(&shim.futex, &th->waiter, shim.block_key, 0, 0, L_FUTEX_BITSET_MATCH_ANY, 0, th)) panic("wait on a file", 0);
        while (th->waiter.queued && !shim_signal_deliverable(&shim, &th->t)) block(th, 0);
        if (th->waiter.queued) futex_cancel(&shim.futex, &th->waiter, -L_EINTR);
    }
}

void wake_key(void *ctx, uint64_t key) { futex_wake(&shim.futex, key, 1 << 30, L_FUTEX_BITSET_MATCH_ANY, woken, NULL); }

/* sched_yield: let the other runnable threads of the core run (the lock released meanwhile). */
int64_t do_yield(void) {
    unlock();
    kcall(SYS_YIELD, 0, 0, 0, 0, 0, 0);
    lock();
    return 0;
}
