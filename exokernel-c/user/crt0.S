/* PD entry. The image starts with a branch and its memory size (with .bss), which loaders
 * read. x0 = argument from the creator (the boot info address for the root task). */
    .section .text.start, "ax"
    .global _start
_start:
    b       1f
    .balign 8
    .quad   __image_mem
1:  bl      main
    mov     x8, #33                 /* SYS_EXIT */
    svc     #1
    b       .

/* long gao_call(unsigned long r[8], unsigned long n): x0..x7 from r, svc #1, results back to r */
    .text
    .global gao_call
gao_call:
    mov     x9, x0
    mov     x8, x1
    ldp     x0, x1, [x9]
    ldp     x2, x3, [x9, #16]
    ldp     x4, x5, [x9, #32]
    ldp     x6, x7, [x9, #48]
    svc     #1
    stp     x0, x1, [x9]
    stp     x2, x3, [x9, #16]
    stp     x4, x5, [x9, #32]
    stp     x6, x7, [x9, #48]
    ret
