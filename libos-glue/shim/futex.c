#include "futex.h"

#include <stddef.h>

static unsigned bucket(uint64_t uaddr) {
    uint64_t h = (uaddr >> 2) * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 58) & (FUTEX_BUCKETS - 1);
}

int futex_decode(int op, struct futex_call *c) {
    c->cmd = op & L_FUTEX_CMD_MASK;
    c->realtime = (op & L_FUTEX_CLOCK_REALTIME) != 0;
    c->private_ = (op & L_FUTEX_PRIVATE_FLAG) != 0;
    switch (c->cmd) {
    case L_FUTEX_WAIT: case L_FUTEX_WAIT_BITSET:
        return 0;
    case L_FUTEX_WAKE: case L_FUTEX_WAKE_BITSET:
        return c->realtime ? -L_ENOSYS : 0;
    default:
        return -L_ENOSYS;
    }
}

#define NS 1000000000ull

int futex_deadline(const struct futex_call *c, const struct l_timespec *ts, uint64_t now_mono,
                   int64_t realtime_offset, uint64_t *deadline) {
    *deadline = 0;
    if (!ts) return 0;
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NS) return -L_EINVAL;
    uint64_t t = (uint64_t)ts->tv_sec > (UINT64_MAX - NS) / NS ? UINT64_MAX - NS : (uint64_t)ts->tv_sec * NS;
    t += (uint64_t)ts->tv_nsec;
    if (c->cmd == L_FUTEX_WAIT) {
        t = t > UINT64_MAX - now_mono ? UINT64_MAX : now_mono + t;   /* relative */
    } else if (c->realtime) {
        /* absolute realtime -> monotonic; a deadline already past expires at once */
        int64_t mono = (int64_t)t - realtime_offset;
        t = mono <= 0 ? 1 : (uint64_t)mono;
    }
    *deadline = t ? t : 1;
    return 0;
}

void futex_init(struct futex_table *t) {
    for (int i = 0; i < FUTEX_BUCKETS; i++) t->head[i] = t->tail[i] = NULL;
}

int futex_wait(struct futex_table *t, struct futex_waiter *w, uint64_t uaddr, uint32_t current,
               uint32_t val, uint32_t bitset, uint64_t deadline, void *thread) {
    if (bitset == 0 || (uaddr & 3)) return -L_EINVAL;
    if (current != val) return -L_EAGAIN;
    unsigned b = bucket(uaddr);
    w->uaddr = uaddr;
    w->bitset = bitset;
    w->deadline = deadline;
    w->result = 0;
    w->thread = thread;
    w->next = NULL;
    w->queued = 1;
    if (t->tail[b]) t->tail[b]->next = w; else t->head[b] = w;
    t->tail[b] = w;
    return 0;
}

/* Unlinks w whose predecessor in bucket b is prev (NULL: w is the head). */
static void unlink_waiter(struct futex_table *t, unsigned b, struct futex_waiter *prev, struct futex_waiter *w) {
    if (prev) prev->next = w->next; else t->head[b] = w->next;
    if (t->tail[b] == w) t->tail[b] = prev;
    w->next = NULL;
    w->queued = 0;
}

int futex_wake(struct futex_table *t, uint64_t uaddr, int n, uint32_t bitset,
               void (*woken)(struct futex_waiter *w, void *ctx), void *ctx) {
    if (bitset == 0 || (uaddr & 3)) return -L_EINVAL;
    if (n <= 0) return 0;
    unsigned b = bucket(uaddr);
    int count = 0;
    struct futex_waiter *prev = NULL, *w = t->head[b];
    while (w && count < n) {
        struct futex_waiter *next = w->next;
        if (w->uaddr == uaddr && (w->bitset & bitset)) {
            unlink_waiter(t, b, prev, w);
            w->result = 0;
            count++;
            if (woken) woken(w, ctx);
        } else {
            prev = w;
        }
        w = next;
    }
    return count;
}

int futex_expire(struct futex_table *t, uint64_t now, void (*woken)(struct futex_waiter *w, void *ctx), void *ctx) {
    int count = 0;
    for (unsigned b = 0; b < FUTEX_BUCKETS; b++) {
        struct futex_waiter *prev = NULL, *w = t->head[b];
        while (w) {
            struct futex_waiter *next = w->next;
            if (w->deadline && w->deadline <= now) {
                unlink_waiter(t, b, prev, w);
                w->result = -L_ETIMEDOUT;
                count++;
                if (woken) woken(w, ctx);
            } else {
                prev = w;
            }
            w = next;
        }
    }
    return count;
}

uint64_t futex_next_deadline(const struct futex_table *t) {
    uint64_t best = 0;
    for (unsigned b = 0; b < FUTEX_BUCKETS; b++)
        for (const struct futex_waiter *w = t->head[b]; w; w = w->next)
            if (w->deadline && (!best || w->deadline < best)) best = w->deadline;
    return best;
}

void futex_cancel(struct futex_table *t, struct futex_waiter *w, int reason) {
    if (!w->queued) return;
    unsigned b = bucket(w->uaddr);
    struct futex_waiter *prev = NULL;
    for (struct futex_waiter *p = t->head[b]; p; prev = p, p = p->next)
        if (p == w) { unlink_waiter(t, b, prev, w); w->result = reason; return; }
}
