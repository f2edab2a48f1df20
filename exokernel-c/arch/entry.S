/* Exception vectors, user entry/exit and FP/SIMD context. The kernel runs to completion with
 * interrupts masked on one stack per core; TPIDR_EL1 points at the running thread's
 * user_ctx, where entry saves the user registers (REG_* order: x0-x30, sp, pc, pstate, tpidr). */
    .macro ventry label
    .balign 0x80
    b       \label
    .endm

    .macro save_user
    stp     x0, x1, [sp, #-16]!
    mrs     x0, tpidr_el1
    stp     x2, x3, [x0, #16]
    stp     x4, x5, [x0, #32]
    stp     x6, x7, [x0, #48]
    stp     x8, x9, [x0, #64]
    stp     x10, x11, [x0, #80]
    stp     x12, x13, [x0, #96]
    stp     x14, x15, [x0, #112]
    stp     x16, x17, [x0, #128]
    stp     x18, x19, [x0, #144]
    stp     x20, x21, [x0, #160]
    stp     x22, x23, [x0, #176]
    stp     x24, x25, [x0, #192]
    stp     x26, x27, [x0, #208]
    stp     x28, x29, [x0, #224]
    str     x30, [x0, #240]
    ldp     x2, x3, [sp], #16
    stp     x2, x3, [x0, #0]
    mrs     x2, sp_el0
    mrs     x3, elr_el1
    stp     x2, x3, [x0, #248]
    mrs     x2, spsr_el1
    mrs     x3, tpidr_el0
    stp     x2, x3, [x0, #264]
    .endm

    .text
    .balign 2048
    .global vectors
vectors:
    ventry  bad_vector              /* EL1 with SP0 */
    ventry  bad_vector
    ventry  bad_vector
    ventry  bad_vector
    ventry  el1_sync                /* EL1 with SPx */
    ventry  el1_irq
    ventry  bad_vector
    ventry  bad_vector
    ventry  el0_sync                /* EL0 AArch64 */
    ventry  el0_irq
    ventry  bad_vector
    ventry  bad_vector
    ventry  bad_vector              /* EL0 AArch32 */
    ventry  bad_vector
    ventry  bad_vector
    ventry  bad_vector

el0_sync:
    save_user
    mrs     x0, esr_el1
    mrs     x1, far_el1
    bl      trap_sync
    b       .

el0_irq:
    save_user
    bl      trap_irq
    b       .

/* An interrupt in EL1 only happens in the idle loop, which has no state to keep. */
el1_irq:
    mrs     x0, mpidr_el1
    and     x0, x0, #3
    ldr     x1, =kstacks
    add     x2, x0, #1
    lsl     x2, x2, #14
    add     sp, x1, x2
    bl      trap_irq
    b       .

el1_sync:
    mrs     x0, esr_el1
    mrs     x1, elr_el1
    mrs     x2, far_el1
    bl      kernel_fault
    b       .

bad_vector:
    mrs     x0, esr_el1
    mrs     x1, elr_el1
    mrs     x2, far_el1
    bl      kernel_fault
    b       .

/* restore_user(ctx, stack_top, &in_user[core], thread): load the thread's registers, mark
 * the core as running it at EL0, release the kernel lock, eret. Never returns. */
    .global restore_user
restore_user:
    mov     sp, x1
    msr     tpidr_el1, x0
    str     x3, [x2]
    ldp     x2, x3, [x0, #248]
    msr     sp_el0, x2
    msr     elr_el1, x3
    ldp     x2, x3, [x0, #264]
    msr     spsr_el1, x2
    msr     tpidr_el0, x3
    ldp     x2, x3, [x0, #0]
    stp     x2, x3, [sp, #-16]!             /* x0, x1 wait on this core's stack */
    ldp     x2, x3, [x0, #16]
    ldp     x4, x5, [x0, #32]
    ldp     x6, x7, [x0, #48]
    ldp     x8, x9, [x0, #64]
    ldp     x10, x11, [x0, #80]
    ldp     x12, x13, [x0, #96]
    ldp     x14, x15, [x0, #112]
    ldp     x16, x17, [x0, #128]
    ldp     x18, x19, [x0, #144]
    ldp     x20, x21, [x0, #160]
    ldp     x22, x23, [x0, #176]
    ldp     x24, x25, [x0, #192]
    ldp     x26, x27, [x0, #208]
    ldp     x28, x29, [x0, #224]
    ldr     x30, [x0, #240]
    adrp    x0, kernel_lock                 /* release the kernel lock */
    add     x0, x0, :lo12:kernel_lock
    stlr    wzr, [x0]
    sev
    ldp     x0, x1, [sp], #16
    eret

/* idle_loop(stack_top): wait for interrupts with nothing to run; never returns */
    .global idle_loop
idle_loop:
    mov     sp, x0
1:  msr     daifclr, #2
    wfi
    b       1b

    .global fp_save, fp_load
fp_save:
    stp     q0, q1, [x0, #0]
    stp     q2, q3, [x0, #32]
    stp     q4, q5, [x0, #64]
    stp     q6, q7, [x0, #96]
    stp     q8, q9, [x0, #128]
    stp     q10, q11, [x0, #160]
    stp     q12, q13, [x0, #192]
    stp     q14, q15, [x0, #224]
    stp     q16, q17, [x0, #256]
    stp     q18, q19, [x0, #288]
    stp     q20, q21, [x0, #320]
    stp     q22, q23, [x0, #352]
    stp     q24, q25, [x0, #384]
    stp     q26, q27, [x0, #416]
    stp     q28, q29, [x0, #448]
    stp     q30, q31, [x0, #480]
    mrs     x1, fpsr
    mrs     x2, fpcr
    add     x0, x0, #512
    stp     x1, x2, [x0]
    ret
fp_load:
    ldp     q0, q1, [x0, #0]
    ldp     q2, q3, [x0, #32]
    ldp     q4, q5, [x0, #64]
    ldp     q6, q7, [x0, #96]
    ldp     q8, q9, [x0, #128]
    ldp     q10, q11, [x0, #160]
    ldp     q12, q13, [x0, #192]
    ldp     q14, q15, [x0, #224]
    ldp     q16, q17, [x0, #256]
    ldp     q18, q19, [x0, #288]
    ldp     q20, q21, [x0, #320]
    ldp     q22, q23, [x0, #352]
    ldp     q24, q25, [x0, #384]
    ldp     q26, q27, [x0, #416]
    ldp     q28, q29, [x0, #448]
    ldp     q30, q31, [x0, #480]
    add     x0, x0, #512
    ldp     x1, x2, [x0]
    msr     fpsr, x1
    msr     fpcr, x2
    ret
