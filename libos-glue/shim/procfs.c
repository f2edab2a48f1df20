#include "procfs.h"

#include <string.h>

#include "linux.h"
#include "path.h"

struct text { char buf[2048]; size_t n; };

static void put(struct text *t, const char *s) {
    size_t n = strlen(s);
    if (t->n + n < sizeof t->buf) { memcpy(t->buf + t->n, s, n); t->n += n; }
}

static void put_u(struct text *t, uint64_t v) {
    char tmp[24];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n && t->n < sizeof t->buf - 1) t->buf[t->n++] = tmp[--n];
}

static void put_hex(struct text *t, uint64_t v, int digits) {
    put(t, "0x");
    for (int i = digits - 1; i >= 0; i--) {
        char c[2] = { "0123456789abcdef"[(v >> (4 * i)) & 15], 0 };
        put(t, c);
    }
}

/* mkdir -p, then a regular file with a copy of the text */
static int file(struct fs *fs, const char *dir, const char *name, const struct text *t) {
    struct node *d = fs->root, *n;
    const char *p = dir;
    while (*p) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        if (e == p) break;
        n = fs_child(d, p, (size_t)(e - p));
        if (!n) {
            int err = fs_mkdir(fs, d, p, (size_t)(e - p), 0555, &n);
            if (err) return err;
        }
        if (!node_is_dir(n)) return -L_ENOTDIR;
        d = n;
        p = e;
    }
    if (!t) return 0;
    struct node *old = fs_child(d, name, strlen(name));
    if (old) fs_remove_node(old);
    return fs_mkfile_data(fs, d, name, strlen(name), 0444, (const uint8_t *)t->buf, t->n, 1, &n);
}

int devfs_populate(struct fs *fs) {
    static const struct { const char *name; uint32_t rdev; } devs[] = {
        { "null", L_DEV_NULL }, { "zero", L_DEV_ZERO }, { "random", L_DEV_RANDOM }, { "urandom", L_DEV_URANDOM },
    };
    int err = file(fs, "/dev", NULL, NULL);
    struct walk w;
    if (err || (err = path_walk(fs, fs->root, "/dev", WALK_FOLLOW, &w))) return err;
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        struct node *n = fs_child(w.node, devs[i].name, strlen(devs[i].name));
        if (n) fs_remove_node(n);
        if ((err = fs_mknod(fs, w.node, devs[i].name, strlen(devs[i].name), 0666, devs[i].rdev, &n))) return err;
    }
    return 0;
}

static const char *const feature_names[] = {    /* AT_HWCAP bit i, as /proc/cpuinfo names it */
    "fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics", "fphp", "asimdhp",
    "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3", "sm3", "sm4", "asimddp", "sha512",
};

uint64_t hwcap_from_id_regs(uint64_t isar0, uint64_t pfr0) {
    unsigned fp = (pfr0 >> 16) & 15, simd = (pfr0 >> 20) & 15;
#define FIELD(shift) ((isar0 >> (shift)) & 15)
    uint64_t h = 0;
    if (fp != 15) h |= 1u << 0 | (fp == 1 ? 1u << 9 : 0);           /* fp, fphp */
    if (simd != 15) h |= 1u << 1 | (simd == 1 ? 1u << 10 : 0);      /* asimd, asimdhp */
    if (FIELD(4) >= 1) h |= 1u << 3;                                /* aes */
    if (FIELD(4) >= 2) h |= 1u << 4;                                /* pmull */
    if (FIELD(8) >= 1) h |= 1u << 5;                                /* sha1 */
    if (FIELD(12) >= 1) h |= 1u << 6;                               /* sha2 */
    if (FIELD(12) >= 2) h |= 1u << 21;                              /* sha512 */
    if (FIELD(16) >= 1) h |= 1u << 7;                               /* crc32 */
    if (FIELD(20) >= 2) h |= 1u << 8;                               /* atomics (LSE) */
    if (FIELD(28) >= 1) h |= 1u << 12;                              /* asimdrdm */
    if (FIELD(32) >= 1) h |= 1u << 17;                              /* sha3 */
    if (FIELD(36) >= 1) h |= 1u << 18;                              /* sm3 */
    if (FIELD(40) >= 1) h |= 1u << 19;                              /* sm4 */
    if (FIELD(44) >= 1) h |= 1u << 20;                              /* asimddp */
#undef FIELD
    return h;
}

int procfs_populate(struct fs *fs, const struct machine_info *m, const char *exe) {
    static struct text t;      /* 2 KB: keep it off the shim's small stacks */
    int err;

    /* /proc/cpuinfo, as Linux/arm64 prints it */
    t.n = 0;
    for (int cpu = 0; cpu < m->ncpu; cpu++) {
        put(&t, "processor\t: "); put_u(&t, (uint64_t)cpu); put(&t, "\nBogoMIPS\t: 125.00\nFeatures\t:");
        for (unsigned i = 0; i < sizeof feature_names / sizeof feature_names[0]; i++)
            if (m->hwcap & (1ull << i)) { put(&t, " "); put(&t, feature_names[i]); }
        put(&t, "\nCPU implementer\t: "); put_hex(&t, m->midr >> 24, 2);
        put(&t, "\nCPU architecture: 8\nCPU variant\t: "); put_hex(&t, (m->midr >> 20) & 15, 1);
        put(&t, "\nCPU part\t: "); put_hex(&t, (m->midr >> 4) & 0xfff, 3);
        put(&t, "\nCPU revision\t: "); put_u(&t, m->midr & 15);
        put(&t, "\n\n");
    }
    if ((err = file(fs, "/proc", "cpuinfo", &t))) return err;

    /* /proc/meminfo: the lines glibc and HotSpot read, in kB */
    t.n = 0;
    put(&t, "MemTotal:       "); put_u(&t, m->mem_total >> 10); put(&t, " kB\n");
    put(&t, "MemFree:        "); put_u(&t, m->mem_free >> 10); put(&t, " kB\n");
    put(&t, "MemAvailable:   "); put_u(&t, m->mem_free >> 10); put(&t, " kB\n");
    put(&t, "Buffers:        0 kB\nCached:         0 kB\nSwapTotal:      0 kB\nSwapFree:       0 kB\n");
    if ((err = file(fs, "/proc", "meminfo", &t))) return err;

    /* /sys/devices/system/cpu/{possible,present,online}: "0" or "0-N" */
    t.n = 0;
    put(&t, "0");
    if (m->ncpu > 1) { put(&t, "-"); put_u(&t, (uint64_t)m->ncpu - 1); }
    put(&t, "\n");
    if ((err = file(fs, "/sys/devices/system/cpu", "possible", &t)) ||
        (err = file(fs, "/sys/devices/system/cpu", "present", &t)) ||
        (err = file(fs, "/sys/devices/system/cpu", "online", &t)))
        return err;

    /* /proc/self/exe -> the executable */
    if ((err = file(fs, "/proc/self", NULL, NULL))) return err;
    struct walk w;
    if ((err = path_walk(fs, fs->root, "/proc/self", 0, &w))) return err;
    struct node *old = fs_child(w.node, "exe", 3), *n;
    if (old) fs_remove_node(old);
    return fs_symlink(fs, w.node, "exe", 3, exe, &n);
}
