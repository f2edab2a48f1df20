/* The POSIX shim as the GaoOS root task: unpacks the initramfs the kernel hands over into the
 * shim's file tree, loads the program named by /gaoos/argv (and its PT_INTERP) from it, builds
 * its initial stack, registers the shim as the thread's upcall handler and jumps in. From then on
 * every `svc #0` and every fault of every thread of the program arrives in shim_upcall (same
 * thread, same address space), which answers with the syscall table (shim/syscall.c),
 * threads.c, the pager, or a signal, then returns with SYS_UPCALL_RETURN.
 *
 * The boot configuration is two files of the initramfs: /gaoos/argv (the program's path, then
 * its arguments, one per line) and /gaoos/env (its environment, one VAR=value per line). */
#include <gaoos/abi.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../shim/elf.h"
#include "../shim/fs.h"
#include "../shim/heap.h"
#include "../shim/linux.h"
#include "../shim/path.h"
#include "../shim/procfs.h"
#include "../shim/signal.h"
#include "../shim/stack.h"
#include "../shim/syscall.h"
#include "../shim/vm.h"
#include "el0.h"

/* ---- the shim's host functions ---------------------------------------------------------------- */

static uint64_t counter_freq, boot_counter;
static int program_wrote;

static uint64_t counter(void) { uint64_t v; __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)); return v; }
static uint64_t ms_since_reset(void) { return counter() * 1000 / counter_freq; }

uint64_t monotonic_ns(void *ctx) {
    uint64_t c = counter();
    return c / counter_freq * 1000000000ull + c % counter_freq * 1000000000ull / counter_freq;
}

static void console_write(void *ctx, const char *s, uint64_t n) {
    if (!program_wrote) {
        program_wrote = 1;
        kputdec("SHIM: first output of the program at ", ms_since_reset());
        kputs(" ms after reset\n");
    }
    kwrite(s, n);
}
static void log_line(void *ctx, const char *line) { kputs(line); kputs("\n"); }

static struct { uint64_t calls[512], faults, raced_faults; } stats;

/* The Linux syscalls the program made, by number, most frequent first. */
static void report_calls(void) {
    uint64_t total = 0, distinct = 0;
    for (int i = 0; i < 512; i++) if (stats.calls[i]) { total += stats.calls[i]; distinct++; }
    kputdec("SHIM: Linux syscalls ", total);
    kputdec(" (", distinct);
    kputdec(" distinct), page faults ", stats.faults);
    kputdec(" (", stats.raced_faults);
    kputs(" already served by another thread):");
    uint64_t done[512] = {0};
    for (;;) {
        int best = -1;
        for (int i = 0; i < 512; i++) if (stats.calls[i] && !done[i] && (best < 0 || stats.calls[i] > stats.calls[best])) best = i;
        if (best < 0) break;
        done[best] = 1;
        const char *name = shim_syscall_name((uint64_t)best);
        kputs(" ");
        kputs(name ? name : "?");
        kputdec("(", (uint64_t)best);
        kputdec(")=", stats.calls[best]);
    }
    kputs("\n");
}

static void report(void) {
    report_calls();
    kputdec("SHIM: ", ms_since_reset());
    kputdec(" ms after reset; pages populated ", pager_stats.populated);
    kputdec(" (", pager_stats.from_initrd);
    kputdec(" mapped from the initramfs); peak present ", pager_stats.peak_pages);
    kputdec(" pages; RAM taken ", pager_stats.ram_bytes >> 10);
    kputdec(" KB: 4 KB frames ", pager_stats.fresh_frames);
    kputdec(", shim heap ", shim_heap_bytes() >> 20);
    kputdec(" MB, page tables ", pager_stats.page_tables);
    kputdec("; threads ", (uint64_t)nthreads);
    kputs("\n");
}

static void exit_group(void *ctx, int status) {
    report();
    kputhex("SHIM: exit_group status=", (uint64_t)status);
    kputs("\n");
    halt((word)status);
}

/* ---- the upcall ----------------------------------------------------------------------------- */

uint8_t shim_stack[64 * 1024] __attribute__((aligned(16)));
extern uint8_t shim_stack_top[];
__asm__(".global shim_stack_top\n.set shim_stack_top, shim_stack + 65536");

extern __attribute__((noreturn)) void enter_guest(uint64_t entry, uint64_t sp);
extern void fp_save(__uint128_t *v, uint32_t *fpsr, uint32_t *fpcr);
extern void fp_restore(const __uint128_t *v, const uint32_t *fpsr, const uint32_t *fpcr);

/* The sigreturn trampoline (glibc passes no SA_RESTORER on arm64; Linux uses its vDSO's): a
 * page of the program's map below its stack; the vDSO right above it. */
#define TRAMPOLINE 0x7fef000000ull
#define VDSO       0x7fef001000ull
extern const uint8_t vdso_image[], vdso_image_end[];

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

/* A JVM that crashes writes hs_err_pid<N>.log into its working directory, which lives only in the
 * shim's file tree: show it on the console before the machine stops. */
static void show_crash_reports(void) {
    for (struct node *n = shim.cwd ? shim.cwd->children : NULL; n; n = n->next) {
        if (!node_is_reg(n) || n->name_len < 10 || memcmp(n->name, "hs_err_pid", 10) != 0) continue;
        kputs("SHIM: ---- ");
        kwrite(n->name, n->name_len);
        kputs(" ----\n");
        kwrite((const char *)n->data, n->size);
        kputs("SHIM: ---- end ----\n");
    }
}

static __attribute__((noreturn)) void killed(int signo, const struct upcall_frame *f) {
    report();
    show_crash_reports();
    kputhex("SHIM: killed by signal ", (uint64_t)signo);
    kputhex(" pc=", f->pc);
    kputhex(" addr=", f->far);
    kputhex(" esr=", f->esr);
    kputhex(" lr=", f->x[30]);
    kputhex(" sp=", f->sp);
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
        stats.calls[f->x[8] < 512 ? f->x[8] : 511]++;
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
        case 124: f->x[0] = (word)do_yield(); break;                                      /* sched_yield */
        case 129: f->x[0] = (word)do_kill(th, (int64_t)f->x[0], 0, f->x[1], L_SI_USER); break;        /* kill */
        case 130: f->x[0] = (word)do_kill(th, -1, (int64_t)f->x[0], f->x[1], L_SI_TKILL); break;       /* tkill */
        case 131: f->x[0] = (word)do_kill(th, (int64_t)f->x[0], (int64_t)f->x[1], f->x[2], L_SI_TKILL); break; /* tgkill */
        default: f->x[0] = (word)do_blocking(th, f->x[8]);
        }
    } else if (kind == FAULT_VM) {
        uint32_t access = ec == 0x20 || ec == 0x21 ? L_PROT_EXEC : (f->esr & (1u << 6)) ? L_PROT_WRITE : L_PROT_READ;
        int why = vm_fault_kind(&shim.vm, f->far, access);
        stats.faults++;
        /* allowed by the map: populate the page, unless another thread did while this one
         * waited for the lock (present pages are mapped with their region's rights): retry */
        if (why) fault_signal(th, L_SIGSEGV, why, f->far);
        else if (!page_present(f->far >> 12)) populate(f->far & ~4095ull);
        else stats.raced_faults++;
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
    if (th->t.pending) {                                        /* asynchronous signals: on the way out */
        cpu_from_frame(&th->cpu, f);
        int r = shim_deliver_pending(&shim, &th->t, &th->cpu, TRAMPOLINE);
        if (r) killed(r < 0 ? L_SIGSEGV : r, f);
        cpu_to_frame(&th->cpu, f, 0);
    }
    unlock();
    upcall_return();
}

/* ---- loading the program -------------------------------------------------------------------- */

#define STACK_TOP  0x7ff0000000ull
#define STACK_SIZE (8ull << 20)
#define STACK_EAGER (64ull << 10)

static void check(int64_t r, const char *what) { if (r < 0) panic(what, (long)r); }

/* Maps an ELF file's PT_LOAD segments at bias like Linux's binfmt_elf: file-backed private
 * mappings (paged in on first touch), the bss beyond the file's bytes anonymous, and the rest of
 * the last file page zeroed. */
static void load_segments(const struct elf_info *e, struct node *file, uint64_t bias) {
    for (int i = 0; i < e->nload; i++) {
        const struct elf_load *l = &e->load[i];
        uint64_t start = bias + (l->vaddr & ~4095ull), fend = bias + l->vaddr + l->filesz;
        uint64_t fend_page = (fend + 4095) & ~4095ull, mend = (bias + l->vaddr + l->memsz + 4095) & ~4095ull;
        uint32_t flags = L_MAP_PRIVATE | L_MAP_FIXED;
        if (l->filesz)
            check(vm_mmap(&shim.vm, start, fend_page - start, l->prot, flags, file, l->offset & ~4095ull), "mmap of a segment");
        if (mend > fend_page)
            check(vm_mmap(&shim.vm, fend_page, mend - fend_page, l->prot, flags | L_MAP_ANONYMOUS, NULL, 0), "mmap of a bss");
        if (l->filesz && l->memsz > l->filesz && (fend & 4095)) {
            if (!(l->prot & L_PROT_WRITE)) panic("a read-only segment with a bss", i);
            check(touch(NULL, fend, 1, L_PROT_WRITE), "the last file page of a segment");
            memset((void *)(uintptr_t)fend, 0, fend_page - fend);
        }
    }
}

/* Where position-independent programs go (the numbers qemu-user uses, for comparable traces). */
#define EXE_BIAS    0x5500000000ull
#define INTERP_BIAS 0x7fe0000000ull

static struct node *lookup(const char *path) {
    struct walk w;
    if (path_walk(&shim.fs, shim.fs.root, path, WALK_FOLLOW, &w) || !node_is_reg(w.node)) return NULL;
    return w.node;
}

static void parse(const struct node *n, struct elf_info *e, const char *what) {
    const char *why = NULL;
    if (elf_parse(n->data, n->size, e, &why)) { kputs("SHIM: bad ELF "); kputs(what); kputs(": "); kputs(why); kputs("\n"); halt(8); }
}

/* The lines of a file of the tree as a NULL-terminated array of strings (in the heap). */
static const char **lines_of(const char *path, int *count) {
    struct node *n = lookup(path);
    size_t k = 0, cap = 1;
    for (uint64_t i = 0; n && i < n->size; i++) cap += n->data[i] == '\n';
    const char **v = shim_alloc((cap + 1) * sizeof *v);
    for (uint64_t i = 0; n && i < n->size; ) {
        uint64_t j = i;
        while (j < n->size && n->data[j] != '\n') j++;
        if (j > i) {
            char *s = shim_alloc(j - i + 1);
            memcpy(s, n->data + i, j - i);
            v[k++] = s;
        }
        i = j + 1;
    }
    v[k] = NULL;
    if (count) *count = (int)k;
    return v;
}

void shim_main(const struct bootinfo *boot) {
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(counter_freq));
    boot_counter = counter();
    pager_init(boot);
    kputdec("SHIM: POSIX shim up (root task) at ", ms_since_reset());
    kputs(" ms after reset\n");

    /* the file tree: the initramfs, borrowed in place */
    uint64_t archive_size;
    const uint8_t *archive = archive_init(&archive_size);
    if (!archive) { kputs("SHIM: no initramfs (boot QEMU with -device loader,file=...,addr=0x10000000,force-raw=on)\n"); halt(8); }
    if (fs_init(&shim.fs)) panic("fs_init", 0);
    const char *why;
    if (fs_load_cpio(&shim.fs, archive, archive_size, &why)) { kputs("SHIM: bad initramfs: "); kputs(why); kputs("\n"); halt(8); }
    kputdec("SHIM: initramfs of ", archive_size);
    kputdec(" bytes unpacked at ", ms_since_reset());
    kputs(" ms\n");
    int argc;
    const char **argv = lines_of("/gaoos/argv", &argc), **envp = lines_of("/gaoos/env", NULL);
    if (argc == 0) { kputs("SHIM: the initramfs has no /gaoos/argv (the program and its arguments)\n"); halt(8); }
    const char *exe = argv[0];
    struct node *exe_node = lookup(exe);
    if (!exe_node) { kputs("SHIM: program not found: "); kputs(exe); kputs("\n"); halt(8); }
    struct elf_info e, ie;
    parse(exe_node, &e, exe);

    static const struct { const char *path; uint32_t mode; } dirs[] = { { "/tmp", 01777 }, { "/etc", 0755 } };
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {               /* unless the archive has them */
        struct walk w;
        struct node *n;
        if (path_walk(&shim.fs, shim.fs.root, dirs[i].path, 0, &w) == -L_ENOENT && w.parent)
            fs_mkdir(&shim.fs, w.parent, w.name, w.name_len, dirs[i].mode, &n);
    }
    /* the RAM the kernel gave us, and the CPU from its ID registers (which EL0 cannot read) */
    uint64_t ram = 0, hwcap = hwcap_from_id_regs(boot->id_aa64isar0, boot->id_aa64pfr0);
    for (word i = 0; i < boot->n_untyped; i++) if (boot->untyped[i].kind == UT_RAM) ram += 1ull << boot->untyped[i].size_bits;
    /* the CPUs the program runs on: /gaoos/cpus (1 to 4), else 1 */
    const char **cpus = lines_of("/gaoos/cpus", NULL);
    int ncpu = cpus[0] && cpus[0][0] >= '1' && cpus[0][0] <= '0' + SHIM_MAX_CPUS && !cpus[0][1] ? cpus[0][0] - '0' : 1;
    struct machine_info machine = { (uint32_t)boot->midr, hwcap, ncpu, ram, ram };
    if (procfs_populate(&shim.fs, &machine, exe) || devfs_populate(&shim.fs)) panic("procfs", 0);
    static struct vm_region *regions;
    regions = shim_alloc(4096 * sizeof *regions);
    vm_init(&shim.vm, regions, 4096, 0x100000000ull, STACK_TOP, (struct vm_ops){ release, protect, NULL, NULL });
    shim_init(&shim, (struct shim_host){ console_write, log_line, monotonic_ns, 0, exit_group, touch, ram, ram, NULL, wake_key },
              exe, counter());
    shim.ncpu = ncpu;
    struct thread *main_thread = thread_new(CAP_SELF_TCB);
    if (!main_thread) panic("main thread", 0);
    main_thread->t.tid = 1;
    main_thread->t.altstack.ss_flags = L_SS_DISABLE;

    uint64_t bias = e.dynamic ? EXE_BIAS : 0, interp_bias = 0, entry = bias + e.entry;
    load_segments(&e, exe_node, bias);
    vm_set_brk(&shim.vm, bias + e.hi);
    if (e.interp) {
        /* the interpreter comes from the file tree, like Linux's binfmt_elf reads PT_INTERP */
        struct node *in = lookup(e.interp);
        if (!in) { kputs("SHIM: interpreter not found: "); kputs(e.interp); kputs("\n"); halt(8); }
        parse(in, &ie, e.interp);
        if (!ie.dynamic) { kputs("SHIM: the interpreter is not position-independent\n"); halt(8); }
        interp_bias = INTERP_BIAS;
        load_segments(&ie, in, interp_bias);
        entry = interp_bias + ie.entry;
    }

    /* the stack: 8 MB reserved, the top 64 KB present */
    check(vm_mmap(&shim.vm, STACK_TOP - STACK_SIZE, STACK_SIZE, L_PROT_READ | L_PROT_WRITE,
                  L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED | L_MAP_STACK, NULL, 0), "stack");
    check(touch(NULL, STACK_TOP - STACK_EAGER, STACK_EAGER, L_PROT_WRITE), "stack pages");
    struct auxv aux[] = {
        { L_AT_PHDR, bias + e.phdr_vaddr }, { L_AT_PHENT, e.phentsize }, { L_AT_PHNUM, e.phnum },
        { L_AT_PAGESZ, 4096 }, { L_AT_BASE, interp_bias }, { L_AT_FLAGS, 0 }, { L_AT_ENTRY, bias + e.entry },
        { L_AT_UID, 0 }, { L_AT_EUID, 0 }, { L_AT_GID, 0 }, { L_AT_EGID, 0 }, { L_AT_SECURE, 0 },
        { L_AT_HWCAP, hwcap },
        { L_AT_HWCAP2, 0 }, { L_AT_CLKTCK, 100 }, { L_AT_MINSIGSTKSZ, 5120 }, { L_AT_SYSINFO_EHDR, VDSO },
    };
    uint8_t random16[16];
    for (int i = 0; i < 16; i++) random16[i] = (uint8_t)(counter() >> (i % 8));
    struct stack_args sa = { argv, envp, aux, (int)(sizeof aux / sizeof aux[0]), random16, exe };
    uint64_t sp = stack_build(STACK_TOP, STACK_EAGER, &sa);
    if (!sp) panic("initial stack", 0);

    /* the trampoline page: mov x8, #139; svc #0 */
    check(vm_mmap(&shim.vm, TRAMPOLINE, 4096, L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC,
                  L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED, NULL, 0), "trampoline");
    check(touch(NULL, TRAMPOLINE, 8, L_PROT_WRITE), "trampoline page");
    ((volatile uint32_t *)(uintptr_t)TRAMPOLINE)[0] = 0xd2801168;
    ((volatile uint32_t *)(uintptr_t)TRAMPOLINE)[1] = 0xd4000001;
    sync_icache(TRAMPOLINE, 8);
    check(vm_mprotect(&shim.vm, TRAMPOLINE, 4096, L_PROT_READ | L_PROT_EXEC), "trampoline");
    /* the vDSO: its file image is its memory image */
    uint64_t vdso_size = (uint64_t)(vdso_image_end - vdso_image), vdso_len = (vdso_size + 4095) & ~4095ull;
    check(vm_mmap(&shim.vm, VDSO, vdso_len, L_PROT_READ | L_PROT_WRITE, L_MAP_PRIVATE | L_MAP_ANONYMOUS | L_MAP_FIXED, NULL, 0), "vdso");
    check(touch(NULL, VDSO, vdso_size, L_PROT_WRITE), "vdso pages");
    memcpy((void *)(uintptr_t)VDSO, vdso_image, vdso_size);
    sync_icache(VDSO, vdso_size);
    check(vm_mprotect(&shim.vm, VDSO, vdso_len, L_PROT_READ | L_PROT_EXEC), "vdso");

    long r = kcall(SYS_TCB_SET_UPCALL, CAP_SELF_TCB, (word)upcall_entry,
                   (word)(main_thread->stack + sizeof main_thread->stack), (word)&main_thread->frame,
                   UPCALL_LINUX_SVC | UPCALL_FAULTS, 0);
    if (r != E_OK) panic("SYS_TCB_SET_UPCALL", r);
    kputs("SHIM: entering ");
    kputs(exe);
    kputhex(" at ", entry);
    kputs(e.interp ? " (its interpreter)" : "");
    kputdec(", ", ms_since_reset());
    kputs(" ms after reset\n");
    enter_guest(entry, sp);
}
