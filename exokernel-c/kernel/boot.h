#ifndef BOOT_H
#define BOOT_H
struct boot_region { u64 pa; u32 bits; int kind; };   /* kind: UT_* */
int boot_carve(u64 start, u64 end, struct boot_region *out, int max, int kind);
u64 initrd_extent(const u8 *p, u64 max);
/* What the boot info tells the root task besides memory. */
struct boot_machine { u64 initrd_paddr, initrd_size, midr, id_aa64isar0, id_aa64pfr0; };
struct tcb *boot_root_task(const struct boot_region *reg, int nreg, const u8 *image, u64 image_size,
                           const struct boot_machine *m);
#endif
