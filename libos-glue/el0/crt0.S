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

/* The guest program (the QEMU proof embeds it until the kernel hands over the initramfs). */
    .section .rodata
    .balign 4096
    .global guest_image, guest_image_end
guest_image:
#ifdef GUEST_DYNAMIC
    .incbin "hello-dynamic"
#else
    .incbin "hello-static"
#endif
guest_image_end:
#ifdef GUEST_DYNAMIC
/* ld.so and libc of the cross toolchain's sysroot (glibc 2.36, Debian 12's libc6-arm64-cross) */
    .balign 4096
    .global ld_image, ld_image_end, libc_image, libc_image_end
ld_image:
    .incbin "ld-linux-aarch64.so.1"
ld_image_end:
    .balign 4096
libc_image:
    .incbin "libc.so.6"
libc_image_end:
#endif
