#include "sigframe.h"

#include <string.h>

_Static_assert(sizeof(struct l_siginfo) == 128, "siginfo is 128 bytes");
_Static_assert(offsetof(struct l_ucontext, uc_mcontext) == 176, "uc_mcontext at 176");
_Static_assert(offsetof(struct l_sigcontext, reserved) == 288, "__reserved at 288");
_Static_assert(sizeof(struct l_fpsimd_context) == 528, "fpsimd_context is 0x210 bytes");
_Static_assert(sizeof(struct l_rt_sigframe) == 4688, "rt_sigframe is 4688 bytes");
_Static_assert(sizeof(struct l_rt_sigframe) % 16 == 0, "the frame record sits right above the frame");

static uint64_t align_down16(uint64_t a) { return a & ~15ull; }

void sigframe_place(const struct cpu_state *cpu, const struct sigframe_args *a, uint64_t *frame, uint64_t *top) {
    uint64_t sp = cpu->sp;
    const struct l_stack *alt = &a->altstack;
    if (a->on_altstack && !(alt->ss_flags & L_SS_DISABLE) && alt->ss_size &&
        !(sp > alt->ss_sp && sp <= alt->ss_sp + alt->ss_size))
        sp = alt->ss_sp + alt->ss_size;
    uint64_t record = align_down16(sp - sizeof(struct l_frame_record));
    *frame = align_down16(record - sizeof(struct l_rt_sigframe));
    *top = record + sizeof(struct l_frame_record);
}

void sigframe_push(struct cpu_state *cpu, const struct sigframe_args *a, uint64_t frame) {
    struct l_rt_sigframe *f = (struct l_rt_sigframe *)(uintptr_t)frame;
    uint64_t record_addr = frame + sizeof *f;
    struct l_frame_record *rec = (struct l_frame_record *)(uintptr_t)record_addr;
    memset(f, 0, sizeof *f);

    f->info = *a->info;
    f->uc.uc_stack = a->altstack;
    if (a->altstack.ss_size && cpu->sp > a->altstack.ss_sp && cpu->sp <= a->altstack.ss_sp + a->altstack.ss_size)
        f->uc.uc_stack.ss_flags = L_SS_ONSTACK;
    f->uc.uc_sigmask = a->blocked;

    struct l_sigcontext *sc = &f->uc.uc_mcontext;
    sc->fault_address = a->fault_address;
    memcpy(sc->regs, cpu->x, sizeof sc->regs);
    sc->sp = cpu->sp;
    sc->pc = cpu->pc;
    sc->pstate = cpu->pstate;

    uint8_t *p = sc->reserved;
    struct l_fpsimd_context *fp = (struct l_fpsimd_context *)p;
    fp->head.magic = L_FPSIMD_MAGIC;
    fp->head.size = sizeof *fp;
    fp->fpsr = cpu->fpsr;
    fp->fpcr = cpu->fpcr;
    memcpy(fp->vregs, cpu->v, sizeof fp->vregs);
    p += sizeof *fp;
    if (a->esr) {
        struct l_esr_context *esr = (struct l_esr_context *)p;
        esr->head.magic = L_ESR_MAGIC;
        esr->head.size = sizeof *esr;
        esr->esr = a->esr;
        p += sizeof *esr;
    }
    /* the terminator: already zero */

    rec->fp = cpu->x[29];
    rec->lr = cpu->x[30];

    cpu->x[0] = (uint64_t)a->signo;
    cpu->x[1] = frame + offsetof(struct l_rt_sigframe, info);
    cpu->x[2] = frame + offsetof(struct l_rt_sigframe, uc);
    cpu->x[29] = record_addr;
    cpu->x[30] = a->restorer;
    cpu->sp = frame;
    cpu->pc = a->handler;
    cpu->pstate &= ~L_PSTATE_BTYPE;
}

int sigframe_restore(struct cpu_state *cpu, uint64_t *blocked) {
    if (cpu->sp & 15) return -L_EFAULT;
    const struct l_rt_sigframe *f = (const struct l_rt_sigframe *)(uintptr_t)cpu->sp;
    const struct l_sigcontext *sc = &f->uc.uc_mcontext;

    /* the records: fpsimd required, esr ignored, anything else (extra, SVE...) rejected */
    const struct l_fpsimd_context *fp = NULL;
    size_t off = 0, limit = sizeof sc->reserved;
    for (;;) {
        if (limit - off < sizeof(struct l_ctx_head)) return -L_EFAULT;
        struct l_ctx_head head;
        memcpy(&head, sc->reserved + off, sizeof head);
        if (head.magic == 0) {
            if (head.size != 0) return -L_EFAULT;
            break;
        }
        if (head.size < sizeof head || head.size % 16 || head.size > limit - off) return -L_EFAULT;
        if (head.magic == L_FPSIMD_MAGIC) {
            if (fp || head.size != sizeof(struct l_fpsimd_context)) return -L_EFAULT;
            fp = (const struct l_fpsimd_context *)(sc->reserved + off);
        } else if (head.magic != L_ESR_MAGIC) {
            return -L_EFAULT;
        }
        off += head.size;
    }
    if (!fp) return -L_EFAULT;

    memcpy(cpu->x, sc->regs, sizeof cpu->x);
    cpu->sp = sc->sp;
    cpu->pc = sc->pc;
    /* EL0t, AArch64, interrupts unmasked: only the flags survive from user memory */
    cpu->pstate = sc->pstate & (L_PSTATE_NZCV | L_PSTATE_DIT | L_PSTATE_SSBS);
    cpu->fpsr = fp->fpsr;
    cpu->fpcr = fp->fpcr;
    memcpy(cpu->v, fp->vregs, sizeof cpu->v);
    *blocked = f->uc.uc_sigmask & ~((1ull << (L_SIGKILL - 1)) | (1ull << (L_SIGSTOP - 1)));
    return 0;
}
