/* The file system tree from an initramfs, tmpfs writes, and path resolution. */
#include <stdlib.h>
#include <string.h>

#include "../initramfs/writer.h"
#include "../shim/fs.h"
#include "../shim/path.h"
#include "test.h"

static char *image;
static size_t image_len;

/* A root like the JVM's: /jdk/bin/java, /lib -> usr/lib, /proc/self/exe -> /jdk/bin/java ... */
static void load(struct fs *fs) {
    FILE *f = open_memstream(&image, &image_len);
    struct cpio_writer w;
    cw_init(&w, f, 4096);
    cw_dir(&w, ".", 0755, 0, 0);
    cw_dir(&w, "jdk", 0755, 0, 0);
    cw_dir(&w, "jdk/bin", 0755, 0, 0);
    cw_file(&w, "jdk/bin/java", 0755, 0, 0, "\177ELF", 4);
    cw_dir(&w, "jdk/lib", 0755, 0, 0);
    cw_file(&w, "jdk/lib/libjli.so", 0644, 0, 0, "jli", 3);
    cw_file(&w, "usr/lib/aarch64-linux-gnu/libc.so.6", 0755, 0, 0, "libc", 4); /* parents implied */
    cw_symlink(&w, "usr/lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu/libc.so.6", 0, 0);
    cw_symlink(&w, "lib", "usr/lib", 0, 0);
    cw_symlink(&w, "loop1", "loop2", 0, 0);
    cw_symlink(&w, "loop2", "loop1", 0, 0);
    cw_symlink(&w, "dangling", "/tmp/newfile", 0, 0);
    cw_symlink(&w, "abs", "/jdk/lib", 0, 0);
    cw_dir(&w, "tmp", 01777, 0, 0);
    cw_file(&w, "data.txt", 0644, 0, 0, "first\nsecond\n", 13);
    cw_file(&w, "data.txt", 0644, 0, 0, "replaced\n", 9);   /* a later entry wins */
    cw_trailer(&w);
    fclose(f);
    CHECK_EQ(fs_init(fs), 0);
    const char *why = NULL;
    CHECK_EQ(fs_load_cpio(fs, (const uint8_t *)image, image_len, &why), 0);
    struct node *proc, *self, *exe;
    CHECK_EQ(fs_mkdir(fs, fs->root, "proc", 4, 0555, &proc), 0);
    CHECK_EQ(fs_mkdir(fs, proc, "self", 4, 0555, &self), 0);
    CHECK_EQ(fs_symlink(fs, self, "exe", 3, "/jdk/bin/java", &exe), 0);
}

static struct node *walk_ok(struct fs *fs, struct node *start, const char *path, int flags) {
    struct walk w;
    int err = path_walk(fs, start, path, flags, &w);
    if (err) { printf("    walk %s: %d\n", path, err); return NULL; }
    return w.node;
}

static int walk_err(struct fs *fs, struct node *start, const char *path, int flags) {
    struct walk w;
    return path_walk(fs, start, path, flags, &w);
}

static struct node *lookup(struct fs *fs, const char *path) { return walk_ok(fs, fs->root, path, WALK_FOLLOW); }

static void pathname(const struct node *n, char *buf) { CHECK(n != NULL); if (n) path_of(n, buf, 4096); else buf[0] = 0; }

TEST(loads_the_tree_from_cpio) {
    struct fs fs;
    load(&fs);
    struct node *java = lookup(&fs, "/jdk/bin/java");
    CHECK(java && node_is_reg(java) && java->size == 4);
    /* the data is borrowed from the archive, not copied */
    CHECK(java && java->data >= (const uint8_t *)image && java->data < (const uint8_t *)image + image_len && !java->owned);
    struct node *usr = lookup(&fs, "/usr/lib/aarch64-linux-gnu");
    CHECK(usr && node_is_dir(usr));
    struct node *data = lookup(&fs, "/data.txt");
    CHECK(data && data->size == 9 && memcmp(data->data, "replaced\n", 9) == 0);
    struct node *tmp = lookup(&fs, "/tmp");
    CHECK(tmp && tmp->mode == (L_S_IFDIR | 01777));
    fs_destroy(&fs);
    free(image);
}

TEST(rejects_a_corrupt_archive_with_a_reason) {
    struct fs fs;
    CHECK_EQ(fs_init(&fs), 0);
    const char *why = NULL;
    CHECK_EQ(fs_load_cpio(&fs, (const uint8_t *)"070701zzzz", 10, &why), -L_EINVAL);
    CHECK(why && strcmp(why, "archive truncated") == 0);
    fs_destroy(&fs);
}

TEST(dot_dotdot_and_slashes) {
    struct fs fs;
    load(&fs);
    struct node *bin = lookup(&fs, "/jdk/bin");
    char p[4096];
    pathname(lookup(&fs, "/jdk/./bin/../lib//libjli.so"), p);
    CHECK(strcmp(p, "/jdk/lib/libjli.so") == 0);
    pathname(lookup(&fs, "/../../jdk"), p);                /* .. of the root is the root */
    CHECK(strcmp(p, "/jdk") == 0);
    pathname(walk_ok(&fs, bin, "java", 0), p);           /* relative to a start directory */
    CHECK(strcmp(p, "/jdk/bin/java") == 0);
    pathname(walk_ok(&fs, bin, "../..", 0), p);
    CHECK(strcmp(p, "/") == 0);
    pathname(walk_ok(&fs, bin, ".", 0), p);
    CHECK(strcmp(p, "/jdk/bin") == 0);
    pathname(lookup(&fs, "///"), p);
    CHECK(strcmp(p, "/") == 0);
    pathname(lookup(&fs, "/jdk/bin/"), p);               /* a trailing slash on a directory */
    CHECK(strcmp(p, "/jdk/bin") == 0);
    fs_destroy(&fs);
    free(image);
}

TEST(symlinks_in_the_middle_and_at_the_end) {
    struct fs fs;
    load(&fs);
    char p[4096];
    /* the ELF interpreter's path: /lib -> usr/lib, then ld-linux -> aarch64-linux-gnu/libc.so.6 */
    pathname(lookup(&fs, "/lib/ld-linux-aarch64.so.1"), p);
    CHECK(strcmp(p, "/usr/lib/aarch64-linux-gnu/libc.so.6") == 0);
    struct node *link = walk_ok(&fs, fs.root, "/lib/ld-linux-aarch64.so.1", 0);   /* no follow: the link */
    CHECK(link && node_is_symlink(link));
    pathname(lookup(&fs, "/abs/libjli.so"), p);          /* absolute target */
    CHECK(strcmp(p, "/jdk/lib/libjli.so") == 0);
    pathname(lookup(&fs, "/lib/.."), p);                 /* .. leaves the target: its physical parent */
    CHECK(strcmp(p, "/usr") == 0);
    pathname(lookup(&fs, "/abs/"), p);                   /* a trailing slash follows the last link */
    CHECK(strcmp(p, "/jdk/lib") == 0);
    fs_destroy(&fs);
    free(image);
}

TEST(proc_self_exe_is_the_executable) {
    struct fs fs;
    load(&fs);
    struct node *exe = walk_ok(&fs, fs.root, "/proc/self/exe", 0);
    CHECK(exe && node_is_symlink(exe));
    CHECK(exe && exe->size == 13 && memcmp(exe->data, "/jdk/bin/java", 13) == 0);  /* readlink */
    CHECK(lookup(&fs, "/proc/self/exe") == lookup(&fs, "/jdk/bin/java"));
    /* through a file: not a directory */
    CHECK_EQ(walk_err(&fs, fs.root, "/proc/self/exe/..", WALK_FOLLOW), -L_ENOTDIR);
    fs_destroy(&fs);
    free(image);
}

TEST(errors) {
    struct fs fs;
    load(&fs);
    CHECK_EQ(walk_err(&fs, fs.root, "", 0), -L_ENOENT);
    CHECK_EQ(walk_err(&fs, fs.root, "/nope/java", 0), -L_ENOENT);
    CHECK_EQ(walk_err(&fs, fs.root, "/jdk/bin/java/x", 0), -L_ENOTDIR);
    CHECK_EQ(walk_err(&fs, fs.root, "/jdk/bin/java/", 0), -L_ENOTDIR);
    CHECK_EQ(walk_err(&fs, fs.root, "/loop1", WALK_FOLLOW), -L_ELOOP);
    CHECK_EQ(walk_err(&fs, fs.root, "/loop1", 0), 0);     /* not followed: the link itself */
    CHECK_EQ(walk_err(&fs, fs.root, "/loop1/x", 0), -L_ELOOP);
    char name[300];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = 0;
    CHECK_EQ(walk_err(&fs, fs.root, name, 0), -L_ENAMETOOLONG);
    char *longpath = malloc(5000);
    for (int i = 0; i < 4999; i++) longpath[i] = i % 2 ? '/' : 'a';
    longpath[4999] = 0;
    CHECK_EQ(walk_err(&fs, fs.root, longpath, 0), -L_ENAMETOOLONG);
    free(longpath);
    fs_destroy(&fs);
    free(image);
}

TEST(missing_last_component_reports_where_to_create_it) {
    struct fs fs;
    load(&fs);
    struct walk w;
    CHECK_EQ(path_walk(&fs, fs.root, "/tmp/new.txt", WALK_FOLLOW, &w), -L_ENOENT);
    CHECK(w.node == NULL && w.parent == lookup(&fs, "/tmp"));
    CHECK(strcmp(w.name, "new.txt") == 0 && w.name_len == 7);
    /* through a dangling symlink: the target's directory and name (O_CREAT creates the target) */
    CHECK_EQ(path_walk(&fs, fs.root, "/dangling", WALK_FOLLOW, &w), -L_ENOENT);
    CHECK(w.parent == lookup(&fs, "/tmp") && strcmp(w.name, "newfile") == 0);
    /* a missing directory in the middle: nowhere to create */
    CHECK_EQ(path_walk(&fs, fs.root, "/nope/x", WALK_FOLLOW, &w), -L_ENOENT);
    CHECK(w.parent == NULL);
    fs_destroy(&fs);
    free(image);
}

TEST(symlink_chain_limit_is_40) {
    struct fs fs;
    CHECK_EQ(fs_init(&fs), 0);
    struct node *n, *f;
    CHECK_EQ(fs_mkfile(&fs, fs.root, "target", 6, 0644, &f), 0);
    char name[16], target[16];
    /* l0 -> target, l1 -> l0, ... l40 -> l39: l39 needs 40 expansions, l40 needs 41 */
    for (int i = 0; i <= 40; i++) {
        snprintf(name, sizeof name, "l%d", i);
        if (i == 0) snprintf(target, sizeof target, "target"); else snprintf(target, sizeof target, "l%d", i - 1);
        CHECK_EQ(fs_symlink(&fs, fs.root, name, strlen(name), target, &n), 0);
    }
    CHECK(walk_ok(&fs, fs.root, "/l39", WALK_FOLLOW) == f);
    CHECK_EQ(walk_err(&fs, fs.root, "/l40", WALK_FOLLOW), -L_ELOOP);
    fs_destroy(&fs);
}

TEST(tmpfs_files_write_read_truncate_unlink) {
    struct fs fs;
    load(&fs);
    struct node *tmp = lookup(&fs, "/tmp"), *f;
    CHECK_EQ(fs_mkfile(&fs, tmp, "smoke.txt", 9, 0600, &f), 0);
    CHECK_EQ(fs_mkfile(&fs, tmp, "smoke.txt", 9, 0600, &f), -L_EEXIST);
    f = lookup(&fs, "/tmp/smoke.txt");
    char buf[64];
    CHECK_EQ(fs_write(f, 0, "hello", 5), 5);
    CHECK_EQ(fs_write(f, 8, "!", 1), 9 - 8);               /* a hole reads as zeros */
    CHECK_EQ(f->size, 9);
    CHECK_EQ(fs_read(f, 0, buf, sizeof buf), 9);
    CHECK(memcmp(buf, "hello\0\0\0!", 9) == 0);
    CHECK_EQ(fs_read(f, 9, buf, sizeof buf), 0);           /* at EOF */
    CHECK_EQ(fs_truncate(f, 2), 0);
    CHECK_EQ(fs_read(f, 0, buf, sizeof buf), 2);
    CHECK_EQ(fs_unlink(tmp, "smoke.txt", 9), 0);
    CHECK(walk_err(&fs, fs.root, "/tmp/smoke.txt", 0) == -L_ENOENT);
    CHECK_EQ(fs_unlink(fs.root, "tmp", 3), -L_EISDIR);
    CHECK_EQ(fs_rmdir(fs.root, "jdk", 3), -L_ENOTEMPTY);
    CHECK_EQ(fs_rmdir(fs.root, "data.txt", 8), -L_ENOTDIR);
    fs_destroy(&fs);
    free(image);
}

TEST(writing_an_initramfs_file_copies_it_first) {
    struct fs fs;
    load(&fs);
    struct node *d = lookup(&fs, "/data.txt");
    const uint8_t *borrowed = d->data;
    CHECK_EQ(fs_write(d, 0, "R", 1), 1);
    CHECK(d->owned && d->data != borrowed);
    CHECK(memcmp(borrowed, "replaced\n", 9) == 0);        /* the archive is untouched */
    CHECK(memcmp(d->data, "Replaced\n", 9) == 0);
    fs_destroy(&fs);
    free(image);
}

TEST(names_are_checked) {
    struct fs fs;
    CHECK_EQ(fs_init(&fs), 0);
    struct node *n;
    CHECK_EQ(fs_mkdir(&fs, fs.root, "..", 2, 0755, &n), -L_EINVAL);
    CHECK_EQ(fs_mkdir(&fs, fs.root, "a/b", 3, 0755, &n), -L_EINVAL);
    CHECK_EQ(fs_mkdir(&fs, fs.root, "", 0, 0755, &n), -L_ENOENT);
    CHECK_EQ(fs_symlink(&fs, fs.root, "s", 1, "", &n), -L_ENOENT);
    fs_destroy(&fs);
}

void suite_path(void) {
    RUN(loads_the_tree_from_cpio);
    RUN(rejects_a_corrupt_archive_with_a_reason);
    RUN(dot_dotdot_and_slashes);
    RUN(symlinks_in_the_middle_and_at_the_end);
    RUN(proc_self_exe_is_the_executable);
    RUN(errors);
    RUN(missing_last_component_reports_where_to_create_it);
    RUN(symlink_chain_limit_is_40);
}

void suite_fs(void) {
    RUN(tmpfs_files_write_read_truncate_unlink);
    RUN(writing_an_initramfs_file_copies_it_first);
    RUN(names_are_checked);
}
