/* Futex wait queues: WAIT/WAKE/WAIT_BITSET/WAKE_BITSET semantics, deadlines, cancellation. */
#include <string.h>

#include "../shim/futex.h"
#include "test.h"

#define A 0x1000ull
#define B 0x2000ull
#define ANY L_FUTEX_BITSET_MATCH_ANY

static struct futex_waiter *order[16];
static int norder;
static void woken(struct futex_waiter *w, void *ctx) { (void)ctx; order[norder++] = w; }

TEST(wait_compares_the_value) {
    struct futex_table t;
    futex_init(&t);
    struct futex_waiter w;
    CHECK_EQ(futex_wait(&t, &w, A, 5, 6, ANY, 0, NULL), -L_EAGAIN);
    CHECK_EQ(futex_wake(&t, A, 1, ANY, NULL, NULL), 0);         /* nobody queued */
    CHECK_EQ(futex_wait(&t, &w, A, 5, 5, ANY, 0, NULL), 0);
    CHECK(w.queued);
}

TEST(wake_is_fifo_and_counts) {
    struct futex_table t;
    futex_init(&t);
    struct futex_waiter w[4];
    for (int i = 0; i < 4; i++) CHECK_EQ(futex_wait(&t, &w[i], A, 0, 0, ANY, 0, NULL), 0);
    norder = 0;
    CHECK_EQ(futex_wake(&t, A, 2, ANY, woken, NULL), 2);
    CHECK(norder == 2 && order[0] == &w[0] && order[1] == &w[1]);
    CHECK(!w[0].queued && w[0].result == 0 && w[2].queued);
    CHECK_EQ(futex_wake(&t, A, 0x7fffffff, ANY, woken, NULL), 2);   /* INT_MAX: all */
    CHECK(order[2] == &w[2] && order[3] == &w[3]);
    CHECK_EQ(futex_wake(&t, A, 1, ANY, NULL, NULL), 0);
}

TEST(wake_touches_only_its_address) {
    struct futex_table t;
    futex_init(&t);
    struct futex_waiter wa, wb;
    futex_wait(&t, &wa, A, 0, 0, ANY, 0, NULL);
    futex_wait(&t, &wb, B, 0, 0, ANY, 0, NULL);
    CHECK_EQ(futex_wake(&t, B, 10, ANY, NULL, NULL), 1);
    CHECK(wa.queued && !wb.queued);
}

TEST(addresses_sharing_a_bucket_stay_apart) {
    struct futex_table t;
    futex_init(&t);
    /* find three addresses that hash to one bucket: waking one must not disturb the others */
    uint64_t addrs[3] = { A, 0, 0 };
    int found = 1;
    struct futex_waiter probe;
    for (uint64_t a = A + 4; found < 3 && a < A + 4 * 100000; a += 4) {
        futex_init(&t);
        futex_wait(&t, &probe, A, 0, 0, ANY, 0, NULL);
        struct futex_waiter q;
        futex_wait(&t, &q, a, 0, 0, ANY, 0, NULL);
        /* same bucket if probe is q's predecessor */
        if (probe.next == &q) addrs[found++] = a;
    }
    CHECK_EQ(found, 3);
    futex_init(&t);
    struct futex_waiter w[6];
    for (int i = 0; i < 6; i++) futex_wait(&t, &w[i], addrs[i % 3], 0, 0, ANY, 0, NULL);
    norder = 0;
    CHECK_EQ(futex_wake(&t, addrs[1], 5, ANY, woken, NULL), 2);
    CHECK(order[0] == &w[1] && order[1] == &w[4]);
    CHECK(w[0].queued && w[2].queued && w[3].queued && w[5].queued);
    CHECK_EQ(futex_wake(&t, addrs[2], 5, ANY, NULL, NULL), 2);
    CHECK_EQ(futex_wake(&t, addrs[0], 5, ANY, NULL, NULL), 2);
}

TEST(bitsets_select_waiters) {
    struct futex_table t;
    futex_init(&t);
    struct futex_waiter w1, w2, w3;
    futex_wait(&t, &w1, A, 0, 0, 0x1, 0, NULL);
    futex_wait(&t, &w2, A, 0, 0, 0x2, 0, NULL);
    futex_wait(&t, &w3, A, 0, 0, ANY, 0, NULL);          /* plain FUTEX_WAIT */
    norder = 0;
    CHECK_EQ(futex_wake(&t, A, 10, 0x2, woken, NULL), 2);
    CHECK(order[0] == &w2 && order[1] == &w3 && w1.queued);
    CHECK_EQ(futex_wake(&t, A, 10, 0, NULL, NULL), -L_EINVAL);
    CHECK_EQ(futex_wait(&t, &w2, A, 0, 0, 0, 0, NULL), -L_EINVAL);
    CHECK_EQ(futex_wait(&t, &w2, A + 2, 0, 0, ANY, 0, NULL), -L_EINVAL);   /* misaligned */
}

TEST(decodes_the_operations_glibc_uses) {
    struct futex_call c;
    CHECK_EQ(futex_decode(L_FUTEX_WAIT_BITSET | L_FUTEX_PRIVATE_FLAG | L_FUTEX_CLOCK_REALTIME, &c), 0);
    CHECK(c.cmd == L_FUTEX_WAIT_BITSET && c.realtime && c.private_);
    CHECK_EQ(futex_decode(L_FUTEX_WAKE | L_FUTEX_PRIVATE_FLAG, &c), 0);
    CHECK_EQ(futex_decode(L_FUTEX_WAIT, &c), 0);
    CHECK(!c.private_ && !c.realtime);
    CHECK_EQ(futex_decode(L_FUTEX_WAIT | L_FUTEX_CLOCK_REALTIME, &c), 0);    /* Linux >= 4.5 */
    CHECK_EQ(futex_decode(L_FUTEX_WAKE | L_FUTEX_CLOCK_REALTIME, &c), -L_ENOSYS);
    CHECK_EQ(futex_decode(L_FUTEX_REQUEUE, &c), -L_ENOSYS);
    CHECK_EQ(futex_decode(L_FUTEX_CMP_REQUEUE | L_FUTEX_PRIVATE_FLAG, &c), -L_ENOSYS);
    CHECK_EQ(futex_decode(L_FUTEX_WAKE_OP, &c), -L_ENOSYS);
    CHECK_EQ(futex_decode(L_FUTEX_LOCK_PI, &c), -L_ENOSYS);
    CHECK_EQ(futex_decode(99, &c), -L_ENOSYS);
}

TEST(deadlines_relative_absolute_and_realtime) {
    struct futex_call wait, bits, bits_rt;
    futex_decode(L_FUTEX_WAIT, &wait);
    futex_decode(L_FUTEX_WAIT_BITSET, &bits);
    futex_decode(L_FUTEX_WAIT_BITSET | L_FUTEX_CLOCK_REALTIME, &bits_rt);
    uint64_t d, now = 5000000000ull;                 /* monotonic 5 s */
    int64_t rt_offset = 1700000000ll * 1000000000ll;   /* realtime = monotonic + this */
    struct l_timespec ts = { 2, 500 };
    CHECK_EQ(futex_deadline(&wait, &ts, now, rt_offset, &d), 0);
    CHECK_EQ(d, now + 2000000500ull);                  /* FUTEX_WAIT: relative */
    CHECK_EQ(futex_deadline(&bits, &ts, now, rt_offset, &d), 0);
    CHECK_EQ(d, 2000000500ull);                        /* WAIT_BITSET: absolute monotonic */
    struct l_timespec rt = { 1700000007, 0 };
    CHECK_EQ(futex_deadline(&bits_rt, &rt, now, rt_offset, &d), 0);
    CHECK_EQ(d, 7000000000ull);                        /* absolute realtime -> monotonic */
    struct l_timespec past = { 1, 0 };
    CHECK_EQ(futex_deadline(&bits_rt, &past, now, rt_offset, &d), 0);
    CHECK_EQ(d, 1);                                    /* long past: expires at once */
    CHECK_EQ(futex_deadline(&wait, NULL, now, rt_offset, &d), 0);
    CHECK_EQ(d, 0);                                    /* no timeout */
    struct l_timespec bad = { 0, 1000000000 };
    CHECK_EQ(futex_deadline(&wait, &bad, now, rt_offset, &d), -L_EINVAL);
    bad.tv_nsec = -1;
    CHECK_EQ(futex_deadline(&bits, &bad, now, rt_offset, &d), -L_EINVAL);
    struct l_timespec zero = { 0, 0 };
    CHECK_EQ(futex_deadline(&wait, &zero, now, rt_offset, &d), 0);
    CHECK_EQ(d, now);                                  /* zero timeout: already due */
}

TEST(expiry_wakes_only_due_waiters_with_etimedout) {
    struct futex_table t;
    futex_init(&t);
    struct futex_waiter w1, w2, w3;
    futex_wait(&t, &w1, A, 0, 0, ANY, 300, NULL);
    futex_wait(&t, &w2, A, 0, 0, ANY, 100, NULL);
    futex_wait(&t, &w3, B, 0, 0, ANY, 0, NULL);          /* forever */
    CHECK_EQ(futex_next_deadline(&t), 100);
    CHECK_EQ(futex_expire(&t, 99, NULL, NULL), 0);
    CHECK_EQ(futex_expire(&t, 100, NULL, NULL), 1);
    CHECK(!w2.queued && w2.result == -L_ETIMEDOUT && w1.queued);
    CHECK_EQ(futex_next_deadline(&t), 300);
    CHECK_EQ(futex_expire(&t, 1000000, NULL, NULL), 1);
    CHECK_EQ(futex_next_deadline(&t), 0);
    CHECK(w3.queued);
    CHECK_EQ(futex_wake(&t, A, 10, ANY, NULL, NULL), 0);  /* the timed-out ones are gone */
}

TEST(cancel_removes_a_waiter) {
    struct futex_table t;
    futex_init(&t);
    struct futex_waiter w1, w2, w3;
    futex_wait(&t, &w1, A, 0, 0, ANY, 0, NULL);
    futex_wait(&t, &w2, A, 0, 0, ANY, 0, NULL);
    futex_wait(&t, &w3, A, 0, 0, ANY, 0, NULL);
    futex_cancel(&t, &w3, -L_EINTR);                      /* the tail */
    CHECK(!w3.queued && w3.result == -L_EINTR);
    futex_cancel(&t, &w3, -L_EINTR);                      /* twice: harmless */
    struct futex_waiter w4;
    futex_wait(&t, &w4, A, 0, 0, ANY, 0, NULL);          /* the tail pointer is still right */
    norder = 0;
    CHECK_EQ(futex_wake(&t, A, 10, ANY, woken, NULL), 3);
    CHECK(order[0] == &w1 && order[1] == &w2 && order[2] == &w4);
}

void suite_futex(void) {
    RUN(wait_compares_the_value);
    RUN(wake_is_fifo_and_counts);
    RUN(wake_touches_only_its_address);
    RUN(addresses_sharing_a_bucket_stay_apart);
    RUN(bitsets_select_waiters);
    RUN(decodes_the_operations_glibc_uses);
    RUN(deadlines_relative_absolute_and_realtime);
    RUN(expiry_wakes_only_due_waiters_with_etimedout);
    RUN(cancel_removes_a_waiter);
}
