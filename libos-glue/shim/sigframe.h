/* Linux arm64 signal frames (arch/arm64/kernel/signal.c, uapi asm/sigcontext.h): what the shim
 * pushes on a thread's stack to run a handler (HotSpot's SIGSEGV handler reads and rewrites
 * uc_mcontext.pc/sp/regs) and what rt_sigreturn reads back. The layout must be Linux's exactly:
 *   [sp]            struct rt_sigframe { siginfo (128 bytes); ucontext }      16-byte aligned
 *   [above it]      struct frame_record { fp, lr }  (x29 points at it)
 * ucontext: uc_flags, uc_link, uc_stack, uc_sigmask (8 bytes + 120 reserved), then
 * uc_mcontext = struct sigcontext at offset 176, whose __reserved[4096] holds the records
 * fpsimd_context (magic 0x46508001, 528 bytes), esr_context (0x45535201, 16 bytes) for faults,
 * and a null record that ends the list. */
#ifndef SHIM_SIGFRAME_H
#define SHIM_SIGFRAME_H

#include <stddef.h>
#include <stdint.h>

#include "linux.h"

struct l_siginfo {
    int32_t si_signo, si_errno, si_code, _pad;
    union {
        uint64_t addr;                           /* SIGSEGV, SIGBUS, SIGILL, SIGTRAP: si_addr */
        struct { int32_t pid; uint32_t uid; } kill;  /* SI_USER, SI_TKILL */
        uint8_t bytes[112];
    } u;
};

struct l_stack {
    uint64_t ss_sp;
    int32_t ss_flags, _pad;
    uint64_t ss_size;
};

struct l_sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    uint8_t reserved[4096] __attribute__((aligned(16)));
};

struct l_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct l_stack uc_stack;
    uint64_t uc_sigmask;                         /* sigset_t: 64 signals */
    uint8_t unused[128 - sizeof(uint64_t)];      /* room for a 1024-bit sigset */
    struct l_sigcontext uc_mcontext;
};

struct l_ctx_head { uint32_t magic, size; };

#define L_FPSIMD_MAGIC 0x46508001u
#define L_ESR_MAGIC    0x45535201u
#define L_EXTRA_MAGIC  0x45585401u

struct l_fpsimd_context {
    struct l_ctx_head head;
    uint32_t fpsr, fpcr;
    __uint128_t vregs[32];
};

struct l_esr_context {
    struct l_ctx_head head;
    uint64_t esr;
};

struct l_rt_sigframe {
    struct l_siginfo info;
    struct l_ucontext uc;
};

struct l_frame_record { uint64_t fp, lr; };

/* A thread's user-visible CPU state, as the shim saves it on a trap. */
struct cpu_state {
    uint64_t x[31], sp, pc, pstate;
    uint32_t fpsr, fpcr;
    __uint128_t v[32];
};

struct sigframe_args {
    int signo;
    const struct l_siginfo *info;
    uint64_t handler, restorer;    /* restorer: sa_restorer, else the shim's sigreturn trampoline */
    uint64_t blocked;              /* the mask to save (restored by rt_sigreturn) */
    uint64_t esr;                  /* fault syndrome to report, 0 for none */
    uint64_t fault_address;
    struct l_stack altstack;       /* the thread's sigaltstack (ss_flags L_SS_DISABLE if none) */
    int on_altstack;               /* the handler asked for SA_ONSTACK */
};

/* Where the frame goes: [*frame, *top) on the current or alternate stack. */
void sigframe_place(const struct cpu_state *cpu, const struct sigframe_args *a, uint64_t *frame, uint64_t *top);
/* Writes the frame at `frame` (from sigframe_place; the memory must be writable) and sets the
 * registers to enter the handler: x0 signo, x1 &info, x2 &uc, sp frame, x29 &frame_record,
 * x30 restorer, pc handler. */
void sigframe_push(struct cpu_state *cpu, const struct sigframe_args *a, uint64_t frame);
/* rt_sigreturn: restores the registers and returns the signal mask from the frame at cpu->sp
 * (readable memory of sizeof(struct l_rt_sigframe)); 0, or -L_EFAULT for a malformed frame
 * (the caller then kills the thread with SIGSEGV, as Linux does). */
int sigframe_restore(struct cpu_state *cpu, uint64_t *blocked);

#define L_PSTATE_NZCV  0xf0000000ull
#define L_PSTATE_DIT   (1ull << 24)
#define L_PSTATE_SSBS  (1ull << 12)
#define L_PSTATE_BTYPE (3ull << 10)

#endif
