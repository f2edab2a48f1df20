/* The synthetic /proc and /sys entries and sysinfo. */
#include <stdlib.h>
#include <string.h>

#include "../shim/path.h"
#include "../shim/procfs.h"
#include "../shim/syscall.h"
#include "test.h"

static char *read_all(struct fs *fs, const char *path) {
    struct walk w;
    if (path_walk(fs, fs->root, path, WALK_FOLLOW, &w)) return NULL;
    char *s = calloc(1, w.node->size + 1);
    fs_read(w.node, 0, s, w.node->size);
    return s;
}

TEST(cpuinfo_meminfo_cpus_and_exe) {
    struct fs fs;
    fs_init(&fs);
    struct machine_info m = { 0x410fd034, 0x3 | (1u << 7), 4, 960ull << 20, 900ull << 20 };
    CHECK_EQ(procfs_populate(&fs, &m, "/jdk/bin/java"), 0);
    char *cpu = read_all(&fs, "/proc/cpuinfo");
    CHECK(cpu && strstr(cpu, "processor\t: 3\n"));
    CHECK(cpu && strstr(cpu, "Features\t: fp asimd crc32\n"));
    CHECK(cpu && strstr(cpu, "CPU implementer\t: 0x41\n"));
    CHECK(cpu && strstr(cpu, "CPU variant\t: 0x0\n"));
    CHECK(cpu && strstr(cpu, "CPU part\t: 0xd03\n"));
    CHECK(cpu && strstr(cpu, "CPU revision\t: 4\n"));
    char *mem = read_all(&fs, "/proc/meminfo");
    CHECK(mem && strstr(mem, "MemTotal:       983040 kB\n"));
    CHECK(mem && strstr(mem, "MemAvailable:   921600 kB\n"));
    char *online = read_all(&fs, "/sys/devices/system/cpu/online");
    CHECK(online && strcmp(online, "0-3\n") == 0);
    struct walk w;
    CHECK_EQ(path_walk(&fs, fs.root, "/proc/self/exe", 0, &w), 0);
    CHECK(node_is_symlink(w.node) && w.node->size == 13);
    /* again, for one CPU: replaced, not duplicated */
    m.ncpu = 1;
    CHECK_EQ(procfs_populate(&fs, &m, "/hello"), 0);
    char *possible = read_all(&fs, "/sys/devices/system/cpu/possible");
    CHECK(possible && strcmp(possible, "0\n") == 0);
    free(cpu); free(mem); free(online); free(possible);
    fs_destroy(&fs);
}

/* AT_HWCAP from the ID registers: QEMU's Cortex-A53 (crypto extension), a Pi 3's (none), and
 * the fields beyond the A53's. */
TEST(hwcap_from_id_registers) {
    CHECK_EQ(hwcap_from_id_regs(0x11120, 0x2222), 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80);
    CHECK_EQ(hwcap_from_id_regs(0x10000, 0x2222), 0x1 | 0x2 | 0x80);
    CHECK_EQ(hwcap_from_id_regs(0, 0xff0000), 0);                         /* no FP, no SIMD */
    CHECK_EQ(hwcap_from_id_regs(0, 0x110000), 0x1 | 0x2 | (1u << 9) | (1u << 10));   /* half precision */
    uint64_t isar0 = 2u << 12 | 1u << 16 | 2u << 20 | 1ull << 32 | 1ull << 44;     /* SHA512, CRC32, LSE, SHA3, DotProd */
    CHECK_EQ(hwcap_from_id_regs(isar0, 0), 0x3 | 1u << 6 | 1u << 21 | 0x80 | 1u << 8 | 1u << 17 | 1u << 20);
    struct fs fs;
    fs_init(&fs);
    struct machine_info m = { 0x410fd034, hwcap_from_id_regs(0x11120, 0x2222), 1, 960ull << 20, 900ull << 20 };
    CHECK_EQ(procfs_populate(&fs, &m, "/x"), 0);
    char *cpu = read_all(&fs, "/proc/cpuinfo");
    CHECK(cpu && strstr(cpu, "Features\t: fp asimd aes pmull sha1 sha2 crc32\n"));   /* as Linux shows QEMU's */
    free(cpu);
    fs_destroy(&fs);
}

TEST(dev_has_the_memory_devices) {
    struct fs fs;
    fs_init(&fs);
    CHECK_EQ(devfs_populate(&fs), 0);
    CHECK_EQ(devfs_populate(&fs), 0);                /* replaced, not duplicated */
    static const struct { const char *path; uint32_t rdev; } want[] = {
        { "/dev/null", L_DEV_NULL }, { "/dev/zero", L_DEV_ZERO }, { "/dev/random", L_DEV_RANDOM }, { "/dev/urandom", L_DEV_URANDOM },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct walk w;
        CHECK_EQ(path_walk(&fs, fs.root, want[i].path, WALK_FOLLOW, &w), 0);
        CHECK(w.node && node_is_chr(w.node) && w.node->rdev == want[i].rdev && (w.node->mode & 0777) == 0666);
    }
    int n = 0;
    struct walk w;
    path_walk(&fs, fs.root, "/dev", WALK_FOLLOW, &w);
    for (struct node *c = w.node->children; c; c = c->next) n++;
    CHECK_EQ(n, 4);
    fs_destroy(&fs);
}

TEST(sysinfo_reports_memory) {
    struct shim *s = calloc(1, sizeof *s);
    fs_init(&s->fs);
    shim_init(s, (struct shim_host){ .mem_total = 960ull << 20, .mem_free = 512ull << 20 }, "/x", 1);
    struct shim_thread t = { .tid = 1 };
    uint64_t buf[14] = {0};
    uint64_t a[6] = { (uint64_t)(uintptr_t)buf };
    CHECK_EQ(shim_syscall(s, &t, 179, a), 0);
    CHECK_EQ(buf[4], 960ull << 20);                  /* totalram at offset 32 */
    CHECK_EQ(buf[5], 512ull << 20);                  /* freeram */
    CHECK_EQ((uint32_t)buf[13], 1);                  /* mem_unit at offset 104 */
    fs_destroy(&s->fs);
    free(s);
}

void suite_procfs(void) {
    RUN(cpuinfo_meminfo_cpus_and_exe);
    RUN(hwcap_from_id_registers);
    RUN(dev_has_the_memory_devices);
    RUN(sysinfo_reports_memory);
}
