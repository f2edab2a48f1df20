/* The root task's image, embedded in the kernel. */
    .section .rodata
    .balign 4096
    .global root_image, root_image_end
root_image:
    .incbin "root.bin"
root_image_end:
