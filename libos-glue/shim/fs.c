#include "fs.h"

#include <string.h>

#include "cpio.h"
#include "heap.h"
#include "linux.h"

int node_is_dir(const struct node *n) { return (n->mode & L_S_IFMT) == L_S_IFDIR; }
int node_is_symlink(const struct node *n) { return (n->mode & L_S_IFMT) == L_S_IFLNK; }
int node_is_reg(const struct node *n) { return (n->mode & L_S_IFMT) == L_S_IFREG; }
int node_is_chr(const struct node *n) { return (n->mode & L_S_IFMT) == L_S_IFCHR; }

static struct node *node_new(struct fs *fs, const char *name, size_t len, uint32_t mode) {
    struct node *n = shim_alloc(sizeof *n);
    if (!n) return NULL;
    n->name = shim_alloc(len + 1);
    if (!n->name) { shim_free(n, sizeof *n); return NULL; }
    memcpy(n->name, name, len);
    n->name_len = len;
    n->mode = mode;
    n->ino = fs->next_ino++;
    return n;
}

static void node_free(struct node *n) {
    if (n->owned) shim_free(n->owned, n->cap);
    shim_free(n->name, n->name_len + 1);
    shim_free(n, sizeof *n);
}

int fs_init(struct fs *fs) {
    fs->next_ino = 1;
    fs->orphans = NULL;
    fs->root = node_new(fs, "", 0, L_S_IFDIR | 0755);
    if (!fs->root) return -L_ENOMEM;
    fs->root->parent = fs->root;
    return 0;
}

static void destroy(struct node *n) {
    struct node *c = n->children;
    while (c) { struct node *next = c->next; destroy(c); c = next; }
    node_free(n);
}

void fs_destroy(struct fs *fs) {
    while (fs->orphans) { struct node *n = fs->orphans; fs->orphans = n->next; n->next = NULL; destroy(n); }
    destroy(fs->root);
    fs->root = NULL;
}

struct node *fs_child(struct node *dir, const char *name, size_t len) {
    for (struct node *c = dir->children; c; c = c->next)
        if (c->name_len == len && memcmp(c->name, name, len) == 0) return c;
    return NULL;
}

static int check_name(const char *name, size_t len) {
    if (len == 0) return -L_ENOENT;
    if (len > L_NAME_MAX) return -L_ENAMETOOLONG;
    if (memchr(name, '/', len) || (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        return -L_EINVAL;
    return 0;
}

static int link_new(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t mode, struct node **out) {
    int err = check_name(name, len);
    if (err) return err;
    if (!node_is_dir(dir)) return -L_ENOTDIR;
    if (fs_child(dir, name, len)) return -L_EEXIST;
    struct node *n = node_new(fs, name, len, mode);
    if (!n) return -L_ENOMEM;
    n->parent = dir;
    /* append, so that getdents64 lists entries in creation (archive) order */
    struct node **p = &dir->children;
    while (*p) p = &(*p)->next;
    *p = n;
    *out = n;
    return 0;
}

int fs_mkdir(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm, struct node **out) {
    return link_new(fs, dir, name, len, L_S_IFDIR | (perm & 07777), out);
}

int fs_mkfile(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm, struct node **out) {
    return link_new(fs, dir, name, len, L_S_IFREG | (perm & 07777), out);
}

int fs_mknod(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm, uint32_t rdev, struct node **out) {
    int err = link_new(fs, dir, name, len, L_S_IFCHR | (perm & 07777), out);
    if (!err) (*out)->rdev = rdev;
    return err;
}

int fs_mkfile_data(struct fs *fs, struct node *dir, const char *name, size_t len, uint32_t perm,
                   const uint8_t *data, uint64_t size, int copy, struct node **out) {
    struct node *n;
    int err = fs_mkfile(fs, dir, name, len, perm, &n);
    if (err) return err;
    if (copy && size) {
        if (fs_write(n, 0, data, size) != (long)size) { fs_remove_node(n); return -L_ENOMEM; }
    } else {
        n->data = data;
        n->size = size;
    }
    *out = n;
    return 0;
}

int fs_symlink(struct fs *fs, struct node *dir, const char *name, size_t len, const char *target, struct node **out) {
    size_t tlen = strlen(target);
    if (tlen == 0) return -L_ENOENT;
    if (tlen >= L_PATH_MAX) return -L_ENAMETOOLONG;
    struct node *n;
    int err = link_new(fs, dir, name, len, L_S_IFLNK | 0777, &n);
    if (err) return err;
    if (fs_write(n, 0, target, tlen) != (long)tlen) { fs_remove_node(n); return -L_ENOMEM; }
    *out = n;
    return 0;
}

void fs_remove_node(struct node *n) {
    struct node **p = &n->parent->children;
    while (*p && *p != n) p = &(*p)->next;
    if (*p) *p = n->next;
    node_free(n);
}

void fs_detach(struct fs *fs, struct node *n) {
    struct node **p = &n->parent->children;
    while (*p && *p != n) p = &(*p)->next;
    if (*p) *p = n->next;
    n->next = fs->orphans;
    fs->orphans = n;
}

int fs_unlink(struct node *dir, const char *name, size_t len) {
    if (!node_is_dir(dir)) return -L_ENOTDIR;
    struct node *n = fs_child(dir, name, len);
    if (!n) return -L_ENOENT;
    if (node_is_dir(n)) return -L_EISDIR;
    fs_remove_node(n);
    return 0;
}

int fs_rmdir(struct node *dir, const char *name, size_t len) {
    if (!node_is_dir(dir)) return -L_ENOTDIR;
    struct node *n = fs_child(dir, name, len);
    if (!n) return -L_ENOENT;
    if (!node_is_dir(n)) return -L_ENOTDIR;
    if (n->children) return -L_ENOTEMPTY;
    fs_remove_node(n);
    return 0;
}

long fs_read(const struct node *n, uint64_t off, void *buf, uint64_t len) {
    if (node_is_dir(n)) return -L_EISDIR;
    if (off >= n->size) return 0;
    if (len > n->size - off) len = n->size - off;
    memcpy(buf, n->data + off, len);
    return (long)len;
}

/* Makes the data the node's own, with room for at least need bytes (copy on first write). */
static int own(struct node *n, uint64_t need) {
    if (n->owned && need <= n->cap) return 0;
    uint64_t cap = n->cap ? n->cap : 64;
    while (cap < need) cap *= 2;
    uint8_t *p = shim_alloc(cap);
    if (!p) return -L_ENOMEM;
    if (n->size) memcpy(p, n->data, n->size);
    if (n->owned) shim_free(n->owned, n->cap);
    n->owned = p;
    n->cap = cap;
    n->data = p;
    return 0;
}

long fs_write(struct node *n, uint64_t off, const void *buf, uint64_t len) {
    if (node_is_dir(n)) return -L_EISDIR;
    if (off + len < off) return -L_EFBIG;
    if (len == 0) return 0;
    int err = own(n, off + len > n->size ? off + len : n->size);
    if (err) return err;
    if (off > n->size) memset(n->owned + n->size, 0, off - n->size);
    memcpy(n->owned + off, buf, len);
    if (off + len > n->size) n->size = off + len;
    return (long)len;
}

int fs_truncate(struct node *n, uint64_t size) {
    if (node_is_dir(n)) return -L_EISDIR;
    if (!node_is_reg(n)) return -L_EINVAL;
    if (size > n->size) {
        int err = own(n, size);
        if (err) return err;
        memset(n->owned + n->size, 0, size - n->size);
    } else if (size < n->size && !n->owned) {
        /* borrowed data: shrinking just shortens the view */
    }
    n->size = size;
    return 0;
}

/* mkdir -p of the directories leading to the last component of path[0..len). */
static int parent_dir(struct fs *fs, const char *path, size_t len, struct node **dir, const char **last, size_t *last_len) {
    struct node *d = fs->root;
    size_t i = 0;
    for (;;) {
        while (i < len && path[i] == '/') i++;
        size_t j = i;
        while (j < len && path[j] != '/') j++;
        size_t k = j;
        while (k < len && path[k] == '/') k++;
        if (k == len) { *dir = d; *last = path + i; *last_len = j - i; return 0; }
        if (j - i == 1 && path[i] == '.') { i = j; continue; }
        if (j - i == 2 && path[i] == '.' && path[i + 1] == '.') return -L_EINVAL;
        struct node *c = fs_child(d, path + i, j - i);
        if (!c) {
            int err = fs_mkdir(fs, d, path + i, j - i, 0755, &c);
            if (err) return err;
        } else if (!node_is_dir(c)) {
            return -L_ENOTDIR;
        }
        d = c;
        i = j;
    }
}

int fs_load_cpio(struct fs *fs, const uint8_t *archive, size_t len, const char **why) {
    size_t off = 0;
    struct cpio_entry e;
    enum cpio_status st;
    char target[L_PATH_MAX];
    *why = NULL;
    while ((st = cpio_next(archive, len, &off, &e)) == CPIO_ENTRY) {
        struct node *dir, *n;
        const char *last;
        size_t last_len;
        int err = parent_dir(fs, e.name, e.name_len, &dir, &last, &last_len);
        if (err) { *why = "an entry's path crosses a non-directory or uses '..'"; return err; }
        if (last_len == 0 || (last_len == 1 && last[0] == '.')) { /* the root itself */
            if ((e.mode & L_S_IFMT) == L_S_IFDIR && dir == fs->root) fs->root->mode = e.mode;
            continue;
        }
        struct node *old = fs_child(dir, last, last_len);
        if (old && node_is_dir(old) && (e.mode & L_S_IFMT) == L_S_IFDIR) { old->mode = e.mode; continue; }
        if (old) {
            if (node_is_dir(old) && old->children) { *why = "an entry replaces a non-empty directory"; return -L_EEXIST; }
            fs_remove_node(old);
        }
        switch (e.mode & L_S_IFMT) {
        case L_S_IFDIR:
            err = fs_mkdir(fs, dir, last, last_len, e.mode, &n);
            break;
        case L_S_IFREG:
            err = fs_mkfile_data(fs, dir, last, last_len, e.mode, e.data, e.size, 0, &n);
            break;
        case L_S_IFLNK:
            if (e.size == 0 || e.size >= sizeof target) { *why = "a symlink's target is empty or too long"; return -L_ENAMETOOLONG; }
            memcpy(target, e.data, e.size);
            target[e.size] = 0;
            err = fs_symlink(fs, dir, last, last_len, target, &n);
            break;
        default:
            continue; /* devices, fifos, sockets: the shim has none */
        }
        if (err) { *why = "cannot create an entry"; return err; }
        n->mtime = e.mtime;
    }
    if (st != CPIO_END) { *why = cpio_strerror(st); return -L_EINVAL; }
    return 0;
}
