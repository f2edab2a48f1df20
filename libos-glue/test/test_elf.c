/* ELF parsing of real aarch64 executables (built by the cross compiler: guest/hello.c, static
 * and dynamic), error cases, and the initial stack. */
#include <stdlib.h>
#include <string.h>

#include "../shim/elf.h"
#include "../shim/linux.h"
#include "../shim/stack.h"
#include "test.h"

static uint8_t *slurp(const char *name, size_t *len) {
    const char *dir = getenv("SHIM_GUEST_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "build/guest", name);
    FILE *f = fopen(path, "rb");
    if (!f) { printf("    cannot open %s (make builds it)\n", path); return NULL; }
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(*len);
    if (fread(p, 1, *len, f) != *len) { free(p); p = NULL; }
    fclose(f);
    return p;
}

TEST(parses_a_static_executable) {
    size_t len;
    uint8_t *img = slurp("hello-static", &len);
    CHECK(img != NULL);
    if (!img) return;
    struct elf_info e;
    const char *why = NULL;
    CHECK_EQ(elf_parse(img, len, &e, &why), 0);
    CHECK(!e.dynamic && e.interp == NULL);
    CHECK_EQ(e.lo, 0x40000000);                 /* linked with -Ttext-segment=0x40000000 */
    CHECK(e.nload >= 2);
    CHECK_EQ(e.load[0].prot, L_PROT_READ | L_PROT_EXEC);
    CHECK(e.load[1].prot & L_PROT_WRITE);
    CHECK(e.load[1].memsz > e.load[1].filesz);  /* .bss */
    CHECK(e.entry > e.load[0].vaddr && e.entry < e.load[0].vaddr + e.load[0].memsz);
    CHECK_EQ(e.phdr_vaddr, 0x40000000 + e.phoff);
    CHECK_EQ(e.phentsize, 56);
    free(img);
}

TEST(parses_a_dynamic_executable_and_its_interpreter) {
    size_t len;
    uint8_t *img = slurp("hello-dynamic", &len);
    CHECK(img != NULL);
    if (!img) return;
    struct elf_info e;
    const char *why = NULL;
    CHECK_EQ(elf_parse(img, len, &e, &why), 0);
    CHECK(e.dynamic);
    CHECK(e.interp && strcmp(e.interp, "/lib/ld-linux-aarch64.so.1") == 0);
    CHECK_EQ(e.lo, 0);
    CHECK(e.phdr_vaddr != 0);                   /* from PT_PHDR */
    free(img);
}

TEST(rejects_what_is_not_an_aarch64_executable) {
    size_t len;
    uint8_t *img = slurp("hello-static", &len);
    CHECK(img != NULL);
    if (!img) return;
    struct elf_info e;
    const char *why = NULL;
    uint8_t *copy = malloc(len);
    struct { size_t off; uint8_t value; const char *why; } cases[] = {
        { 0, 'X', "not an ELF file" },
        { 4, 1, "not ELF64 little-endian" },
        { 18, 62, "not an aarch64 executable" },         /* EM_X86_64 */
        { 16, 1, "neither an executable nor a shared object" },   /* ET_REL */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(copy, img, len);
        copy[cases[i].off] = cases[i].value;
        CHECK_EQ(elf_parse(copy, len, &e, &why), -L_ENOEXEC);
        CHECK(why && strcmp(why, cases[i].why) == 0);
    }
    CHECK_EQ(elf_parse(img, 40, &e, &why), -L_ENOEXEC);
    CHECK(strcmp(why, "shorter than an ELF header") == 0);
    CHECK_EQ(elf_parse(img, 200, &e, &why), -L_ENOEXEC);  /* segments beyond the end */
    /* the second PT_LOAD's file size above its memory size */
    memcpy(copy, img, len);
    uint64_t phoff;
    memcpy(&phoff, copy + 32, 8);
    int loads = 0;
    for (int i = 0; i < 16 && loads < 2; i++) {
        uint8_t *ph = copy + phoff + 56 * i;
        uint32_t type;
        memcpy(&type, ph, 4);
        if (type != 1) continue;
        if (++loads == 2) { uint64_t big = 1ull << 40; memcpy(ph + 32, &big, 8); }   /* p_filesz */
    }
    CHECK_EQ(elf_parse(copy, len, &e, &why), -L_ENOEXEC);
    CHECK(strcmp(why, "a segment's file size exceeds its memory size") == 0);
    /* the entry point outside any executable segment */
    memcpy(copy, img, len);
    uint64_t entry = 0x10;
    memcpy(copy + 24, &entry, 8);
    CHECK_EQ(elf_parse(copy, len, &e, &why), -L_ENOEXEC);
    CHECK(strcmp(why, "the entry point is not in an executable segment") == 0);
    free(copy);
    free(img);
}

static _Alignas(16) uint8_t stack[8192];

TEST(builds_the_initial_stack) {
    const char *argv[] = { "/jdk/bin/java", "-version", NULL };
    const char *envp[] = { "PATH=/jdk/bin", "MALLOC_ARENA_MAX=2", NULL };
    struct auxv aux[] = { { L_AT_PAGESZ, 4096 }, { L_AT_PHDR, 0x5500000040 }, { L_AT_ENTRY, 0x1234 } };
    uint8_t rnd[16];
    for (int i = 0; i < 16; i++) rnd[i] = (uint8_t)(i * 17);
    struct stack_args a = { argv, envp, aux, 3, rnd, "/jdk/bin/java" };
    uint64_t top = (uint64_t)(uintptr_t)(stack + sizeof stack);
    uint64_t sp = stack_build(top, sizeof stack, &a);
    CHECK(sp != 0 && sp % 16 == 0 && sp >= (uint64_t)(uintptr_t)stack);
    const uint64_t *w = (const uint64_t *)(uintptr_t)sp;
    CHECK_EQ(w[0], 2);
    CHECK(strcmp((const char *)(uintptr_t)w[1], "/jdk/bin/java") == 0);
    CHECK(strcmp((const char *)(uintptr_t)w[2], "-version") == 0);
    CHECK_EQ(w[3], 0);
    CHECK(strcmp((const char *)(uintptr_t)w[4], "PATH=/jdk/bin") == 0);
    CHECK(strcmp((const char *)(uintptr_t)w[5], "MALLOC_ARENA_MAX=2") == 0);
    CHECK_EQ(w[6], 0);
    const uint64_t *av = w + 7;
    CHECK(av[0] == L_AT_PAGESZ && av[1] == 4096);
    CHECK(av[2] == L_AT_PHDR && av[3] == 0x5500000040);
    CHECK(av[4] == L_AT_ENTRY && av[5] == 0x1234);
    CHECK_EQ(av[6], L_AT_RANDOM);
    CHECK(memcmp((const void *)(uintptr_t)av[7], rnd, 16) == 0);
    CHECK_EQ(av[8], L_AT_PLATFORM);
    CHECK(strcmp((const char *)(uintptr_t)av[9], "aarch64") == 0);
    CHECK_EQ(av[10], L_AT_EXECFN);
    CHECK(strcmp((const char *)(uintptr_t)av[11], "/jdk/bin/java") == 0);
    CHECK(av[12] == L_AT_NULL && av[13] == 0);
    /* every pointer stays inside the stack */
    for (int i = 1; i < 6; i++) if (w[i]) CHECK(w[i] > sp && w[i] < top);
    CHECK_EQ(stack_build(top, 64, &a), 0);        /* does not fit */
}

void suite_elf(void) {
    RUN(parses_a_static_executable);
    RUN(parses_a_dynamic_executable_and_its_interpreter);
    RUN(rejects_what_is_not_an_aarch64_executable);
    RUN(builds_the_initial_stack);
}
