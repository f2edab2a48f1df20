/* cpio "newc" archives (the initramfs format; Linux Documentation/driver-api/early-userspace/
 * buffer-format.rst): a 110-byte ASCII header ("070701" + 13 eight-digit hex fields), the NUL-
 * terminated name padded to 4 bytes, the data padded to 4 bytes; the last entry is "TRAILER!!!".
 * GaoOS's builder pads the names of large files with extra NULs so that their data starts on a
 * page boundary: the shim can then map it without copying. */
#ifndef SHIM_CPIO_H
#define SHIM_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE 110
#define CPIO_TRAILER "TRAILER!!!"

struct cpio_entry {
    const char *name;        /* NUL-terminated, inside the archive */
    size_t name_len;         /* strlen(name) */
    uint32_t ino, mode, uid, gid, nlink, mtime;
    uint32_t devmajor, devminor, rdevmajor, rdevminor;
    uint64_t size;           /* c_filesize */
    const uint8_t *data;     /* size bytes inside the archive */
    size_t data_offset;      /* from the archive's start */
};

enum cpio_status {
    CPIO_ENTRY = 1,          /* *e is filled, *offset moved past it */
    CPIO_END = 0,            /* the trailer was reached */
    CPIO_ETRUNC = -1,        /* the archive ends inside a header, name or data */
    CPIO_EMAGIC = -2,        /* not "070701"/"070702" */
    CPIO_EHEX = -3,          /* a header field is not 8 hex digits */
    CPIO_ENAME = -4,         /* the name is empty or not NUL-terminated within c_namesize */
};

/* Reads the entry at *offset of archive[0..len). */
enum cpio_status cpio_next(const uint8_t *archive, size_t len, size_t *offset, struct cpio_entry *e);
const char *cpio_strerror(enum cpio_status s);

/* Writes a header for e with c_namesize = namesize (>= name_len + 1) into out[110]. */
void cpio_format_header(char out[CPIO_HEADER_SIZE], const struct cpio_entry *e, uint32_t namesize);

#endif
