/* Writes cpio newc archives for the initramfs, deterministically (inode numbers in order, mtime
 * 0, uid/gid as given). Files of at least align_min bytes get page-aligned data (their names are
 * padded with NULs), so the shim can map them straight from the archive's frames. */
#ifndef INITRAMFS_WRITER_H
#define INITRAMFS_WRITER_H

#include <stdint.h>
#include <stdio.h>

struct cpio_writer {
    FILE *out;
    uint64_t offset;
    uint32_t next_ino;
    uint64_t align_min;           /* 0: never align */
    char error[256];
};

void cw_init(struct cpio_writer *w, FILE *out, uint64_t align_min);
int cw_dir(struct cpio_writer *w, const char *name, uint32_t mode, uint32_t uid, uint32_t gid);
int cw_file(struct cpio_writer *w, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
            const void *data, uint64_t size);
int cw_symlink(struct cpio_writer *w, const char *name, const char *target, uint32_t uid, uint32_t gid);
int cw_trailer(struct cpio_writer *w);

#endif
