/* libgao: the C library for GaoOS protection domains (syscall wrappers, printf, memory). */
#ifndef GAO_H
#define GAO_H
#include <gaoos/abi.h>
typedef unsigned long word;
typedef unsigned long size_t;

long gao_call(word r[8], word n);
static inline long sys6(word n, word a0, word a1, word a2, word a3, word a4, word a5)
{
    word r[8] = { a0, a1, a2, a3, a4, a5, 0, 0 };
    return gao_call(r, n);
}
#define sys0(n) sys6(n, 0, 0, 0, 0, 0, 0)
#define sys1(n, a) sys6(n, a, 0, 0, 0, 0, 0)
#define sys2(n, a, b) sys6(n, a, b, 0, 0, 0, 0)
#define sys3(n, a, b, c) sys6(n, a, b, c, 0, 0, 0)

/* messages: tag, 4 words, badge (received) */
struct msg { word tag, w[MSG_WORDS], badge; };
long ipc(word n, word ep, struct msg *m, word send_cap, word recv_slot);
static inline long send(word ep, struct msg *m, word cap) { return ipc(SYS_SEND, ep, m, cap, 0); }
static inline long nbsend(word ep, struct msg *m) { return ipc(SYS_NBSEND, ep, m, 0, 0); }
static inline long recv(word ep, struct msg *m, word slot) { return ipc(SYS_RECV, ep, m, 0, slot); }
static inline long call(word ep, struct msg *m, word cap, word slot) { return ipc(SYS_CALL, ep, m, cap, slot); }
static inline long reply(struct msg *m, word cap) { return ipc(SYS_REPLY, 0, m, cap, 0); }
static inline long reply_recv(word ep, struct msg *m, word slot) { return ipc(SYS_REPLY_RECV, ep, m, 0, slot); }

static inline long retype(word ut, word type, word bits, word cn, word idx, word n) { return sys6(SYS_UNTYPED_RETYPE, ut, type, bits, cn, idx, n); }
static inline long cnode_copy(word dcn, word di, word scn, word si, word rights) { return sys6(SYS_CNODE_COPY, dcn, di, scn, si, rights, 0); }
static inline long cnode_mint(word dcn, word di, word scn, word si, word rights, word badge) { return sys6(SYS_CNODE_MINT, dcn, di, scn, si, rights, badge); }
static inline long cnode_move(word dcn, word di, word scn, word si) { return sys6(SYS_CNODE_MOVE, dcn, di, scn, si, 0, 0); }
static inline long cnode_delete(word cn, word i) { return sys2(SYS_CNODE_DELETE, cn, i); }
static inline long cnode_revoke(word cn, word i) { return sys2(SYS_CNODE_REVOKE, cn, i); }
static inline long vmap(word vs, word frame, word va, word rights) { return sys6(SYS_VSPACE_MAP, vs, frame, va, rights, 0, 0); }
static inline long vmap_table(word vs, word pt, word va) { return sys3(SYS_VSPACE_MAP_TABLE, vs, pt, va); }
static inline long vunmap(word c) { return sys1(SYS_VSPACE_UNMAP, c); }
static inline long tcb_configure(word t, word cn, word vs, word fep, word prio) { return sys6(SYS_TCB_CONFIGURE, t, cn, vs, fep, prio, 0); }
static inline long tcb_write_reg(word t, word i, word v) { return sys3(SYS_TCB_WRITE_REG, t, i, v); }
long tcb_read_reg(word t, word i, word *v);
long identify(word c, word *type, word *rights, word *badge);
static inline long tcb_resume(word t) { return sys1(SYS_TCB_RESUME, t); }
static inline long tcb_suspend(word t) { return sys1(SYS_TCB_SUSPEND, t); }
static inline long tcb_set_upcall(word t, word pc, word sp, word frame, word flags) { return sys6(SYS_TCB_SET_UPCALL, t, pc, sp, frame, flags, 0); }
static inline long signal(word n) { return sys1(SYS_SIGNAL, n); }
long wait(word n, word *bits);
long poll(word n, word *bits);
static inline long irq_get(word ctl, word irq, word cn, word i) { return sys6(SYS_IRQ_GET, ctl, irq, cn, i, 0, 0); }
static inline long irq_set_ntfn(word h, word n) { return sys2(SYS_IRQ_SET_NTFN, h, n); }
static inline long irq_ack(word h) { return sys1(SYS_IRQ_ACK, h); }
static inline void yield(void) { sys0(SYS_YIELD); }
static inline word current_core(void) { word r[8] = {0}; gao_call(r, SYS_YIELD); return r[1]; }
static inline long tcb_set_affinity(word t, word core) { return sys2(SYS_TCB_SET_AFFINITY, t, core); }
static inline long ntfn_set_timeout(word n, word deadline) { return sys2(SYS_NTFN_SET_TIMEOUT, n, deadline); }
/* sleep: arm the notification's timeout and wait for it (the notification must be otherwise unused) */
static inline word sleep_ticks(word ntfn, word ticks);
static inline void halt(word ctl, word code) { sys2(SYS_MACHINE_HALT, ctl, code); }
static inline void gao_exit(word code) { sys1(SYS_EXIT, code); }

static inline word counter(void) { word v; __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)); return v; }
static inline word counter_freq(void) { word v; __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v)); return v; }

void puts_(const char *s);
void printf(const char *fmt, ...);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
word rand64(word *state);
static inline word sleep_ticks(word ntfn, word ticks)
{
    word t0 = counter(), bits;
    ntfn_set_timeout(ntfn, t0 + ticks);
    wait(ntfn, &bits);
    return counter() - t0;
}
void cache_sync(void *p, size_t n);     /* make freshly written code visible to fetches */
#endif
