/* Differential: the same file-system operations through the shim's syscall table and through
 * the host's Linux kernel (in a fresh temporary directory), results compared: return values,
 * errno, bytes read. Linux is the oracle for the shim's semantics. Flags are written once and
 * translated to each side's values (x86-64 and arm64 differ for O_DIRECTORY and O_NOFOLLOW). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../shim/linux.h"
#include "../shim/path.h"
#include "../shim/syscall.h"
#include "test.h"

enum { RD = 1, WR = 2, RW = 4, CREAT = 8, EXCL = 16, TRUNC = 32, APPEND = 64, DIRECTORY = 128, NOFOLLOW = 256 };

static int host_flags(int f) {
    return (f & WR ? O_WRONLY : 0) | (f & RW ? O_RDWR : 0) | (f & CREAT ? O_CREAT : 0) | (f & EXCL ? O_EXCL : 0) |
           (f & TRUNC ? O_TRUNC : 0) | (f & APPEND ? O_APPEND : 0) | (f & DIRECTORY ? O_DIRECTORY : 0) |
           (f & NOFOLLOW ? O_NOFOLLOW : 0);
}
static uint64_t shim_flags(int f) {
    return (f & WR ? L_O_WRONLY : 0) | (f & RW ? L_O_RDWR : 0) | (f & CREAT ? L_O_CREAT : 0) | (f & EXCL ? L_O_EXCL : 0) |
           (f & TRUNC ? L_O_TRUNC : 0) | (f & APPEND ? L_O_APPEND : 0) | (f & DIRECTORY ? L_O_DIRECTORY : 0) |
           (f & NOFOLLOW ? L_O_NOFOLLOW : 0);
}

static struct shim *s;
static struct shim_thread th;
static int hostdir;
static struct vm_region regions[8];
static int mismatches;

static int64_t shim(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
    uint64_t a[6] = { a0, a1, a2, a3, 0, 0 };
    return shim_syscall(s, &th, nr, a);
}
static int64_t host(long r) { return r < 0 ? -errno : r; }
#define P(x) ((uint64_t)(uintptr_t)(x))

/* fds differ between the two sides: compare "an fd" with "an fd" */
static void same(const char *what, int64_t h, int64_t sh, int fd_result) {
    if (fd_result && h >= 0 && sh >= 0) return;
    if (h != sh) { printf("    differs: %s: linux %lld, shim %lld\n", what, (long long)h, (long long)sh); mismatches++; }
}

/* both sides' fds of the files opened by the sequence, in order */
static int hfd[32], sfd[32], nfd;

static void op_open(const char *path, int flags) {
    int64_t h = host(openat(hostdir, path, host_flags(flags) | O_CLOEXEC, 0644));
    int64_t r = shim(56, (uint64_t)L_AT_FDCWD, P(path), shim_flags(flags) | L_O_CLOEXEC, 0644);
    char what[128];
    snprintf(what, sizeof what, "open %s %#x", path, flags);
    same(what, h, r, 1);
    if (h >= 0 && r >= 0 && nfd < 32) { hfd[nfd] = (int)h; sfd[nfd] = (int)r; nfd++; }
    else { if (h >= 0) close((int)h); }
}

static void op_mkdir(const char *path) {
    char what[128];
    snprintf(what, sizeof what, "mkdir %s", path);
    same(what, host(mkdirat(hostdir, path, 0755)), shim(34, (uint64_t)L_AT_FDCWD, P(path), 0755, 0), 0);
}

static void op_unlink(const char *path, int rmdir) {
    char what[128];
    snprintf(what, sizeof what, "unlink%s %s", rmdir ? " (dir)" : "", path);
    same(what, host(unlinkat(hostdir, path, rmdir ? AT_REMOVEDIR : 0)),
         shim(35, (uint64_t)L_AT_FDCWD, P(path), rmdir ? L_AT_REMOVEDIR : 0, 0), 0);
}

static void op_symlink(const char *target, const char *path) {
    /* the shim has no symlinkat syscall yet: made directly in both trees */
    symlinkat(target, hostdir, path);
    struct walk w;
    struct node *n;
    if (path_walk(&s->fs, s->fs.root, path, 0, &w) == -L_ENOENT && w.parent)
        fs_symlink(&s->fs, w.parent, w.name, w.name_len, target, &n);
}

static void op_readlink(const char *path) {
    char hb[64] = {0}, sb[64] = {0};
    int64_t h = host(readlinkat(hostdir, path, hb, sizeof hb));
    uint64_t a[6] = { (uint64_t)L_AT_FDCWD, P(path), P(sb), sizeof sb, 0, 0 };
    int64_t r = shim_syscall(s, &th, 78, a);
    char what[128];
    snprintf(what, sizeof what, "readlink %s", path);
    same(what, h, r, 0);
    if (h > 0 && h == r && memcmp(hb, sb, (size_t)h) != 0) { printf("    differs: %s contents\n", what); mismatches++; }
}

static void op_stat(const char *path, int nofollow) {
    struct stat hs;
    struct l_stat ss;
    int64_t h = host(fstatat(hostdir, path, &hs, nofollow ? AT_SYMLINK_NOFOLLOW : 0));
    int64_t r = shim(79, (uint64_t)L_AT_FDCWD, P(path), P(&ss), nofollow ? L_AT_SYMLINK_NOFOLLOW : 0);
    char what[128];
    snprintf(what, sizeof what, "stat %s", path);
    same(what, h, r, 0);
    if (h == 0 && r == 0 && ((hs.st_mode & S_IFMT) != (ss.st_mode & L_S_IFMT) || (S_ISREG(hs.st_mode) && hs.st_size != ss.st_size))) {
        printf("    differs: %s: type/size\n", what);
        mismatches++;
    }
}

static void op_access(const char *path, int mode) {
    char what[128];
    snprintf(what, sizeof what, "access %s %d", path, mode);
    same(what, host(faccessat(hostdir, path, mode, 0)), shim(48, (uint64_t)L_AT_FDCWD, P(path), (uint64_t)mode, 0), 0);
}

/* read/write/seek on the i-th opened file */
static void op_write(int i, const char *data) {
    same("write", host(write(hfd[i], data, strlen(data))), shim(64, (uint64_t)sfd[i], P(data), strlen(data), 0), 0);
}
static void op_read(int i, size_t n) {
    char hb[256] = {0}, sb[256] = {0};
    int64_t h = host(read(hfd[i], hb, n)), r = shim(63, (uint64_t)sfd[i], P(sb), n, 0);
    same("read", h, r, 0);
    if (h > 0 && h == r && memcmp(hb, sb, (size_t)h) != 0) { printf("    differs: read contents\n"); mismatches++; }
}
static void op_seek(int i, int64_t off, int whence) {
    same("lseek", host(lseek(hfd[i], off, whence)), shim(62, (uint64_t)sfd[i], (uint64_t)off, (uint64_t)whence, 0), 0);
}
static void op_truncate(int i, int64_t len) {
    same("ftruncate", host(ftruncate(hfd[i], len)), shim(46, (uint64_t)sfd[i], (uint64_t)len, 0, 0), 0);
}
static void op_getdents_count(int i) {
    char hb[4096], sb[4096];
    int64_t h = host(syscall(SYS_getdents64, hfd[i], hb, sizeof hb)), r = shim(61, (uint64_t)sfd[i], P(sb), sizeof sb, 0);
    int hc = 0, sc = 0;
    for (int64_t o = 0; h > 0 && o < h; o += *(uint16_t *)(hb + o + 16)) hc++;
    for (int64_t o = 0; r > 0 && o < r; o += *(uint16_t *)(sb + o + 16)) sc++;
    same("getdents64 entries", hc, sc, 0);
}

TEST(file_operations_match_linux) {
    char tmpl[] = "/tmp/shim-diff-XXXXXX";
    CHECK(mkdtemp(tmpl) != NULL);
    hostdir = open(tmpl, O_RDONLY | O_DIRECTORY);
    s = calloc(1, sizeof *s);
    fs_init(&s->fs);
    vm_init(&s->vm, regions, 8, 0x1000000, 0x8000000000ull, (struct vm_ops){0});
    shim_init(s, (struct shim_host){0}, "/x", 1);
    th.tid = 1;
    mismatches = 0;
    nfd = 0;

    op_mkdir("d");
    op_mkdir("d");                          /* EEXIST */
    op_mkdir("nope/x");                     /* ENOENT */
    op_open("f", RW | CREAT);               /* 0 */
    op_write(0, "hello world\n");
    op_seek(0, 0, SEEK_SET);
    op_read(0, 5);
    op_seek(0, -3, SEEK_END);
    op_read(0, 100);
    op_read(0, 100);                        /* EOF */
    op_seek(0, -100, SEEK_CUR);             /* EINVAL */
    op_truncate(0, 4);
    op_seek(0, 0, SEEK_SET);
    op_read(0, 100);
    op_truncate(0, 10000);
    op_stat("f", 0);
    op_open("f", RW | CREAT | EXCL);        /* EEXIST */
    op_open("f", RD | DIRECTORY);           /* ENOTDIR */
    op_open("d", WR);                       /* EISDIR */
    op_open("d", RD | DIRECTORY);           /* 1 */
    op_open("missing", RD);                 /* ENOENT */
    op_open("f/x", RD);                     /* ENOTDIR */
    op_open("f/", RD);                      /* ENOTDIR */
    op_open("d/g", WR | CREAT | TRUNC);     /* 2 */
    op_write(2, "abc");
    op_open("d/g", WR | APPEND);            /* 3 */
    op_write(3, "def");
    op_open("d/g", RD);                     /* 4 */
    op_read(4, 100);                        /* "abcdef" */
    op_open("d/./../d/g", RD);              /* 5 */
    op_read(5, 2);
    op_symlink("d/g", "l");
    op_symlink("l2", "l1");
    op_symlink("l1", "l2");
    op_symlink("nowhere", "dangling");
    op_open("l", RD);                       /* 6: through the link */
    op_read(6, 100);
    op_open("l", RD | NOFOLLOW);            /* ELOOP */
    op_open("l1", RD);                      /* ELOOP */
    op_open("dangling", RD);                /* ENOENT */
    op_open("dangling", WR | CREAT);        /* creates "nowhere" */
    op_stat("nowhere", 0);
    op_stat("l", 1);
    op_stat("l", 0);
    op_readlink("l");
    op_readlink("f");                       /* EINVAL */
    op_readlink("missing");                 /* ENOENT */
    op_access("f", 4);
    op_access("f", 1);                      /* EACCES: no x bit (even for root) */
    op_access("d", 1);
    op_access("missing", 0);
    op_unlink("d", 0);                      /* EISDIR */
    op_unlink("d", 1);                      /* ENOTEMPTY */
    op_unlink("f", 1);                      /* ENOTDIR */
    op_unlink("d/g", 0);
    op_read(4, 100);                        /* still readable through the open fd: EOF after the read above */
    op_seek(4, 0, SEEK_SET);
    op_read(4, 100);                        /* the unlinked file's contents */
    op_stat("d/g", 0);                      /* ENOENT */
    op_getdents_count(1);                   /* ".", ".." */
    op_unlink("d", 1);
    op_unlink("missing", 0);                /* ENOENT */

    for (int i = 0; i < nfd; i++) close(hfd[i]);
    CHECK_EQ(mismatches, 0);
    /* clean the host directory */
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpl);
    CHECK_EQ(system(cmd), 0);
    close(hostdir);
    for (int i = 3; i < SHIM_NFD; i++) if (s->fd[i]) shim(57, (uint64_t)i, 0, 0, 0);
    fs_destroy(&s->fs);
    free(s);
}

void suite_linux_diff(void) {
    RUN(file_operations_match_linux);
}
