#include "signal.h"

#include <string.h>

static int touch(struct shim *s, uint64_t addr, uint64_t len, uint32_t access) {
    if (len == 0) return 0;
    if (addr == 0 || addr + len < addr) return -L_EFAULT;
    return s->host.touch ? s->host.touch(s->host.ctx, addr, len, access) : 0;
}

int64_t shim_rt_sigaction(struct shim *s, uint64_t sig, uint64_t act, uint64_t oact, uint64_t size) {
    if (size != 8) return -L_EINVAL;
    if (sig < 1 || sig > L_NSIG) return -L_EINVAL;
    if (act && (sig == L_SIGKILL || sig == L_SIGSTOP)) return -L_EINVAL;
    struct l_sigaction *cur = &s->sigaction[sig - 1], next;
    int err;
    if (act) {
        if ((err = touch(s, act, sizeof next, L_PROT_READ))) return err;
        memcpy(&next, (const void *)(uintptr_t)act, sizeof next);
    }
    if (oact) {
        if ((err = touch(s, oact, sizeof *cur, L_PROT_WRITE))) return err;
        memcpy((void *)(uintptr_t)oact, cur, sizeof *cur);
    }
    if (act) {
        next.mask &= ~L_UNBLOCKABLE;
        *cur = next;
    }
    return 0;
}

int64_t shim_rt_sigprocmask(struct shim *s, struct shim_thread *t, uint64_t how, uint64_t set, uint64_t oset, uint64_t size) {
    if (size != 8) return -L_EINVAL;
    uint64_t old = t->blocked, n = 0;
    int err;
    if (set) {
        if (how > L_SIG_SETMASK) return -L_EINVAL;
        if ((err = touch(s, set, 8, L_PROT_READ))) return err;
        memcpy(&n, (const void *)(uintptr_t)set, 8);
    }
    if (oset) {
        if ((err = touch(s, oset, 8, L_PROT_WRITE))) return err;
        memcpy((void *)(uintptr_t)oset, &old, 8);
    }
    if (set) {
        if (how == L_SIG_BLOCK) t->blocked |= n;
        else if (how == L_SIG_UNBLOCK) t->blocked &= ~n;
        else t->blocked = n;
        t->blocked &= ~L_UNBLOCKABLE;
    }
    return 0;
}

#define L_MINSIGSTKSZ 5120

int64_t shim_sigaltstack(struct shim *s, struct shim_thread *t, uint64_t ss, uint64_t oss, uint64_t sp) {
    int on = t->altstack.ss_size && !(t->altstack.ss_flags & L_SS_DISABLE) &&
             sp > t->altstack.ss_sp && sp <= t->altstack.ss_sp + t->altstack.ss_size;
    int err;
    if (oss) {
        if ((err = touch(s, oss, sizeof(struct l_stack), L_PROT_WRITE))) return err;
        struct l_stack o = t->altstack;
        if (!o.ss_size) o.ss_flags = L_SS_DISABLE;
        if (on) o.ss_flags = L_SS_ONSTACK;
        memcpy((void *)(uintptr_t)oss, &o, sizeof o);
    }
    if (ss) {
        struct l_stack n;
        if ((err = touch(s, ss, sizeof n, L_PROT_READ))) return err;
        memcpy(&n, (const void *)(uintptr_t)ss, sizeof n);
        if (on) return -L_EPERM;
        if (n.ss_flags & ~L_SS_DISABLE) return -L_EINVAL;
        if (n.ss_flags & L_SS_DISABLE) { memset(&t->altstack, 0, sizeof t->altstack); t->altstack.ss_flags = L_SS_DISABLE; }
        else if (n.ss_size < L_MINSIGSTKSZ) return -L_ENOMEM;
        else t->altstack = n;
    }
    return 0;
}

int shim_deliver_fault(struct shim *s, struct shim_thread *t, struct cpu_state *cpu, int signo, int code,
                       uint64_t addr, uint64_t esr, uint64_t restorer) {
    struct l_sigaction *sa = &s->sigaction[signo - 1];
    if (sa->handler == L_SIG_DFL || sa->handler == L_SIG_IGN || (t->blocked & L_SIGBIT(signo))) return -1;
    struct l_siginfo info;
    memset(&info, 0, sizeof info);
    info.si_signo = signo;
    info.si_code = code;
    info.u.addr = addr;
    struct sigframe_args a = {
        .signo = signo, .info = &info, .handler = sa->handler,
        .restorer = (sa->flags & L_SA_RESTORER) ? sa->restorer : restorer,
        .blocked = t->blocked, .esr = esr, .fault_address = addr,
        .altstack = t->altstack, .on_altstack = (sa->flags & L_SA_ONSTACK) != 0,
    };
    if (!t->altstack.ss_size) a.altstack.ss_flags = L_SS_DISABLE;
    uint64_t frame, top;
    sigframe_place(cpu, &a, &frame, &top);
    if (touch(s, frame, top - frame, L_PROT_WRITE)) return -1;
    sigframe_push(cpu, &a, frame);
    t->blocked |= sa->mask | ((sa->flags & L_SA_NODEFER) ? 0 : L_SIGBIT(signo));
    t->blocked &= ~L_UNBLOCKABLE;
    if (sa->flags & L_SA_RESETHAND) sa->handler = L_SIG_DFL;
    return 0;
}

/* The signals whose default action is to be ignored (the shim has no job control: the stop
 * signals are ignored too, where Linux would stop the process). */
static int ignored_by_default(int sig) {
    return sig == L_SIGCHLD || sig == L_SIGCONT || sig == L_SIGURG || sig == L_SIGWINCH ||
           sig == L_SIGSTOP || sig == L_SIGTSTP || sig == L_SIGTTIN || sig == L_SIGTTOU;
}

static int ignored(const struct shim *s, int sig) {
    uint64_t h = s->sigaction[sig - 1].handler;
    return sig != L_SIGKILL && (h == L_SIG_IGN || (h == L_SIG_DFL && ignored_by_default(sig)));
}

int shim_signal_send(struct shim *s, struct shim_thread *t, int sig, int code) {
    if (sig < 0 || sig > L_NSIG) return -L_EINVAL;
    if (sig == 0 || ignored(s, sig)) return 0;
    t->pending |= L_SIGBIT(sig);
    t->pending_code[sig - 1] = code;
    return 0;
}

int shim_signal_deliverable(const struct shim *s, const struct shim_thread *t) {
    return (t->pending & ~t->blocked) != 0;
}

int shim_deliver_pending(struct shim *s, struct shim_thread *t, struct cpu_state *cpu, uint64_t restorer) {
    uint64_t ready = t->pending & ~t->blocked;
    if (!ready) return 0;
    int sig = __builtin_ctzll(ready) + 1;
    t->pending &= ~L_SIGBIT(sig);
    if (ignored(s, sig)) return 0;                       /* its action changed since it was sent */
    struct l_sigaction *sa = &s->sigaction[sig - 1];
    if (sa->handler == L_SIG_DFL || sig == L_SIGKILL) return sig;
    struct l_siginfo info;
    memset(&info, 0, sizeof info);
    info.si_signo = sig;
    info.si_code = t->pending_code[sig - 1];
    info.u.kill.pid = s->pid;
    info.u.kill.uid = 0;
    struct sigframe_args a = {
        .signo = sig, .info = &info, .handler = sa->handler,
        .restorer = (sa->flags & L_SA_RESTORER) ? sa->restorer : restorer,
        .blocked = t->blocked, .altstack = t->altstack, .on_altstack = (sa->flags & L_SA_ONSTACK) != 0,
    };
    if (!t->altstack.ss_size) a.altstack.ss_flags = L_SS_DISABLE;
    uint64_t frame, top;
    sigframe_place(cpu, &a, &frame, &top);
    if (touch(s, frame, top - frame, L_PROT_WRITE)) return -1;
    sigframe_push(cpu, &a, frame);
    t->blocked |= sa->mask | ((sa->flags & L_SA_NODEFER) ? 0 : L_SIGBIT(sig));
    t->blocked &= ~L_UNBLOCKABLE;
    if (sa->flags & L_SA_RESETHAND) sa->handler = L_SIG_DFL;
    return 0;
}

int shim_sigreturn(struct shim *s, struct shim_thread *t, struct cpu_state *cpu) {
    if (touch(s, cpu->sp, sizeof(struct l_rt_sigframe), L_PROT_READ)) return -1;
    uint64_t blocked;
    if (sigframe_restore(cpu, &blocked)) return -1;
    t->blocked = blocked;
    return 0;
}
