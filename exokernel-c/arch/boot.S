/* Entry from the firmware (or QEMU) at physical 0x80000, on core 0 at EL2 (EL3 and EL1 are
 * handled too). Core 0 clears .bss and builds the boot page tables; every core drops to EL1,
 * turns the MMU on (TTBR0 = identity for the switch, TTBR1 = the kernel's high map of all
 * RAM and the peripherals), then continues at its link address on its own stack.
 * Until the MMU is on, everything here is PC-relative. */
#define KSTACK_SHIFT 14
#define MAIR_VALUE   0x4404ff00          /* 0: Device-nGnRnE, 1: Normal WB, 2: Device-nGnRE, 3: Normal NC */
#define TCR_VALUE    0xb5193519          /* T0SZ=T1SZ=25 (39-bit), 4 KB granules, inner-shareable WB walks */
#define SCTLR_VALUE  0x34d5d81d          /* M C SA SA0 I DZE UCT nTWI nTWE UCI + RES1 */
#define BLOCK_NORMAL 0x40000000000705    /* block, attr 1, inner shareable, AF, UXN; EL1 only */
#define BLOCK_DEVICE 0x60000000000401    /* block, attr 0, AF, PXN, UXN; EL1 only */

    .section .text.boot, "ax"
    .global _start
_start:
    mrs     x19, mpidr_el1
    and     x19, x19, #3
    cbnz    x19, 2f
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    3f
    str     xzr, [x0], #8
    b       1b
3:  mrs     x0, CurrentEL
    adrp    x1, boot_el
    str     x0, [x1, :lo12:boot_el]
    mrs     x0, cntpct_el0
    adrp    x1, boot_counter
    str     x0, [x1, :lo12:boot_counter]
    bl      build_tables
2:  bl      to_el1
    bl      mmu_on
    ldr     x0, =high
    br      x0
high:
    ldr     x0, =kstacks
    add     x1, x19, #1
    lsl     x1, x1, #KSTACK_SHIFT
    add     sp, x0, x1
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    mov     x0, x19
    bl      kmain
1:  wfi
    b       1b

to_el1:
    mrs     x0, CurrentEL
    lsr     x0, x0, #2
    cmp     x0, #3
    b.ne    1f
    mov     x0, #0x5b1                   /* NS, RW, HCE, SMD */
    msr     scr_el3, x0
    mov     x0, #0x3c9                   /* EL2h, DAIF masked */
    msr     spsr_el3, x0
    adr     x0, 1f
    msr     elr_el3, x0
    eret
1:  mrs     x0, CurrentEL
    lsr     x0, x0, #2
    cmp     x0, #2
    b.ne    2f
    mov     x0, #3                       /* EL1 may use the physical counter and timer */
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr
    mov     x0, #(1 << 31)               /* EL1 is AArch64 */
    msr     hcr_el2, x0
    mov     x0, #0x33ff                  /* no FP/SIMD traps to EL2 */
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    mrs     x0, midr_el1
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    mov     x0, #0x3c5                   /* EL1h, DAIF masked */
    msr     spsr_el2, x0
    adr     x0, 2f
    msr     elr_el2, x0
    eret
2:  ret

build_tables:
    adrp    x0, boot_l1
    adrp    x1, boot_l2
    orr     x2, x1, #3
    str     x2, [x0]                     /* 0-1 GB: an L2 table of 2 MB blocks */
    ldr     x2, =(0x40000000 | BLOCK_DEVICE)
    str     x2, [x0, #8]                 /* 1-2 GB: local peripherals (BCM2836) */
    mov     x3, #0
1:  lsl     x2, x3, #21
    ldr     x4, =BLOCK_NORMAL
    cmp     x3, #504                     /* 0x3F000000: peripherals */
    b.lo    2f
    ldr     x4, =BLOCK_DEVICE
2:  orr     x2, x2, x4
    str     x2, [x1, x3, lsl #3]
    add     x3, x3, #1
    cmp     x3, #512
    b.lo    1b
    dsb     sy
    ret

mmu_on:
    ldr     x0, =MAIR_VALUE
    msr     mair_el1, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el1, x0
    adrp    x0, boot_l1
    msr     ttbr0_el1, x0
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, =SCTLR_VALUE
    msr     sctlr_el1, x0
    isb
    ret

    .section .bss.pt, "aw", %nobits
    .balign 4096
    .global boot_l1, boot_l2, kstacks
boot_l1: .space 4096
boot_l2: .space 4096
    .balign 16
kstacks: .space (4 << KSTACK_SHIFT)
    .section .bss
    .balign 8
    .global boot_el, boot_counter
boot_el: .space 8
boot_counter: .space 8
