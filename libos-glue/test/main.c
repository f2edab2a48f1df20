#include <stdlib.h>
#include <string.h>

#include "../shim/heap.h"
#include "test.h"

static int passed, failed, current_failed;
static const char *current;

void t_fail(const char *file, int line, const char *what) {
    printf("  FAIL %s (%s:%d): %s\n", current, file, line, what);
    current_failed = 1;
}

void t_fail_eq(const char *file, int line, const char *a, const char *b, long long va, long long vb) {
    printf("  FAIL %s (%s:%d): %s == %s: %lld (0x%llx) != %lld (0x%llx)\n", current, file, line, a, b,
           va, (unsigned long long)va, vb, (unsigned long long)vb);
    current_failed = 1;
}

void t_run(const char *name, void (*fn)(void)) {
    current = name;
    current_failed = 0;
    fn();
    if (current_failed) failed++; else passed++;
}

/* The shim's heap on the host. */
void *shim_alloc(size_t n) { return calloc(1, n ? n : 1); }
void *shim_realloc(void *p, size_t old, size_t n) { (void)old; return realloc(p, n); }
void shim_free(void *p, size_t n) { (void)n; free(p); }

int main(int argc, char **argv) {
    struct { const char *name; void (*run)(void); } suites[] = {
        { "cpio", suite_cpio }, { "fs", suite_fs }, { "path", suite_path }, { "vm", suite_vm },
        { "futex", suite_futex }, { "sigframe", suite_sigframe }, { "elf", suite_elf },
        { "syscall", suite_syscall }, { "signal", suite_signal },
        { "procfs", suite_procfs }, { "linux-diff", suite_linux_diff },
    };
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        if (argc > 1 && strcmp(argv[1], suites[i].name) != 0) continue;
        int before = passed + failed, f = failed;
        suites[i].run();
        printf("%-9s %d tests, %d failed\n", suites[i].name, passed + failed - before, failed - f);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
