/* The Linux aarch64 user ABI the shim speaks: the values are the kernel's uapi ones for arm64
 * (asm-generic), written out here so the same shim C compiles for aarch64 EL0 (freestanding) and
 * for the host tests without the host's own headers changing a value. Prefix L_ = Linux. */
#ifndef SHIM_LINUX_H
#define SHIM_LINUX_H

#include <stdint.h>

/* errno (asm-generic/errno-base.h, errno.h) */
enum {
    L_EPERM = 1, L_ENOENT = 2, L_ESRCH = 3, L_EINTR = 4, L_EIO = 5, L_E2BIG = 7, L_ENOEXEC = 8,
    L_EBADF = 9, L_ECHILD = 10, L_EAGAIN = 11, L_ENOMEM = 12, L_EACCES = 13, L_EFAULT = 14,
    L_EBUSY = 16, L_EEXIST = 17, L_EXDEV = 18, L_ENODEV = 19, L_ENOTDIR = 20, L_EISDIR = 21,
    L_EINVAL = 22, L_ENFILE = 23, L_EMFILE = 24, L_ENOTTY = 25, L_EFBIG = 27, L_ENOSPC = 28,
    L_ESPIPE = 29, L_EROFS = 30, L_EMLINK = 31, L_EPIPE = 32, L_ERANGE = 34, L_EDEADLK = 35,
    L_ENAMETOOLONG = 36, L_ENOSYS = 38, L_ENOTEMPTY = 39, L_ELOOP = 40, L_ENODATA = 61,
    L_EOVERFLOW = 75, L_ENOTSOCK = 88, L_EOPNOTSUPP = 95, L_EAFNOSUPPORT = 97, L_ETIMEDOUT = 110,
};

/* openat flags (asm-generic/fcntl.h as arm64 overrides it) */
#define L_O_ACCMODE   00000003
#define L_O_RDONLY    00000000
#define L_O_WRONLY    00000001
#define L_O_RDWR      00000002
#define L_O_CREAT     00000100
#define L_O_EXCL      00000200
#define L_O_NOCTTY    00000400
#define L_O_TRUNC     00001000
#define L_O_APPEND    00002000
#define L_O_NONBLOCK  00004000
#define L_O_DIRECTORY 00040000  /* arm64 */
#define L_O_NOFOLLOW  00100000  /* arm64 */
#define L_O_CLOEXEC   02000000
#define L_O_PATH      010000000
#define L_AT_FDCWD            (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_REMOVEDIR        0x200
#define L_AT_EACCESS          0x200
#define L_AT_SYMLINK_FOLLOW   0x400
#define L_AT_EMPTY_PATH       0x1000

/* file types (st_mode) */
#define L_S_IFMT   0170000
#define L_S_IFSOCK 0140000
#define L_S_IFLNK  0120000
#define L_S_IFREG  0100000
#define L_S_IFDIR  0040000
#define L_S_IFCHR  0020000
#define L_S_IFIFO  0010000

/* the memory devices (Documentation/admin-guide/devices.txt: major 1) */
#define L_DEV_NULL    (1u << 8 | 3)
#define L_DEV_ZERO    (1u << 8 | 5)
#define L_DEV_RANDOM  (1u << 8 | 8)
#define L_DEV_URANDOM (1u << 8 | 9)

#define L_PATH_MAX 4096
#define L_NAME_MAX 255
#define L_SYMLOOP_MAX 40

/* mmap/mprotect (asm-generic/mman-common.h, mman.h) */
#define L_PROT_NONE  0x0
#define L_PROT_READ  0x1
#define L_PROT_WRITE 0x2
#define L_PROT_EXEC  0x4
#define L_PROT_BTI   0x10  /* arm64 */
#define L_PROT_MTE   0x20  /* arm64 */
#define L_MAP_SHARED          0x01
#define L_MAP_PRIVATE         0x02
#define L_MAP_SHARED_VALIDATE 0x03
#define L_MAP_TYPE            0x0f
#define L_MAP_FIXED           0x10
#define L_MAP_ANONYMOUS       0x20
#define L_MAP_GROWSDOWN       0x0100
#define L_MAP_DENYWRITE       0x0800
#define L_MAP_EXECUTABLE      0x1000
#define L_MAP_LOCKED          0x2000
#define L_MAP_NORESERVE       0x4000
#define L_MAP_POPULATE        0x8000
#define L_MAP_NONBLOCK        0x10000
#define L_MAP_STACK           0x20000
#define L_MAP_HUGETLB         0x40000
#define L_MAP_FIXED_NOREPLACE 0x100000
#define L_MADV_NORMAL     0
#define L_MADV_RANDOM     1
#define L_MADV_SEQUENTIAL 2
#define L_MADV_WILLNEED   3
#define L_MADV_DONTNEED   4
#define L_MADV_FREE       8
#define L_MADV_POPULATE_WRITE 23
#define L_MREMAP_MAYMOVE  1
#define L_MREMAP_FIXED    2

/* futex (linux/futex.h) */
#define L_FUTEX_WAIT           0
#define L_FUTEX_WAKE           1
#define L_FUTEX_FD             2
#define L_FUTEX_REQUEUE        3
#define L_FUTEX_CMP_REQUEUE    4
#define L_FUTEX_WAKE_OP        5
#define L_FUTEX_LOCK_PI        6
#define L_FUTEX_UNLOCK_PI      7
#define L_FUTEX_TRYLOCK_PI     8
#define L_FUTEX_WAIT_BITSET    9
#define L_FUTEX_WAKE_BITSET    10
#define L_FUTEX_PRIVATE_FLAG   128
#define L_FUTEX_CLOCK_REALTIME 256
#define L_FUTEX_CMD_MASK       (~(L_FUTEX_PRIVATE_FLAG | L_FUTEX_CLOCK_REALTIME))
#define L_FUTEX_BITSET_MATCH_ANY 0xffffffffu

/* clocks */
#define L_CLOCK_REALTIME  0
#define L_CLOCK_MONOTONIC 1
#define L_CLOCK_PROCESS_CPUTIME_ID 2
#define L_CLOCK_THREAD_CPUTIME_ID  3
#define L_CLOCK_MONOTONIC_RAW 4
#define L_CLOCK_REALTIME_COARSE 5
#define L_CLOCK_MONOTONIC_COARSE 6
#define L_CLOCK_BOOTTIME 7
#define L_TIMER_ABSTIME 1

struct l_timespec { int64_t tv_sec; int64_t tv_nsec; };

/* signals (asm-generic/signal.h) */
enum {
    L_SIGHUP = 1, L_SIGINT, L_SIGQUIT, L_SIGILL, L_SIGTRAP, L_SIGABRT, L_SIGBUS, L_SIGFPE,
    L_SIGKILL, L_SIGUSR1, L_SIGSEGV, L_SIGUSR2, L_SIGPIPE, L_SIGALRM, L_SIGTERM, L_SIGSTKFLT,
    L_SIGCHLD, L_SIGCONT, L_SIGSTOP, L_SIGTSTP, L_SIGTTIN, L_SIGTTOU, L_SIGURG, L_SIGXCPU,
    L_SIGXFSZ, L_SIGVTALRM, L_SIGPROF, L_SIGWINCH, L_SIGIO, L_SIGPWR, L_SIGSYS,
};
#define L_NSIG 64
#define L_SIG_DFL 0UL
#define L_SIG_IGN 1UL
#define L_SA_NOCLDSTOP 0x00000001u
#define L_SA_NOCLDWAIT 0x00000002u
#define L_SA_SIGINFO   0x00000004u
#define L_SA_ONSTACK   0x08000000u
#define L_SA_RESTART   0x10000000u
#define L_SA_NODEFER   0x40000000u
#define L_SA_RESETHAND 0x80000000u
#define L_SA_RESTORER  0x04000000u
#define L_SIG_BLOCK   0
#define L_SIG_UNBLOCK 1
#define L_SIG_SETMASK 2
#define L_SS_ONSTACK 1
#define L_SS_DISABLE 2
/* si_code */
#define L_SI_USER    0
#define L_SI_KERNEL  0x80
#define L_SI_TKILL   (-6)
#define L_SEGV_MAPERR 1
#define L_SEGV_ACCERR 2
#define L_BUS_ADRALN  1
#define L_BUS_ADRERR  2
#define L_ILL_ILLOPC  1
#define L_TRAP_BRKPT  1

#endif
