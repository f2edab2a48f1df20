/* GaoOS kernel ABI, shared by the kernel and user space. See docs/kernel-abi.md. */
#ifndef GAOOS_ABI_H
#define GAOOS_ABI_H

/* Native calls: `svc #1`, number in x8, arguments in x0..x7.
 * Results: x0 = error (E_OK or E_*), x1..x7 = values. `svc #0` is the Linux ABI (reflected). */
#define SVC_NATIVE 1
#define SVC_LINUX  0

enum {
    SYS_DEBUG_WRITE,     /* x0 ptr, x1 len                                   */
    SYS_YIELD,           /* -> x1 = the core the caller runs on              */
    SYS_SEND,            /* x0 ep, x1 tag, x2..x5 words, x6 cap to send      */
    SYS_NBSEND,
    SYS_RECV,            /* x0 ep, x7 receive slot -> x1 tag, x2..x5, x6 badge */
    SYS_NBRECV,
    SYS_CALL,            /* x0 ep, x1 tag, x2..x5, x6 cap, x7 receive slot   */
    SYS_REPLY,           /* x1 tag, x2..x5                                   */
    SYS_REPLY_RECV,      /* x0 ep, x1 tag, x2..x5 reply, x7 receive slot     */
    SYS_SIGNAL,          /* x0 ntfn                                          */
    SYS_WAIT,            /* x0 ntfn -> x1 bits                               */
    SYS_POLL,            /* x0 ntfn -> x1 bits                               */
    SYS_UNTYPED_RETYPE,  /* x0 ut, x1 type, x2 size_bits, x3 cnode, x4 index, x5 count */
    SYS_CNODE_COPY,      /* x0 dst cnode, x1 dst idx, x2 src cnode, x3 src idx, x4 rights */
    SYS_CNODE_MINT,      /* ... x4 rights, x5 badge                          */
    SYS_CNODE_MOVE,      /* x0 dst cnode, x1 dst idx, x2 src cnode, x3 src idx */
    SYS_CNODE_DELETE,    /* x0 cnode, x1 idx                                 */
    SYS_CNODE_REVOKE,    /* x0 cnode, x1 idx                                 */
    SYS_VSPACE_MAP,      /* x0 vspace, x1 frame, x2 vaddr, x3 rights         */
    SYS_VSPACE_MAP_TABLE,/* x0 vspace, x1 page table, x2 vaddr               */
    SYS_VSPACE_UNMAP,    /* x0 frame or page table                           */
    SYS_TCB_CONFIGURE,   /* x0 tcb, x1 cspace cnode, x2 vspace, x3 fault ep (0: none), x4 prio */
    SYS_TCB_READ_REG,    /* x0 tcb, x1 reg index -> x1 value                 */
    SYS_TCB_WRITE_REG,   /* x0 tcb, x1 reg index, x2 value                   */
    SYS_TCB_RESUME,      /* x0 tcb                                           */
    SYS_TCB_SUSPEND,     /* x0 tcb                                           */
    SYS_TCB_SET_PRIORITY,/* x0 tcb, x1 prio                                  */
    SYS_TCB_BIND_NTFN,   /* x0 tcb, x1 ntfn (0: unbind)                      */
    SYS_TCB_SET_UPCALL,  /* x0 tcb, x1 entry pc, x2 entry sp, x3 frame vaddr, x4 flags */
    SYS_UPCALL_RETURN,   /* restores the registers saved in the upcall frame */
    SYS_IRQ_GET,         /* x0 control, x1 irq, x2 cnode, x3 idx             */
    SYS_IRQ_SET_NTFN,    /* x0 irq handler, x1 ntfn                          */
    SYS_IRQ_ACK,         /* x0 irq handler                                   */
    SYS_EXIT,            /* x0 code: reported to the fault endpoint          */
    SYS_CAP_IDENTIFY,    /* x0 cptr -> x1 type, x2 rights, x3 badge          */
    SYS_MACHINE_HALT,    /* x0 control, x1 code: stop the machine (tests)    */
    SYS_TCB_SET_AFFINITY,/* x0 tcb, x1 core                                  */
    SYS_NTFN_SET_TIMEOUT,/* x0 ntfn, x1 deadline (CNTVCT ticks; 0: cancel)   */
    SYS_COUNT
};

/* Errors (x0 after a native call). */
enum {
    E_OK, E_INVAL, E_CAP, E_RIGHTS, E_NOMEM, E_RANGE, E_EXISTS, E_NOTABLE,
    E_WOULDBLOCK, E_DEAD, E_NOSYS, E_STATE, E_COUNT
};

/* Object types. */
enum {
    OBJ_NULL, OBJ_UNTYPED, OBJ_CNODE, OBJ_TCB, OBJ_ENDPOINT, OBJ_NOTIFICATION,
    OBJ_FRAME, OBJ_PAGETABLE, OBJ_VSPACE, OBJ_CONTROL, OBJ_IRQHANDLER, OBJ_TYPES
};

/* Rights. R: receive / wait / read; W: send / signal / write / invoke; X: execute; G: grant caps. */
#define R_READ  1u
#define R_WRITE 2u
#define R_EXEC  4u
#define R_GRANT 8u
#define R_ALL   15u

/* Message tag (x1): label | words << 32 | cap << 36. */
#define MSG_WORDS 4
#define TAG(label, words, cap) (((unsigned long)(label) & 0xffffffffUL) | ((unsigned long)(words) << 32) | ((unsigned long)(!!(cap)) << 36))
#define TAG_LABEL(t) ((unsigned)((t) & 0xffffffffUL))
#define TAG_WORDS(t) ((unsigned)(((t) >> 32) & 7))
#define TAG_CAP(t)   ((unsigned)(((t) >> 36) & 1))
#define TAG_VALID(t) (((t) >> 37) == 0 && TAG_WORDS(t) <= MSG_WORDS && TAG_LABEL(t) != LABEL_NOTIFY)
/* A receive that returns because the bound notification was signalled: x1 = TAG(LABEL_NOTIFY,0,0), x6 = bits. */
#define LABEL_NOTIFY 0xffffffffu

/* Fault messages: label = FAULT_*, sent "as a call" on the thread's fault endpoint with
 * the endpoint cap's badge. Words: w0 pc, w1 address / number, w2 esr, w3 sp. */
enum { FAULT_NONE, FAULT_VM, FAULT_UNDEF, FAULT_ALIGN, FAULT_SYSCALL, FAULT_EXIT, FAULT_UPCALL };
/* Reply labels to a fault message. */
#define FAULT_RESUME      0  /* resume at the saved pc (restart the instruction, or after svc) */
#define FAULT_RESUME_X0   1  /* set x0 = w0 then resume (syscall emulation)                   */
#define FAULT_STOP        2  /* leave the thread suspended                                    */

/* Register indices for TCB_READ_REG / TCB_WRITE_REG. */
#define REG_X(n)   (n)
#define REG_SP     31
#define REG_PC     32
#define REG_PSTATE 33
#define REG_TPIDR  34
#define REG_COUNT  35

/* Upcall (in-PD reflection for a library OS). flags: */
#define UPCALL_LINUX_SVC 1u  /* svc #0 goes to the upcall entry                      */
#define UPCALL_FAULTS    2u  /* VM / undef / align faults go to the upcall entry    */
/* The kernel writes this frame at the registered address, then enters
 * pc = entry, sp = entry sp, x0 = kind (FAULT_SYSCALL or FAULT_*), x1 = frame address. */
struct upcall_frame {
    unsigned long x[31], sp, pc, pstate, tpidr; /* the interrupted registers (REG_* order) */
    unsigned long kind, esr, far;               /* why                                    */
};

/* Sizes. */
#define PAGE_BITS 12
#define PAGE_SIZE 4096UL
#define TCB_BITS  11
#define EP_BITS   6
#define NTFN_BITS 7
#define SLOT_BITS 6
#define USER_TOP  (1UL << 39)
#define NPRIO     256

/* Well-known slots of the root task's CNode. */
enum {
    CAP_NULL, CAP_SELF_CNODE, CAP_SELF_VSPACE, CAP_SELF_TCB, CAP_CONTROL,
    CAP_FIRST_UNTYPED /* untypeds from here; bootinfo says how many */
};

/* Cap pointers: a cptr names slot `i` of the thread's CSpace root CNode (bits 0-31), or, when
 * bits 32-51 hold a non-zero index `j`, slot j of the CNode whose cap is in root slot i (two
 * levels: room for 2^20 caps per CNode without a big root). Bits 52-63 must be 0. */
#define CPTR2(root_index, index) (((unsigned long)(index) << 32) | (unsigned long)(root_index))

/* Kinds of untyped memory (struct bootinfo's untyped[].kind). */
#define UT_RAM    0   /* free RAM: every object type; objects are zeroed when made          */
#define UT_DEVICE 1   /* device registers: frames (mapped as device memory) and untypeds    */
#define UT_INITRD 2   /* the initramfs as loaded: read-only frames (R_READ|R_EXEC|R_GRANT) and
                         untypeds; never zeroed, so the frames hold the archive's bytes      */
/* Where the kernel looks for the initramfs (a cpio "newc" archive): QEMU's
 * `-device loader,file=F,addr=0x10000000,force-raw=on`, a Pi's config.txt `initramfs F 0x10000000`. */
#define INITRD_PADDR 0x10000000UL

/* Boot info page mapped read-only into the root task at BOOTINFO_VADDR. */
#define BOOTINFO_VADDR 0x200000UL
#define BOOTINFO_UNTYPED 64
struct bootinfo {
    unsigned long n_untyped, first_free_slot, cnode_bits;
    unsigned long initrd_paddr, initrd_size;   /* the archive, exactly (through its trailer); size 0: none */
    /* the CPU (core 0's ID registers, which EL0 cannot read): MIDR_EL1, ID_AA64ISAR0_EL1, ID_AA64PFR0_EL1 */
    unsigned long midr, id_aa64isar0, id_aa64pfr0;
    struct { unsigned long paddr, size_bits, kind; } untyped[BOOTINFO_UNTYPED];
};

#endif
