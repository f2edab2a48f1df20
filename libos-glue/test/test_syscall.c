/* The syscall table over the shim's state: files, the console, identity, limits, time, memory,
 * and the "-ENOSYS, logged once" rule. User pointers are host pointers here. */
#include <stdlib.h>
#include <string.h>

#include "../initramfs/writer.h"
#include "../shim/linux.h"
#include "../shim/pipe.h"
#include "../shim/procfs.h"
#include "../shim/syscall.h"
#include "test.h"

static char *image;
static size_t image_len;
static char console[4096];
static size_t console_len;
static char logbuf[4096];
static int log_lines, exit_status;
static uint64_t now_ns;
static struct vm_region regions[64];

static void console_write(void *ctx, const char *p, uint64_t n) {
    if (console_len + n < sizeof console) { memcpy(console + console_len, p, n); console_len += n; }
}
static void log_line(void *ctx, const char *line) {
    log_lines++;
    strncat(logbuf, line, sizeof logbuf - strlen(logbuf) - 2);
    strcat(logbuf, "\n");
}
static uint64_t monotonic(void *ctx) { return now_ns; }
static uint64_t woken_key;
static int wakes;
static void wake(void *ctx, uint64_t key) { woken_key = key; wakes++; }
static void exit_group(void *ctx, int status) { exit_status = status; }

static struct shim *setup(struct shim_thread *t) {
    FILE *f = open_memstream(&image, &image_len);
    struct cpio_writer w;
    cw_init(&w, f, 4096);
    cw_dir(&w, ".", 0755, 0, 0);
    cw_dir(&w, "jdk", 0755, 0, 0);
    cw_dir(&w, "jdk/bin", 0755, 0, 0);
    cw_file(&w, "jdk/bin/java", 0755, 0, 0, "\177ELF....", 8);
    cw_dir(&w, "jdk/lib", 0755, 0, 0);
    cw_file(&w, "data.txt", 0644, 0, 0, "GaoOS initramfs data\n", 21);
    cw_dir(&w, "tmp", 01777, 0, 0);
    cw_trailer(&w);
    fclose(f);
    struct shim *s = calloc(1, sizeof *s);
    fs_init(&s->fs);
    const char *why;
    fs_load_cpio(&s->fs, (const uint8_t *)image, image_len, &why);
    struct node *proc, *self, *exe;
    fs_mkdir(&s->fs, s->fs.root, "proc", 4, 0555, &proc);
    fs_mkdir(&s->fs, proc, "self", 4, 0555, &self);
    fs_symlink(&s->fs, self, "exe", 3, "/jdk/bin/java", &exe);
    vm_init(&s->vm, regions, 64, 0x1000000, 0x8000000000ull, (struct vm_ops){0});
    vm_set_brk(&s->vm, 0x2000000);
    console_len = 0; log_lines = 0; logbuf[0] = 0; exit_status = -1; now_ns = 0;
    woken_key = 0; wakes = 0;
    shim_init(s, (struct shim_host){ console_write, log_line, monotonic, 1000000000000ll, exit_group, NULL, 0, 0, NULL, wake },
              "/jdk/bin/java", 42);
    memset(t, 0, sizeof *t);
    t->tid = 1;
    return s;
}

static void teardown(struct shim *s) {
    for (int i = 3; i < SHIM_NFD; i++) if (s->fd[i]) { uint64_t a[6] = { (uint64_t)i }; shim_syscall(s, NULL, 57, a); }
    fs_destroy(&s->fs);
    free(s);
    free(image);
}

#define P(x) ((uint64_t)(uintptr_t)(x))
static int64_t sc(struct shim *s, struct shim_thread *t, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3) {
    uint64_t a[6] = { a0, a1, a2, a3, 0, 0 };
    return shim_syscall(s, t, nr, a);
}

TEST(unimplemented_is_enosys_and_logged_once) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    CHECK_EQ(sc(s, &t, 293, 0, 0, 0, 0), -L_ENOSYS);     /* rseq */
    CHECK_EQ(sc(s, &t, 293, 0, 0, 0, 0), -L_ENOSYS);
    CHECK_EQ(sc(s, &t, 435, 0, 0, 0, 0), -L_ENOSYS);     /* clone3 */
    CHECK_EQ(sc(s, &t, 9999, 0, 0, 0, 0), -L_ENOSYS);    /* out of any table */
    CHECK_EQ(log_lines, 3);
    CHECK(strstr(logbuf, "shim: syscall 293 (rseq) not implemented: -ENOSYS\n") != NULL);
    CHECK(strstr(logbuf, "syscall 435 (clone3)") != NULL);
    CHECK(strstr(logbuf, "syscall 9999 (unknown)") != NULL);
    teardown(s);
}

TEST(console_is_fds_0_1_2_and_a_tty) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    CHECK_EQ(sc(s, &t, 64, 1, P("hello\n"), 6, 0), 6);
    struct { uint64_t base, len; } iov[2] = { { P("a"), 1 }, { P("bc"), 2 } };
    CHECK_EQ(sc(s, &t, 66, 2, P(iov), 2, 0), 3);
    CHECK(console_len == 9 && memcmp(console, "hello\nabc", 9) == 0);
    struct l_stat st;
    CHECK_EQ(sc(s, &t, 79, 1, P(""), P(&st), L_AT_EMPTY_PATH), 0);     /* glibc's fstat(1) */
    CHECK_EQ(st.st_mode & L_S_IFMT, L_S_IFCHR);
    uint8_t termios[36];
    CHECK_EQ(sc(s, &t, 29, 1, 0x5401, P(termios), 0), 0);               /* TCGETS: isatty */
    CHECK_EQ(sc(s, &t, 62, 1, 0, 0, 0), -L_ESPIPE);
    CHECK_EQ(sc(s, &t, 64, 77, P("x"), 1, 0), -L_EBADF);
    teardown(s);
}

TEST(open_read_seek_pread_close) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    int64_t fd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/data.txt"), L_O_RDONLY | L_O_CLOEXEC, 0);
    CHECK_EQ(fd, 3);
    char buf[64] = {0};
    CHECK_EQ(sc(s, &t, 63, (uint64_t)fd, P(buf), 5, 0), 5);
    CHECK(memcmp(buf, "GaoOS", 5) == 0);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)fd, P(buf), 64, 0), 16);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)fd, P(buf), 64, 0), 0);            /* EOF */
    CHECK_EQ(sc(s, &t, 62, (uint64_t)fd, 6, 0, 0), 6);                  /* SEEK_SET */
    CHECK_EQ(sc(s, &t, 62, (uint64_t)fd, (uint64_t)-2, 2, 0), 19);      /* SEEK_END - 2 */
    CHECK_EQ(sc(s, &t, 62, (uint64_t)fd, (uint64_t)-100, 1, 0), -L_EINVAL);
    uint64_t a[6] = { (uint64_t)fd, P(buf), 4, 6, 0, 0 };
    CHECK_EQ(shim_syscall(s, &t, 67, a), 4);                            /* pread64 leaves the offset */
    CHECK(memcmp(buf, "init", 4) == 0);
    CHECK_EQ(sc(s, &t, 62, (uint64_t)fd, 0, 1, 0), 19);
    CHECK_EQ(sc(s, &t, 25, (uint64_t)fd, 1, 0, 0), 1);                  /* F_GETFD: FD_CLOEXEC */
    CHECK_EQ(sc(s, &t, 64, (uint64_t)fd, P("x"), 1, 0), -L_EBADF);      /* read-only */
    CHECK_EQ(sc(s, &t, 57, (uint64_t)fd, 0, 0, 0), 0);
    CHECK_EQ(sc(s, &t, 57, (uint64_t)fd, 0, 0, 0), -L_EBADF);
    teardown(s);
}

TEST(open_errors) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    CHECK_EQ(sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/nope"), 0, 0), -L_ENOENT);
    CHECK_EQ(sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/data.txt"), L_O_DIRECTORY, 0), -L_ENOTDIR);
    CHECK_EQ(sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/jdk"), L_O_WRONLY, 0), -L_EISDIR);
    CHECK_EQ(sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/proc/self/exe"), L_O_NOFOLLOW, 0), -L_ELOOP);
    CHECK_EQ(sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/data.txt"), L_O_CREAT | L_O_EXCL | L_O_WRONLY, 0644), -L_EEXIST);
    CHECK_EQ(sc(s, &t, 56, 99, P("x"), 0, 0), -L_EBADF);                /* relative to a bad dirfd */
    CHECK_EQ(sc(s, &t, 56, (uint64_t)L_AT_FDCWD, 0, 0, 0), -L_EFAULT);
    teardown(s);
}

TEST(tmp_file_write_reread_unlinkless) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    int64_t fd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/tmp/smoke.txt"), L_O_CREAT | L_O_EXCL | L_O_RDWR, 0600);
    CHECK(fd >= 3);
    CHECK_EQ(sc(s, &t, 64, (uint64_t)fd, P("line 1\n"), 7, 0), 7);
    CHECK_EQ(sc(s, &t, 62, (uint64_t)fd, 0, 0, 0), 0);
    char buf[16] = {0};
    CHECK_EQ(sc(s, &t, 63, (uint64_t)fd, P(buf), sizeof buf, 0), 7);
    CHECK(memcmp(buf, "line 1\n", 7) == 0);
    sc(s, &t, 57, (uint64_t)fd, 0, 0, 0);
    fd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("tmp/smoke.txt"), L_O_WRONLY | L_O_APPEND, 0);   /* relative to cwd "/" */
    CHECK_EQ(sc(s, &t, 64, (uint64_t)fd, P("line 2\n"), 7, 0), 7);
    struct l_stat st;
    CHECK_EQ(sc(s, &t, 80, (uint64_t)fd, P(&st), 0, 0), 0);
    CHECK_EQ(st.st_size, 14);
    CHECK_EQ(st.st_mode, L_S_IFREG | 0600);
    fd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/tmp/smoke.txt"), L_O_WRONLY | L_O_TRUNC, 0);
    CHECK_EQ(sc(s, &t, 79, (uint64_t)L_AT_FDCWD, P("/tmp/smoke.txt"), P(&st), 0), 0);
    CHECK_EQ(st.st_size, 0);
    teardown(s);
}

TEST(readlink_proc_self_exe_getcwd_faccessat) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    char buf[64] = {0};
    uint64_t a[6] = { (uint64_t)L_AT_FDCWD, P("/proc/self/exe"), P(buf), sizeof buf, 0, 0 };
    CHECK_EQ(shim_syscall(s, &t, 78, a), 13);
    CHECK(memcmp(buf, "/jdk/bin/java", 13) == 0);
    a[3] = 4;
    CHECK_EQ(shim_syscall(s, &t, 78, a), 4);                            /* truncated, no NUL */
    a[1] = P("/data.txt");
    CHECK_EQ(shim_syscall(s, &t, 78, a), -L_EINVAL);                    /* not a link */
    CHECK_EQ(sc(s, &t, 17, P(buf), sizeof buf, 0, 0), 2);               /* "/" + NUL */
    CHECK(strcmp(buf, "/") == 0);
    CHECK_EQ(sc(s, &t, 17, P(buf), 1, 0, 0), -L_ERANGE);
    CHECK_EQ(sc(s, &t, 48, (uint64_t)L_AT_FDCWD, P("/jdk/bin/java"), 1, 0), 0);     /* X_OK */
    CHECK_EQ(sc(s, &t, 48, (uint64_t)L_AT_FDCWD, P("/data.txt"), 1, 0), -L_EACCES);
    CHECK_EQ(sc(s, &t, 48, (uint64_t)L_AT_FDCWD, P("/etc/ld.so.preload"), 4, 0), -L_ENOENT);
    teardown(s);
}

TEST(getdents64_lists_a_directory_in_pieces) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    int64_t fd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/jdk"), L_O_RDONLY | L_O_DIRECTORY, 0);
    _Alignas(8) uint8_t buf[48];
    char names[256] = {0};
    int64_t n;
    int calls = 0;
    while ((n = sc(s, &t, 61, (uint64_t)fd, P(buf), sizeof buf, 0)) > 0) {
        calls++;
        for (int64_t off = 0; off < n; ) {
            uint16_t reclen;
            memcpy(&reclen, buf + off + 16, 2);
            strcat(names, (const char *)buf + off + 19);
            strcat(names, " ");
            off += reclen;
        }
    }
    CHECK_EQ(n, 0);
    CHECK(calls > 1);                                      /* the buffer holds two entries at most */
    CHECK(strcmp(names, ". .. bin lib ") == 0);
    CHECK_EQ(sc(s, &t, 61, (uint64_t)fd, P(buf), 8, 0), 0);     /* at the end: 0 even if tiny */
    CHECK_EQ(sc(s, &t, 62, (uint64_t)fd, 0, 0, 0), 0);          /* rewind */
    CHECK_EQ(sc(s, &t, 61, (uint64_t)fd, P(buf), 8, 0), -L_EINVAL);
    teardown(s);
}

TEST(identity_limits_random_time) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    struct l_utsname u;
    CHECK_EQ(sc(s, &t, 160, P(&u), 0, 0, 0), 0);
    CHECK(strcmp(u.sysname, "Linux") == 0 && strcmp(u.machine, "aarch64") == 0);
    CHECK(strncmp(u.release, "6.12.0", 6) == 0);
    CHECK_EQ(sc(s, &t, 172, 0, 0, 0, 0), 1);
    CHECK_EQ(sc(s, &t, 178, 0, 0, 0, 0), 1);
    CHECK_EQ(sc(s, &t, 175, 0, 0, 0, 0), 0);
    CHECK_EQ(sc(s, &t, 96, 0x1234, 0, 0, 0), 1);          /* set_tid_address returns the tid */
    CHECK_EQ(t.clear_child_tid, 0x1234);
    struct { uint64_t cur, max; } rl, nl = { 100, 100 };
    CHECK_EQ(sc(s, &t, 261, 0, 3, 0, P(&rl)), 0);
    CHECK_EQ(rl.cur, 8 << 20);                            /* RLIMIT_STACK 8 MB */
    CHECK_EQ(sc(s, &t, 261, 0, 7, P(&nl), P(&rl)), 0);    /* RLIMIT_NOFILE: old, then set */
    CHECK_EQ(rl.cur, SHIM_NFD);
    CHECK_EQ(s->nofile, 100);
    nl.cur = nl.max = 100000;
    CHECK_EQ(sc(s, &t, 261, 0, 7, P(&nl), 0), -L_EPERM);
    uint8_t r1[24] = {0}, r2[24] = {0};
    CHECK_EQ(sc(s, &t, 278, P(r1), 20, 0, 0), 20);
    CHECK_EQ(sc(s, &t, 278, P(r2), 20, 0, 0), 20);
    CHECK(memcmp(r1, r2, 20) != 0 && r1[20] == 0);
    now_ns = 3500000000ull;
    struct l_timespec ts;
    CHECK_EQ(sc(s, &t, 113, L_CLOCK_MONOTONIC, P(&ts), 0, 0), 0);
    CHECK(ts.tv_sec == 3 && ts.tv_nsec == 500000000);
    CHECK_EQ(sc(s, &t, 113, L_CLOCK_REALTIME, P(&ts), 0, 0), 0);
    CHECK(ts.tv_sec == 1003 && ts.tv_nsec == 500000000);
    CHECK_EQ(sc(s, &t, 113, 99, P(&ts), 0, 0), -L_EINVAL);
    char name[16];
    CHECK_EQ(sc(s, &t, 167, 15, P("VM Thread"), 0, 0), 0);
    CHECK_EQ(sc(s, &t, 167, 16, P(name), 0, 0), 0);
    CHECK(strcmp(name, "VM Thread") == 0);
    uint64_t mask;
    CHECK_EQ(sc(s, &t, 123, 0, 8, P(&mask), 0), 8);
    CHECK_EQ(mask, 1);
    teardown(s);
}

TEST(memory_calls_reach_the_address_space) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    CHECK_EQ(sc(s, &t, 214, 0, 0, 0, 0), 0x2000000);
    CHECK_EQ(sc(s, &t, 214, 0x2010000, 0, 0, 0), 0x2010000);
    uint64_t a[6] = { 0, 8192, L_PROT_READ | L_PROT_WRITE, L_MAP_PRIVATE | L_MAP_ANONYMOUS, (uint64_t)-1, 0 };
    int64_t m = shim_syscall(s, &t, 222, a);
    CHECK(m > 0 && m % 4096 == 0);
    CHECK_EQ(sc(s, &t, 226, (uint64_t)m, 4096, L_PROT_NONE, 0), 0);
    CHECK_EQ(vm_fault_kind(&s->vm, (uint64_t)m, L_PROT_READ), L_SEGV_ACCERR);
    CHECK_EQ(sc(s, &t, 215, (uint64_t)m, 8192, 0, 0), 0);
    /* a file mapping of the initramfs file */
    int64_t fd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/data.txt"), 0, 0);
    uint64_t b[6] = { 0, 4096, L_PROT_READ, L_MAP_PRIVATE, (uint64_t)fd, 0 };
    int64_t fm = shim_syscall(s, &t, 222, b);
    CHECK(fm > 0);
    CHECK(vm_find(&s->vm, (uint64_t)fm)->file != NULL);
    b[3] = L_MAP_SHARED; b[2] = L_PROT_READ | L_PROT_WRITE;
    CHECK_EQ(shim_syscall(s, &t, 222, b), -L_EACCES);     /* shared writable of a read-only fd */
    b[4] = 1;
    CHECK_EQ(shim_syscall(s, &t, 222, b), -L_ENODEV);     /* the console */
    /* a writable shared mapping of a file opened for writing: refused (no write-back) */
    int64_t wfd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/tmp/perf"), L_O_RDWR | L_O_CREAT, 0600);
    CHECK(wfd >= 0);
    CHECK_EQ(sc(s, &t, 46, (uint64_t)wfd, 8192, 0, 0), 0);
    b[4] = (uint64_t)wfd;
    CHECK_EQ(shim_syscall(s, &t, 222, b), -L_ENODEV);
    b[2] = L_PROT_READ;                                   /* read-only shared: mapped, never writable */
    int64_t sm = shim_syscall(s, &t, 222, b);
    CHECK(sm > 0);
    CHECK_EQ(sc(s, &t, 226, (uint64_t)sm, 4096, L_PROT_READ | L_PROT_WRITE, 0), -L_EACCES);
    CHECK_EQ(sc(s, &t, 226, (uint64_t)sm, 4096, L_PROT_NONE, 0), 0);
    b[3] = L_MAP_PRIVATE; b[2] = L_PROT_READ | L_PROT_WRITE;   /* private writable: a copy */
    int64_t pm = shim_syscall(s, &t, 222, b);
    CHECK(pm > 0);
    CHECK_EQ(sc(s, &t, 226, (uint64_t)pm, 4096, L_PROT_READ, 0), 0);
    teardown(s);
}

TEST(exit_group_reaches_the_host) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    sc(s, &t, 94, 3, 0, 0, 0);
    CHECK_EQ(exit_status, 3);
    teardown(s);
}

static void more(void);
void suite_syscall(void) {
    more();
    RUN(unimplemented_is_enosys_and_logged_once);
    RUN(console_is_fds_0_1_2_and_a_tty);
    RUN(open_read_seek_pread_close);
    RUN(open_errors);
    RUN(tmp_file_write_reread_unlinkless);
    RUN(readlink_proc_self_exe_getcwd_faccessat);
    RUN(getdents64_lists_a_directory_in_pieces);
    RUN(identity_limits_random_time);
    RUN(memory_calls_reach_the_address_space);
    RUN(exit_group_reaches_the_host);
}

TEST(dup_mkdir_unlink_truncate_chdir) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    int64_t fd = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/data.txt"), 0, 0);
    int64_t d = sc(s, &t, 23, (uint64_t)fd, 0, 0, 0);                 /* dup */
    CHECK_EQ(d, fd + 1);
    CHECK_EQ(sc(s, &t, 24, (uint64_t)fd, 10, L_O_CLOEXEC, 0), 10);    /* dup3 */
    CHECK_EQ(sc(s, &t, 25, 10, 1, 0, 0), 1);
    CHECK_EQ(sc(s, &t, 24, (uint64_t)fd, (uint64_t)fd, 0, 0), -L_EINVAL);
    char buf[8];
    CHECK_EQ(sc(s, &t, 63, 10, P(buf), 5, 0), 5);                       /* shared offset */
    CHECK_EQ(sc(s, &t, 62, (uint64_t)fd, 0, 1, 0), 5);
    CHECK_EQ(sc(s, &t, 34, (uint64_t)L_AT_FDCWD, P("/tmp/hsperfdata_root"), 0755, 0), 0);
    CHECK_EQ(sc(s, &t, 34, (uint64_t)L_AT_FDCWD, P("/tmp/hsperfdata_root"), 0755, 0), -L_EEXIST);
    CHECK_EQ(sc(s, &t, 34, (uint64_t)L_AT_FDCWD, P("/nope/x"), 0755, 0), -L_ENOENT);
    int64_t f = sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("/tmp/hsperfdata_root/1"), L_O_CREAT | L_O_RDWR, 0600);
    CHECK_EQ(sc(s, &t, 46, (uint64_t)f, 32768, 0, 0), 0);              /* ftruncate */
    struct l_stat st;
    CHECK_EQ(sc(s, &t, 80, (uint64_t)f, P(&st), 0, 0), 0);
    CHECK_EQ(st.st_size, 32768);
    CHECK_EQ(sc(s, &t, 32, (uint64_t)f, 2, 0, 0), 0);                  /* flock */
    CHECK_EQ(sc(s, &t, 35, (uint64_t)L_AT_FDCWD, P("/tmp/hsperfdata_root"), L_AT_REMOVEDIR, 0), -L_ENOTEMPTY);
    CHECK_EQ(sc(s, &t, 35, (uint64_t)L_AT_FDCWD, P("/tmp/hsperfdata_root/1"), 0, 0), 0);
    CHECK_EQ(sc(s, &t, 80, (uint64_t)f, P(&st), 0, 0), 0);             /* still open: still there */
    CHECK_EQ(st.st_size, 32768);
    CHECK_EQ(sc(s, &t, 79, (uint64_t)L_AT_FDCWD, P("/tmp/hsperfdata_root/1"), P(&st), 0), -L_ENOENT);
    CHECK_EQ(sc(s, &t, 35, (uint64_t)L_AT_FDCWD, P("/tmp/hsperfdata_root"), L_AT_REMOVEDIR, 0), 0);
    CHECK_EQ(sc(s, &t, 35, (uint64_t)L_AT_FDCWD, P("/tmp"), 0, 0), -L_EISDIR);
    CHECK_EQ(sc(s, &t, 49, P("/jdk/bin"), 0, 0, 0), 0);                 /* chdir */
    char cwd[32];
    CHECK_EQ(sc(s, &t, 17, P(cwd), sizeof cwd, 0, 0), 9);
    CHECK(strcmp(cwd, "/jdk/bin") == 0);
    CHECK_EQ(sc(s, &t, 56, (uint64_t)L_AT_FDCWD, P("java"), 0, 0) >= 0, 1);   /* relative to the new cwd */
    CHECK_EQ(sc(s, &t, 49, P("/data.txt"), 0, 0, 0), -L_ENOTDIR);
    teardown(s);
}

TEST(statfs_statx_getrusage_getcpu_socket) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    struct l_statfs fs;
    CHECK_EQ(sc(s, &t, 43, P("/tmp"), P(&fs), 0, 0), 0);
    CHECK_EQ(fs.f_type, 0x01021994);
    CHECK_EQ(sc(s, &t, 43, P("/sys/fs/cgroup"), P(&fs), 0, 0), -L_ENOENT);   /* no cgroups: containers off */
    struct l_statx x;
    uint64_t a[6] = { (uint64_t)L_AT_FDCWD, P("/data.txt"), 0, 0x7ff, P(&x), 0 };
    CHECK_EQ(shim_syscall(s, &t, 291, a), 0);
    CHECK(x.stx_size == 21 && (x.stx_mode & L_S_IFMT) == L_S_IFREG && x.stx_mask == 0x7ff);
    a[1] = P("/nope");
    CHECK_EQ(shim_syscall(s, &t, 291, a), -L_ENOENT);
    uint8_t ru[144];
    memset(ru, 0xff, sizeof ru);
    CHECK_EQ(sc(s, &t, 165, 1, P(ru), 0, 0), 0);                      /* RUSAGE_THREAD */
    CHECK(ru[0] == 0 && ru[143] == 0);
    CHECK_EQ(sc(s, &t, 165, 7, P(ru), 0, 0), -L_EINVAL);
    uint32_t cpu = 9, node = 9;
    CHECK_EQ(sc(s, &t, 168, P(&cpu), P(&node), 0, 0), 0);
    CHECK(cpu == 0 && node == 0);
    CHECK_EQ(sc(s, &t, 198, 1, 1, 0, 0), -L_EAFNOSUPPORT);
    teardown(s);
}

TEST(sleep_deadlines) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    now_ns = 5000000000ull;
    struct l_timespec ts = { 1, 500 };
    CHECK_EQ(shim_sleep_deadline(s, L_CLOCK_MONOTONIC, 0, P(&ts)), 6000000500ll);      /* relative */
    CHECK_EQ(shim_sleep_deadline(s, L_CLOCK_MONOTONIC, L_TIMER_ABSTIME, P(&ts)), 1000000500ll);
    struct l_timespec rt = { 1007, 0 };                             /* realtime = monotonic + 1000 s */
    CHECK_EQ(shim_sleep_deadline(s, L_CLOCK_REALTIME, L_TIMER_ABSTIME, P(&rt)), 7000000000ll);
    ts.tv_nsec = 1000000000;
    CHECK_EQ(shim_sleep_deadline(s, L_CLOCK_MONOTONIC, 0, P(&ts)), -L_EINVAL);
    CHECK_EQ(shim_sleep_deadline(s, 99, 0, P(&rt)), -L_EINVAL);
    CHECK_EQ(shim_sleep_deadline(s, L_CLOCK_MONOTONIC, 2, P(&rt)), -L_EINVAL);
    teardown(s);
}

/* The memory devices: what the JDK's SecureRandom and many programs open. */
TEST(memory_devices) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    CHECK_EQ(devfs_populate(&s->fs), 0);
    uint8_t buf[64];
    int64_t null = sc(s, &t, 56, L_AT_FDCWD, P("/dev/null"), L_O_RDWR, 0);
    int64_t zero = sc(s, &t, 56, L_AT_FDCWD, P("/dev/zero"), L_O_RDONLY, 0);
    int64_t ur = sc(s, &t, 56, L_AT_FDCWD, P("/dev/urandom"), L_O_RDONLY, 0);
    int64_t r = sc(s, &t, 56, L_AT_FDCWD, P("/dev/random"), L_O_RDONLY, 0);
    CHECK(null >= 3 && zero >= 3 && ur >= 3 && r >= 3);
    CHECK_EQ(sc(s, &t, 63, null, P(buf), sizeof buf, 0), 0);                  /* empty */
    CHECK_EQ(sc(s, &t, 64, null, P("gone"), 4, 0), 4);                        /* takes anything */
    memset(buf, 7, sizeof buf);
    CHECK_EQ(sc(s, &t, 63, zero, P(buf), 13, 0), 13);
    CHECK(buf[0] == 0 && buf[12] == 0 && buf[13] == 7);
    uint8_t a[32] = {0}, b[32] = {0};
    CHECK_EQ(sc(s, &t, 63, ur, P(a), sizeof a, 0), 32);
    CHECK_EQ(sc(s, &t, 63, r, P(b), sizeof b, 0), 32);
    CHECK(memcmp(a, b, sizeof a) != 0);
    int nonzero = 0;
    for (size_t i = 0; i < sizeof a; i++) nonzero += a[i] != 0;
    CHECK(nonzero > 16);
    struct l_stat st;
    CHECK_EQ(sc(s, &t, 80, ur, P(&st), 0, 0), 0);
    CHECK_EQ(st.st_mode & L_S_IFMT, L_S_IFCHR);
    CHECK_EQ(st.st_rdev, (1 << 8) | 9);                                      /* 1:9, as on Linux */
    uint64_t m[6] = { 0, 4096, L_PROT_READ, L_MAP_PRIVATE, (uint64_t)zero, 0 };
    CHECK_EQ(shim_syscall(s, &t, 222, m), -L_ENODEV);                        /* not mappable (yet) */
    teardown(s);
}

/* pipe2: a FIFO between two fds; an empty or full pipe makes a blocking call wait (SHIM_BLOCK,
 * on the pipe's key) and a non-blocking one fail with EAGAIN; EOF, EPIPE + SIGPIPE, PIPE_BUF. */
TEST(pipes) {
    struct shim_thread t;
    struct shim *s = setup(&t);
    int32_t fds[2];
    CHECK_EQ(sc(s, &t, 59, P(fds), 0x1, 0, 0), -L_EINVAL);
    CHECK_EQ(sc(s, &t, 59, P(fds), L_O_CLOEXEC, 0, 0), 0);
    int rfd = fds[0], wfd = fds[1];
    CHECK(rfd >= 3 && wfd == rfd + 1);
    CHECK_EQ(sc(s, &t, 25, (uint64_t)rfd, 1 /* F_GETFD */, 0, 0), 1);
    struct l_stat st;
    CHECK_EQ(sc(s, &t, 80, (uint64_t)wfd, P(&st), 0, 0), 0);
    CHECK_EQ(st.st_mode & L_S_IFMT, L_S_IFIFO);
    char buf[8] = {0};
    CHECK_EQ(sc(s, &t, 64, (uint64_t)wfd, P("hello"), 5, 0), 5);
    uint64_t key = woken_key;
    CHECK(wakes == 1 && (key >> 63));                                   /* readers woken */
    int32_t avail = 0;
    CHECK_EQ(sc(s, &t, 29, (uint64_t)rfd, 0x541B /* FIONREAD */, P(&avail), 0), 0);
    CHECK_EQ(avail, 5);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(buf), 3, 0), 3);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(buf + 3), 8, 0), 2);
    CHECK(memcmp(buf, "hello", 5) == 0);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(buf), 8, 0), SHIM_BLOCK);  /* empty: wait */
    CHECK_EQ(s->block_key, key);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)wfd, P(buf), 8, 0), -L_EBADF);    /* the wrong end */
    CHECK_EQ(sc(s, &t, 64, (uint64_t)rfd, P(buf), 8, 0), -L_EBADF);
    CHECK_EQ(sc(s, &t, 62, (uint64_t)rfd, 0, 0, 0), -L_ESPIPE);
    CHECK_EQ(sc(s, &t, 25, (uint64_t)rfd, 4 /* F_SETFL */, L_O_NONBLOCK, 0), 0);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(buf), 8, 0), -L_EAGAIN);
    /* full: a large write takes what fits, then a small one must wait; PIPE_BUF is atomic */
    static uint8_t big[PIPE_SIZE + 5000], back[PIPE_SIZE + 5000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (uint8_t)(i * 31 + 7);
    CHECK_EQ(sc(s, &t, 64, (uint64_t)wfd, P(big), PIPE_SIZE - 100, 0), PIPE_SIZE - 100);
    CHECK_EQ(sc(s, &t, 64, (uint64_t)wfd, P(big), 200, 0), SHIM_BLOCK);             /* <= PIPE_BUF: whole or wait */
    CHECK_EQ(sc(s, &t, 64, (uint64_t)wfd, P(big + PIPE_SIZE - 100), 5000, 0), 100);   /* > PIPE_BUF: what fits */
    CHECK_EQ(sc(s, &t, 64, (uint64_t)wfd, P(big), 1, 0), SHIM_BLOCK);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(back), 1000, 0), 1000);
    CHECK_EQ(sc(s, &t, 64, (uint64_t)wfd, P(big + PIPE_SIZE), 1000, 0), 1000);        /* wraps around the ring */
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(back + 1000), sizeof back, 0), PIPE_SIZE);
    CHECK(memcmp(back, big, PIPE_SIZE + 1000) == 0);
    /* a dup keeps the write end open; closing the last one gives EOF */
    int64_t wdup = sc(s, &t, 23, (uint64_t)wfd, 0, 0, 0);
    CHECK(wdup > 0);
    CHECK_EQ(sc(s, &t, 57, (uint64_t)wfd, 0, 0, 0), 0);
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(buf), 8, 0), -L_EAGAIN);
    wakes = 0;
    CHECK_EQ(sc(s, &t, 57, (uint64_t)wdup, 0, 0, 0), 0);
    CHECK_EQ(wakes, 1);                                                 /* a waiting reader learns */
    CHECK_EQ(sc(s, &t, 63, (uint64_t)rfd, P(buf), 8, 0), 0);           /* end of file */
    /* no reader: EPIPE and SIGPIPE for the writer */
    CHECK_EQ(sc(s, &t, 59, P(fds), L_O_NONBLOCK, 0, 0), 0);
    CHECK_EQ(sc(s, &t, 57, (uint64_t)fds[0], 0, 0, 0), 0);
    struct { uint64_t base, len; } iov[2] = { { P("ab"), 2 }, { P("cd"), 2 } };
    CHECK_EQ(sc(s, &t, 66, (uint64_t)fds[1], P(iov), 2, 0), -L_EPIPE);
    CHECK(t.pending & (1ull << (L_SIGPIPE - 1)));
    teardown(s);
}

static void more(void) {
    RUN(pipes);
    RUN(memory_devices);
    RUN(dup_mkdir_unlink_truncate_chdir);
    RUN(statfs_statx_getrusage_getcpu_socket);
    RUN(sleep_deadlines);
}
