/* Futex wait queues (futex(2)): the shim's half of FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET
 * and FUTEX_WAKE_BITSET. A waiter is the blocked thread's own record (no allocation); queues are
 * FIFO per address, hashed. The shim runs futex calls one at a time (its lock), which makes the
 * "compare *uaddr, then sleep" of FUTEX_WAIT atomic with respect to every FUTEX_WAKE.
 * Timeouts are kept as absolute CLOCK_MONOTONIC deadlines in nanoseconds (0: none). */
#ifndef SHIM_FUTEX_H
#define SHIM_FUTEX_H

#include <stdint.h>

#include "linux.h"

struct futex_waiter {
    uint64_t uaddr;
    uint32_t bitset;
    uint64_t deadline;             /* monotonic ns; 0 = forever */
    int result;                    /* 0 = woken, -L_ETIMEDOUT, -L_EINTR */
    int queued;
    void *thread;                  /* the owner, for the scheduler */
    struct futex_waiter *next;
};

#define FUTEX_BUCKETS 64

struct futex_table {
    struct futex_waiter *head[FUTEX_BUCKETS], *tail[FUTEX_BUCKETS];
};

/* A decoded futex(2) call. */
struct futex_call {
    int cmd;                       /* L_FUTEX_WAIT ... */
    int realtime;                  /* FUTEX_CLOCK_REALTIME */
    int private_;                  /* FUTEX_PRIVATE_FLAG (no difference in one address space) */
};

/* Checks op: 0, or -L_ENOSYS for the operations the shim does not implement (requeue, wake-op,
 * PI: never seen from glibc 2.41 + HotSpot 25) and for FUTEX_CLOCK_REALTIME with a plain WAKE. */
int futex_decode(int op, struct futex_call *c);

/* The deadline of a wait: FUTEX_WAIT takes a relative timeout (monotonic), FUTEX_WAIT_BITSET an
 * absolute one on CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME (realtime_offset
 * = realtime - monotonic, ns). ts NULL: no deadline. Returns 0 or -L_EINVAL. */
int futex_deadline(const struct futex_call *c, const struct l_timespec *ts, uint64_t now_mono,
                   int64_t realtime_offset, uint64_t *deadline);

void futex_init(struct futex_table *t);
/* FUTEX_WAIT[_BITSET] after the caller read *uaddr as current: -L_EAGAIN if current != val,
 * -L_EINVAL for bitset 0 or a misaligned uaddr, else 0 and w is queued (the thread sleeps). */
int futex_wait(struct futex_table *t, struct futex_waiter *w, uint64_t uaddr, uint32_t current,
               uint32_t val, uint32_t bitset, uint64_t deadline, void *thread);
/* FUTEX_WAKE[_BITSET]: wakes up to n waiters on uaddr whose bitset intersects, oldest first,
 * and returns how many; woken(w) is called for each (the scheduler resumes its thread). */
int futex_wake(struct futex_table *t, uint64_t uaddr, int n, uint32_t bitset,
               void (*woken)(struct futex_waiter *w, void *ctx), void *ctx);
/* Wakes with -L_ETIMEDOUT every waiter whose deadline is <= now; returns how many. */
int futex_expire(struct futex_table *t, uint64_t now, void (*woken)(struct futex_waiter *w, void *ctx), void *ctx);
/* The earliest deadline of a queued waiter, 0 if none. */
uint64_t futex_next_deadline(const struct futex_table *t);
/* Takes w off its queue (a signal interrupts the wait); result = reason. */
void futex_cancel(struct futex_table *t, struct futex_waiter *w, int reason);

#endif
