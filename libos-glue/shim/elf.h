/* ELF64 executables for the loader (Linux's fs/binfmt_elf.c in spirit): the checks an aarch64
 * executable or interpreter must pass, and what mapping it needs. The shim maps the PT_LOAD
 * segments of the executable and of its PT_INTERP (ld-linux-aarch64.so.1), then enters the
 * interpreter (or a static executable) with the initial stack of stack.h. */
#ifndef SHIM_ELF_H
#define SHIM_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_LOADS 16

struct elf_load {
    uint64_t vaddr, memsz, offset, filesz;   /* as in the program header (unbiased) */
    uint32_t prot;                           /* L_PROT_* from p_flags */
};

struct elf_info {
    int dynamic;                 /* ET_DYN (PIE or a shared object): needs a load bias */
    uint64_t entry;              /* unbiased */
    uint64_t phoff, phnum, phentsize;
    uint64_t phdr_vaddr;         /* where the program headers are in memory (unbiased), for AT_PHDR */
    uint64_t lo, hi;             /* page-aligned span of the PT_LOAD segments (unbiased) */
    struct elf_load load[ELF_MAX_LOADS];
    int nload;
    const char *interp;          /* PT_INTERP inside the image (NUL-terminated), or NULL */
    int exec_stack;              /* PT_GNU_STACK asks for an executable stack */
};

/* Parses img[0..len); 0, or -L_ENOEXEC with *why set. */
int elf_parse(const uint8_t *img, size_t len, struct elf_info *e, const char **why);

#endif
