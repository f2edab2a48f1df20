/* The shim as a GaoOS root task: entry, the upcall entry, and the jump into the guest.
 * The image starts with a branch over its memory size (with .bss), which the kernel reads. */
    .section .text.start, "ax"
    .global _start
_start:
    b       1f
    .balign 8
    .quad   __image_mem
1:  adrp    x9, shim_stack_top          /* x0 = boot info: keep it */
    add     x9, x9, :lo12:shim_stack_top
    mov     sp, x9
    bl      shim_main
    b       .

    .text
/* The kernel enters here on a reflected svc #0 or fault: x0 = kind, x1 = frame, sp = the
 * upcall stack. shim_upcall ends with SYS_UPCALL_RETURN and never comes back. */
    .global upcall_entry
upcall_entry:
    bl      shim_upcall
    b       .

/* void enter_guest(entry, sp): the guest starts with every register 0, as under Linux. */
    .global enter_guest
enter_guest:
    mov     sp, x1
    mov     x16, x0
    mov     x0, xzr
    mov     x1, xzr
    mov     x2, xzr
    mov     x3, xzr
    mov     x4, xzr
    mov     x5, xzr
    mov     x6, xzr
    mov     x7, xzr
    mov     x8, xzr
    mov     x9, xzr
    mov     x10, xzr
    mov     x11, xzr
    mov     x12, xzr
    mov     x13, xzr
    mov     x14, xzr
    mov     x15, xzr
    mov     x17, xzr
    mov     x18, xzr
    mov     x19, xzr
    mov     x20, xzr
    mov     x21, xzr
    mov     x22, xzr
    mov     x23, xzr
    mov     x24, xzr
    mov     x25, xzr
    mov     x26, xzr
    mov     x27, xzr
    mov     x28, xzr
    mov     x29, xzr
    mov     x30, xzr
    br      x16

/* void fp_save(v[32], &fpsr, &fpcr) / fp_restore(...): the thread's FP/SIMD registers, which the
 * shim's own code (-mgeneral-regs-only) never touches, so during an upcall they are still the
 * interrupted program's. x0 is 16-byte aligned. */
    .global fp_save, fp_restore
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
    mrs     x9, fpsr
    str     w9, [x1]
    mrs     x9, fpcr
    str     w9, [x2]
    ret
fp_restore:
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
    ldr     w9, [x1]
    msr     fpsr, x9
    ldr     w9, [x2]
    msr     fpcr, x9
    ret
