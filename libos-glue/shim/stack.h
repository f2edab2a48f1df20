/* The initial stack of a Linux/arm64 process (fs/binfmt_elf.c create_elf_tables): from sp up,
 *   argc | argv[0..argc-1] | NULL | envp[..] | NULL | auxv (type, value)... | AT_NULL, 0
 * then, higher, the 16 AT_RANDOM bytes, the platform string "aarch64" and the argument and
 * environment strings. sp is 16-byte aligned. The memory is written through its address (the
 * shim runs in the same address space; host tests use a buffer). */
#ifndef SHIM_STACK_H
#define SHIM_STACK_H

#include <stdint.h>

/* auxv types (linux/auxvec.h, asm/auxvec.h) */
#define L_AT_NULL 0
#define L_AT_PHDR 3
#define L_AT_PHENT 4
#define L_AT_PHNUM 5
#define L_AT_PAGESZ 6
#define L_AT_BASE 7
#define L_AT_FLAGS 8
#define L_AT_ENTRY 9
#define L_AT_UID 11
#define L_AT_EUID 12
#define L_AT_GID 13
#define L_AT_EGID 14
#define L_AT_PLATFORM 15
#define L_AT_HWCAP 16
#define L_AT_CLKTCK 17
#define L_AT_SECURE 23
#define L_AT_RANDOM 25
#define L_AT_HWCAP2 26
#define L_AT_EXECFN 31
#define L_AT_SYSINFO_EHDR 33
#define L_AT_MINSIGSTKSZ 51

struct auxv { uint64_t type, value; };

struct stack_args {
    const char *const *argv;       /* NULL-terminated */
    const char *const *envp;       /* NULL-terminated */
    const struct auxv *auxv;       /* without AT_RANDOM, AT_PLATFORM, AT_EXECFN, AT_NULL: added here */
    int nauxv;
    const uint8_t *random16;       /* the 16 AT_RANDOM bytes */
    const char *execfn;            /* AT_EXECFN: the path the program was started by */
};

/* Builds the stack below top (the stack's highest address, exclusive) within limit bytes.
 * Returns the initial sp, or 0 if it does not fit. */
uint64_t stack_build(uint64_t top, uint64_t limit, const struct stack_args *a);

#endif
