/* GaoOS exokernel: kernel-internal types and interfaces.
 * Portable code (everything in kernel/) builds for the target and for host unit tests;
 * the machine layer (arch/) provides the arch_* functions. */
#ifndef KERNEL_H
#define KERNEL_H
#include "../include/gaoos/abi.h"

typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef long i64;
#ifndef NULL
#define NULL ((void *)0)
#endif

#define NCORES 4
#define BIT(n) (1UL << (n))

/* Physical <-> kernel virtual (the kernel maps all RAM at KBASE + pa). */
#ifdef HOST
extern u64 pv_offset;
#else
#define KBASE 0xFFFFFF8000000000UL
#define pv_offset KBASE
#endif
#define P2V(pa) ((void *)((u64)(pa) + pv_offset))
#define V2P(va) ((u64)(va) - pv_offset)

void kpanic(const char *file, int line, const char *msg) __attribute__((noreturn));
#define assert(c) do { if (!(c)) kpanic(__FILE__, __LINE__, #c); } while (0)
void kprintf(const char *fmt, ...);
void kputc(int c);

void *kmemset(void *d, int c, u64 n);
void *kmemcpy(void *d, const void *s, u64 n);

/* ---- capabilities (cap.c) -------------------------------------------------------------- */
struct cap {
    u8 type, rights;
    u16 flags;        /* CAPF_* */
    u32 bits;         /* untyped size bits, cnode radix, pt level when mapped   */
    u64 obj;          /* kernel pointer (tcb, ep, ntfn, cnode, vspace l1) or paddr (untyped, frame, pt) */
    u64 a;            /* untyped watermark; frame/pt mapped vaddr; vspace asid; irq number */
    u64 b;            /* badge (ep, ntfn); frame/pt: mapping vspace (vsid << 8 | asid) */
};
#define CAPF_DEVICE 1
#define CAPF_MAPPED 2
#define CAPF_INITRD 4     /* untyped (and its child untypeds) of the initramfs: read-only frames, never zeroed */

/* A slot of a CNode: a cap plus its place in the capability derivation tree (CDT). */
struct slot {
    struct cap cap;
    struct slot *parent, *child, *next, *prev;
};

/* Every refcounted object starts with this header (for a CNode: in slot 0). */
struct obj_hdr {
    u32 refs;
    u16 type, zombie;              /* zombie: on the list of objects to destroy */
    struct obj_hdr *zombie_next;
    u64 radix;                     /* cnode only */
};

void cdt_insert(struct slot *parent, struct slot *child, const struct cap *c);
void cap_ref(const struct cap *c);
int  cap_copy(struct slot *dst, struct slot *src, u32 rights, u64 badge, int mint);
int  cap_move(struct slot *dst, struct slot *src);
void cap_delete(struct slot *s);
void cap_revoke(struct slot *s);
void reap(void);              /* destroy objects whose last cap went away */
int  slot_empty(const struct slot *s);

/* ---- cnodes (cnode.c) ------------------------------------------------------------------ */
struct tcb;
struct slot *cnode_slot(const struct cap *cn, u64 index, int *err);
struct slot *lookup_slot(struct tcb *t, u64 cptr, int *err);
struct cap  *lookup_cap(struct tcb *t, u64 cptr, u32 type, u32 rights, int *err);
void cnode_init(void *mem, u32 radix);
void cnode_destroy(struct obj_hdr *h);

/* ---- untyped (untyped.c) --------------------------------------------------------------- */
int untyped_retype(struct slot *ut, u32 type, u32 size_bits, struct cap *cnode, u64 index, u64 count);
int obj_size_bits(u32 type, u32 size_bits, u32 *out);
void untyped_make(struct cap *c, u64 paddr, u32 size_bits, int kind);   /* kind: UT_* */

/* ---- vspace (vspace.c) ----------------------------------------------------------------- */
#define NASID 256
struct asid_entry { u64 *l1; u64 vsid; u32 refs; };
extern struct asid_entry asid_table[NASID];
int  asid_alloc(u64 *l1, u64 *vsid);
void vspace_release(u64 asid);
int  vspace_map_frame(struct cap *vs, struct cap *frame, u64 va, u32 rights);
int  vspace_map_table(struct cap *vs, struct cap *pt, u64 va);
void vspace_unmap(struct cap *c);
int  vspace_lookup(u64 *l1, u64 va, int write, u64 *pa);  /* user-accessible page? */
int  copy_in(u64 *l1, void *dst, u64 uva, u64 len);
int  copy_out(u64 *l1, u64 uva, const void *src, u64 len);
u64 *vspace_of(struct tcb *t);
/* descriptor bits */
#define PTE_VALID   BIT(0)
#define PTE_TABLE   BIT(1)   /* table (levels 1,2) or page (level 3) */
#define PTE_ATTR(i) ((u64)(i) << 2)
#define PTE_USER    BIT(6)
#define PTE_RO      BIT(7)
#define PTE_ISH     (3UL << 8)
#define PTE_AF      BIT(10)
#define PTE_NG      BIT(11)
#define PTE_PXN     BIT(53)
#define PTE_UXN     BIT(54)
#ifdef HOST
#define dsb() do { } while (0)
#else
#define dsb() __asm__ volatile("dsb ish" ::: "memory")
#endif
#define PTE_ADDR(e) ((e) & 0x0000fffffffff000UL)
#define MAIR_DEVICE_nGnRnE 0
#define MAIR_NORMAL 1
#define MAIR_DEVICE 2

/* ---- threads (tcb.c) ------------------------------------------------------------------- */
enum { TS_INACTIVE, TS_RUNNING, TS_BLOCKED_SEND, TS_BLOCKED_RECV, TS_BLOCKED_REPLY,
       TS_BLOCKED_NTFN };

struct user_ctx { u64 x[31], sp, pc, pstate, tpidr; };   /* REG_* order */
struct fp_ctx { u64 v[64]; u64 fpsr, fpcr; };

struct endpoint;
struct notification;
struct tcb {
    struct obj_hdr hdr;
    struct user_ctx ctx;
    struct fp_ctx fp;
    u32 state, prio, core, timeslice;
    struct tcb *qnext, *qprev;     /* run queue or endpoint / notification queue */
    u8 inrq;                       /* on a run queue                              */
    void *blocked_on;              /* endpoint or notification                  */
    /* ipc */
    u64 ipc_badge;                 /* badge of the cap used to send              */
    u8 ipc_call, ipc_grant;
    struct tcb *reply_to;          /* the caller this thread must reply to       */
    struct tcb *caller_of;         /* (blocked on reply) the thread that replies */
    struct notification *bound;
    /* faults */
    u32 fault;                     /* FAULT_* being delivered, or 0              */
    u64 fault_w[MSG_WORDS];
    /* upcall */
    u64 up_pc, up_sp, up_frame, up_flags;
    u8 in_upcall;
    u32 fp_cpu;                    /* the core whose FP registers last held our state */
    /* caps held by the thread (CDT members, so they are revoked like any other) */
    struct slot cspace, vspace, fault_ep;
};
_Static_assert(sizeof(struct tcb) <= (1UL << TCB_BITS), "tcb too big");

void tcb_init(struct tcb *t);
void tcb_destroy(struct obj_hdr *h);
void tcb_cancel(struct tcb *t);           /* leave any IPC/notification wait */
void tcb_suspend(struct tcb *t);
void tcb_resume(struct tcb *t);
void tcb_set_result(struct tcb *t, u64 err);
int  tcb_read_reg(struct tcb *t, u64 idx, u64 *v);
int  tcb_write_reg(struct tcb *t, u64 idx, u64 v);
u64  sanitize_pstate(u64 p);

/* ---- scheduler (sched.c) --------------------------------------------------------------- */
#define TIMESLICE_TICKS 2
struct cpu {
    struct tcb *cur;
    struct tcb *head[NPRIO], *tail[NPRIO];
    u64 bitmap[NPRIO / 64];
    u32 resched;
    u64 ticks;
};
extern struct cpu cpus[NCORES];
void sched_enqueue(struct tcb *t);
void sched_dequeue(struct tcb *t);
void sched_wake(struct tcb *t);        /* make runnable */
void sched_block(struct tcb *t, u32 state);
struct tcb *sched_choose(u32 core);    /* pick what runs next on core; updates cur */
void sched_tick(u32 core);
void sched_set_core(struct tcb *t, u32 core);
int  sched_highest(u32 core);

/* ---- IPC (endpoint.c, notification.c) -------------------------------------------------- */
struct endpoint {
    struct obj_hdr hdr;
    u32 qstate;                     /* EP_IDLE, EP_SEND (senders wait), EP_RECV */
    struct tcb *head, *tail;
};
enum { EP_IDLE, EP_SEND, EP_RECV };
struct notification {
    struct obj_hdr hdr;
    u64 word;
    struct tcb *head, *tail;
    struct tcb *bound;
    u64 deadline, deadline_badge;   /* a pending timeout (0: none) */
    struct notification *tnext;     /* the kernel's timeout list, sorted by deadline */
};
_Static_assert(sizeof(struct endpoint) <= (1UL << EP_BITS), "ep");
_Static_assert(sizeof(struct notification) <= (1UL << NTFN_BITS), "ntfn");

void ep_send(struct tcb *t, struct endpoint *ep, u64 badge, int grant, int block, int call);
void ep_recv(struct tcb *t, struct endpoint *ep, int block);
void ep_reply(struct tcb *t);
void ep_destroy(struct obj_hdr *h);
void ep_cancel(struct tcb *t);
void ntfn_signal(struct notification *n, u64 badge);
void ntfn_wait(struct tcb *t, struct notification *n, int block);
void ntfn_destroy(struct obj_hdr *h);
void ntfn_cancel(struct tcb *t);
int  ntfn_bind(struct tcb *t, struct notification *n);
void ntfn_unbind(struct tcb *t);
void ntfn_set_timeout(struct notification *n, u64 deadline, u64 badge);
u64  timeouts_expire(u64 now);          /* signal what is due; returns the next deadline or 0 */
u64  timeouts_next(void);
void queue_append(struct tcb **head, struct tcb **tail, struct tcb *t);
void queue_remove(struct tcb **head, struct tcb **tail, struct tcb *t);

/* ---- faults (fault.c) ------------------------------------------------------------------ */
void fault_raise(struct tcb *t, u32 kind, u64 w0, u64 w1, u64 w2, u64 w3);
void fault_from_esr(struct tcb *t, u64 esr, u64 far);
int  upcall_enter(struct tcb *t, u32 kind, u64 esr, u64 far);
int  upcall_return(struct tcb *t);

/* ---- irqs (irq.c) ---------------------------------------------------------------------- */
#define NIRQ 64
extern struct slot irq_slots[NIRQ];
extern u8 irq_issued[NIRQ];
void irq_deliver(u32 irq);
void irq_handler_deleted(u32 irq);

/* ---- syscalls (syscall.c) -------------------------------------------------------------- */
void syscall(struct tcb *t, u64 n);
void handle_svc(struct tcb *t, u64 esr);
int  fastpath_call(struct tcb *t);
int  fastpath_reply_recv(struct tcb *t);
extern u64 syscall_count;

/* ---- machine layer (arch/ or test stubs) ----------------------------------------------- */
u32  arch_core_id(void);
void arch_tlb_flush_asid(u64 asid);
void arch_icache_sync(void);
void arch_irq_mask(u32 irq);
void arch_irq_unmask(u32 irq);
void arch_halt(u64 code) __attribute__((noreturn));
void arch_tcb_destroyed(struct tcb *t);
void arch_kick(struct tcb *t);          /* t is not executing at EL0 on another core when this returns */
void arch_resched_core(u32 core);       /* make core run its scheduler soon */
u64  arch_now(void);                    /* the counter (CNTVCT) */
#endif
