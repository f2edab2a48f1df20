/* The Linux syscall table of the shim: a thread's `svc #0` (number in x8, arguments in x0..x5)
 * arrives here through the kernel's upcall and gets the value Linux would return in x0.
 * An unimplemented number returns -ENOSYS and is logged once, with its number and name.
 * The shim's state lives in struct shim; what needs the machine (console, clocks, exiting,
 * making sure user pages are present) goes through struct shim_host, which the EL0 glue
 * implements with kernel calls and the host tests with plain C. */
#ifndef SHIM_SYSCALL_H
#define SHIM_SYSCALL_H

#include <stdint.h>

#include "fs.h"
#include "futex.h"
#include "pipe.h"
#include "sigframe.h"
#include "vm.h"

struct shim_host {
    void (*console_write)(void *ctx, const char *s, uint64_t n);
    void (*log)(void *ctx, const char *line);                 /* one line, no newline */
    uint64_t (*monotonic_ns)(void *ctx);
    int64_t realtime_offset_ns;                                /* realtime = monotonic + this */
    void (*exit_group)(void *ctx, int status);                 /* does not return on the target */
    /* user memory [addr, addr+len) must be present with access (populate it); 0 or -L_EFAULT */
    int (*touch)(void *ctx, uint64_t addr, uint64_t len, uint32_t access);
    uint64_t mem_total, mem_free;                              /* for sysinfo, bytes */
    void *ctx;
    void (*wake)(void *ctx, uint64_t key);                     /* wake the threads waiting on key (SHIM_BLOCK) */
};

/* shim_syscall's answer when the call must wait (an empty pipe, a full one): the caller sleeps
 * until someone wakes s->block_key (or a signal interrupts: EINTR), then makes the call again.
 * Linux's internal ERESTARTSYS, never seen by the program. */
#define SHIM_BLOCK (-512)

struct shim_file {
    struct node *node;             /* NULL: the console, or a pipe */
    struct shim_pipe *pipe;        /* a pipe's end: the write end if pipe_write */
    int pipe_write;
    uint64_t offset;
    uint32_t flags;                /* open flags (access mode, O_APPEND, O_NONBLOCK...) */
    int refs;
};

#define SHIM_NFD 256
#define SHIM_MAX_CPUS 4

struct shim_thread {
    int tid;
    uint64_t clear_child_tid;      /* set_tid_address / CLONE_CHILD_CLEARTID */
    uint64_t blocked;              /* signal mask */
    struct l_stack altstack;
    char name[16];                 /* prctl(PR_SET_NAME) */
    uint64_t pending;              /* signals sent to the thread and not yet delivered */
    int32_t pending_code[64];      /* their si_code (SI_USER from kill, SI_TKILL from tgkill) */
};

struct l_sigaction { uint64_t handler; uint64_t flags; uint64_t restorer; uint64_t mask; };

struct shim {
    struct shim_host host;
    struct fs fs;
    struct vm vm;
    struct futex_table futex;
    struct node *cwd;
    struct shim_file *fd[SHIM_NFD];
    uint8_t cloexec[SHIM_NFD];
    struct shim_file console;
    const char *exe;               /* /proc/self/exe's target */
    int pid;
    uint64_t nofile;               /* RLIMIT_NOFILE (soft = hard) */
    struct l_sigaction sigaction[L_NSIG];
    uint64_t random_state;
    uint64_t logged[8];            /* numbers < 512 already reported as unimplemented */
    uint64_t block_key;            /* after SHIM_BLOCK: what to wait on */
    int ncpu;                      /* the CPUs the program may run on (sched_getaffinity): 1 by default */
};

/* Sets up the state: the console on fds 0, 1, 2, cwd "/", pid 1. fs and vm are the caller's. */
void shim_init(struct shim *s, struct shim_host host, const char *exe, uint64_t seed);
int64_t shim_syscall(struct shim *s, struct shim_thread *t, uint64_t nr, const uint64_t a[6]);
const char *shim_syscall_name(uint64_t nr);   /* NULL if unknown to the shim */

/* struct stat of arm64 (asm-generic/stat.h): 128 bytes */
struct l_stat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, pad1;
    int64_t st_size;
    int32_t st_blksize, pad2;
    int64_t st_blocks;
    int64_t st_atime_, st_atime_nsec, st_mtime_, st_mtime_nsec, st_ctime_, st_ctime_nsec;
    uint32_t unused4, unused5;
};

/* struct statfs of arm64 (asm-generic/statfs.h, 64-bit): 120 bytes */
struct l_statfs {
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};

struct l_statx_timestamp { int64_t tv_sec; uint32_t tv_nsec; int32_t reserved; };
struct l_statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, pad1;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct l_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};

/* nanosleep/clock_nanosleep: the absolute CLOCK_MONOTONIC deadline (ns) to sleep until, or a
 * negative L_E*; the caller sleeps (it may block, so the EL0 glue does it, not the table). */
int64_t shim_sleep_deadline(struct shim *s, uint64_t clock, uint64_t flags, uint64_t req);

struct l_utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };

#endif
