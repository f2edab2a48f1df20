/* Compiled (never run) by the aarch64 cross compiler in `make test`: the shim's Linux structures
 * against Linux's uapi <asm/sigcontext.h> and glibc's aarch64 <signal.h>/<sys/ucontext.h>. */
#define _GNU_SOURCE
#include <asm/sigcontext.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ucontext.h>

#include "../shim/linux.h"
#include "../shim/sigframe.h"
#include "../shim/syscall.h"

#define SAME(a, b) _Static_assert((a) == (b), #a " == " #b)

SAME(sizeof(siginfo_t), sizeof(struct l_siginfo));
SAME(offsetof(siginfo_t, si_addr), offsetof(struct l_siginfo, u.addr));
SAME(offsetof(siginfo_t, si_code), offsetof(struct l_siginfo, si_code));
SAME(offsetof(siginfo_t, si_pid), offsetof(struct l_siginfo, u.kill.pid));
SAME(offsetof(ucontext_t, uc_stack), offsetof(struct l_ucontext, uc_stack));
SAME(offsetof(ucontext_t, uc_sigmask), offsetof(struct l_ucontext, uc_sigmask));
SAME(offsetof(ucontext_t, uc_mcontext), offsetof(struct l_ucontext, uc_mcontext));
SAME(sizeof(stack_t), sizeof(struct l_stack));
SAME(offsetof(stack_t, ss_flags), offsetof(struct l_stack, ss_flags));
SAME(offsetof(stack_t, ss_size), offsetof(struct l_stack, ss_size));
SAME(sizeof(struct sigcontext), sizeof(struct l_sigcontext));
SAME(offsetof(struct sigcontext, regs), offsetof(struct l_sigcontext, regs));
SAME(offsetof(struct sigcontext, sp), offsetof(struct l_sigcontext, sp));
SAME(offsetof(struct sigcontext, pc), offsetof(struct l_sigcontext, pc));
SAME(offsetof(struct sigcontext, pstate), offsetof(struct l_sigcontext, pstate));
SAME(offsetof(struct sigcontext, __reserved), offsetof(struct l_sigcontext, reserved));
SAME(sizeof(struct fpsimd_context), sizeof(struct l_fpsimd_context));
SAME(offsetof(struct fpsimd_context, vregs), offsetof(struct l_fpsimd_context, vregs));
SAME(sizeof(struct esr_context), sizeof(struct l_esr_context));
SAME(FPSIMD_MAGIC, L_FPSIMD_MAGIC);
SAME(ESR_MAGIC, L_ESR_MAGIC);
SAME(EXTRA_MAGIC, L_EXTRA_MAGIC);
SAME(SA_ONSTACK, L_SA_ONSTACK);
SAME(SA_SIGINFO, L_SA_SIGINFO);
SAME(SEGV_ACCERR, L_SEGV_ACCERR);
SAME(SI_TKILL, L_SI_TKILL);

/* linux.h: the values the shim decodes */
SAME(O_DIRECTORY, L_O_DIRECTORY);
SAME(O_NOFOLLOW, L_O_NOFOLLOW);
SAME(O_CLOEXEC, L_O_CLOEXEC);
SAME(O_PATH, L_O_PATH);
SAME(O_APPEND, L_O_APPEND);
SAME(O_NONBLOCK, L_O_NONBLOCK);
SAME(O_CREAT | O_EXCL | O_TRUNC, L_O_CREAT | L_O_EXCL | L_O_TRUNC);
SAME(AT_FDCWD, L_AT_FDCWD);
SAME(AT_SYMLINK_NOFOLLOW, L_AT_SYMLINK_NOFOLLOW);
SAME(AT_EMPTY_PATH, L_AT_EMPTY_PATH);
SAME(AT_REMOVEDIR, L_AT_REMOVEDIR);
SAME(S_IFLNK, L_S_IFLNK);
SAME(MAP_FIXED, L_MAP_FIXED);
SAME(MAP_ANONYMOUS, L_MAP_ANONYMOUS);
SAME(MAP_NORESERVE, L_MAP_NORESERVE);
SAME(MAP_STACK, L_MAP_STACK);
SAME(MAP_FIXED_NOREPLACE, L_MAP_FIXED_NOREPLACE);
SAME(MAP_DENYWRITE, L_MAP_DENYWRITE);
SAME(MAP_SHARED_VALIDATE, L_MAP_SHARED_VALIDATE);
SAME(PROT_BTI, L_PROT_BTI);
SAME(MADV_DONTNEED, L_MADV_DONTNEED);
SAME(MADV_POPULATE_WRITE, L_MADV_POPULATE_WRITE);
SAME(MREMAP_MAYMOVE, L_MREMAP_MAYMOVE);
SAME(FUTEX_WAIT_BITSET, L_FUTEX_WAIT_BITSET);
SAME(FUTEX_WAKE_BITSET, L_FUTEX_WAKE_BITSET);
SAME(FUTEX_PRIVATE_FLAG, L_FUTEX_PRIVATE_FLAG);
SAME(FUTEX_CLOCK_REALTIME, L_FUTEX_CLOCK_REALTIME);
SAME(FUTEX_BITSET_MATCH_ANY, (int)L_FUTEX_BITSET_MATCH_ANY);
SAME(ENOSYS, L_ENOSYS);
SAME(ETIMEDOUT, L_ETIMEDOUT);
SAME(ELOOP, L_ELOOP);
SAME(ENAMETOOLONG, L_ENAMETOOLONG);
SAME(EAFNOSUPPORT, L_EAFNOSUPPORT);
SAME(SIGSEGV, L_SIGSEGV);
SAME(SIGSYS, L_SIGSYS);
SAME(SIGSTKFLT, L_SIGSTKFLT);

/* syscall.h: the structures the table writes */
SAME(sizeof(struct stat), sizeof(struct l_stat));
SAME(offsetof(struct stat, st_mode), offsetof(struct l_stat, st_mode));
SAME(offsetof(struct stat, st_size), offsetof(struct l_stat, st_size));
SAME(offsetof(struct stat, st_blksize), offsetof(struct l_stat, st_blksize));
SAME(offsetof(struct stat, st_mtim), offsetof(struct l_stat, st_mtime_));
SAME(sizeof(struct utsname), sizeof(struct l_utsname));
SAME(offsetof(struct utsname, machine), offsetof(struct l_utsname, machine));
SAME(sizeof(struct sysinfo), 112);
SAME(offsetof(struct sysinfo, totalram), 32);
SAME(offsetof(struct sysinfo, mem_unit), 104);
SAME(sizeof(struct statfs), sizeof(struct l_statfs));
SAME(offsetof(struct statfs, f_bavail), offsetof(struct l_statfs, f_bavail));
SAME(offsetof(struct statfs, f_namelen), offsetof(struct l_statfs, f_namelen));
SAME(sizeof(struct statx), sizeof(struct l_statx));
SAME(offsetof(struct statx, stx_mode), offsetof(struct l_statx, stx_mode));
SAME(offsetof(struct statx, stx_size), offsetof(struct l_statx, stx_size));
SAME(offsetof(struct statx, stx_mtime), offsetof(struct l_statx, stx_mtime));
SAME(offsetof(struct statx, stx_dev_minor), offsetof(struct l_statx, stx_dev_minor));
SAME(sizeof(struct rusage), 144);
