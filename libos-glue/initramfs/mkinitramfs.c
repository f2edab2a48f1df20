/* mkinitramfs — writes a cpio newc initramfs from a manifest on stdin, one entry per line, in
 * the vocabulary of Linux's gen_init_cpio:
 *   dir   <name> <mode> <uid> <gid>
 *   file  <name> <location> <mode> <uid> <gid>
 *   slink <name> <target> <mode> <uid> <gid>
 * Names are archive paths without a leading '/'. Lines starting with '#' are comments.
 * Usage: mkinitramfs [-a ALIGN_MIN] OUT < manifest   (files >= ALIGN_MIN bytes, default 4096,
 * get page-aligned data; 0 disables). Exit status 1 with a message naming the line on error.
 *        mkinitramfs -t ARCHIVE   lists an archive with the shim's parser: offset of the data,
 *                                 mode, size, name; then a summary line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../shim/cpio.h"
#include "writer.h"

static int fail(const char *out, const char *fmt, const char *a, const char *b) {
    fprintf(stderr, "mkinitramfs: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n");
    if (out) remove(out);
    return 1;
}

static void *slurp(const char *path, uint64_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) { fclose(f); errno = EINVAL; return NULL; }
    void *p = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (p && st.st_size && fread(p, 1, (size_t)st.st_size, f) != (size_t)st.st_size) { free(p); p = NULL; }
    fclose(f);
    *size = (uint64_t)st.st_size;
    return p;
}

static int list(const char *path) {
    uint64_t len;
    uint8_t *a = slurp(path, &len);
    if (!a) return fail(NULL, "cannot read %s: %s", path, strerror(errno));
    size_t off = 0, n = 0, aligned = 0;
    struct cpio_entry e;
    enum cpio_status st;
    while ((st = cpio_next(a, len, &off, &e)) == CPIO_ENTRY) {
        printf("%10zu %06o %10llu %s\n", e.data_offset, e.mode, (unsigned long long)e.size, e.name);
        n++;
        if (e.size && e.data_offset % 4096 == 0) aligned++;
    }
    free(a);
    if (st != CPIO_END) return fail(NULL, "%s: %s", path, cpio_strerror(st));
    printf("%zu entries, %zu with page-aligned data, %llu bytes\n", n, aligned, (unsigned long long)len);
    return 0;
}

int main(int argc, char **argv) {
    uint64_t align = 4096;
    if (argc == 3 && strcmp(argv[1], "-t") == 0) return list(argv[2]);
    int i = 1;
    if (argc > 2 && strcmp(argv[1], "-a") == 0) { align = strtoull(argv[2], NULL, 0); i = 3; }
    if (argc != i + 1) return fail(NULL, "usage: mkinitramfs [-a ALIGN_MIN] OUT < manifest%s%s", "", "");
    const char *out_path = argv[i];
    FILE *out = fopen(out_path, "wb");
    if (!out) return fail(NULL, "cannot create %s: %s", out_path, strerror(errno));
    struct cpio_writer w;
    cw_init(&w, out, align);
    char line[8192], where[64];
    int lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        snprintf(where, sizeof where, "line %d", lineno);
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') line[--len] = 0;
        if (len == 0 || line[0] == '#') continue;
        char kind[16], name[4096], arg[4096];
        unsigned mode, uid, gid;
        int rc;
        if (sscanf(line, "%15s", kind) != 1) continue;
        if (strcmp(kind, "dir") == 0) {
            if (sscanf(line, "%*s %4095s %o %u %u", name, &mode, &uid, &gid) != 4)
                return fail(out_path, "%s: expected 'dir <name> <mode> <uid> <gid>'%s", where, "");
            rc = cw_dir(&w, name, mode, uid, gid);
        } else if (strcmp(kind, "file") == 0) {
            if (sscanf(line, "%*s %4095s %4095s %o %u %u", name, arg, &mode, &uid, &gid) != 5)
                return fail(out_path, "%s: expected 'file <name> <location> <mode> <uid> <gid>'%s", where, "");
            uint64_t size;
            void *data = slurp(arg, &size);
            if (!data) return fail(out_path, "cannot read %s: %s", arg, strerror(errno));
            rc = cw_file(&w, name, mode, uid, gid, data, size);
            free(data);
        } else if (strcmp(kind, "slink") == 0) {
            if (sscanf(line, "%*s %4095s %4095s %o %u %u", name, arg, &mode, &uid, &gid) != 5)
                return fail(out_path, "%s: expected 'slink <name> <target> <mode> <uid> <gid>'%s", where, "");
            rc = cw_symlink(&w, name, arg, uid, gid);
        } else {
            return fail(out_path, "%s: unknown entry type '%s'", where, kind);
        }
        if (rc) return fail(out_path, "%s: %s", where, w.error);
    }
    if (cw_trailer(&w) || fclose(out) != 0) return fail(out_path, "writing %s failed%s", out_path, "");
    printf("%s: %llu bytes\n", out_path, (unsigned long long)w.offset);
    return 0;
}
