#include "writer.h"

#include <string.h>

#include "../shim/cpio.h"
#include "../shim/linux.h"

#define PAGE 4096u

void cw_init(struct cpio_writer *w, FILE *out, uint64_t align_min) {
    memset(w, 0, sizeof *w);
    w->out = out;
    w->next_ino = 1;
    w->align_min = align_min;
}

static int put(struct cpio_writer *w, const void *p, size_t n) {
    if (n && fwrite(p, 1, n, w->out) != n) {
        snprintf(w->error, sizeof w->error, "write failed at offset %llu", (unsigned long long)w->offset);
        return -1;
    }
    w->offset += n;
    return 0;
}

static int pad4(struct cpio_writer *w) {
    static const char zeros[4];
    return put(w, zeros, (4 - w->offset % 4) % 4);
}

static int entry(struct cpio_writer *w, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
                 const void *data, uint64_t size, int align) {
    size_t len = strlen(name);
    if (len == 0 || size > 0xffffffffu) {
        snprintf(w->error, sizeof w->error, "%s: %s", name[0] ? name : "(empty name)",
                 len ? "larger than cpio's 4 GB limit" : "empty name");
        return -1;
    }
    uint64_t namesize = len + 1;
    if (align) {
        /* grow the name's NUL padding until the data starts on a page */
        uint64_t data = w->offset + CPIO_HEADER_SIZE + namesize;
        namesize += (PAGE - data % PAGE) % PAGE;
    }
    struct cpio_entry e = { .ino = w->next_ino++, .mode = mode, .uid = uid, .gid = gid,
                            .nlink = (mode & L_S_IFMT) == L_S_IFDIR ? 2 : 1, .size = size };
    char header[CPIO_HEADER_SIZE];
    cpio_format_header(header, &e, (uint32_t)namesize);
    if (put(w, header, sizeof header) || put(w, name, len)) return -1;
    static const char zeros[PAGE];
    for (uint64_t left = namesize - len; left; ) {
        uint64_t n = left < PAGE ? left : PAGE;
        if (put(w, zeros, n)) return -1;
        left -= n;
    }
    if (pad4(w) || put(w, data, size) || pad4(w)) return -1;
    return 0;
}

int cw_dir(struct cpio_writer *w, const char *name, uint32_t mode, uint32_t uid, uint32_t gid) {
    return entry(w, name, L_S_IFDIR | (mode & 07777), uid, gid, NULL, 0, 0);
}

int cw_file(struct cpio_writer *w, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
            const void *data, uint64_t size) {
    return entry(w, name, L_S_IFREG | (mode & 07777), uid, gid, data, size, w->align_min && size >= w->align_min);
}

int cw_symlink(struct cpio_writer *w, const char *name, const char *target, uint32_t uid, uint32_t gid) {
    return entry(w, name, L_S_IFLNK | 0777, uid, gid, target, strlen(target), 0);
}

int cw_trailer(struct cpio_writer *w) {
    w->next_ino = 0;
    struct cpio_entry e = { .nlink = 1 };
    char header[CPIO_HEADER_SIZE];
    cpio_format_header(header, &e, sizeof CPIO_TRAILER);
    if (put(w, header, sizeof header) || put(w, CPIO_TRAILER, sizeof CPIO_TRAILER) || pad4(w)) return -1;
    /* Linux pads initramfs images to 512 bytes; harmless, and loaders like round sizes */
    static const char zeros[512];
    return put(w, zeros, (512 - w->offset % 512) % 512);
}
