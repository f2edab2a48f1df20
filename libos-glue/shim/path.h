/* Path resolution with Linux's semantics (path_resolution(7)): absolute or relative to a start
 * directory, "." and "..", symlinks expanded anywhere (at most 40 per lookup, ELOOP beyond),
 * ".." of the root is the root, ".." after a symlink leaves its target (the physical parent),
 * a trailing slash requires a directory. /proc/self/exe is an ordinary symlink in the tree. */
#ifndef SHIM_PATH_H
#define SHIM_PATH_H

#include "fs.h"
#include "linux.h"

#define WALK_FOLLOW 1   /* follow a symlink in the last component */

struct walk {
    struct node *node;          /* the resolved node; NULL if only the last component is missing */
    struct node *parent;        /* the directory holding the last component */
    char name[L_NAME_MAX + 1];  /* the last component ("" when the path ends in "." or "..") */
    size_t name_len;
    int trailing_slash;         /* the path ended with '/' */
};

/* Returns 0 (w->node set), -L_ENOENT with w->node == NULL and w->parent/name set when only the
 * last component is missing (so the caller may create it), or another negative L_E*. */
int path_walk(struct fs *fs, struct node *start, const char *path, int flags, struct walk *w);

/* The absolute path of a node (for getcwd and readlink of /proc/self/fd/N). */
int path_of(const struct node *n, char *buf, size_t size);

#endif
