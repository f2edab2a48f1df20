/* Signals: the dispositions and masks (rt_sigaction, rt_sigprocmask, sigaltstack) and the two
 * moments that move a thread's registers: delivering a synchronous fault signal to a handler
 * (a Linux rt_sigframe pushed on its stack, sigframe.h) and rt_sigreturn. */
#ifndef SHIM_SIGNAL_H
#define SHIM_SIGNAL_H

#include "sigframe.h"
#include "syscall.h"

/* rt_sigaction(sig, act, oact, sigsetsize), rt_sigprocmask(how, set, oset, sigsetsize),
 * sigaltstack(ss, oss): the syscalls (numbers 134, 135, 132). */
int64_t shim_rt_sigaction(struct shim *s, uint64_t sig, uint64_t act, uint64_t oact, uint64_t size);
int64_t shim_rt_sigprocmask(struct shim *s, struct shim_thread *t, uint64_t how, uint64_t set, uint64_t oset, uint64_t size);
int64_t shim_sigaltstack(struct shim *s, struct shim_thread *t, uint64_t ss, uint64_t oss, uint64_t sp);

/* A synchronous signal from a fault (SIGSEGV, SIGBUS, SIGILL, SIGTRAP) at cpu: pushes a frame and
 * points cpu at the handler; returns 0, or -1 when the signal's action is to kill the process
 * (no handler, ignored or blocked, like Linux's force_sig) or the stack cannot take the frame.
 * restorer: the shim's sigreturn trampoline, used when the handler has no SA_RESTORER. */
int shim_deliver_fault(struct shim *s, struct shim_thread *t, struct cpu_state *cpu, int signo, int code,
                       uint64_t addr, uint64_t esr, uint64_t restorer);
/* rt_sigreturn: cpu from the frame at cpu->sp; 0 or -1 (a bad frame kills, like Linux). */
int shim_sigreturn(struct shim *s, struct shim_thread *t, struct cpu_state *cpu);

/* Asynchronous signals (kill, tkill, tgkill): sig is made pending on thread t, with si_code code;
 * one pending instance per signal, like Linux's standard signals. 0, or -L_EINVAL for a bad
 * number; sig 0 only checks. A signal whose action is to be ignored is dropped at once. */
int shim_signal_send(struct shim *s, struct shim_thread *t, int sig, int code);
/* Does t have a pending signal it does not block (one that must interrupt a sleep)? */
int shim_signal_deliverable(const struct shim *s, const struct shim_thread *t);
/* When a thread leaves the shim: the lowest pending unblocked signal is delivered to its handler
 * (a frame pushed as for a fault, without fault records). Returns 0 (none, or delivered), or
 * the number of a signal whose default action ends the process (the caller ends it), or -1
 * when the frame does not fit on the stack (Linux then kills with SIGSEGV). */
int shim_deliver_pending(struct shim *s, struct shim_thread *t, struct cpu_state *cpu, uint64_t restorer);

#define L_SIGBIT(sig) (1ull << ((sig) - 1))
#define L_UNBLOCKABLE (L_SIGBIT(L_SIGKILL) | L_SIGBIT(L_SIGSTOP))

#endif
