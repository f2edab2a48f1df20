#include "syscall.h"

#include <string.h>

#include "heap.h"
#include "linux.h"
#include "path.h"
#include "signal.h"

/* ---- names, for the "not implemented" log ---------------------------------------------- */

static const struct { uint16_t nr; const char *name; } names[] = {
    {17, "getcwd"}, {19, "eventfd2"}, {20, "epoll_create1"}, {21, "epoll_ctl"}, {22, "epoll_pwait"},
    {23, "dup"}, {24, "dup3"}, {25, "fcntl"}, {29, "ioctl"}, {32, "flock"}, {33, "mknodat"},
    {34, "mkdirat"}, {35, "unlinkat"}, {36, "symlinkat"}, {37, "linkat"}, {38, "renameat"},
    {43, "statfs"}, {44, "fstatfs"}, {45, "truncate"}, {46, "ftruncate"}, {47, "fallocate"},
    {48, "faccessat"}, {49, "chdir"}, {50, "fchdir"}, {52, "fchmod"}, {53, "fchmodat"},
    {54, "fchownat"}, {55, "fchown"}, {56, "openat"}, {57, "close"}, {59, "pipe2"},
    {61, "getdents64"}, {62, "lseek"}, {63, "read"}, {64, "write"}, {65, "readv"}, {66, "writev"},
    {67, "pread64"}, {68, "pwrite64"}, {71, "sendfile"}, {72, "pselect6"}, {73, "ppoll"},
    {78, "readlinkat"}, {79, "newfstatat"}, {80, "fstat"}, {82, "fsync"}, {83, "fdatasync"},
    {93, "exit"}, {94, "exit_group"}, {96, "set_tid_address"}, {98, "futex"},
    {99, "set_robust_list"}, {101, "nanosleep"}, {113, "clock_gettime"}, {114, "clock_getres"},
    {115, "clock_nanosleep"}, {122, "sched_setaffinity"}, {123, "sched_getaffinity"},
    {124, "sched_yield"}, {129, "kill"}, {130, "tkill"}, {131, "tgkill"}, {132, "sigaltstack"},
    {134, "rt_sigaction"}, {135, "rt_sigprocmask"}, {139, "rt_sigreturn"}, {160, "uname"},
    {163, "getrlimit"}, {165, "getrusage"}, {166, "umask"}, {167, "prctl"}, {168, "getcpu"},
    {169, "gettimeofday"}, {172, "getpid"}, {173, "getppid"}, {174, "getuid"}, {175, "geteuid"},
    {176, "getgid"}, {177, "getegid"}, {178, "gettid"}, {179, "sysinfo"}, {198, "socket"},
    {199, "socketpair"}, {200, "bind"}, {201, "listen"}, {202, "accept"}, {203, "connect"},
    {204, "getsockname"}, {205, "getpeername"}, {206, "sendto"}, {207, "recvfrom"},
    {208, "setsockopt"}, {209, "getsockopt"}, {214, "brk"}, {215, "munmap"}, {216, "mremap"},
    {220, "clone"}, {221, "execve"}, {222, "mmap"}, {226, "mprotect"}, {227, "msync"},
    {233, "madvise"}, {260, "wait4"}, {261, "prlimit64"}, {278, "getrandom"}, {279, "memfd_create"},
    {283, "membarrier"}, {291, "statx"}, {293, "rseq"}, {435, "clone3"}, {439, "faccessat2"},
};

const char *shim_syscall_name(uint64_t nr) {
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].nr == nr) return names[i].name;
    return NULL;
}

/* ---- small helpers ------------------------------------------------------------------------ */

static char *fmt_u(char *p, uint64_t v) {
    char tmp[24];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *p++ = tmp[--n];
    return p;
}

static char *fmt_s(char *p, const char *s) { size_t n = strlen(s); memcpy(p, s, n); return p + n; }

static int64_t not_implemented(struct shim *s, uint64_t nr) {
    if (nr >= 512 || !(s->logged[nr / 64] & (1ull << (nr % 64)))) {
        if (nr < 512) s->logged[nr / 64] |= 1ull << (nr % 64);
        char line[96], *p = line;
        const char *name = shim_syscall_name(nr);
        p = fmt_s(p, "shim: syscall ");
        p = fmt_u(p, nr);
        p = fmt_s(p, " (");
        p = fmt_s(p, name ? name : "unknown");
        p = fmt_s(p, ") not implemented: -ENOSYS");
        *p = 0;
        if (s->host.log) s->host.log(s->host.ctx, line);
    }
    return -L_ENOSYS;
}

static int touch(struct shim *s, uint64_t addr, uint64_t len, uint32_t access) {
    if (len == 0) return 0;
    if (addr == 0 || addr + len < addr) return -L_EFAULT;
    return s->host.touch ? s->host.touch(s->host.ctx, addr, len, access) : 0;
}
#define USER(type, addr) ((type)(uintptr_t)(addr))

/* A user string: present and NUL-terminated within L_PATH_MAX. */
static int user_path(struct shim *s, uint64_t addr, const char **out) {
    if (!addr) return -L_EFAULT;
    /* touch page by page until the NUL */
    for (uint64_t p = addr; ; ) {
        uint64_t page_end = (p | 4095) + 1;
        int err = touch(s, p, page_end - p, L_PROT_READ);
        if (err) return err;
        const char *c = USER(const char *, p);
        size_t n = strnlen(c, page_end - p);
        if (n < page_end - p) break;
        p = page_end;
        if (p - addr >= L_PATH_MAX) return -L_ENAMETOOLONG;
    }
    if (strnlen(USER(const char *, addr), L_PATH_MAX) == L_PATH_MAX) return -L_ENAMETOOLONG;
    *out = USER(const char *, addr);
    return 0;
}

static struct shim_file *file_of(struct shim *s, uint64_t fd) {
    return fd < SHIM_NFD ? s->fd[fd] : NULL;
}

static int fd_alloc(struct shim *s, int from) {
    for (int i = from; i < SHIM_NFD && (uint64_t)i < s->nofile; i++)
        if (!s->fd[i]) return i;
    return -L_EMFILE;
}

static void wake(struct shim *s, uint64_t key) { if (s->host.wake) s->host.wake(s->host.ctx, key); }

static void file_put(struct shim *s, struct shim_file *f) {
    if (f == &s->console || --f->refs) return;
    if (f->pipe) {
        wake(s, pipe_key(f->pipe));                    /* the other end sees EOF or EPIPE */
        pipe_close_end(f->pipe, f->pipe_write);
    }
    shim_free(f, sizeof *f);
}

/* The directory a *at call starts from. */
static int start_dir(struct shim *s, int64_t dirfd, const char *path, struct node **out) {
    if (path[0] == '/' || dirfd == L_AT_FDCWD) { *out = s->cwd; return 0; }
    struct shim_file *f = file_of(s, (uint64_t)dirfd);
    if (!f) return -L_EBADF;
    if (!f->node || !node_is_dir(f->node)) return -L_ENOTDIR;
    *out = f->node;
    return 0;
}

/* ---- files ---------------------------------------------------------------------------------- */

static int64_t sys_openat(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t flags, uint64_t mode) {
    const char *path;
    struct node *start;
    int err = user_path(s, upath, &path);
    if (!err) err = start_dir(s, dirfd, path, &start);
    if (err) return err;
    int follow = !(flags & L_O_NOFOLLOW) && !((flags & L_O_CREAT) && (flags & L_O_EXCL));
    struct walk w;
    err = path_walk(&s->fs, start, path, follow ? WALK_FOLLOW : 0, &w);
    struct node *n = w.node;
    if (err == -L_ENOENT && !n && w.parent && (flags & L_O_CREAT)) {
        if (w.name_len == 0 || w.trailing_slash) return -L_EISDIR;
        err = fs_mkfile(&s->fs, w.parent, w.name, w.name_len, (uint32_t)mode & 07777, &n);
        if (err) return err;
    } else if (err) {
        return err;
    } else if ((flags & L_O_CREAT) && (flags & L_O_EXCL)) {
        return -L_EEXIST;
    }
    if (node_is_symlink(n) && !(flags & L_O_PATH)) return -L_ELOOP;    /* O_NOFOLLOW on a link */
    uint32_t acc = flags & L_O_ACCMODE;
    if ((flags & L_O_DIRECTORY) && !node_is_dir(n)) return -L_ENOTDIR;
    if (node_is_dir(n) && (acc != L_O_RDONLY || (flags & L_O_CREAT))) return -L_EISDIR;
    if ((flags & L_O_TRUNC) && acc != L_O_RDONLY && node_is_reg(n)) {
        err = fs_truncate(n, 0);
        if (err) return err;
    }
    int fd = fd_alloc(s, 0);
    if (fd < 0) return fd;
    struct shim_file *f = shim_alloc(sizeof *f);
    if (!f) return -L_ENOMEM;
    f->node = n;
    f->flags = (uint32_t)flags;
    f->refs = 1;
    s->fd[fd] = f;
    s->cloexec[fd] = (flags & L_O_CLOEXEC) != 0;
    return fd;
}

static int64_t sys_pipe2(struct shim *s, uint64_t ufds, uint64_t flags) {
    if (flags & ~(uint64_t)(L_O_CLOEXEC | L_O_NONBLOCK)) return -L_EINVAL;
    int err = touch(s, ufds, 8, L_PROT_WRITE);
    if (err) return err;
    int rfd = fd_alloc(s, 0), wfd = rfd < 0 ? rfd : fd_alloc(s, rfd + 1);
    if (wfd < 0) return wfd;
    struct shim_pipe *p = pipe_new();
    struct shim_file *r = shim_alloc(sizeof *r), *w = shim_alloc(sizeof *w);
    if (!p || !r || !w) return -L_ENOMEM;
    uint32_t nonblock = (uint32_t)(flags & L_O_NONBLOCK);
    *r = (struct shim_file){ .pipe = p, .flags = L_O_RDONLY | nonblock, .refs = 1 };
    *w = (struct shim_file){ .pipe = p, .pipe_write = 1, .flags = L_O_WRONLY | nonblock, .refs = 1 };
    s->fd[rfd] = r;
    s->fd[wfd] = w;
    s->cloexec[rfd] = s->cloexec[wfd] = (flags & L_O_CLOEXEC) != 0;
    USER(int32_t *, ufds)[0] = rfd;
    USER(int32_t *, ufds)[1] = wfd;
    return 0;
}

static int64_t sys_close(struct shim *s, uint64_t fd) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    s->fd[fd] = NULL;
    file_put(s, f);
    return 0;
}

static uint64_t next_random(struct shim *s);

/* Reading a memory device: /dev/null is empty, /dev/zero zeros, /dev/(u)random the shim's random
 * bytes (the same source as getrandom). */
static int64_t dev_read(struct shim *s, const struct node *n, uint8_t *p, uint64_t len) {
    if (n->rdev == L_DEV_NULL) return 0;
    if (len > (32u << 20)) len = 32u << 20;
    for (uint64_t i = 0; i < len; i += 8) {
        uint64_t r = n->rdev == L_DEV_ZERO ? 0 : next_random(s);
        memcpy(p + i, &r, len - i < 8 ? len - i : 8);
    }
    return (int64_t)len;
}

/* A pipe's answer: data moved wakes the other end; an empty (full) pipe blocks unless O_NONBLOCK. */
static int64_t pipe_result(struct shim *s, struct shim_file *f, int64_t r) {
    if (r > 0) wake(s, pipe_key(f->pipe));
    if (r == -L_EAGAIN && !(f->flags & L_O_NONBLOCK)) {
        s->block_key = pipe_key(f->pipe);
        return SHIM_BLOCK;
    }
    return r;
}

static int64_t do_read(struct shim *s, struct shim_file *f, uint64_t buf, uint64_t len, uint64_t off, int use_off) {
    if ((f->flags & L_O_ACCMODE) == L_O_WRONLY) return -L_EBADF;
    if (f->pipe) {
        int err = touch(s, buf, len, L_PROT_WRITE);
        return err ? err : pipe_result(s, f, pipe_read(f->pipe, USER(uint8_t *, buf), len));
    }
    if (!f->node) return 0;                                   /* console input: none yet (EOF) */
    if (node_is_dir(f->node)) return -L_EISDIR;
    int err = touch(s, buf, len, L_PROT_WRITE);
    if (err) return err;
    if (node_is_chr(f->node)) return dev_read(s, f->node, USER(uint8_t *, buf), len);
    long n = fs_read(f->node, use_off ? off : f->offset, USER(void *, buf), len);
    if (n > 0 && !use_off) f->offset += (uint64_t)n;
    return n;
}

static int64_t do_write(struct shim *s, struct shim_thread *t, struct shim_file *f, uint64_t buf, uint64_t len, uint64_t off, int use_off) {
    if ((f->flags & L_O_ACCMODE) == L_O_RDONLY && f != &s->console) return -L_EBADF;
    int err = touch(s, buf, len, L_PROT_READ);
    if (err) return err;
    if (f->pipe) {
        int64_t r = pipe_write(f->pipe, USER(const uint8_t *, buf), len);
        if (r == -L_EPIPE) shim_signal_send(s, t, L_SIGPIPE, L_SI_USER);
        return pipe_result(s, f, r);
    }
    if (!f->node) {
        if (s->host.console_write) s->host.console_write(s->host.ctx, USER(const char *, buf), len);
        return (int64_t)len;
    }
    if (node_is_chr(f->node)) return (int64_t)len;             /* the memory devices take anything */
    if (!use_off && (f->flags & L_O_APPEND)) f->offset = f->node->size;
    long n = fs_write(f->node, use_off ? off : f->offset, USER(const void *, buf), len);
    if (n > 0 && !use_off) f->offset += (uint64_t)n;
    return n;
}

struct l_iovec { uint64_t base, len; };

static int64_t sys_rwv(struct shim *s, struct shim_thread *t, uint64_t fd, uint64_t iov, uint64_t cnt, int write) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    if (cnt > 1024) return -L_EINVAL;
    int err = touch(s, iov, cnt * sizeof(struct l_iovec), L_PROT_READ);
    if (err) return err;
    int64_t total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        struct l_iovec v = USER(const struct l_iovec *, iov)[i];
        int64_t n = write ? do_write(s, t, f, v.base, v.len, 0, 0) : do_read(s, f, v.base, v.len, 0, 0);
        if (n < 0) return total ? total : n;
        total += n;
        if ((uint64_t)n < v.len) break;
    }
    return total;
}

static int64_t sys_lseek(struct shim *s, uint64_t fd, int64_t off, uint64_t whence) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    if (!f->node) return -L_ESPIPE;
    int64_t base;
    switch (whence) {
    case 0: base = 0; break;
    case 1: base = (int64_t)f->offset; break;
    case 2: base = (int64_t)f->node->size; break;
    default: return -L_EINVAL;
    }
    if (off > 0 && base > INT64_MAX - off) return -L_EOVERFLOW;
    if (base + off < 0) return -L_EINVAL;
    f->offset = (uint64_t)(base + off);
    return (int64_t)f->offset;
}

static void fill_stat(const struct shim *s, const struct node *n, struct l_stat *st);

/* The stat of an open file: its node's, the console's, or a pipe's (a FIFO of its own inode). */
static void fill_stat_file(const struct shim *s, const struct shim_file *f, struct l_stat *st) {
    fill_stat(s, f->node, st);
    if (f->pipe) {
        st->st_dev = 6;
        st->st_ino = (uint64_t)(uintptr_t)f->pipe >> 4;
        st->st_mode = L_S_IFIFO | 0600;
        st->st_rdev = 0;
    }
}

static void fill_stat(const struct shim *s, const struct node *n, struct l_stat *st) {
    memset(st, 0, sizeof *st);
    st->st_blksize = 4096;
    st->st_nlink = 1;
    if (!n) {                                           /* the console: a tty, /dev/ttyAMA0 */
        st->st_dev = 5;
        st->st_ino = 1;
        st->st_mode = L_S_IFCHR | 0620;
        st->st_rdev = (204u << 8) | 64u;
        return;
    }
    st->st_dev = 1;
    st->st_ino = n->ino;
    st->st_mode = n->mode;
    st->st_nlink = node_is_dir(n) ? 2 : 1;
    st->st_size = (int64_t)n->size;
    st->st_rdev = n->rdev;
    st->st_blocks = (int64_t)((n->size + 511) / 512);
    st->st_mtime_ = st->st_atime_ = st->st_ctime_ = n->mtime;
    (void)s;
}

/* The stat of a path (or of dirfd itself with AT_EMPTY_PATH) into st (the shim's memory). */
static int stat_at(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t flags, struct l_stat *st) {
    if (flags & ~(uint64_t)(L_AT_SYMLINK_NOFOLLOW | L_AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */)) return -L_EINVAL;
    const char *path;
    int err = user_path(s, upath, &path);
    if (err) return err;
    if (path[0] == 0) {
        if (!(flags & L_AT_EMPTY_PATH)) return -L_ENOENT;
        if (dirfd == L_AT_FDCWD) { fill_stat(s, s->cwd, st); return 0; }
        struct shim_file *f = file_of(s, (uint64_t)dirfd);
        if (!f) return -L_EBADF;
        fill_stat_file(s, f, st);
        return 0;
    }
    struct node *start;
    if ((err = start_dir(s, dirfd, path, &start))) return err;
    struct walk w;
    if ((err = path_walk(&s->fs, start, path, (flags & L_AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, &w))) return err;
    fill_stat(s, w.node, st);
    return 0;
}

static int64_t sys_newfstatat(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t ust, uint64_t flags) {
    struct l_stat st;
    int err = stat_at(s, dirfd, upath, flags, &st);
    if (!err) err = touch(s, ust, sizeof st, L_PROT_WRITE);
    if (err) return err;
    memcpy(USER(void *, ust), &st, sizeof st);
    return 0;
}

static int64_t sys_fstat(struct shim *s, uint64_t fd, uint64_t ust) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    int err = touch(s, ust, sizeof(struct l_stat), L_PROT_WRITE);
    if (err) return err;
    fill_stat_file(s, f, USER(struct l_stat *, ust));
    return 0;
}

static int64_t sys_readlinkat(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t buf, int64_t size) {
    const char *path;
    struct node *start;
    if (size <= 0) return -L_EINVAL;
    int err = user_path(s, upath, &path);
    if (!err) err = start_dir(s, dirfd, path, &start);
    if (err) return err;
    struct walk w;
    err = path_walk(&s->fs, start, path, 0, &w);
    if (err) return err;
    if (!node_is_symlink(w.node)) return -L_EINVAL;
    uint64_t n = w.node->size < (uint64_t)size ? w.node->size : (uint64_t)size;
    err = touch(s, buf, n, L_PROT_WRITE);
    if (err) return err;
    memcpy(USER(void *, buf), w.node->data, n);
    return (int64_t)n;
}

static int64_t sys_faccessat(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t mode) {
    const char *path;
    struct node *start;
    if (mode & ~7ull) return -L_EINVAL;
    int err = user_path(s, upath, &path);
    if (!err) err = start_dir(s, dirfd, path, &start);
    if (err) return err;
    struct walk w;
    err = path_walk(&s->fs, start, path, WALK_FOLLOW, &w);
    if (err) return err;
    /* the only user is root: read and write always; execute if any x bit (Linux's rule for root) */
    if ((mode & 1) && !node_is_dir(w.node) && !(w.node->mode & 0111)) return -L_EACCES;
    return 0;
}

static int64_t sys_getcwd(struct shim *s, uint64_t buf, uint64_t size) {
    char path[L_PATH_MAX];
    int n = path_of(s->cwd, path, sizeof path);
    if (n < 0) return n;
    if ((uint64_t)n + 1 > size) return -L_ERANGE;
    int err = touch(s, buf, (uint64_t)n + 1, L_PROT_WRITE);
    if (err) return err;
    memcpy(USER(void *, buf), path, (size_t)n + 1);
    return n + 1;
}

struct l_dirent64 { uint64_t d_ino; int64_t d_off; uint16_t d_reclen; uint8_t d_type; char d_name[]; };

static int64_t sys_getdents64(struct shim *s, uint64_t fd, uint64_t buf, uint64_t size) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    if (!f->node || !node_is_dir(f->node)) return -L_ENOTDIR;
    int err = touch(s, buf, size, L_PROT_WRITE);
    if (err) return err;
    /* the offset counts entries: 0 ".", 1 "..", then the children in order */
    uint64_t used = 0, index = 0;
    struct node *c = f->node->children;
    for (;; index++) {
        const char *name;
        size_t len;
        uint64_t ino;
        uint32_t mode;
        if (index == 0) { name = "."; len = 1; ino = f->node->ino; mode = L_S_IFDIR; }
        else if (index == 1) { name = ".."; len = 2; ino = f->node->parent->ino; mode = L_S_IFDIR; }
        else {
            if (!c) break;
            name = c->name; len = c->name_len; ino = c->ino; mode = c->mode;
            c = c->next;
        }
        if (index < f->offset) continue;
        uint64_t reclen = (sizeof(struct l_dirent64) + len + 1 + 7) & ~7ull;
        if (used + reclen > size) {
            if (used == 0) return -L_EINVAL;
            break;
        }
        struct l_dirent64 *d = USER(struct l_dirent64 *, buf + used);
        d->d_ino = ino;
        d->d_off = (int64_t)index + 1;
        d->d_reclen = (uint16_t)reclen;
        d->d_type = (uint8_t)((mode & L_S_IFMT) >> 12);   /* DT_* = S_IF* >> 12 */
        memcpy(d->d_name, name, len);
        memset(d->d_name + len, 0, reclen - sizeof *d - len);
        used += reclen;
        f->offset = index + 1;
    }
    return (int64_t)used;
}

#define L_F_DUPFD 0
#define L_F_GETFD 1
#define L_F_SETFD 2
#define L_F_GETFL 3
#define L_F_SETFL 4
#define L_F_DUPFD_CLOEXEC 1030

static int64_t sys_fcntl(struct shim *s, uint64_t fd, uint64_t cmd, uint64_t arg) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    switch (cmd) {
    case L_F_GETFD: return s->cloexec[fd];
    case L_F_SETFD: s->cloexec[fd] = arg & 1; return 0;
    case L_F_GETFL: return f->flags & (L_O_ACCMODE | L_O_APPEND | L_O_NONBLOCK | 0400000 /* O_LARGEFILE */);
    case L_F_SETFL: f->flags = (f->flags & ~(uint32_t)(L_O_APPEND | L_O_NONBLOCK)) | (uint32_t)(arg & (L_O_APPEND | L_O_NONBLOCK)); return 0;
    case L_F_DUPFD: case L_F_DUPFD_CLOEXEC: {
        if (arg >= SHIM_NFD) return -L_EINVAL;
        int nfd = fd_alloc(s, (int)arg);
        if (nfd < 0) return nfd;
        s->fd[nfd] = f;
        if (f != &s->console) f->refs++;
        s->cloexec[nfd] = cmd == L_F_DUPFD_CLOEXEC;
        return nfd;
    }
    default: return -L_EINVAL;
    }
}

#define L_TCGETS 0x5401
#define L_TIOCGWINSZ 0x5413
#define L_FIONREAD 0x541B

static int64_t sys_ioctl(struct shim *s, uint64_t fd, uint64_t req, uint64_t arg) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    if (f->pipe) {
        if (req != L_FIONREAD) return -L_ENOTTY;
        int err = touch(s, arg, 4, L_PROT_WRITE);
        if (err) return err;
        *USER(int32_t *, arg) = (int32_t)f->pipe->len;
        return 0;
    }
    if (f->node) {
        if (req == L_FIONREAD && node_is_reg(f->node)) {
            int err = touch(s, arg, 4, L_PROT_WRITE);
            if (err) return err;
            *USER(int32_t *, arg) = (int32_t)(f->node->size > f->offset ? f->node->size - f->offset : 0);
            return 0;
        }
        return -L_ENOTTY;
    }
    int err;
    switch (req) {
    case L_TCGETS: {                                   /* a cooked 115200 8N1 line */
        err = touch(s, arg, 36, L_PROT_WRITE);
        if (err) return err;
        uint32_t *t = USER(uint32_t *, arg);
        t[0] = 0x500;                                  /* c_iflag: ICRNL | IXON */
        t[1] = 0x5;                                    /* c_oflag: OPOST | ONLCR */
        t[2] = 0x1000 | 0xbf;                          /* c_cflag: B115200 | CS8 | CREAD | HUPCL */
        t[3] = 0x8a3b;                                 /* c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
        uint8_t *cc = (uint8_t *)(t + 4);
        memset(cc, 0, 20);
        static const uint8_t dflt[] = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 };
        memcpy(cc + 1, dflt, sizeof dflt);             /* c_line = 0, then c_cc */
        return 0;
    }
    case L_TIOCGWINSZ: {
        err = touch(s, arg, 8, L_PROT_WRITE);
        if (err) return err;
        uint16_t *w = USER(uint16_t *, arg);
        w[0] = 24; w[1] = 80; w[2] = 0; w[3] = 0;
        return 0;
    }
    case L_FIONREAD:
        err = touch(s, arg, 4, L_PROT_WRITE);
        if (err) return err;
        *USER(int32_t *, arg) = 0;
        return 0;
    default:
        return -L_ENOTTY;
    }
}

static int64_t sys_dup3(struct shim *s, uint64_t oldfd, uint64_t newfd, uint64_t flags, int dup3) {
    struct shim_file *f = file_of(s, oldfd);
    if (!f) return -L_EBADF;
    if (flags & ~(uint64_t)L_O_CLOEXEC) return -L_EINVAL;
    if (!dup3) {                                          /* dup: the lowest free fd */
        int fd = fd_alloc(s, 0);
        if (fd < 0) return fd;
        newfd = (uint64_t)fd;
    } else {
        if (oldfd == newfd) return -L_EINVAL;
        if (newfd >= SHIM_NFD || newfd >= s->nofile) return -L_EBADF;
        if (s->fd[newfd]) file_put(s, s->fd[newfd]);
    }
    s->fd[newfd] = f;
    if (f != &s->console) f->refs++;
    s->cloexec[newfd] = (flags & L_O_CLOEXEC) != 0;
    return (int64_t)newfd;
}

/* The parent directory and last name of a path that must not exist yet (mkdirat) or must
 * (unlinkat): the walk without following the last component. */
static int walk_parent(struct shim *s, int64_t dirfd, uint64_t upath, struct walk *w) {
    const char *path;
    struct node *start;
    int err = user_path(s, upath, &path);
    if (!err) err = start_dir(s, dirfd, path, &start);
    if (err) return err;
    return path_walk(&s->fs, start, path, 0, w);
}

static int64_t sys_mkdirat(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t mode) {
    struct walk w;
    int err = walk_parent(s, dirfd, upath, &w);
    if (err == 0) return -L_EEXIST;
    if (err != -L_ENOENT || !w.parent || w.name_len == 0) return err;
    struct node *n;
    return fs_mkdir(&s->fs, w.parent, w.name, w.name_len, (uint32_t)mode & 07777, &n);
}

static int64_t sys_unlinkat(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t flags) {
    if (flags & ~(uint64_t)L_AT_REMOVEDIR) return -L_EINVAL;
    struct walk w;
    int err = walk_parent(s, dirfd, upath, &w);
    if (err) return err;
    if (w.name_len == 0) return (flags & L_AT_REMOVEDIR) ? -L_EINVAL : -L_EISDIR;   /* "." or ".." */
    if (flags & L_AT_REMOVEDIR) {
        if (w.node == s->cwd) return -L_EBUSY;
        return fs_rmdir(w.parent, w.name, w.name_len);
    }
    if (node_is_dir(w.node)) return -L_EISDIR;
    fs_detach(&s->fs, w.node);            /* it may still be open or mapped: the node lives on */
    return 0;
}

static int64_t sys_ftruncate(struct shim *s, uint64_t fd, int64_t len) {
    struct shim_file *f = file_of(s, fd);
    if (!f) return -L_EBADF;
    if (len < 0) return -L_EINVAL;
    if (!f->node || !node_is_reg(f->node) || (f->flags & L_O_ACCMODE) == L_O_RDONLY) return -L_EINVAL;
    return fs_truncate(f->node, (uint64_t)len);
}

static int64_t sys_chdir(struct shim *s, struct node *n) {
    if (!node_is_dir(n)) return -L_ENOTDIR;
    s->cwd = n;
    return 0;
}

#define L_TMPFS_MAGIC 0x01021994

static int64_t fill_statfs(struct shim *s, uint64_t buf) {
    int err = touch(s, buf, sizeof(struct l_statfs), L_PROT_WRITE);
    if (err) return err;
    struct l_statfs *f = USER(struct l_statfs *, buf);
    memset(f, 0, sizeof *f);
    f->f_type = L_TMPFS_MAGIC;
    f->f_bsize = f->f_frsize = 4096;
    f->f_blocks = s->host.mem_total / 4096;
    f->f_bfree = f->f_bavail = s->host.mem_free / 4096;
    f->f_files = f->f_ffree = 1u << 20;
    f->f_namelen = L_NAME_MAX;
    return 0;
}

static int64_t sys_statfs(struct shim *s, uint64_t upath, uint64_t buf) {
    const char *path;
    int err = user_path(s, upath, &path);
    if (err) return err;
    struct walk w;
    if ((err = path_walk(&s->fs, s->cwd, path, WALK_FOLLOW, &w))) return err;
    return fill_statfs(s, buf);
}

#define L_STATX_BASIC_STATS 0x7ffu

static int64_t sys_statx(struct shim *s, int64_t dirfd, uint64_t upath, uint64_t flags, uint64_t mask, uint64_t buf) {
    (void)mask;                                      /* the basic fields are always all there */
    struct l_stat st;
    int err = stat_at(s, dirfd, upath, flags & ~(uint64_t)0x6000 /* AT_STATX_SYNC_TYPE */, &st);
    if (!err) err = touch(s, buf, sizeof(struct l_statx), L_PROT_WRITE);
    if (err) return err;
    struct l_statx *x = USER(struct l_statx *, buf);
    memset(x, 0, sizeof *x);
    x->stx_mask = L_STATX_BASIC_STATS;
    x->stx_blksize = (uint32_t)st.st_blksize;
    x->stx_nlink = st.st_nlink;
    x->stx_mode = (uint16_t)st.st_mode;
    x->stx_ino = st.st_ino;
    x->stx_size = (uint64_t)st.st_size;
    x->stx_blocks = (uint64_t)st.st_blocks;
    x->stx_atime.tv_sec = st.st_atime_;
    x->stx_mtime.tv_sec = st.st_mtime_;
    x->stx_ctime.tv_sec = st.st_ctime_;
    x->stx_rdev_major = (uint32_t)(st.st_rdev >> 8);
    x->stx_rdev_minor = (uint32_t)(st.st_rdev & 0xff);
    x->stx_dev_minor = (uint32_t)st.st_dev;
    return 0;
}

/* ---- process, identity, limits ------------------------------------------------------------- */

static int64_t sys_uname(struct shim *s, uint64_t buf) {
    int err = touch(s, buf, sizeof(struct l_utsname), L_PROT_WRITE);
    if (err) return err;
    struct l_utsname *u = USER(struct l_utsname *, buf);
    memset(u, 0, sizeof *u);
    /* glibc checks the release against its minimum (3.7.0); the JVM only prints it */
    memcpy(u->sysname, "Linux", 6);
    memcpy(u->nodename, "gaoos", 6);
    memcpy(u->release, "6.12.0-gaoos", 13);
    memcpy(u->version, "#1 SMP GaoOS POSIX shim", 24);
    memcpy(u->machine, "aarch64", 8);
    memcpy(u->domainname, "(none)", 7);
    return 0;
}

struct l_rlimit { uint64_t cur, max; };
#define L_RLIM_INFINITY (~0ull)
#define L_RLIMIT_STACK 3
#define L_RLIMIT_NOFILE 7

static int64_t sys_prlimit64(struct shim *s, uint64_t pid, uint64_t res, uint64_t unew, uint64_t uold) {
    if (pid != 0 && pid != (uint64_t)s->pid) return -L_ESRCH;
    if (res >= 16) return -L_EINVAL;
    struct l_rlimit cur = { L_RLIM_INFINITY, L_RLIM_INFINITY };
    if (res == L_RLIMIT_STACK) cur.cur = cur.max = 8ull << 20;
    if (res == L_RLIMIT_NOFILE) cur.cur = cur.max = s->nofile;
    int err;
    if (uold) {
        err = touch(s, uold, sizeof cur, L_PROT_WRITE);
        if (err) return err;
        *USER(struct l_rlimit *, uold) = cur;
    }
    if (unew) {
        err = touch(s, unew, sizeof cur, L_PROT_READ);
        if (err) return err;
        struct l_rlimit n = *USER(const struct l_rlimit *, unew);
        if (n.cur > n.max) return -L_EINVAL;
        if (res == L_RLIMIT_NOFILE) {
            if (n.max > SHIM_NFD) return -L_EPERM;
            s->nofile = n.max;
        } else if (n.max > cur.max) {
            return -L_EPERM;
        }
    }
    return 0;
}

static uint64_t next_random(struct shim *s) {
    /* xorshift64*: NOT cryptographic (seeded from the counter); see docs/libos.md */
    uint64_t x = s->random_state;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    s->random_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static int64_t sys_getrandom(struct shim *s, uint64_t buf, uint64_t len, uint64_t flags) {
    if (flags & ~7ull) return -L_EINVAL;
    if (len > (32u << 20)) len = 32u << 20;
    int err = touch(s, buf, len, L_PROT_WRITE);
    if (err) return err;
    uint8_t *p = USER(uint8_t *, buf);
    for (uint64_t i = 0; i < len; i += 8) {
        uint64_t r = next_random(s);
        memcpy(p + i, &r, len - i < 8 ? len - i : 8);
    }
    return (int64_t)len;
}

#define L_PR_SET_NAME 15
#define L_PR_GET_NAME 16

static int64_t sys_prctl(struct shim *s, struct shim_thread *t, uint64_t op, uint64_t arg) {
    int err;
    switch (op) {
    case L_PR_SET_NAME:
        err = touch(s, arg, 1, L_PROT_READ);
        if (err) return err;
        memset(t->name, 0, sizeof t->name);
        strncpy(t->name, USER(const char *, arg), sizeof t->name - 1);
        return 0;
    case L_PR_GET_NAME:
        err = touch(s, arg, sizeof t->name, L_PROT_WRITE);
        if (err) return err;
        memcpy(USER(char *, arg), t->name, sizeof t->name);
        return 0;
    default:
        return -L_EINVAL;
    }
}

struct l_sysinfo {
    int64_t uptime;
    uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint32_t pad2;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    char reserved[4];
};
_Static_assert(sizeof(struct l_sysinfo) == 112, "struct sysinfo of arm64 is 112 bytes");

static int64_t sys_sysinfo(struct shim *s, uint64_t buf) {
    int err = touch(s, buf, sizeof(struct l_sysinfo), L_PROT_WRITE);
    if (err) return err;
    struct l_sysinfo *i = USER(struct l_sysinfo *, buf);
    memset(i, 0, sizeof *i);
    i->uptime = (int64_t)((s->host.monotonic_ns ? s->host.monotonic_ns(s->host.ctx) : 0) / 1000000000ull);
    i->totalram = s->host.mem_total;
    i->freeram = s->host.mem_free;
    i->procs = 1;
    i->mem_unit = 1;
    return 0;
}

/* ---- time ----------------------------------------------------------------------------------- */

static int64_t sys_clock_gettime(struct shim *s, uint64_t clock, uint64_t uts) {
    uint64_t now = s->host.monotonic_ns ? s->host.monotonic_ns(s->host.ctx) : 0;
    switch (clock) {
    case L_CLOCK_REALTIME: case L_CLOCK_REALTIME_COARSE:
        now += (uint64_t)s->host.realtime_offset_ns;
        break;
    case L_CLOCK_MONOTONIC: case L_CLOCK_MONOTONIC_RAW: case L_CLOCK_MONOTONIC_COARSE: case L_CLOCK_BOOTTIME:
    case L_CLOCK_PROCESS_CPUTIME_ID: case L_CLOCK_THREAD_CPUTIME_ID:
        break;    /* CPU-time clocks: wall time until the kernel accounts CPU time per thread */
    default:
        return -L_EINVAL;
    }
    int err = touch(s, uts, sizeof(struct l_timespec), L_PROT_WRITE);
    if (err) return err;
    struct l_timespec *ts = USER(struct l_timespec *, uts);
    ts->tv_sec = (int64_t)(now / 1000000000ull);
    ts->tv_nsec = (int64_t)(now % 1000000000ull);
    return 0;
}

static int64_t sys_gettimeofday(struct shim *s, uint64_t utv) {
    if (!utv) return 0;
    struct l_timespec ts;
    uint64_t now = (s->host.monotonic_ns ? s->host.monotonic_ns(s->host.ctx) : 0) + (uint64_t)s->host.realtime_offset_ns;
    int err = touch(s, utv, 16, L_PROT_WRITE);
    if (err) return err;
    ts.tv_sec = (int64_t)(now / 1000000000ull);
    ts.tv_nsec = (int64_t)(now % 1000000000ull / 1000);   /* tv_usec */
    memcpy(USER(void *, utv), &ts, 16);
    return 0;
}

int64_t shim_sleep_deadline(struct shim *s, uint64_t clock, uint64_t flags, uint64_t req) {
    if (flags & ~(uint64_t)L_TIMER_ABSTIME) return -L_EINVAL;
    if (clock != L_CLOCK_REALTIME && clock != L_CLOCK_MONOTONIC && clock != L_CLOCK_BOOTTIME) return -L_EINVAL;
    int err = touch(s, req, sizeof(struct l_timespec), L_PROT_READ);
    if (err) return err;
    struct l_timespec ts = *USER(const struct l_timespec *, req);
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -L_EINVAL;
    uint64_t now = s->host.monotonic_ns ? s->host.monotonic_ns(s->host.ctx) : 0;
    uint64_t t = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    if (!(flags & L_TIMER_ABSTIME)) return (int64_t)(now + t);
    if (clock == L_CLOCK_REALTIME) {
        int64_t mono = (int64_t)t - s->host.realtime_offset_ns;
        return mono < 0 ? 0 : mono;
    }
    return (int64_t)t;
}

/* ---- memory --------------------------------------------------------------------------------- */

static int64_t sys_mmap(struct shim *s, uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags, int64_t fd, uint64_t off) {
    struct node *file = NULL;
    if (!(flags & L_MAP_ANONYMOUS)) {
        struct shim_file *f = file_of(s, (uint64_t)fd);
        if (!f) return -L_EBADF;
        if (!f->node || !node_is_reg(f->node)) return -L_ENODEV;
        if ((flags & L_MAP_TYPE) != L_MAP_PRIVATE && (prot & L_PROT_WRITE) && (f->flags & L_O_ACCMODE) == L_O_RDONLY)
            return -L_EACCES;
        /* a writable shared mapping would have to write back to the file: not supported (yet), so
         * refused as a file system without shared mmap does (HotSpot's perf data falls back) */
        if ((flags & L_MAP_TYPE) != L_MAP_PRIVATE && (prot & L_PROT_WRITE)) return -L_ENODEV;
        file = f->node;
    }
    return vm_mmap(&s->vm, addr, len, (uint32_t)prot, (uint32_t)flags, file, off);
}

/* ---- the table ------------------------------------------------------------------------------ */

int64_t shim_syscall(struct shim *s, struct shim_thread *t, uint64_t nr, const uint64_t a[6]) {
    switch (nr) {
    case 17: return sys_getcwd(s, a[0], a[1]);
    case 23: return sys_dup3(s, a[0], 0, 0, 0);
    case 24: return sys_dup3(s, a[0], a[1], a[2], 1);
    case 25: return sys_fcntl(s, a[0], a[1], a[2]);
    case 29: return sys_ioctl(s, a[0], a[1], a[2]);
    case 32: return file_of(s, a[0]) ? 0 : -L_EBADF;   /* flock: one process, nothing to exclude */
    case 34: return sys_mkdirat(s, (int64_t)a[0], a[1], a[2]);
    case 35: return sys_unlinkat(s, (int64_t)a[0], a[1], a[2]);
    case 43: return sys_statfs(s, a[0], a[1]);
    case 44: return file_of(s, a[0]) ? fill_statfs(s, a[1]) : -L_EBADF;
    case 46: return sys_ftruncate(s, a[0], (int64_t)a[1]);
    case 48: return sys_faccessat(s, (int64_t)a[0], a[1], a[2]);
    case 49: {
        const char *path;
        struct walk w;
        int err = user_path(s, a[0], &path);
        if (!err) err = path_walk(&s->fs, s->cwd, path, WALK_FOLLOW, &w);
        return err ? err : sys_chdir(s, w.node);
    }
    case 50: {
        struct shim_file *f = file_of(s, a[0]);
        if (!f) return -L_EBADF;
        return f->node ? sys_chdir(s, f->node) : -L_ENOTDIR;
    }
    case 56: return sys_openat(s, (int64_t)a[0], a[1], a[2], a[3]);
    case 57: return sys_close(s, a[0]);
    case 61: return sys_getdents64(s, a[0], a[1], a[2]);
    case 62: return sys_lseek(s, a[0], (int64_t)a[1], a[2]);
    case 63: { struct shim_file *f = file_of(s, a[0]); return f ? do_read(s, f, a[1], a[2], 0, 0) : -L_EBADF; }
    case 59: return sys_pipe2(s, a[0], a[1]);
    case 64: { struct shim_file *f = file_of(s, a[0]); return f ? do_write(s, t, f, a[1], a[2], 0, 0) : -L_EBADF; }
    case 65: return sys_rwv(s, t, a[0], a[1], a[2], 0);
    case 66: return sys_rwv(s, t, a[0], a[1], a[2], 1);
    case 67: {
        struct shim_file *f = file_of(s, a[0]);
        if (!f) return -L_EBADF;
        if (!f->node) return -L_ESPIPE;
        if ((int64_t)a[3] < 0) return -L_EINVAL;
        return do_read(s, f, a[1], a[2], a[3], 1);
    }
    case 78: return sys_readlinkat(s, (int64_t)a[0], a[1], a[2], (int64_t)a[3]);
    case 79: return sys_newfstatat(s, (int64_t)a[0], a[1], a[2], a[3]);
    case 80: return sys_fstat(s, a[0], a[1]);
    case 94:
        if (s->host.exit_group) s->host.exit_group(s->host.ctx, (int)(a[0] & 0xff));
        return 0;
    case 96: t->clear_child_tid = a[0]; return t->tid;
    case 113: return sys_clock_gettime(s, a[0], a[1]);
    case 114: {
        if (a[0] > L_CLOCK_BOOTTIME) return -L_EINVAL;
        if (!a[1]) return 0;
        int err = touch(s, a[1], sizeof(struct l_timespec), L_PROT_WRITE);
        if (err) return err;
        *USER(struct l_timespec *, a[1]) = (struct l_timespec){ 0, 1 };   /* 1 ns: the counter's resolution or better */
        return 0;
    }
    case 123: {                                              /* sched_getaffinity */
        if (a[1] < 8 || (a[1] & 7)) return -L_EINVAL;
        int err = touch(s, a[2], 8, L_PROT_WRITE);
        if (err) return err;
        *USER(uint64_t *, a[2]) = (1ull << s->ncpu) - 1;
        return 8;
    }
    case 124: return 0;                                      /* sched_yield: one thread so far */
    case 132: return shim_sigaltstack(s, t, a[0], a[1], 0);
    case 134: return shim_rt_sigaction(s, a[0], a[1], a[2], a[3]);
    case 135: return shim_rt_sigprocmask(s, t, a[0], a[1], a[2], a[3]);
    case 160: return sys_uname(s, a[0]);
    case 165: {                                              /* getrusage: CPU time is not accounted yet */
        if ((int64_t)a[0] < -1 || (int64_t)a[0] > 1) return -L_EINVAL;
        int err = touch(s, a[1], 144, L_PROT_WRITE);
        if (err) return err;
        memset(USER(void *, a[1]), 0, 144);
        return 0;
    }
    case 168: {                                              /* getcpu: core 0 */
        int err;
        if (a[0] && (err = touch(s, a[0], 4, L_PROT_WRITE))) return err;
        if (a[1] && (err = touch(s, a[1], 4, L_PROT_WRITE))) return err;
        if (a[0]) *USER(uint32_t *, a[0]) = 0;
        if (a[1]) *USER(uint32_t *, a[1]) = 0;
        return 0;
    }
    case 167: return sys_prctl(s, t, a[0], a[1]);
    case 169: return sys_gettimeofday(s, a[0]);
    case 172: return s->pid;
    case 173: return 0;
    case 174: case 175: case 176: case 177: return 0;        /* root */
    case 178: return t->tid;
    case 179: return sys_sysinfo(s, a[0]);
    case 214: return (int64_t)vm_brk(&s->vm, a[0]);
    case 215: return vm_munmap(&s->vm, a[0], a[1]);
    case 216: return vm_mremap(&s->vm, a[0], a[1], a[2], (uint32_t)a[3], a[4]);
    case 222: return sys_mmap(s, a[0], a[1], a[2], a[3], (int64_t)a[4], a[5]);
    case 226: return vm_mprotect(&s->vm, a[0], a[1], (uint32_t)a[2]);
    case 233: return vm_madvise(&s->vm, a[0], a[1], (int)a[2]);
    case 261: return sys_prlimit64(s, a[0], a[1], a[2], a[3]);
    case 278: return sys_getrandom(s, a[0], a[1], a[2]);
    case 291: return sys_statx(s, (int64_t)a[0], a[1], a[2], a[3], a[4]);
    case 198: return -L_EAFNOSUPPORT;                        /* socket: no network (nscd, NIO probes cope) */
    default: return not_implemented(s, nr);
    }
}

void shim_init(struct shim *s, struct shim_host host, const char *exe, uint64_t seed) {
    s->host = host;
    s->cwd = s->fs.root;
    s->exe = exe;
    s->pid = 1;
    s->nofile = SHIM_NFD;
    s->console.node = NULL;
    s->console.flags = L_O_RDWR;
    s->console.refs = 1;
    for (int i = 0; i < 3; i++) s->fd[i] = &s->console;
    s->random_state = seed ? seed : 0x9E3779B97F4A7C15ull;
    s->ncpu = 1;
    futex_init(&s->futex);
}
