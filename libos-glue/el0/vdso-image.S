/* The vDSO (vdso.c, linked by vdso.lds), carried in the shim's image; the shim copies it into
 * the program's address space. */
    .section .rodata
    .balign 4096
    .global vdso_image, vdso_image_end
vdso_image:
    .incbin "vdso.so"
vdso_image_end:
