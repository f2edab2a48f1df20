/* The /proc and /sys entries the JVM and glibc read (measured: docs/libos.md), generated from the
 * machine's description at start: /proc/self/exe, /proc/cpuinfo (HotSpot parses "CPU
 * implementer/variant/part/revision"), /proc/meminfo ("MemTotal", "MemAvailable"),
 * /sys/devices/system/cpu/{possible,present,online} (glibc's get_nprocs). They are snapshots:
 * meminfo is not updated as memory is used. Everything else there is ENOENT, which the JVM
 * tolerates (container support off, no transparent huge pages). */
#ifndef SHIM_PROCFS_H
#define SHIM_PROCFS_H

#include <stdint.h>

#include "fs.h"

struct machine_info {
    uint32_t midr;               /* MIDR_EL1: implementer, variant, part, revision */
    uint64_t hwcap;              /* AT_HWCAP bits (fp 0, asimd 1, evtstrm 2, aes 3, pmull 4, sha1 5, sha2 6, crc32 7, atomics 8) */
    int ncpu;
    uint64_t mem_total, mem_free;  /* bytes */
};

int procfs_populate(struct fs *fs, const struct machine_info *m, const char *exe);
/* AT_HWCAP as Linux/arm64 derives it from ID_AA64ISAR0_EL1 and ID_AA64PFR0_EL1 (the features a
 * program may use at EL0; never HWCAP_CPUID: the shim does not emulate EL0 reads of ID registers,
 * nor EVTSTRM: no timer event stream). */
uint64_t hwcap_from_id_regs(uint64_t isar0, uint64_t pfr0);
/* /dev/null, /dev/zero, /dev/random and /dev/urandom (the syscall table serves their reads and
 * writes). Without them the JDK's SecureRandom falls back to its ThreadedSeedGenerator, which
 * spins up threads and reads the clock a million times to gather "entropy". */
int devfs_populate(struct fs *fs);

#endif
