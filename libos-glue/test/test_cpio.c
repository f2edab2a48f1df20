/* cpio newc parsing, and the initramfs writer round trip. */
#include <stdlib.h>
#include <string.h>

#include "../initramfs/writer.h"
#include "../shim/cpio.h"
#include "../shim/linux.h"
#include "test.h"

/* An archive built by the writer into memory. */
struct archive { char *buf; size_t len; FILE *f; struct cpio_writer w; };

static void open_archive(struct archive *a, uint64_t align_min) {
    a->buf = NULL; a->len = 0;
    a->f = open_memstream(&a->buf, &a->len);
    cw_init(&a->w, a->f, align_min);
}

static void close_archive(struct archive *a) { fclose(a->f); }

static void sample(struct archive *a, uint64_t align_min) {
    static char big[10000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i * 7);
    open_archive(a, align_min);
    cw_dir(&a->w, ".", 0755, 0, 0);
    cw_dir(&a->w, "etc", 0755, 0, 0);
    cw_file(&a->w, "etc/passwd", 0644, 0, 0, "root:x:0:0::/root:/bin/sh\n", 26);
    cw_symlink(&a->w, "lib", "usr/lib", 0, 0);
    cw_file(&a->w, "big", 0755, 1, 2, big, sizeof big);
    cw_trailer(&a->w);
    close_archive(a);
}

TEST(parses_entries_in_order) {
    struct archive a;
    sample(&a, 0);
    size_t off = 0;
    struct cpio_entry e;
    const uint8_t *p = (const uint8_t *)a.buf;
    CHECK_EQ(cpio_next(p, a.len, &off, &e), CPIO_ENTRY);
    CHECK(strcmp(e.name, ".") == 0);
    CHECK_EQ(e.mode, L_S_IFDIR | 0755);
    CHECK_EQ(cpio_next(p, a.len, &off, &e), CPIO_ENTRY);
    CHECK(strcmp(e.name, "etc") == 0);
    CHECK_EQ(cpio_next(p, a.len, &off, &e), CPIO_ENTRY);
    CHECK(strcmp(e.name, "etc/passwd") == 0);
    CHECK_EQ(e.name_len, 10);
    CHECK_EQ(e.mode, L_S_IFREG | 0644);
    CHECK_EQ(e.size, 26);
    CHECK(memcmp(e.data, "root:x:0:0::/root:/bin/sh\n", 26) == 0);
    CHECK_EQ(e.data_offset % 4, 0);
    CHECK_EQ(cpio_next(p, a.len, &off, &e), CPIO_ENTRY);
    CHECK(strcmp(e.name, "lib") == 0);
    CHECK_EQ(e.mode & L_S_IFMT, L_S_IFLNK);
    CHECK(e.size == 7 && memcmp(e.data, "usr/lib", 7) == 0);
    CHECK_EQ(cpio_next(p, a.len, &off, &e), CPIO_ENTRY);
    CHECK(strcmp(e.name, "big") == 0);
    CHECK_EQ(e.uid, 1);
    CHECK_EQ(e.gid, 2);
    CHECK_EQ(e.size, 10000);
    CHECK_EQ(e.data[9999], (uint8_t)(9999 * 7));
    CHECK_EQ(cpio_next(p, a.len, &off, &e), CPIO_END);
    CHECK_EQ(a.len % 512, 0);
    free(a.buf);
}

TEST(large_files_get_page_aligned_data) {
    struct archive a;
    sample(&a, 4096);
    size_t off = 0;
    struct cpio_entry e;
    int seen = 0;
    while (cpio_next((const uint8_t *)a.buf, a.len, &off, &e) == CPIO_ENTRY) {
        if (strcmp(e.name, "big") == 0) {
            seen = 1;
            CHECK_EQ(e.data_offset % 4096, 0);
            CHECK_EQ(e.name_len, 3);        /* the padding NULs are not part of the name */
            CHECK_EQ(e.data[1], 7);
        }
        if (strcmp(e.name, "etc/passwd") == 0) CHECK(e.data_offset % 4096 != 0);  /* small: not padded */
    }
    CHECK(seen);
    free(a.buf);
}

/* A header by hand: fields as hex text. */
static size_t header(char *out, const char *magic, uint32_t mode, uint32_t size, uint32_t namesize, const char *name) {
    size_t n = (size_t)sprintf(out, "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                               magic, 1, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, namesize, 0);
    memcpy(out + n, name, namesize);
    return n + namesize;
}

TEST(accepts_the_crc_variant) {
    char buf[512] = {0};
    size_t n = header(buf, "070702", L_S_IFREG | 0644, 0, 2, "a");
    n = (n + 3) & ~3u;
    n += header(buf + n, "070701", 0, 0, 11, CPIO_TRAILER);
    n = (n + 3) & ~3u;
    size_t off = 0;
    struct cpio_entry e;
    CHECK_EQ(cpio_next((uint8_t *)buf, n, &off, &e), CPIO_ENTRY);
    CHECK(strcmp(e.name, "a") == 0);
    CHECK_EQ(cpio_next((uint8_t *)buf, n, &off, &e), CPIO_END);
}

TEST(rejects_bad_magic_and_hex) {
    char buf[512] = {0};
    size_t n = header(buf, "070707", 0, 0, 2, "a");   /* the old portable format */
    size_t off = 0;
    struct cpio_entry e;
    CHECK_EQ(cpio_next((uint8_t *)buf, n, &off, &e), CPIO_EMAGIC);
    n = header(buf, "070701", 0, 0, 2, "a");
    buf[6 + 8 * 6 + 3] = 'g';                        /* c_filesize */
    CHECK_EQ(cpio_next((uint8_t *)buf, n, &off, &e), CPIO_EHEX);
    CHECK_EQ(off, 0);
}

TEST(rejects_truncation_everywhere) {
    struct archive a;
    sample(&a, 0);
    /* every strict prefix ending inside an entry fails with ETRUNC, never reads past the end */
    size_t entries_end = 0, off = 0;
    struct cpio_entry e;
    while (cpio_next((const uint8_t *)a.buf, a.len, &off, &e) == CPIO_ENTRY) entries_end = off;
    int bad = 0;
    for (size_t len = 0; len < entries_end; len++) {
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, a.buf, len);
        size_t o = 0;
        enum cpio_status st;
        while ((st = cpio_next(copy, len, &o, &e)) == CPIO_ENTRY) {}
        if (st != CPIO_ETRUNC) bad++;
        free(copy);
    }
    CHECK_EQ(bad, 0);
    free(a.buf);
}

TEST(rejects_bad_names) {
    char buf[512] = {0};
    size_t off = 0;
    struct cpio_entry e;
    size_t n = header(buf, "070701", 0, 0, 3, "abc");     /* no NUL within namesize */
    CHECK_EQ(cpio_next((uint8_t *)buf, n + 8, &off, &e), CPIO_ENAME);
    n = header(buf, "070701", 0, 0, 0, "");               /* namesize 0 */
    CHECK_EQ(cpio_next((uint8_t *)buf, n + 8, &off, &e), CPIO_ENAME);
    n = header(buf, "070701", 0, 0, 1, "");               /* empty name */
    CHECK_EQ(cpio_next((uint8_t *)buf, n + 8, &off, &e), CPIO_ENAME);
}

TEST(rejects_a_huge_size_without_overflow) {
    char buf[512] = {0};
    size_t n = header(buf, "070701", L_S_IFREG, 0xffffffffu, 2, "a");
    size_t off = 0;
    struct cpio_entry e;
    CHECK_EQ(cpio_next((uint8_t *)buf, n + 16, &off, &e), CPIO_ETRUNC);
    CHECK_EQ(cpio_next((uint8_t *)buf, n, (off = 1000, &off), &e), CPIO_ETRUNC);  /* offset past the end */
}

TEST(missing_trailer_is_truncation) {
    char buf[512] = {0};
    size_t n = header(buf, "070701", L_S_IFREG, 0, 2, "a");
    n = (n + 3) & ~3u;
    size_t off = 0;
    struct cpio_entry e;
    CHECK_EQ(cpio_next((uint8_t *)buf, n, &off, &e), CPIO_ENTRY);
    CHECK_EQ(cpio_next((uint8_t *)buf, n, &off, &e), CPIO_ETRUNC);
}

TEST(writer_rejects_empty_names) {
    struct archive a;
    open_archive(&a, 0);
    CHECK(cw_file(&a.w, "", 0644, 0, 0, "", 0) != 0);
    CHECK(strstr(a.w.error, "empty name") != NULL);
    close_archive(&a);
    free(a.buf);
}

void suite_cpio(void) {
    RUN(parses_entries_in_order);
    RUN(large_files_get_page_aligned_data);
    RUN(accepts_the_crc_variant);
    RUN(rejects_bad_magic_and_hex);
    RUN(rejects_truncation_everywhere);
    RUN(rejects_bad_names);
    RUN(rejects_a_huge_size_without_overflow);
    RUN(missing_trailer_is_truncation);
    RUN(writer_rejects_empty_names);
}
