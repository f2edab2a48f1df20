#include "path.h"

#include <string.h>

/* The path still to resolve lives at the end of a buffer; a symlink's target is prepended. */
struct rest {
    char buf[L_PATH_MAX * 2];
    size_t pos;                 /* the rest is buf[pos .. sizeof buf) */
};

static int rest_prepend(struct rest *r, const char *s, size_t len) {
    if (len > r->pos) return -L_ENAMETOOLONG;
    r->pos -= len;
    memcpy(r->buf + r->pos, s, len);
    return 0;
}

int path_walk(struct fs *fs, struct node *start, const char *path, int flags, struct walk *w) {
    static struct rest r_static; /* the shim serialises its calls; keeps this off small stacks */
    struct rest *r = &r_static;
    size_t plen = strnlen(path, L_PATH_MAX);
    memset(w, 0, sizeof *w);
    if (plen == L_PATH_MAX) return -L_ENAMETOOLONG;
    if (plen == 0) return -L_ENOENT;
    r->pos = sizeof r->buf;
    rest_prepend(r, path, plen);
    w->trailing_slash = path[plen - 1] == '/';

    struct node *cur = path[0] == '/' ? fs->root : start;
    int links = 0;
    for (;;) {
        const char *p = r->buf + r->pos, *end = r->buf + sizeof r->buf;
        while (p < end && *p == '/') p++;
        const char *c = p;
        while (p < end && *p != '/') p++;
        size_t clen = p - c;
        const char *q = p;
        while (q < end && *q == '/') q++;
        int last = q == end;
        r->pos = q - r->buf;

        if (!node_is_dir(cur)) return -L_ENOTDIR;
        if (clen == 0) {                     /* the path was "/" (or a target of slashes) */
            w->node = cur; w->parent = cur->parent; return 0;
        }
        if (clen > L_NAME_MAX) return -L_ENAMETOOLONG;
        if ((clen == 1 && c[0] == '.') || (clen == 2 && c[0] == '.' && c[1] == '.')) {
            if (clen == 2) cur = cur->parent;
            if (last) { w->node = cur; w->parent = cur->parent; return 0; }
            continue;
        }
        struct node *n = fs_child(cur, c, clen);
        if (last) {
            memcpy(w->name, c, clen);
            w->name[clen] = 0;
            w->name_len = clen;
            w->parent = cur;
        }
        if (!n) return -L_ENOENT;
        if (node_is_symlink(n) && (!last || (flags & WALK_FOLLOW) || w->trailing_slash)) {
            if (++links > L_SYMLOOP_MAX) return -L_ELOOP;
            /* rest = target + "/" + rest */
            int err = 0;
            if (!last) err = rest_prepend(r, "/", 1);
            else if (w->trailing_slash) err = rest_prepend(r, "/", 1);
            if (!err) err = rest_prepend(r, (const char *)n->data, n->size);
            if (err) return err;
            if (n->data[0] == '/') cur = fs->root;   /* an absolute target restarts at the root */
            continue;
        }
        if (last) {
            if (w->trailing_slash && !node_is_dir(n)) return -L_ENOTDIR;
            w->node = n;
            return 0;
        }
        cur = n;
    }
}

static int path_of_rec(const struct node *n, char *buf, size_t size, size_t *len) {
    if (n->parent == n) { *len = 0; return 0; }
    int err = path_of_rec(n->parent, buf, size, len);
    if (err) return err;
    if (*len + 1 + n->name_len + 1 > size) return -L_ERANGE;
    buf[(*len)++] = '/';
    memcpy(buf + *len, n->name, n->name_len);
    *len += n->name_len;
    return 0;
}

int path_of(const struct node *n, char *buf, size_t size) {
    size_t len;
    if (size < 2) return -L_ERANGE;
    int err = path_of_rec(n, buf, size, &len);
    if (err) return err;
    if (len == 0) buf[len++] = '/';
    buf[len] = 0;
    return (int)len;
}
