#include "cpio.h"

#include <string.h>

static int hex8(const uint8_t *p, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return 0;
        v = v << 4 | d;
    }
    *out = v;
    return 1;
}

static size_t align4(size_t n) { return (n + 3) & ~(size_t)3; }

enum cpio_status cpio_next(const uint8_t *a, size_t len, size_t *offset, struct cpio_entry *e) {
    size_t off = *offset;
    if (off > len || len - off < CPIO_HEADER_SIZE) return CPIO_ETRUNC;
    const uint8_t *h = a + off;
    if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2')) return CPIO_EMAGIC;
    uint32_t f[13];
    for (int i = 0; i < 13; i++)
        if (!hex8(h + 6 + 8 * i, &f[i])) return CPIO_EHEX;
    /* f[11] is c_namesize, f[12] c_check (ignored: the crc variant's checksum) */
    uint32_t namesize = f[11];
    size_t name_off = off + CPIO_HEADER_SIZE;
    if (namesize == 0) return CPIO_ENAME;
    if (len - name_off < namesize) return CPIO_ETRUNC;
    const char *name = (const char *)a + name_off;
    size_t name_len = strnlen(name, namesize);
    if (name_len == namesize || name_len == 0) return CPIO_ENAME;
    size_t data_off = align4(name_off + namesize);
    if (data_off > len || len - data_off < f[6]) return CPIO_ETRUNC;
    e->name = name;
    e->name_len = name_len;
    e->ino = f[0]; e->mode = f[1]; e->uid = f[2]; e->gid = f[3]; e->nlink = f[4]; e->mtime = f[5];
    e->size = f[6];
    e->devmajor = f[7]; e->devminor = f[8]; e->rdevmajor = f[9]; e->rdevminor = f[10];
    e->data = a + data_off;
    e->data_offset = data_off;
    if (name_len == sizeof CPIO_TRAILER - 1 && memcmp(name, CPIO_TRAILER, name_len) == 0) return CPIO_END;
    *offset = align4(data_off + f[6]);
    return CPIO_ENTRY;
}

const char *cpio_strerror(enum cpio_status s) {
    switch (s) {
    case CPIO_ENTRY: return "entry";
    case CPIO_END: return "end of archive";
    case CPIO_ETRUNC: return "archive truncated";
    case CPIO_EMAGIC: return "bad magic (not a newc cpio header)";
    case CPIO_EHEX: return "header field is not hexadecimal";
    case CPIO_ENAME: return "empty or unterminated name";
    }
    return "unknown cpio status";
}

static void put_hex8(char *p, uint32_t v) {
    static const char digits[] = "0123456789ABCDEF";
    for (int i = 7; i >= 0; i--, v >>= 4) p[i] = digits[v & 15];
}

void cpio_format_header(char out[CPIO_HEADER_SIZE], const struct cpio_entry *e, uint32_t namesize) {
    uint32_t f[13] = { e->ino, e->mode, e->uid, e->gid, e->nlink, e->mtime, (uint32_t)e->size,
                       e->devmajor, e->devminor, e->rdevmajor, e->rdevminor, namesize, 0 };
    memcpy(out, "070701", 6);
    for (int i = 0; i < 13; i++) put_hex8(out + 6 + 8 * i, f[i]);
}
