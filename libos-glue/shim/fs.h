/* The shim's file system: one in-memory tree, writable like Linux's rootfs, filled from the
 * initramfs (whose file data it borrows without copying until a file is first written) and
 * holding the synthetic /proc and /sys entries the JVM reads. One node per name: no hard links. */
#ifndef SHIM_FS_H
#define SHIM_FS_H

#include <stddef.h>
#include <stdint.h>

struct node {
    uint32_t mode;                 /* L_S_IF* | permission bits */
    uint64_t ino;
    int64_t mtime;
    char *name;                    /* owned; "" for the root */
    size_t name_len;
    struct node *parent;           /* the root is its own parent */
    struct node *children;         /* directories: first child */
    struct node *next;             /* next sibling */
    const uint8_t *data;           /* regular files: contents (borrowed or owned); symlinks: target */
    uint64_t size;
    uint8_t *owned;                /* non-NULL once the data is the shim's own (capacity cap) */
    uint64_t cap;
    uint32_t rdev;                 /* character devices: major << 8 | minor (L_DEV_*) */
};

struct fs {
    struct node *root;
    uint64_t next_ino;
    struct node *orphans;          /* unlinked nodes kept alive (fs_detach), freed by fs_destroy */
};

int fs_init(struct fs *fs);
void fs_destroy(struct fs *fs);      /* frees every node (the archive's data is not the fs's) */
/* Loads a newc archive; returns 0, or a negative L_E* with *why set to a static message. */
int fs_load_cpio(struct fs *fs, const uint8_t *archive, size_t len, const char **why);

int node_is_dir(const struct node *n);
int node_is_symlink(const struct node *n);
int node_is_reg(const struct node *n);
int node_is_chr(const struct node *n);
struct node *fs_child(struct node *dir, const char *name, size_t len);

/* Creates name in dir (EEXIST if present). Symlink targets and file data are copied. */
int fs_mkdir(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm, struct node **out);
int fs_mkfile(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm, struct node **out);
int fs_symlink(struct fs *fs, struct node *dir, const char *name, size_t len, const char *target, struct node **out);
/* A character device node (the shim serves a few itself: /dev/null, zero, random, urandom). */
int fs_mknod(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm, uint32_t rdev, struct node **out);
/* A regular file whose contents are borrowed (the initramfs) or copied. */
int fs_mkfile_data(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm,
                   const uint8_t *data, uint64_t size, int copy, struct node **out);
int fs_unlink(struct node *dir, const char *name, size_t len);     /* files and symlinks */
int fs_rmdir(struct node *dir, const char *name, size_t len);      /* empty directories */
void fs_remove_node(struct node *n);
/* Takes a file's name away but keeps the node (and its data) alive: an unlinked file may still be
 * open or mapped, as Linux allows. Its memory is reclaimed only by fs_destroy (the shim does not
 * count a node's users yet). */
void fs_detach(struct fs *fs, struct node *n);

long fs_read(const struct node *n, uint64_t off, void *buf, uint64_t len);
long fs_write(struct node *n, uint64_t off, const void *buf, uint64_t len);
int fs_truncate(struct node *n, uint64_t size);

#endif
