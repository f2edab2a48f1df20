/* The POSIX shim as the GaoOS root task (the QEMU proofs): loads an aarch64 Linux executable
 * (and its PT_INTERP), builds its initial stack, registers the shim as the thread's upcall
 * handler and jumps in. From then on every `svc #0` and every fault of every thread of the
 * program arrives in shim_upcall (same thread, same address space), which answers with the
 * syscall table (shim/syscall.c), threads.c, the pager, or a signal, then returns with
 * SYS_UPCALL_RETURN.
 *
 * Proof-grade limits (docs/libos.md): the program is embedded in this image (the kernel cannot
 * hand over the initramfs yet); the shim's heap never frees; AT_HWCAP is FP|ASIMD. */
#include <gaoos/abi.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../shim/elf.h"
#include "../shim/fs.h"
#include "../shim/linux.h"
#include "../shim/path.h"
#include "../shim/procfs.h"
#include "../shim/signal.h"
#include "../shim/stack.h"
#include "../shim/syscall.h"
#include "../shim/vm.h"
#include "el0.h"

/* ---- the shim's host functions ---------------------------------------------------------------- */

static struct vm_region regions[512];
static uint64_t counter_freq;

static uint64_t counter(void) { uint64_t v; __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)); return v; }

uint64_t monotonic_ns(void *ctx) {
    uint64_t c = counter();
    return c / counter_freq * 1000000000ull + c % counter_freq * 1000000000ull / counter_freq;
}
static void console_write(void *ctx, const char *s, uint64_t n) { kwrite(s, n); }
static void log_line(void *ctx, const char *line) { kputs(line); kputs("\n"); }
static void exit_group(void *ctx, int status) {
    kputhex("SHIM: exit_group status=", (uint64_t)status);
    kputs("\n");
    halt((word)status);
}


/* ---- the upcall ----------------------------------------------------------------------------- */

uint8_t shim_stack[64 * 1024] __attribute__((aligned(16)));
extern uint8_t shim_stack_top[];
__asm__(".global shim_stack_top\n.set shim_stack_top, shim_stack + 65536");

extern __attribute__((noreturn)) void enter_guest(uint64_t entry, uint64_t sp);
extern const uint8_t guest_image[], guest_image_end[];
#ifdef GUEST_DYNAMIC
extern const uint8_t ld_image[], ld_image_end[], libc_image[], libc_image_end[];
#endif

extern void fp_save(__uint128_t *v, uint32_t *fpsr, uint32_t *fpcr);
extern void fp_restore(const __uint128_t *v, const uint32_t *fpsr, const uint32_t *fpcr);

/* The sigreturn trampoline (glibc passes no SA_RESTORER on arm64; Linux uses its vDSO's). */
#define TRAMPOLINE 0x7ff0100000ull

static void cpu_from_frame(struct cpu_state *c, const struct upcall_frame *f) {
    memcpy(c->x, f->x, sizeof c->x);
    c->sp = f->sp;
    c->pc = f->pc;
    c->pstate = f->pstate;
    fp_save(c->v, &c->fpsr, &c->fpcr);
}

static void cpu_to_frame(const struct cpu_state *c, struct upcall_frame *f, int with_fp) {
    memcpy(f->x, c->x, sizeof c->x);
    f->sp = c->sp;
    f->pc = c->pc;
    f->pstate = c->pstate;
    if (with_fp) fp_restore(c->v, &c->fpsr, &c->fpcr);
}

static __attribute__((noreturn)) void killed(int signo, const struct upcall_frame *f) {
    kputhex("SHIM: killed by signal ", (uint64_t)signo);
    kputhex(" pc=", f->pc);
    kputhex(" addr=", f->far);
    kputhex(" esr=", f->esr);
    kputs("\n");
    halt(128 + (word)signo);
}

/* A fault the pager cannot serve becomes a synchronous signal to the program's handler. */
static void fault_signal(struct thread *th, int signo, int code, uint64_t addr) {
    struct upcall_frame *f = &th->frame;
    cpu_from_frame(&th->cpu, f);
    if (shim_deliver_fault(&shim, &th->t, &th->cpu, signo, code, addr, f->esr, TRAMPOLINE)) killed(signo, f);
    cpu_to_frame(&th->cpu, f, 0);
}

static __attribute__((noreturn)) void upcall_return(void) {
    register word x8 __asm__("x8") = SYS_UPCALL_RETURN;
    register word x0 __asm__("x0");
    __asm__ volatile("svc #1" : "=r"(x0) : "r"(x8) : "memory");
    panic("SYS_UPCALL_RETURN failed", (long)x0);
}

void __attribute__((noreturn)) shim_upcall(word kind, struct upcall_frame *f) {
    struct thread *th = (struct thread *)f;                     /* the frame is the thread's first member */
    word ec = f->esr >> 26;
    lock();
    if (kind == FAULT_SYSCALL) {
        switch (f->x[8]) {
        case 139:                                               /* rt_sigreturn: every register */
            cpu_from_frame(&th->cpu, f);
            if (shim_sigreturn(&shim, &th->t, &th->cpu)) killed(L_SIGSEGV, f);
            cpu_to_frame(&th->cpu, f, 1);
            break;
        case 220: f->x[0] = (word)do_clone(th); break;
        case 93: do_exit(th);
        case 98: f->x[0] = (word)do_futex(th); break;
        case 101: f->x[0] = (word)do_sleep(th, L_CLOCK_MONOTONIC, 0, f->x[0]); break;      /* nanosleep */
        case 115: f->x[0] = (word)do_sleep(th, f->x[0], f->x[1], f->x[2]); break;         /* clock_nanosleep */
        default: f->x[0] = (word)shim_syscall(&shim, &th->t, f->x[8], (const uint64_t *)f->x);
        }
    } else if (kind == FAULT_VM) {
        uint32_t access = ec == 0x20 || ec == 0x21 ? L_PROT_EXEC : (f->esr & (1u << 6)) ? L_PROT_WRITE : L_PROT_READ;
        int why = vm_fault_kind(&shim.vm, f->far, access);
        if (!why && page_present(f->far >> 12)) why = L_SEGV_ACCERR;   /* present: a protection fault */
        if (why) fault_signal(th, L_SIGSEGV, why, f->far);
        else populate(f->far & ~4095ull);
    } else if (kind == FAULT_ALIGN) {
        fault_signal(th, L_SIGBUS, L_BUS_ADRALN, f->far);
    } else if (kind == FAULT_UNDEF) {
        if (ec == 0x3c) fault_signal(th, L_SIGTRAP, L_TRAP_BRKPT, f->pc);   /* brk */
        else fault_signal(th, L_SIGILL, L_ILL_ILLOPC, f->pc);
    } else {
        kputhex("SHIM: unexpected upcall kind=", kind);
        kputhex(" pc=", f->pc);
        kputhex(" esr=", f->esr);
        kputs("\n");
        halt(132);
    }
    unlock();
    upcall_return();
}

/* ---- loading the program -------------------------------------------------------------------- */

#define STACK_TOP  0x7ff0000000ull
#define STACK_SIZE (8ull << 20)
#define STACK_EAGER (64ull << 10)

static void load_segments(const struct elf_info *e, const uint8_t *img, uint64_t bias) {
    for (int i = 0; i < e->nload; i++) {
        const struct elf_load *l = &e->load[i];
        uint64_t start = bias + (l->vaddr & ~4095ull), end = bias + ((l->vaddr + l->memsz + 4095) & ~4095ull);
        int64_t r = vm_mmap(&shim.vm, start, end - start, l->prot, L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED, NULL, 0);
        if (r < 0) panic("vm_mmap of a segment", r);
        for (uint64_t p = start; p < end; p += 4096)
            if (!page_present(p >> 12)) map_page(p, R_READ | R_WRITE | (l->prot & L_PROT_EXEC ? R_EXEC : 0));
        memcpy((void *)(uintptr_t)(bias + l->vaddr), img + l->offset, l->filesz);
        /* the rest is .bss: fresh frames are already zero */
        if (l->prot & L_PROT_EXEC) sync_icache(bias + l->vaddr, l->filesz);
    }
}

/* Where position-independent programs go (the numbers qemu-user uses, for comparable traces). */
#define EXE_BIAS    0x5500000000ull
#define INTERP_BIAS 0x7fe0000000ull

static void add_file(const char *dir_path, const char *name, const uint8_t *data, uint64_t size) {
    struct walk w;
    struct node *n;
    if (path_walk(&shim.fs, shim.fs.root, dir_path, WALK_FOLLOW, &w) || !node_is_dir(w.node) ||
        fs_mkfile_data(&shim.fs, w.node, name, strlen(name), 0755, data, size, 0, &n))
        panic("adding a file to the tree", 0);
}

static void mkdirs(const char *const *dirs) {
    for (; *dirs; dirs++) {
        struct walk w;
        struct node *n;
        int err = path_walk(&shim.fs, shim.fs.root, *dirs, 0, &w);
        if (err == -L_ENOENT && w.parent && fs_mkdir(&shim.fs, w.parent, w.name, w.name_len, 0755, &n) == 0) continue;
        if (err) panic("mkdir", err);
    }
}

static void parse(const uint8_t *img, size_t len, struct elf_info *e, const char *what) {
    const char *why = NULL;
    if (elf_parse(img, len, e, &why)) { kputs("SHIM: bad ELF "); kputs(what); kputs(": "); kputs(why); kputs("\n"); halt(8); }
}

void shim_main(const struct bootinfo *boot) {
    pager_init(boot);
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(counter_freq));
    kputs("SHIM: POSIX shim up (root task)\n");

    size_t len = (size_t)(guest_image_end - guest_image);
    struct elf_info e, ie;
    parse(guest_image, len, &e, "/hello");

    vm_init(&shim.vm, regions, sizeof regions / sizeof regions[0], 0x100000000ull, STACK_TOP,
            (struct vm_ops){ release, protect, NULL, NULL });
    if (fs_init(&shim.fs)) panic("fs_init", 0);
    static const char *const dirs[] = { "/tmp", "/etc", "/lib", "/lib/aarch64-linux-gnu", NULL };
    mkdirs(dirs);
    struct walk w;
    add_file("/", "hello", guest_image, len);
    /* the RAM the kernel gave us; MIDR_EL1 is not readable at EL0 and the kernel does not pass it
     * yet: QEMU's and the Pi 3's Cortex-A53 r0p4 */
    uint64_t ram = 0;
    for (word i = 0; i < boot->n_untyped; i++) if (boot->untyped[i].kind == UT_RAM) ram += 1ull << boot->untyped[i].size_bits;
    struct machine_info machine = { 0x410fd034, 0x3, 1, ram, ram };
    if (procfs_populate(&shim.fs, &machine, "/hello")) panic("procfs", 0);
#ifdef GUEST_DYNAMIC
    add_file("/lib", "ld-linux-aarch64.so.1", ld_image, (uint64_t)(ld_image_end - ld_image));
    add_file("/lib/aarch64-linux-gnu", "libc.so.6", libc_image, (uint64_t)(libc_image_end - libc_image));
#endif
    shim_init(&shim, (struct shim_host){ console_write, log_line, monotonic_ns, 0, exit_group, touch, ram, ram, NULL },
              "/hello", counter());
    struct thread *main_thread = &threads[0];
    main_thread->used = 1;
    main_thread->t.tid = 1;
    main_thread->t.altstack.ss_flags = L_SS_DISABLE;
    main_thread->tcb = CAP_SELF_TCB;
    if (thread_objects(main_thread)) panic("main thread notification", 0);

    uint64_t bias = e.dynamic ? EXE_BIAS : 0, interp_bias = 0, entry = bias + e.entry;
    load_segments(&e, guest_image, bias);
    vm_set_brk(&shim.vm, bias + e.hi);
    if (e.interp) {
        /* the interpreter comes from the file tree, like Linux's binfmt_elf reads PT_INTERP */
        if (path_walk(&shim.fs, shim.fs.root, e.interp, WALK_FOLLOW, &w) || !node_is_reg(w.node)) {
            kputs("SHIM: interpreter not found: "); kputs(e.interp); kputs("\n"); halt(8);
        }
        parse(w.node->data, w.node->size, &ie, e.interp);
        if (!ie.dynamic) { kputs("SHIM: the interpreter is not position-independent\n"); halt(8); }
        interp_bias = INTERP_BIAS;
        load_segments(&ie, w.node->data, interp_bias);
        entry = interp_bias + ie.entry;
    }

    /* the stack: 8 MB reserved, the top 64 KB present */
    if (vm_mmap(&shim.vm, STACK_TOP - STACK_SIZE, STACK_SIZE, L_PROT_READ | L_PROT_WRITE,
                L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED | L_MAP_STACK, NULL, 0) < 0)
        panic("stack", 0);
    for (uint64_t p = STACK_TOP - STACK_EAGER; p < STACK_TOP; p += 4096) map_page(p, R_READ | R_WRITE);
    static const char *const argv[] = { "/hello", "from-the-shim", NULL };
    static const char *const envp[] = { "PATH=/", "HOME=/", NULL };
    struct auxv aux[] = {
        { L_AT_PHDR, bias + e.phdr_vaddr }, { L_AT_PHENT, e.phentsize }, { L_AT_PHNUM, e.phnum },
        { L_AT_PAGESZ, 4096 }, { L_AT_BASE, interp_bias }, { L_AT_FLAGS, 0 }, { L_AT_ENTRY, bias + e.entry },
        { L_AT_UID, 0 }, { L_AT_EUID, 0 }, { L_AT_GID, 0 }, { L_AT_EGID, 0 }, { L_AT_SECURE, 0 },
        { L_AT_HWCAP, 0x3 /* FP | ASIMD: what every Cortex-A53 has; not yet read from ID_AA64ISAR0 */ },
        { L_AT_HWCAP2, 0 }, { L_AT_CLKTCK, 100 }, { L_AT_MINSIGSTKSZ, 5120 },
    };
    uint8_t random16[16];
    for (int i = 0; i < 16; i++) random16[i] = (uint8_t)(counter() >> (i % 8));
    struct stack_args sa = { argv, envp, aux, (int)(sizeof aux / sizeof aux[0]), random16, "/hello" };
    uint64_t sp = stack_build(STACK_TOP, STACK_EAGER, &sa);
    if (!sp) panic("initial stack", 0);

    /* the trampoline page: mov x8, #139; svc #0 */
    map_page(TRAMPOLINE, R_READ | R_WRITE | R_EXEC);
    ((volatile uint32_t *)(uintptr_t)TRAMPOLINE)[0] = 0xd2801168;
    ((volatile uint32_t *)(uintptr_t)TRAMPOLINE)[1] = 0xd4000001;
    sync_icache(TRAMPOLINE, 8);

    long r = kcall(SYS_TCB_SET_UPCALL, CAP_SELF_TCB, (word)upcall_entry,
                   (word)(main_thread->stack + sizeof main_thread->stack), (word)&main_thread->frame,
                   UPCALL_LINUX_SVC | UPCALL_FAULTS, 0);
    if (r != E_OK) panic("SYS_TCB_SET_UPCALL", r);
    kputhex("SHIM: entering the program at ", entry);
    kputs(e.interp ? " (its interpreter)\n" : "\n");
    enter_guest(entry, sp);
}
