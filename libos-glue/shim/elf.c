#include "elf.h"

#include <string.h>

#include "linux.h"

/* ELF64 structures and constants (the System V gABI; aarch64 psABI) */
struct ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
#define ET_EXEC 2
#define ET_DYN 3
#define EM_AARCH64 183
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define PAGE 4096ull

static int bad(const char **why, const char *msg) { *why = msg; return -L_ENOEXEC; }

int elf_parse(const uint8_t *img, size_t len, struct elf_info *e, const char **why) {
    struct ehdr h;
    memset(e, 0, sizeof *e);
    if (len < sizeof h) return bad(why, "shorter than an ELF header");
    memcpy(&h, img, sizeof h);
    if (memcmp(h.ident, "\177ELF", 4) != 0) return bad(why, "not an ELF file");
    if (h.ident[4] != 2 || h.ident[5] != 1) return bad(why, "not ELF64 little-endian");
    if (h.machine != EM_AARCH64) return bad(why, "not an aarch64 executable");
    if (h.type != ET_EXEC && h.type != ET_DYN) return bad(why, "neither an executable nor a shared object");
    if (h.phentsize != sizeof(struct phdr)) return bad(why, "unexpected program header size");
    if (h.phnum == 0 || h.phnum > 64) return bad(why, "no or too many program headers");
    if (h.phoff > len || (len - h.phoff) / sizeof(struct phdr) < h.phnum) return bad(why, "program headers outside the file");
    e->dynamic = h.type == ET_DYN;
    e->entry = h.entry;
    e->phoff = h.phoff;
    e->phnum = h.phnum;
    e->phentsize = h.phentsize;
    e->lo = UINT64_MAX;
    uint64_t phdr_vaddr = 0;
    int have_phdr = 0;
    for (unsigned i = 0; i < h.phnum; i++) {
        struct phdr p;
        memcpy(&p, img + h.phoff + i * sizeof p, sizeof p);
        switch (p.type) {
        case PT_LOAD: {
            if (p.memsz == 0) break;
            if (e->nload == ELF_MAX_LOADS) return bad(why, "too many PT_LOAD segments");
            if (p.filesz > p.memsz) return bad(why, "a segment's file size exceeds its memory size");
            if (p.offset > len || len - p.offset < p.filesz) return bad(why, "a segment lies outside the file");
            if (p.vaddr + p.memsz < p.vaddr || p.vaddr + p.memsz > (1ull << 48)) return bad(why, "a segment's address overflows");
            if ((p.vaddr - p.offset) % PAGE) return bad(why, "a segment's address and offset disagree modulo the page size");
            if (e->nload && p.vaddr < e->load[e->nload - 1].vaddr + e->load[e->nload - 1].memsz)
                return bad(why, "PT_LOAD segments overlap or are not in address order");
            struct elf_load *l = &e->load[e->nload++];
            l->vaddr = p.vaddr; l->memsz = p.memsz; l->offset = p.offset; l->filesz = p.filesz;
            l->prot = (p.flags & PF_R ? L_PROT_READ : 0) | (p.flags & PF_W ? L_PROT_WRITE : 0) | (p.flags & PF_X ? L_PROT_EXEC : 0);
            uint64_t lo = p.vaddr & ~(PAGE - 1), hi = (p.vaddr + p.memsz + PAGE - 1) & ~(PAGE - 1);
            if (lo < e->lo) e->lo = lo;
            if (hi > e->hi) e->hi = hi;
            /* the headers are usually inside the first segment's file bytes */
            if (!have_phdr && h.phoff >= p.offset && h.phoff - p.offset < p.filesz) phdr_vaddr = p.vaddr + (h.phoff - p.offset);
            break;
        }
        case PT_INTERP:
            if (p.offset > len || len - p.offset < p.filesz || p.filesz < 2 || p.filesz > L_PATH_MAX)
                return bad(why, "bad PT_INTERP");
            if (img[p.offset + p.filesz - 1] != 0 || memchr(img + p.offset, 0, p.filesz - 1))
                return bad(why, "PT_INTERP is not one NUL-terminated string");
            e->interp = (const char *)img + p.offset;
            break;
        case PT_PHDR:
            phdr_vaddr = p.vaddr;
            have_phdr = 1;
            break;
        case PT_GNU_STACK:
            e->exec_stack = (p.flags & PF_X) != 0;
            break;
        }
    }
    if (e->nload == 0) return bad(why, "no PT_LOAD segment");
    if (!e->dynamic && e->lo < PAGE) return bad(why, "a fixed-address executable wants page 0");
    int entry_ok = 0;
    for (int i = 0; i < e->nload; i++)
        if (e->entry >= e->load[i].vaddr && e->entry < e->load[i].vaddr + e->load[i].memsz && (e->load[i].prot & L_PROT_EXEC))
            entry_ok = 1;
    if (!entry_ok) return bad(why, "the entry point is not in an executable segment");
    e->phdr_vaddr = phdr_vaddr;
    return 0;
}
